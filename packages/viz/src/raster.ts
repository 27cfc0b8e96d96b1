import { checkKeys } from '@aecnn/layers';
import { ADVANCE, GLYPH_H, GLYPH_W, glyph } from './font.js';
import { parseHex, type Rgb } from './palette.js';
import type { Mark, Pixels, Scene, TextMark } from './scene.js';

// NOTE: our own small rasterizer of scene marks (exact box coverage, supersampled polygons) rather than a canvas
// library; see the NOTE in font.ts for why.

/** Options of {@link rasterize}. */
export interface RasterOptions {
  /** Device pixels per scene pixel (default 2: crisp text and lines on high-density screens). */
  scale?: number;
}

class Canvas {
  readonly data: Uint8ClampedArray;
  constructor(
    readonly width: number,
    readonly height: number,
    bg: Rgb,
  ) {
    this.data = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < width * height; i++) this.data.set([bg[0], bg[1], bg[2], 255], i * 4);
  }

  blend(x: number, y: number, c: Rgb, a: number): void {
    if (a <= 0 || x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const o = (y * this.width + x) * 4;
    const d = this.data;
    const k = Math.min(1, a);
    d[o] = d[o]! + (c[0] - d[o]!) * k;
    d[o + 1] = d[o + 1]! + (c[1] - d[o + 1]!) * k;
    d[o + 2] = d[o + 2]! + (c[2] - d[o + 2]!) * k;
  }

  /** Axis-aligned box with exact fractional coverage at its edges. */
  fillRect(x0: number, y0: number, x1: number, y1: number, c: Rgb, a = 1): void {
    const xs = Math.max(0, Math.floor(x0));
    const xe = Math.min(this.width, Math.ceil(x1));
    const ys = Math.max(0, Math.floor(y0));
    const ye = Math.min(this.height, Math.ceil(y1));
    for (let y = ys; y < ye; y++) {
      const cy = Math.min(y + 1, y1) - Math.max(y, y0);
      for (let x = xs; x < xe; x++) {
        const cx = Math.min(x + 1, x1) - Math.max(x, x0);
        this.blend(x, y, c, cx * cy * a);
      }
    }
  }

  /** Segment of width w with round caps, anti-aliased by distance from pixel centres. */
  line(x1: number, y1: number, x2: number, y2: number, w: number, c: Rgb): void {
    const hw = Math.max(0.5, w / 2);
    const xs = Math.max(0, Math.floor(Math.min(x1, x2) - hw - 1));
    const xe = Math.min(this.width - 1, Math.ceil(Math.max(x1, x2) + hw + 1));
    const ys = Math.max(0, Math.floor(Math.min(y1, y2) - hw - 1));
    const ye = Math.min(this.height - 1, Math.ceil(Math.max(y1, y2) + hw + 1));
    const dx = x2 - x1;
    const dy = y2 - y1;
    const len2 = dx * dx + dy * dy;
    for (let y = ys; y <= ye; y++) {
      for (let x = xs; x <= xe; x++) {
        const px = x + 0.5;
        const py = y + 0.5;
        const t = len2 > 0 ? Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / len2)) : 0;
        const d = Math.hypot(px - (x1 + t * dx), py - (y1 + t * dy));
        const cov = Math.min(1, hw + 0.5 - d);
        // Thin lines get proportionally lighter instead of vanishing.
        if (cov > 0) this.blend(x, y, c, cov * Math.min(1, w));
      }
    }
  }

  circle(cx: number, cy: number, r: number, c: Rgb, a: number): void {
    for (
      let y = Math.max(0, Math.floor(cy - r - 1));
      y <= Math.min(this.height - 1, Math.ceil(cy + r + 1));
      y++
    ) {
      for (
        let x = Math.max(0, Math.floor(cx - r - 1));
        x <= Math.min(this.width - 1, Math.ceil(cx + r + 1));
        x++
      ) {
        const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
        this.blend(x, y, c, Math.max(0, Math.min(1, r + 0.5 - d)) * a);
      }
    }
  }

  /** Even-odd polygon fill, 4x4 supersampled (markers are small, so this stays cheap). */
  polygon(pts: readonly number[], c: Rgb, a: number): void {
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i + 1 < pts.length; i += 2) {
      xs.push(pts[i]!);
      ys.push(pts[i + 1]!);
    }
    const inside = (px: number, py: number) => {
      let hit = false;
      for (let i = 0, j = xs.length - 1; i < xs.length; j = i++) {
        if (
          ys[i]! > py !== ys[j]! > py &&
          px < ((xs[j]! - xs[i]!) * (py - ys[i]!)) / (ys[j]! - ys[i]!) + xs[i]!
        )
          hit = !hit;
      }
      return hit;
    };
    for (
      let y = Math.max(0, Math.floor(Math.min(...ys)));
      y <= Math.min(this.height - 1, Math.ceil(Math.max(...ys)));
      y++
    ) {
      for (
        let x = Math.max(0, Math.floor(Math.min(...xs)));
        x <= Math.min(this.width - 1, Math.ceil(Math.max(...xs)));
        x++
      ) {
        let n = 0;
        for (let sy = 0; sy < 4; sy++)
          for (let sx = 0; sx < 4; sx++) if (inside(x + (sx + 0.5) / 4, y + (sy + 0.5) / 4)) n++;
        this.blend(x, y, c, (n / 16) * a);
      }
    }
  }

  image(px: Pixels, x0: number, y0: number, w: number, h: number): void {
    const xs = Math.max(0, Math.round(x0));
    const xe = Math.min(this.width, Math.round(x0 + w));
    const ys = Math.max(0, Math.round(y0));
    const ye = Math.min(this.height, Math.round(y0 + h));
    for (let y = ys; y < ye; y++) {
      const sy = Math.min(px.height - 1, Math.floor(((y + 0.5 - y0) / h) * px.height));
      for (let x = xs; x < xe; x++) {
        const sx = Math.min(px.width - 1, Math.floor(((x + 0.5 - x0) / w) * px.width));
        const o = (sy * px.width + sx) * 4;
        this.blend(x, y, [px.data[o]!, px.data[o + 1]!, px.data[o + 2]!], px.data[o + 3]! / 255);
      }
    }
  }

  text(m: TextMark, s: number): void {
    const g = Math.max(1, Math.round((m.size * s) / 10));
    const c = parseHex(m.fill ?? '#222222');
    const len = [...m.text].length * ADVANCE * g - g;
    const shift = m.anchor === 'middle' ? len / 2 : m.anchor === 'end' ? len : 0;
    // Text runs along u (left to right) with v downwards; rotation maps (u, v) onto the canvas.
    const ox = m.x * s;
    const oy = m.y * s;
    const u0 = -shift;
    const v0 = -(7 * g) / 2; // rows 0-6 are the cap height; centre them on y
    const put = (u: number, v: number) => {
      const [x, y] = m.rotate === -90 ? [ox + v, oy - u] : [ox + u, oy + v];
      this.fillRect(Math.round(x), Math.round(y), Math.round(x) + g, Math.round(y) + g, c);
    };
    [...m.text].forEach((ch, i) => {
      const mask = glyph(ch);
      for (let gy = 0; gy < GLYPH_H; gy++) {
        for (let gx = 0; gx < GLYPH_W; gx++) {
          if (!mask[gy * GLYPH_W + gx]) continue;
          const u = u0 + (i * ADVANCE + gx) * g;
          const v = v0 + gy * g;
          put(m.rotate === -90 ? u + g : u, v);
          if (m.bold) put((m.rotate === -90 ? u + g : u) + Math.max(1, g / 2), v);
        }
      }
    });
  }
}

