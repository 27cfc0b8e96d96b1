import type { MarkerShape } from './palette.js';
import type { Mark } from './scene.js';
import { textWidth } from './scene.js';

/** One legend row: a coloured swatch (a line for curves, a marker for classes) and its label. */
export interface LegendItem {
  label: string;
  color: string;
  swatch: 'line' | MarkerShape;
}

/** A marker of the given shape centred at (cx, cy) with radius-like size r. */
export function markerMark(
  shape: MarkerShape,
  cx: number,
  cy: number,
  r: number,
  fill: string,
  opacity?: number,
  cls?: string,
): Mark {
  const base = { fill, ...(opacity !== undefined ? { opacity } : {}), ...(cls ? { cls } : {}) };
  switch (shape) {
    case 'circle':
      return { type: 'circle', cx, cy, r, ...base };
    case 'square': {
      const s = r * 0.9;
      return {
        type: 'polygon',
        points: [cx - s, cy - s, cx + s, cy - s, cx + s, cy + s, cx - s, cy + s],
        ...base,
      };
    }
    case 'triangle':
      return {
        type: 'polygon',
        points: [cx, cy - r * 1.2, cx + r * 1.1, cy + r * 0.8, cx - r * 1.1, cy + r * 0.8],
        ...base,
      };
    case 'diamond':
      return {
        type: 'polygon',
        points: [cx, cy - r * 1.25, cx + r * 1.1, cy, cx, cy + r * 1.25, cx - r * 1.1, cy],
        ...base,
      };
  }
}

/** Width a legend of these items takes at `fontSize`. */
export function legendWidth(items: readonly LegendItem[], fontSize: number): number {
  return Math.max(0, ...items.map((it) => textWidth(it.label, fontSize))) + fontSize * 3;
}

/** Legend rows stacked downward from (x, y), one swatch and label each. */
export function legendMarks(items: readonly LegendItem[], x: number, y: number, fontSize: number): Mark[] {
  const marks: Mark[] = [];
  const rowH = fontSize * 1.5;
  items.forEach((it, i) => {
    const cy = y + rowH * (i + 0.5);
    if (it.swatch === 'line') {
      marks.push({
        type: 'line',
        cls: 'legend-swatch',
        x1: x,
        y1: cy,
        x2: x + fontSize * 1.6,
        y2: cy,
        stroke: it.color,
        strokeWidth: 2.5,
      });
    } else {
      marks.push(
        markerMark(it.swatch, x + fontSize * 0.8, cy, fontSize * 0.38, it.color, undefined, 'legend-swatch'),
      );
    }
    marks.push({
      type: 'text',
      cls: 'legend-label',
      x: x + fontSize * 2.1,
      y: cy,
      text: it.label,
      size: fontSize,
    });
  });
  return marks;
}
