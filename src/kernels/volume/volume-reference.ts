// The CPU reference of volume-render.wgsl: camera rays, the ray–box test, the march that skips empty
// occupancy cells, and alpha compositing with early termination — step for step what the kernel does, so the
// reference path (onnxruntime evaluates the field at these samples, this file composites) renders the same
// picture. training/nerf.py renders with the same rules. No DOM.

export type Vec3 = [number, number, number];

/** Where the grids sit and how rays are sampled (from nerf.json). */
export interface VolumeGrid {
  boxMin: Vec3;
  /** Occupancy cell edge (world units) and cells per axis (x, y, z). */
  cell: number;
  cells: Vec3;
  /** Density voxel edge; samples are stepRatio voxels apart. */
  voxel: number;
  stepRatio: number;
  /** One bit per cell, cell x + nx·(y + ny·z), bit i of word i >> 5. */
  occupancy: Uint32Array;
}

/** A pinhole camera: camera-to-world rows (Blender convention: looks down -Z, +Y up), square image. */
export interface View {
  c2w: number[][];
  size: number;
  /** Focal length in pixels. */
  focal: number;
}

export interface Ray {
  o: Vec3;
  d: Vec3;
}

/** The ray through pixel (x, y) (row 0 at the top) at sub-pixel position (jx, jy); 0.5 = the centre. */
export function cameraRay(view: View, x: number, y: number, jx = 0.5, jy = 0.5): Ray {
  const { c2w, size, focal } = view;
  const c: Vec3 = [(x + jx - size / 2) / focal, -(y + jy - size / 2) / focal, -1];
  const d: Vec3 = [0, 0, 0];
  for (let r = 0; r < 3; r++) d[r] = c2w[r][0] * c[0] + c2w[r][1] * c[1] + c2w[r][2] * c[2];
  const n = Math.hypot(d[0], d[1], d[2]);
  return { o: [c2w[0][3], c2w[1][3], c2w[2][3]], d: [d[0] / n, d[1] / n, d[2] / n] };
}

/** Focal length in pixels for a horizontal field of view `angleX` (radians) and an image `size` wide. */
export function focalFor(angleX: number, size: number): number {
  return (0.5 * size) / Math.tan(0.5 * angleX);
}

/**
 * Camera-to-world rows of a camera at `position` looking at the origin, +z up — how Blender's track-to
 * constraint aims the training cameras (the NeRF demo's orbit camera is built the same way).
 */
export function lookAtC2w(position: Vec3): number[][] {
  const n = Math.hypot(...position);
  const f = position.map((v) => -v / n); // forward
  const r = [f[1], -f[0], 0]; // forward × z
  const rn = Math.hypot(r[0], r[1]) || 1;
  const right = r.map((v) => v / rn);
  const up = [right[1] * f[2] - right[2] * f[1], right[2] * f[0] - right[0] * f[2], right[0] * f[1] - right[1] * f[0]];
  return [0, 1, 2].map((i) => [right[i], up[i], -f[i], position[i]]).concat([[0, 0, 0, 1]]);
}

export function boxMax(g: VolumeGrid): Vec3 {
  return [0, 1, 2].map((a) => g.boxMin[a] + g.cells[a] * g.cell) as Vec3;
}

/** Entry (≥ 0) and exit distance of the ray and the box; far ≤ near where it misses. */
export function boxHits(ray: Ray, lo: Vec3, hi: Vec3): { near: number; far: number } {
  let near = 0;
  let far = Infinity;
  for (let a = 0; a < 3; a++) {
    const inv = 1 / (Math.abs(ray.d[a]) < 1e-9 ? 1e-9 : ray.d[a]);
    const t1 = (lo[a] - ray.o[a]) * inv;
    const t2 = (hi[a] - ray.o[a]) * inv;
    near = Math.max(near, Math.min(t1, t2));
    far = Math.min(far, Math.max(t1, t2));
  }
  return { near, far };
}

export function cellOf(g: VolumeGrid, p: Vec3): Vec3 {
  return [0, 1, 2].map((a) => Math.min(Math.max(Math.floor((p[a] - g.boxMin[a]) / g.cell), 0), g.cells[a] - 1)) as Vec3;
}

