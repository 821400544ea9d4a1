// The visitor's own images for the training page, as numbers (no DOM): a picture of any size turned into a
// 28 × 28 grey image the way Fashion-MNIST's garments look (bright object on a black ground, centred, filling
// most of the frame), and how close a model's samples come to those images.
import { PIXELS } from './nets';

export const SIDE = 28;
/** The longer side of the object's box once scaled into the 28 × 28 frame (the garments fill most of it). */
const BOX = 24;

/**
 * `grey` (w × h values in [0, 1], row by row) as a 28 × 28 image in the garments' polarity: a picture whose
 * border is mostly bright (a dark drawing on paper, a product photo on white) is inverted; the contrast is
 * stretched to [0, 1]; the box around everything brighter than a tenth is scaled (keeping its aspect) so its
 * longer side spans BOX pixels and centred. An empty picture (no contrast) comes back black.
 */
export function toGarmentImage(grey: ArrayLike<number>, w: number, h: number): Float32Array {
  let border = 0;
  for (let x = 0; x < w; x++) border += grey[x]! + grey[(h - 1) * w + x]!;
  for (let y = 1; y < h - 1; y++) border += grey[y * w]! + grey[y * w + w - 1]!;
  const invert = border / Math.max(1, 2 * w + 2 * Math.max(0, h - 2)) > 0.5;
  const v = Float32Array.from({ length: w * h }, (_, i) => (invert ? 1 - grey[i]! : grey[i]!));
  let [lo, hi] = [Infinity, -Infinity];
  for (const x of v) [lo, hi] = [Math.min(lo, x), Math.max(hi, x)];
  const out = new Float32Array(PIXELS);
  if (!(hi - lo > 0.05)) return out;
  for (let i = 0; i < v.length; i++) v[i] = (v[i]! - lo) / (hi - lo);
  let [x0, y0, x1, y1] = [w, h, -1, -1];
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      if (v[y * w + x]! > 0.1) [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
  const [bw, bh] = [x1 - x0 + 1, y1 - y0 + 1];
  const scale = BOX / Math.max(bw, bh);
  // each output pixel samples the picture bilinearly at its centre, mapped back through the box's scaling
  const [ox, oy] = [(SIDE - bw * scale) / 2, (SIDE - bh * scale) / 2];
  const at = (x: number, y: number) => (x < 0 || y < 0 || x >= w || y >= h ? 0 : v[y * w + x]!);
  for (let py = 0; py < SIDE; py++)
    for (let px = 0; px < SIDE; px++) {
      const sx = x0 + (px + 0.5 - ox) / scale - 0.5;
      const sy = y0 + (py + 0.5 - oy) / scale - 0.5;
      const [fx, fy] = [Math.floor(sx), Math.floor(sy)];
      const [ax, ay] = [sx - fx, sy - fy];
      const top = at(fx, fy) * (1 - ax) + at(fx + 1, fy) * ax;
      const bottom = at(fx, fy + 1) * (1 - ax) + at(fx + 1, fy + 1) * ax;
      out[py * SIDE + px] = top * (1 - ay) + bottom * ay;
    }
  return out;
}

/**
 * How close `samples` (rows of 784 pixels) come to the visitor's `own` images: for each sample its
 * root-mean-square pixel difference to the nearest own image, averaged over the samples (0: every sample is
 * one of your images; pixels are in [0, 1], so 1 is as far as two images can be).
 */
export function meanNearestDistance(samples: Float32Array, own: Float32Array): number {
  const n = Math.floor(samples.length / PIXELS);
  const m = Math.floor(own.length / PIXELS);
  if (!n || !m) return Number.NaN;
  let total = 0;
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    for (let j = 0; j < m && best > 0; j++) {
      let d = 0;
      for (let p = 0; p < PIXELS && d < best; p++) {
        const e = samples[i * PIXELS + p]! - own[j * PIXELS + p]!;
        d += e * e;
      }
      best = Math.min(best, d);
    }
    total += Math.sqrt(best / PIXELS);
  }
  return total / n;
}
