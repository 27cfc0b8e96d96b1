import type { Mark, Pixels, Scene } from './scene.js';
import { textWidth } from './scene.js';

/** Options shared by the tile grids (filters, feature maps). */
export interface TileGridLayout {
  title: string;
  /** Tiles per row (default: about square). */
  columns?: number;
  /** Tile size in px (default: 40 for small kernels, else 64). */
  cellSize?: number;
  fontSize?: number;
  /** Caption under each tile (its index when omitted). */
  captions?: readonly string[];
  /** Line under the title (e.g. the value range). */
  subtitle?: string;
}

/** Full rows where possible: the widest count from 10 down to sqrt(n) that divides n, else 8. */
function defaultColumns(n: number): number {
  for (let c = Math.min(n, 10); c >= Math.ceil(Math.sqrt(n)); c--) if (n % c === 0) return c;
  return Math.min(n, 8);
}

/** Lays tiles out in a captioned grid, one image mark per tile. */
export function tileGrid(tiles: readonly Pixels[], layout: TileGridLayout): Scene {
  const fontSize = layout.fontSize ?? 10;
  const n = tiles.length;
  const cols = Math.max(1, Math.min(n, layout.columns ?? defaultColumns(n)));
  const rows = Math.ceil(n / cols);
  const maxSide = Math.max(...tiles.map((t) => Math.max(t.width, t.height)));
  const cell = layout.cellSize ?? (maxSide <= 7 ? 40 : 64);
  const gap = 6;
  const capH = fontSize * 1.4;
  const top = fontSize * (layout.subtitle ? 4.4 : 2.8);
  // Bold titles are wider than the average glyph estimate; 0.7 per character keeps them inside.
  const width = Math.max(
    gap + cols * (cell + gap),
    layout.title.length * fontSize * 1.25 * 0.7 + 2 * gap,
    layout.subtitle ? textWidth(layout.subtitle, fontSize) + 2 * gap : 0,
  );
  const height = top + rows * (cell + capH + gap) + gap;
  const marks: Mark[] = [];
  tiles.forEach((t, i) => {
    const x = gap + (i % cols) * (cell + gap);
    const y = top + Math.floor(i / cols) * (cell + capH + gap);
    const s = cell / Math.max(t.width, t.height);
    marks.push({
      type: 'image',
      cls: 'tile',
      x: x + (cell - t.width * s) / 2,
      y: y + (cell - t.height * s) / 2,
      w: t.width * s,
      h: t.height * s,
      image: t,
    });
    marks.push({
      type: 'text',
      cls: 'caption',
      x: x + cell / 2,
      y: y + cell + capH / 2,
      text: layout.captions?.[i] ?? String(i),
      size: fontSize,
      anchor: 'middle',
      fill: '#555555',
    });
  });
  marks.push({
    type: 'text',
    cls: 'title',
    x: gap,
    y: fontSize * 1.3,
    text: layout.title,
    size: fontSize * 1.25,
    bold: true,
  });
  if (layout.subtitle) {
    marks.push({
      type: 'text',
      cls: 'subtitle',
      x: gap,
      y: fontSize * 3,
      text: layout.subtitle,
      size: fontSize,
      fill: '#555555',
    });
  }
  return {
    width: Math.ceil(width),
    height: Math.ceil(height),
    background: '#ffffff',
    title: layout.title,
    marks,
  };
}