export function occupied(g: VolumeGrid, c: Vec3): boolean {
  const i = c[0] + g.cells[0] * (c[1] + g.cells[1] * c[2]);
  return ((g.occupancy[i >> 5] >>> (i & 31)) & 1) === 1;
}

/** Distance at which the ray leaves cell `c`. */
export function cellExit(g: VolumeGrid, ray: Ray, c: Vec3): number {
  let exit = Infinity;
  for (let a = 0; a < 3; a++) {
    if (ray.d[a] === 0) continue;
    const wall = g.boxMin[a] + (c[a] + (ray.d[a] > 0 ? 1 : 0)) * g.cell;
    exit = Math.min(exit, (wall - ray.o[a]) / ray.d[a]);
  }
  return exit;
}

export interface RaySample {
  t: number;
  p: Vec3;
  /** True where the occupancy grid said the cell is empty: the renderer never evaluates it. */
  skipped: boolean;
}

/**
 * The samples t0 + (i + u)·dt inside the box, in order. An empty cell is skipped in one jump to the first
 * sample past its exit, exactly as the kernel does; those samples come back marked `skipped`.
 */
export function marchRay(g: VolumeGrid, ray: Ray, u = 0.5): { dt: number; samples: RaySample[] } {
  const dt = g.stepRatio * g.voxel;
  const { near, far } = boxHits(ray, g.boxMin, boxMax(g));
  const samples: RaySample[] = [];
  if (!(far > near)) return { dt, samples };
  const n = Math.max(0, Math.ceil((far - near) / dt - u));
  const at = (i: number) => {
    const t = near + (i + u) * dt;
    return { t, p: [ray.o[0] + t * ray.d[0], ray.o[1] + t * ray.d[1], ray.o[2] + t * ray.d[2]] as Vec3 };
  };
  let i = 0;
  while (i < n) {
    const s = at(i);
    const c = cellOf(g, s.p);
    if (occupied(g, c)) {
      samples.push({ ...s, skipped: false });
      i++;
      continue;
    }
    const next = Math.min(n, Math.max(i + 1, Math.ceil((cellExit(g, ray, c) - near) / dt - u)));
    for (; i < next; i++) samples.push({ ...at(i), skipped: true });
  }
  return { dt, samples };
}

export interface CompositeRules {
  /** Samples with less weight than this get no colour (they skip the MLP). */
  weightThreshold: number;
  /** The march stops once transmittance falls to this. */
  stopTransmittance: number;
  background: Vec3;
}

export interface Composited {
  rgb: Vec3;
  opacity: number;
  /** Per input sample: alpha, transmittance before it, weight (0 after the stop). */
  alpha: number[];
  transmittance: number[];
  weight: number[];
  /** Index of the sample after which the ray stopped (opaque enough), or -1. */
  stoppedAfter: number;
}

/**
 * Front-to-back compositing of evaluated samples: alpha = 1 − exp(−σ·dt), weight = T·alpha, T ← T·(1 − alpha);
 * stops once T ≤ stopTransmittance. `sigma` is per world unit; skipped samples should be passed with σ = 0.
 */
export function composite(sigma: ArrayLike<number>, rgb: ArrayLike<number>, dt: number, rules: CompositeRules): Composited {
  const out: Composited = { rgb: [0, 0, 0], opacity: 0, alpha: [], transmittance: [], weight: [], stoppedAfter: -1 };
  let T = 1;
  for (let i = 0; i < sigma.length; i++) {
    const alpha = 1 - Math.exp(-sigma[i] * dt);
    const w = T * alpha;
    out.alpha.push(alpha);
    out.transmittance.push(T);
    out.weight.push(w);
    if (w > rules.weightThreshold) for (let c = 0; c < 3; c++) out.rgb[c] += w * rgb[3 * i + c];
    T *= 1 - alpha;
    if (T <= rules.stopTransmittance) {
      out.stoppedAfter = i;
      break;
    }
  }
  out.opacity = 1 - T;
  for (let c = 0; c < 3; c++) out.rgb[c] += T * rules.background[c];
  return out;
}

