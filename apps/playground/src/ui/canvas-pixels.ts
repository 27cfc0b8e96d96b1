import type { CanvasPixels } from '../hook';

/** A canvas's pixels as drawn: one grey level (the red channel, 0..255) per pixel, row-major. */
export function canvasPixels(canvas: HTMLCanvasElement, when: string): CanvasPixels {
  const { width, height } = canvas;
  const rgba = canvas.getContext('2d')!.getImageData(0, 0, width, height).data;
  const grey = new Array<number>(width * height);
  for (let i = 0; i < grey.length; i++) grey[i] = rgba[i * 4]!;
  return { width, height, grey, when };
}