function drawMark(cv: Canvas, m: Mark, s: number): void {
  switch (m.type) {
    case 'rect': {
      if (m.fill && m.fill !== 'none')
        cv.fillRect(m.x * s, m.y * s, (m.x + m.w) * s, (m.y + m.h) * s, parseHex(m.fill));
      if (m.stroke && m.stroke !== 'none') {
        const c = parseHex(m.stroke);
        const hw = ((m.strokeWidth ?? 1) * s) / 2;
        const [x0, y0, x1, y1] = [m.x * s, m.y * s, (m.x + m.w) * s, (m.y + m.h) * s];
        cv.fillRect(x0 - hw, y0 - hw, x1 + hw, y0 + hw, c);
        cv.fillRect(x0 - hw, y1 - hw, x1 + hw, y1 + hw, c);
        cv.fillRect(x0 - hw, y0 + hw, x0 + hw, y1 - hw, c);
        cv.fillRect(x1 - hw, y0 + hw, x1 + hw, y1 - hw, c);
      }
      return;
    }
    case 'line': {
      const c = parseHex(m.stroke);
      const w = (m.strokeWidth ?? 1) * s;
      if (!m.dash?.length) {
        cv.line(m.x1 * s, m.y1 * s, m.x2 * s, m.y2 * s, w, c);
        return;
      }
      const len = Math.hypot(m.x2 - m.x1, m.y2 - m.y1);
      const [ux, uy] = len > 0 ? [(m.x2 - m.x1) / len, (m.y2 - m.y1) / len] : [0, 0];
      for (let t = 0, k = 0; t < len; k++) {
        const step = m.dash[k % m.dash.length]!;
        if (k % 2 === 0) {
          const e = Math.min(len, t + step);
          cv.line((m.x1 + ux * t) * s, (m.y1 + uy * t) * s, (m.x1 + ux * e) * s, (m.y1 + uy * e) * s, w, c);
        }
        t += Math.max(step, 0.5);
      }
      return;
    }
    case 'polyline': {
      const c = parseHex(m.stroke);
      for (let i = 0; i + 3 < m.points.length; i += 2) {
        const p = m.points;
        cv.line(p[i]! * s, p[i + 1]! * s, p[i + 2]! * s, p[i + 3]! * s, (m.strokeWidth ?? 1.5) * s, c);
      }
      return;
    }
    case 'circle':
      cv.circle(m.cx * s, m.cy * s, m.r * s, parseHex(m.fill), m.opacity ?? 1);
      return;
    case 'polygon':
      cv.polygon(
        m.points.map((v) => v * s),
        parseHex(m.fill),
        m.opacity ?? 1,
      );
      return;
    case 'text':
      cv.text(m, s);
      return;
    case 'image':
      cv.image(m.image, m.x * s, m.y * s, m.w * s, m.h * s);
      return;
  }
}

/**
 * Draws a scene into RGBA pixels with a small built-in rasterizer (anti-aliased lines and circles,
 * nearest-neighbour images, a 5x8 bitmap font), so PNGs need no native code or font files.
 */
export function rasterize(scene: Scene, opts: RasterOptions = {}): Pixels {
  checkKeys(opts, ['scale'], 'rasterize');
  const s = opts.scale ?? 2;
  if (!(s > 0 && s <= 16)) throw new Error(`rasterize: scale must be in (0, 16], got ${s}`);
  const width = Math.max(1, Math.ceil(scene.width * s));
  const height = Math.max(1, Math.ceil(scene.height * s));
  const cv = new Canvas(width, height, parseHex(scene.background));
  for (const m of scene.marks) drawMark(cv, m, s);
  return { width, height, data: cv.data };
}