/** PSNR (dB) of two images with values in [0, 1] (or [0, 255] with peak = 255). */
export function psnr(a: ArrayLike<number>, b: ArrayLike<number>, peak = 1): number {
  if (a.length !== b.length || a.length === 0) throw new Error(`psnr: ${a.length} vs ${b.length} values`);
  let se = 0;
  for (let i = 0; i < a.length; i++) se += (a[i] - b[i]) ** 2;
  const mse = se / a.length;
  return mse === 0 ? Infinity : 10 * Math.log10((peak * peak) / mse);
}

/** The field's numbers as the kernel reads them (volume-renderer.ts's FieldData has the same fields). */
export interface FieldTables extends VolumeGrid {
  densityDims: Vec3;
  featureDims: Vec3;
  channels: number;
  hidden: number;
  density: Float32Array;
  features: Float32Array;
  mlp: Float32Array;
}

function trilinear(table: Float32Array, dims: Vec3, channels: number, g: Vec3, out: Float64Array): void {
  const q = g.map((v, a) => Math.min(Math.max(v, 0), dims[a] - 1 - 1e-4));
  const b = q.map(Math.floor);
  const f = q.map((v, a) => v - b[a]);
  out.fill(0);
  for (let k = 0; k < 8; k++) {
    const o = [k & 1, (k >> 1) & 1, k >> 2];
    const w = (o[0] ? f[0] : 1 - f[0]) * (o[1] ? f[1] : 1 - f[1]) * (o[2] ? f[2] : 1 - f[2]);
    const v = (b[0] + o[0] + dims[0] * (b[1] + o[1] + dims[1] * (b[2] + o[2]))) * channels;
    for (let c = 0; c < channels; c++) out[c] += w * table[v + c];
  }
}

/**
 * CPU reference of the field (what field.onnx computes and the kernel evaluates): density per world unit =
 * softplus(trilinear raw density) / voxel, zero outside the box; colour = MLP(trilinear features, direction
 * polynomial). For the kernel tests, where no onnxruntime runs.
 */
export function fieldRef(f: FieldTables, points: Float32Array, dirs: Float32Array): { rgb: Float32Array; sigma: Float32Array } {
  const n = points.length / 3;
  const rgb = new Float32Array(n * 3);
  const sigma = new Float32Array(n);
  const extent = f.cells.map((c) => c * f.cell);
  const inputs = f.channels + 9;
  const h = f.hidden;
  const [w0, b0] = [0, h * inputs];
  const [w1, b1] = [b0 + h, b0 + h + h * h];
  const [w2, b2] = [b1 + h, b1 + h + 3 * h];
  const one = new Float64Array(1);
  const x = new Float64Array(inputs);
  const h1 = new Float64Array(h);
  const h2 = new Float64Array(h);
  for (let i = 0; i < n; i++) {
    const u = [0, 1, 2].map((a) => (points[3 * i + a] - f.boxMin[a]) / extent[a]);
    if (u.some((v) => v < 0 || v > 1)) continue;
    trilinear(f.density, f.densityDims, 1, u.map((v, a) => v * (f.densityDims[a] - 1)) as Vec3, one);
    sigma[i] = (one[0] > 20 ? one[0] : Math.log1p(Math.exp(one[0]))) / f.voxel;
    trilinear(f.features, f.featureDims, f.channels, u.map((v, a) => v * (f.featureDims[a] - 1)) as Vec3, x);
    const [dx, dy, dz] = [dirs[3 * i], dirs[3 * i + 1], dirs[3 * i + 2]];
    x.set([1, dx, dy, dz, dx * dy, dy * dz, dx * dz, dx * dx - dy * dy, 3 * dz * dz - 1], f.channels);
    for (let o = 0; o < h; o++) {
      let s = f.mlp[b0 + o];
      for (let k = 0; k < inputs; k++) s += f.mlp[w0 + o * inputs + k] * x[k];
      h1[o] = Math.max(s, 0);
    }
    for (let o = 0; o < h; o++) {
      let s = f.mlp[b1 + o];
      for (let k = 0; k < h; k++) s += f.mlp[w1 + o * h + k] * h1[k];
      h2[o] = Math.max(s, 0);
    }
    for (let o = 0; o < 3; o++) {
      let s = f.mlp[b2 + o];
      for (let k = 0; k < h; k++) s += f.mlp[w2 + o * h + k] * h2[k];
      rgb[3 * i + o] = 1 / (1 + Math.exp(-s));
    }
  }
  return { rgb, sigma };
}
