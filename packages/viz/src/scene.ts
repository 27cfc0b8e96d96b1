/** RGBA pixels, row-major, 4 bytes per pixel: what image marks and the rasterizer hold. */
export interface Pixels {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
}

interface MarkBase {
  /** CSS class in SVG output; tests and the report use it to find marks (e.g. 'point', 'cell'). */
  readonly cls?: string;
}

/** A filled and/or stroked axis-aligned rectangle. */
export interface RectMark extends MarkBase {
  readonly type: 'rect';
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly fill?: string;
  readonly stroke?: string;
  readonly strokeWidth?: number;
}

/** A straight line segment, optionally dashed. */
export interface LineMark extends MarkBase {
  readonly type: 'line';
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  readonly stroke: string;
  readonly strokeWidth?: number;
  readonly dash?: readonly number[];
}

/** An open polyline through flat [x0, y0, x1, y1, ...] points. */
export interface PolylineMark extends MarkBase {
  readonly type: 'polyline';
  readonly points: readonly number[];
  readonly stroke: string;
  readonly strokeWidth?: number;
}

/** A filled circle (scatter points). */
export interface CircleMark extends MarkBase {
  readonly type: 'circle';
  readonly cx: number;
  readonly cy: number;
  readonly r: number;
  readonly fill: string;
  readonly opacity?: number;
}

/** A filled closed polygon through flat [x0, y0, ...] points (triangle/diamond markers). */
export interface PolygonMark extends MarkBase {
  readonly type: 'polygon';
  readonly points: readonly number[];
  readonly fill: string;
  readonly opacity?: number;
}

/** One line of text; `y` is its vertical middle; `rotate: -90` reads bottom-to-top (y-axis titles). */
export interface TextMark extends MarkBase {
  readonly type: 'text';
  readonly x: number;
  readonly y: number;
  readonly text: string;
  readonly size: number;
  readonly fill?: string;
  readonly anchor?: 'start' | 'middle' | 'end';
  readonly bold?: boolean;
  readonly rotate?: 0 | -90;
}

/** Pixels drawn into a box with nearest-neighbour scaling (images, heatmaps, filters stay crisp). */
export interface ImageMark extends MarkBase {
  readonly type: 'image';
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly image: Pixels;
}

/** Everything a picture is made of; each renderer (SVG, canvas, raster) draws these and nothing else. */
export type Mark = RectMark | LineMark | PolylineMark | CircleMark | PolygonMark | TextMark | ImageMark;

/** A picture: size in CSS pixels, a background colour, marks in paint order. */
export interface Scene {
  readonly width: number;
  readonly height: number;
  readonly background: string;
  readonly title: string;
  readonly marks: readonly Mark[];
}

/** Average glyph advance as a fraction of font size; layout uses it to reserve room for labels. */
export const CHAR_WIDTH = 0.6;

/** Estimated width of `text` at `size` (a sans-serif font and the built-in bitmap font both fit in it). */
export function textWidth(text: string, size: number): number {
  return text.length * size * CHAR_WIDTH;
}
