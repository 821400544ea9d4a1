// Grey images into a canvas: the image models' samples on the demos, the home cards and the training page.

/** Writes (size*size) intensities in [0, 1] from `pixels[offset…]` into `img` at tile (x0, y0), white on black like the data. */
function putGrey(img: ImageData, pixels: ArrayLike<number>, offset: number, size: number, x0 = 0, y0 = 0): void {
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const v = Math.round(Math.min(1, Math.max(0, pixels[offset + y * size + x])) * 255);
      const o = 4 * ((y0 + y) * img.width + x0 + x);
      img.data[o] = v;
      img.data[o + 1] = v;
      img.data[o + 2] = v;
      img.data[o + 3] = 255;
    }
  }
}

/** Paints (28*28) intensities in [0, 1] into a 28x28 canvas, white garment on black like the data. */
export function paintImage(canvas: HTMLCanvasElement, pixels: ArrayLike<number>, offset = 0, size = 28): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const img = ctx.createImageData(size, size);
  putGrey(img, pixels, offset, size);
  ctx.putImageData(img, 0, 0);
}

/** Paints `count` images of size×size, one after the other in `pixels`, as a grid `cols` wide (the canvas is sized to fit). */
export function paintGrid(canvas: HTMLCanvasElement, pixels: ArrayLike<number>, count: number, cols: number, size = 28): void {
  const rows = Math.ceil(count / cols);
  canvas.width = cols * size;
  canvas.height = rows * size;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const img = ctx.createImageData(canvas.width, canvas.height);
  for (let i = 0; i < count; i++) putGrey(img, pixels, i * size * size, size, (i % cols) * size, Math.floor(i / cols) * size);
  ctx.putImageData(img, 0, 0);
}
