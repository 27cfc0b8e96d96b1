import type { Padding } from '../conv-shape';

/** 'same', 'valid' or explicit [[0, 0], [top, bottom], [left, right], [0, 0]] padding (the sub-pixel conv's). */
export type ConvPadding = Padding | [[number, number], [number, number], [number, number], [number, number]];
