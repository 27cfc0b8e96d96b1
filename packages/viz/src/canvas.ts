import { checkKeys } from '@aecnn/layers';
import type { Mark, Scene } from './scene.js';
import { toSvg } from './svg.js';

/** The subset of CanvasRenderingContext2D the canvas renderer uses (so it can be tested without a browser). */
export type Context2D = Pick<
  CanvasRenderingContext2D,
  | 'save'
  | 'restore'
  | 'scale'
  | 'translate'
  | 'rotate'
  | 'beginPath'
  | 'moveTo'
  | 'lineTo'
  | 'closePath'
  | 'arc'
  | 'fill'
  | 'stroke'
  | 'fillRect'
  | 'strokeRect'
  | 'fillText'
  | 'setLineDash'
  | 'drawImage'
  | 'putImageData'
  | 'createImageData'
> & {
  fillStyle: unknown;
  strokeStyle: unknown;
  lineWidth: number;
  lineJoin: CanvasLineJoin;
  lineCap: CanvasLineCap;
  globalAlpha: number;
  font: string;
  textAlign: CanvasTextAlign;
  textBaseline: CanvasTextBaseline;
  imageSmoothingEnabled: boolean;
  canvas?: { width: number; height: number; style?: { width: string; height: string } } | unknown;
};

/** Options of {@link drawToCanvas}. */
export interface CanvasOptions {
  /** Device pixels per scene pixel (default: window.devicePixelRatio, else 1). */
  pixelRatio?: number;
  /** Resize the canvas to fit the scene (default true; only when given a canvas element). */
  resize?: boolean;
}

const FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif';

interface CanvasLike {
  width: number;
  height: number;
  style?: { width: string; height: string };
  getContext(kind: '2d'): unknown;
}

function isCanvas(x: unknown): x is CanvasLike {
  return typeof x === 'object' && x !== null && typeof (x as CanvasLike).getContext === 'function';
}

function drawImageMark(ctx: Context2D, m: Extract<Mark, { type: 'image' }>): void {
  // putImageData ignores transforms, so the pixels go through a scratch canvas and drawImage scales them.
  const doc = (globalThis as { document?: { createElement(t: 'canvas'): CanvasLike } }).document;
  const off =
    typeof OffscreenCanvas !== 'undefined'
      ? (new OffscreenCanvas(m.image.width, m.image.height) as unknown as CanvasLike)
      : doc?.createElement('canvas');
  if (!off) throw new Error('drawToCanvas: image marks need OffscreenCanvas or document.createElement');
  off.width = m.image.width;
  off.height = m.image.height;
  const octx = off.getContext('2d') as Context2D;
  const img = octx.createImageData(m.image.width, m.image.height);
  img.data.set(m.image.data);
  octx.putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(off as unknown as CanvasImageSource, m.x, m.y, m.w, m.h);
}

function drawMark(ctx: Context2D, m: Mark): void {
  switch (m.type) {
    case 'rect':
      if (m.fill && m.fill !== 'none') {
        ctx.fillStyle = m.fill;
        ctx.fillRect(m.x, m.y, m.w, m.h);
      }
      if (m.stroke && m.stroke !== 'none') {
        ctx.strokeStyle = m.stroke;
        ctx.lineWidth = m.strokeWidth ?? 1;
        ctx.strokeRect(m.x, m.y, m.w, m.h);
      }
      return;
    case 'line':
      ctx.beginPath();
      ctx.setLineDash(m.dash ? [...m.dash] : []);
      ctx.moveTo(m.x1, m.y1);
      ctx.lineTo(m.x2, m.y2);
      ctx.strokeStyle = m.stroke;
      ctx.lineWidth = m.strokeWidth ?? 1;
      ctx.stroke();
      ctx.setLineDash([]);
      return;
    case 'polyline':
      tracePoints(ctx, m.points);
      ctx.strokeStyle = m.stroke;
      ctx.lineWidth = m.strokeWidth ?? 1.5;
      ctx.lineJoin = 'round';
      ctx.lineCap = 'round';
      ctx.stroke();
      return;
    case 'circle':
      ctx.beginPath();
      ctx.arc(m.cx, m.cy, m.r, 0, 2 * Math.PI);
      ctx.globalAlpha = m.opacity ?? 1;
      ctx.fillStyle = m.fill;
      ctx.fill();
      ctx.globalAlpha = 1;
      return;
    case 'polygon':
      tracePoints(ctx, m.points);
      ctx.closePath();
      ctx.globalAlpha = m.opacity ?? 1;
      ctx.fillStyle = m.fill;
      ctx.fill();
      ctx.globalAlpha = 1;
      return;
    case 'text':
      ctx.save();
      ctx.translate(m.x, m.y);
      if (m.rotate) ctx.rotate((m.rotate * Math.PI) / 180);
      ctx.font = `${m.bold ? 'bold ' : ''}${m.size}px ${FONT}`;
      ctx.fillStyle = m.fill ?? '#222222';
      ctx.textAlign = m.anchor === 'middle' ? 'center' : m.anchor === 'end' ? 'right' : 'left';
      ctx.textBaseline = 'middle';
      ctx.fillText(m.text, 0, 0);
      ctx.restore();
      return;
    case 'image':
      drawImageMark(ctx, m);
      return;
  }
}

/**
 * Draws a scene onto a canvas element or a 2-D context (browser). With a canvas, it is sized to the
 * scene times the pixel ratio and its CSS size set to the scene size, so text stays sharp.
 */
export function drawToCanvas(target: CanvasLike | Context2D, scene: Scene, opts: CanvasOptions = {}): void {
  checkKeys(opts, ['pixelRatio', 'resize'], 'drawToCanvas');
  const ratio = opts.pixelRatio ?? (globalThis as { devicePixelRatio?: number }).devicePixelRatio ?? 1;
  let ctx: Context2D;
  if (isCanvas(target)) {
    if (opts.resize ?? true) {
      target.width = Math.ceil(scene.width * ratio);
      target.height = Math.ceil(scene.height * ratio);
      if (target.style) {
        target.style.width = `${scene.width}px`;
        target.style.height = `${scene.height}px`;
      }
    }
    const c = target.getContext('2d');
    if (!c) throw new Error('drawToCanvas: the canvas gave no 2d context');
    ctx = c as Context2D;
  } else if (typeof (target as Context2D)?.fillRect === 'function') {
    ctx = target as Context2D;
  } else {
    throw new Error('drawToCanvas: expected a canvas element or a CanvasRenderingContext2D');
  }
  ctx.save();
  ctx.scale(ratio, ratio);
  ctx.fillStyle = scene.background;
  ctx.fillRect(0, 0, scene.width, scene.height);
  for (const m of scene.marks) drawMark(ctx, m);
  ctx.restore();
}

/** Puts a scene into a DOM element as inline SVG (replacing its content); works wherever innerHTML does. */
export function mountSvg(element: { innerHTML: string }, scene: Scene): void {
  if (typeof element !== 'object' || element === null || !('innerHTML' in element)) {
    throw new Error('mountSvg: expected a DOM element (something with innerHTML)');
  }
  element.innerHTML = toSvg(scene);
}

/** Starts a path through flat [x0, y0, x1, y1, ...] points. */
function tracePoints(ctx: Context2D, points: ArrayLike<number>): void {
  ctx.beginPath();
  for (let i = 0; i + 1 < points.length; i += 2) {
    if (i === 0) ctx.moveTo(points[i]!, points[i + 1]!);
    else ctx.lineTo(points[i]!, points[i + 1]!);
  }
}
