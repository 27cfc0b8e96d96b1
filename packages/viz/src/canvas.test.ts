import { describe, expect, it } from 'vitest';
import { drawToCanvas, mountSvg } from './canvas.js';
import type { Scene } from './scene.js';

// Records every call and property write of a fake 2-D context.
function recorder() {
  const log: string[] = [];
  const target: Record<string, unknown> = {};
  const ctx = new Proxy(target, {
    get(_t, key: string) {
      if (key in target) return target[key];
      if (key === 'getContext' || key === 'then') return undefined;
      if (key === 'createImageData')
        return (w: number, h: number) => ({ data: new Uint8ClampedArray(w * h * 4) });
      return (...args: unknown[]) =>
        log.push(`${key}(${args.map((a) => (typeof a === 'object' ? typeof a : String(a))).join(',')})`);
    },
    set(_t, key: string, value) {
      target[key] = value;
      log.push(`${key}=${value}`);
      return true;
    },
  });
  return { ctx, log };
}

const scene: Scene = {
  width: 50,
  height: 40,
  background: '#ffffff',
  title: 't',
  marks: [
    { type: 'rect', x: 1, y: 2, w: 3, h: 4, fill: '#000000' },
    { type: 'polyline', points: [0, 0, 5, 5, 10, 0], stroke: '#0072B2' },
    { type: 'circle', cx: 5, cy: 5, r: 2, fill: '#E69F00', opacity: 0.5 },
    { type: 'text', x: 20, y: 10, text: 'hi', size: 12, anchor: 'end', rotate: -90 },
    {
      type: 'image',
      x: 0,
      y: 0,
      w: 8,
      h: 8,
      image: { width: 1, height: 1, data: Uint8ClampedArray.from([1, 2, 3, 255]) },
    },
  ],
};

describe('drawToCanvas', () => {
  it('sizes a canvas for the pixel ratio and replays every mark on its context', () => {
    const { ctx, log } = recorder();
    const scratch = recorder();
    const created: { width: number; height: number }[] = [];
    const doc = {
      createElement: () => {
        const c = { width: 0, height: 0, getContext: () => scratch.ctx };
        created.push(c);
        return c;
      },
    };
    (globalThis as { document?: unknown }).document = doc;
    try {
      const canvas = { width: 0, height: 0, style: { width: '', height: '' }, getContext: () => ctx };
      drawToCanvas(canvas, scene, { pixelRatio: 2 });
      expect([canvas.width, canvas.height, canvas.style.width, canvas.style.height]).toEqual([
        100,
        80,
        '50px',
        '40px',
      ]);
    } finally {
      delete (globalThis as { document?: unknown }).document;
    }
    expect(log[0]).toBe('save()');
    expect(log).toContain('scale(2,2)');
    expect(log).toContain('fillRect(1,2,3,4)');
    expect(log.filter((l) => l.startsWith('lineTo'))).toEqual(['lineTo(5,5)', 'lineTo(10,0)']);
    expect(log).toContain(`arc(5,5,2,0,${2 * Math.PI})`);
    expect(log).toContain('globalAlpha=0.5');
    expect(log).toContain(`rotate(${-Math.PI / 2})`);
    expect(log).toContain('textAlign=right');
    expect(log).toContain('fillText(hi,0,0)');
    expect(log).toContain('imageSmoothingEnabled=false');
    expect(log).toContain('drawImage(object,0,0,8,8)');
    expect(created).toHaveLength(1);
    expect(scratch.log).toContain('putImageData(object,0,0)');
  });

  it('accepts a bare context and rejects other things', () => {
    const { ctx, log } = recorder();
    drawToCanvas(ctx as never, { ...scene, marks: [] }, { pixelRatio: 1 });
    expect(log).toContain('fillRect(0,0,50,40)');
    expect(() => drawToCanvas({} as never, scene)).toThrow(
      'drawToCanvas: expected a canvas element or a CanvasRenderingContext2D',
    );
  });

  it('mountSvg puts inline SVG into an element', () => {
    const el = { innerHTML: '' };
    mountSvg(el, scene);
    expect(el.innerHTML.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  });
});
