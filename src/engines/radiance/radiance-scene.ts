// What a radiance field learns from: the photos of a scene (composited on white, packed as RGBA8 words), their
// cameras in one table, which of them train and which are held out, and the grid the field lives on. The
// shipped scene comes from nerf.json; a folder in the standard transforms_*.json layout gives the same. No DOM.
import type { Cameras, RadianceGrid, RayBatch } from '../../kernels/radiance/radiance-reference';
import type { Vec3 } from '../../kernels/volume/volume-reference';
import { Mulberry32 } from '../../core/any-thread/seeded-random';

/** Grid resolutions the page offers: vertex spacings per box width (the box is 4 : 4 : 3). */
export const RESOLUTIONS = [32, 64, 96, 128] as const;
/** How many training photos the page offers; each set is spread over the sphere of cameras. */
export const VIEW_COUNTS = [5, 10, 25, 50, 100] as const;

/** The scene's box and sampling rules (nerf.json's fields of the same meaning). */
export interface SceneBox {
  box_min: Vec3;
  cell: number;
  cells: Vec3;
  step_ratio: number;
  stop_transmittance: number;
  background: Vec3;
}

/** The box of a scene of your own: the NeRF-synthetic scenes' cube, [−1.5, 1.5]³, in 64 occupancy cells a side. */
export const CUBE_BOX: SceneBox = {
  box_min: [-1.5, -1.5, -1.5],
  cell: 3 / 64,
  cells: [64, 64, 64],
  step_ratio: 0.5,
  stop_transmittance: 1e-3,
  background: [1, 1, 1],
};

export interface ScenePhotos {
  /** Photo edge in pixels (square photos) and focal length in pixels. */
  size: number;
  focal: number;
  /** Training cameras first, then the held-out ones, then one free camera (the orbit view). */
  cameras: Cameras;
  trainCount: number;
  testCount: number;
  /** One RGBA8 word per pixel (r in the low byte), camera after camera, on white; the free camera has none. */
  photos: Uint32Array;
}

export class SceneError extends Error {
  override name = 'SceneError';
}

/** The grid for `resolution` vertex spacings across the box's x extent (the other axes in proportion). */
export function gridFor(box: SceneBox, resolution: number): RadianceGrid {
  const extent = box.cells.map((c) => c * box.cell) as Vec3;
  const voxel = extent[0] / resolution;
  const dims = extent.map((e) => Math.round(e / voxel) + 1) as Vec3;
  return {
    boxMin: box.box_min,
    extent: dims.map((d) => (d - 1) * voxel) as Vec3,
    dims,
    voxel,
    stepRatio: box.step_ratio,
    occCells: box.cells,
    occCell: box.cell,
    stopTransmittance: box.stop_transmittance,
    background: box.background,
  };
}

/** Bytes the page's engine keeps for a grid: values, gradient and Adam's two moments, 4 numbers a vertex. */
export function gridBytes(g: RadianceGrid): number {
  return g.dims[0] * g.dims[1] * g.dims[2] * 4 * 4 * 4;
}

/** The camera table's 12 numbers (top three rows of camera-to-world) for each matrix, plus one free slot. */
export function cameraTable(c2w: readonly number[][][]): Cameras {
  const out = new Float32Array((c2w.length + 1) * 12);
  c2w.forEach((m, k) => {
    for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) out[12 * k + 4 * r + c] = m[r][c];
  });
  return out;
}

/** Puts camera-to-world `m` into the table's free slot (the last one). */
export function setFreeCamera(cams: Cameras, m: readonly number[][]): number {
  const k = cams.length / 12 - 1;
  for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) cams[12 * k + 4 * r + c] = m[r][c];
  return k;
}

/** RGBA bytes of one photo composited on white (straight alpha), packed one word a pixel. */
export function packPhoto(rgba: ArrayLike<number>, out: Uint32Array, at: number): void {
  const n = rgba.length / 4;
  for (let p = 0; p < n; p++) {
    const a = rgba[4 * p + 3] / 255;
    let word = 0;
    for (let c = 0; c < 3; c++) word |= Math.round(rgba[4 * p + c] * a + 255 * (1 - a)) << (8 * c);
    out[at + p] = (word | (255 << 24)) >>> 0;
  }
}

/**
 * `k` of the camera positions spread over the sphere: farthest-point picks starting from the first, so a
 * smaller set is the start of a larger one. Returns indices in pick order.
 */
export function spreadViews(positions: readonly Vec3[], k: number): number[] {
  const n = positions.length;
  if (k >= n) return positions.map((_, i) => i);
  const unit = positions.map((p) => {
    const l = Math.hypot(...p) || 1;
    return p.map((v) => v / l);
  });
  const picked = [0];
  const near = unit.map((u) => 1 - (u[0] * unit[0][0] + u[1] * unit[0][1] + u[2] * unit[0][2]));
  while (picked.length < k) {
    let best = -1;
    for (let i = 0; i < n; i++) if (best < 0 || near[i] > near[best]) best = i;
    picked.push(best);
    for (let i = 0; i < n; i++) {
      const d = 1 - (unit[i][0] * unit[best][0] + unit[i][1] * unit[best][1] + unit[i][2] * unit[best][2]);
      near[i] = Math.min(near[i], d);
    }
  }
  return picked;
}

/** A fixed batch of `count` pixel-centre rays over `cameras` (each pixel at most once), from `seed`. */
export function fixedRays(cameras: readonly number[], size: number, focal: number, count: number, seed: number): RayBatch {
  const rng = new Mulberry32(seed);
  const total = cameras.length * size * size;
  const n = Math.min(count, total);
  const chosen = new Set<number>();
  while (chosen.size < n) chosen.add(Math.floor(rng.next() * total));
  const rays = new Uint32Array(2 * n);
  [...chosen]
    .sort((a, b) => a - b)
    .forEach((id, r) => {
      rays[2 * r] = cameras[Math.floor(id / (size * size))];
      rays[2 * r + 1] = id % (size * size);
    });
  return { rays, jitter: new Float32Array(n).fill(0.5), count: n, size, focal };
}

/** Every pixel of one camera, at `size` (focal scaled from the photos'). */
export function viewRays(camera: number, size: number, focal: number): RayBatch {
  const n = size * size;
  const rays = new Uint32Array(2 * n);
  for (let p = 0; p < n; p++) {
    rays[2 * p] = camera;
    rays[2 * p + 1] = p;
  }
  return { rays, jitter: new Float32Array(n).fill(0.5), count: n, size, focal };
}

/** PSNR (dB) of a mean squared error on [0, 1] values. */
export const psnrOf = (mse: number) => (mse > 0 ? -10 * Math.log10(mse) : Infinity);
