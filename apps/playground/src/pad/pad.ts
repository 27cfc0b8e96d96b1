import type { Gray } from './mnistify';

/** A drawing pad on a canvas: white ink on black, drawn with mouse, pen or touch (pointer events). */
export interface Pad {
  /** The pad's canvas element. */
  canvas: HTMLCanvasElement;
  /** The drawing as grayscale values in [0, 1]. */
  read(): Gray;
  /** Wipes the pad. */
  clear(): void;
}

/** Creates a pad of `size` x `size` px; `onStroke` runs after each stroke (pointer up). */
export function createPad(size: number, onStroke: () => void): Pad {
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  canvas.className = 'pad';
  // NOTE: without this, a touch drag scrolls the page instead of drawing.
  canvas.style.touchAction = 'none';
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  const clear = () => {
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, size, size);
  };
  clear();
  ctx.strokeStyle = '#fff';
  ctx.fillStyle = '#fff';
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.lineWidth = size / 12;

  let last: { x: number; y: number } | null = null;
  const at = (e: PointerEvent) => {
    const r = canvas.getBoundingClientRect();
    return { x: ((e.clientX - r.left) * size) / r.width, y: ((e.clientY - r.top) * size) / r.height };
  };
  canvas.addEventListener('pointerdown', (e) => {
    canvas.setPointerCapture(e.pointerId);
    last = at(e);
    ctx.beginPath();
    ctx.arc(last.x, last.y, ctx.lineWidth / 2, 0, 2 * Math.PI);
    ctx.fill();
  });
  canvas.addEventListener('pointermove', (e) => {
    if (!last) return;
    const p = at(e);
    ctx.beginPath();
    ctx.moveTo(last.x, last.y);
    ctx.lineTo(p.x, p.y);
    ctx.stroke();
    last = p;
  });
  const end = () => {
    if (!last) return;
    last = null;
    onStroke();
  };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);

  return {
    canvas,
    clear: () => {
      clear();
      ctx.fillStyle = '#fff';
    },
    read: () => {
      const rgba = ctx.getImageData(0, 0, size, size).data;
      const data = new Float32Array(size * size);
      for (let i = 0; i < data.length; i++) data[i] = rgba[i * 4]! / 255;
      return { data, width: size, height: size };
    },
  };
}
