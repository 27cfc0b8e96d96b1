/**
 * Draws 28x28 grayscale digits (values in [0, 1], 784 each) side by side on a canvas, each `scale` px a pixel,
 * with `gap` px between them. Sizes the canvas to fit.
 */
export function drawDigits(
  canvas: HTMLCanvasElement,
  digits: readonly ArrayLike<number>[],
  scale = 2,
  gap = 2,
): void {
  const side = 28;
  const cell = side * scale + gap;
  canvas.width = Math.max(1, digits.length * cell - gap);
  canvas.height = side * scale;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  const img = ctx.createImageData(side, side);
  const tmp = document.createElement('canvas');
  tmp.width = side;
  tmp.height = side;
  const tctx = tmp.getContext('2d')!;
  ctx.imageSmoothingEnabled = false;
  digits.forEach((d, k) => {
    for (let i = 0; i < side * side; i++) {
      const v = Math.round(Math.min(1, Math.max(0, d[i] ?? 0)) * 255);
      img.data[i * 4] = v;
      img.data[i * 4 + 1] = v;
      img.data[i * 4 + 2] = v;
      img.data[i * 4 + 3] = 255;
    }
    tctx.putImageData(img, 0, 0);
    ctx.drawImage(tmp, k * cell, 0, side * scale, side * scale);
  });
}
