// Grey images into a canvas: the image models' samples on the demos and the home cards.

/** Paints (28*28) intensities in [0, 1] into a 28x28 canvas, white garment on black like the data. */
export function paintImage(canvas: HTMLCanvasElement, pixels: ArrayLike<number>, offset = 0, size = 28): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const img = ctx.createImageData(size, size);
  for (let i = 0; i < size * size; i++) {
    const v = Math.round(Math.min(1, Math.max(0, pixels[offset + i])) * 255);
    img.data[4 * i] = v;
    img.data[4 * i + 1] = v;
    img.data[4 * i + 2] = v;
    img.data[4 * i + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}
