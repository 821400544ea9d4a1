// The CPU reference of radiance.wgsl, and the CPU engine of #/train-nerf: a radiance field on one dense grid
// (at every vertex a raw density and three colour logits) learned from photos, pass by pass as the kernels run
// it: camera rays and their samples (empty occupancy cells skipped, as the demo's renderer does), trilinear
// lookups, compositing front to back with the loss, the backward march that scatters each sample's gradient
// into its 8 corner vertices, total variation on the density, Adam on the vertices a step touched, and the
// occupancy grid rebuilt from the densities. Typed arrays, no allocation per ray, no DOM.
//
// Density per world unit = softplus(raw) / voxel and colour = sigmoid(logits): the shipped field's rules
// (volume-reference.ts's fieldRef, training/nerf.py), so a trained grid hands over to the NeRF demo as its
// density and feature grids with an MLP that passes the logits through (radiance-export.ts).
import type { Vec3 } from '../volume/volume-reference';

/** Numbers per vertex: raw density, then the colour logits r, g, b. */
export const CH = 4;

/** Where the grid sits and how rays are sampled and composited: the shipped nerf.json's box and rules. */
export interface RadianceGrid {
  boxMin: Vec3;
  extent: Vec3;
  /** Vertices per axis. */
  dims: Vec3;
  /** Vertex spacing (world units); samples are stepRatio voxels apart. */
  voxel: number;
  stepRatio: number;
  /** Occupancy cells per axis and their edge (world units): nerf.json's `cells` and `cell`. */
  occCells: Vec3;
  occCell: number;
  /** The march stops once transmittance falls to this. */
  stopTransmittance: number;
  background: Vec3;
}

/** The learnable state: vertex values, their gradient and Adam's moments, and the occupancy bits. */
export interface RadianceState {
  params: Float32Array;
  grad: Float32Array;
  m: Float32Array;
  v: Float32Array;
  occupancy: Uint32Array;
}

/**
 * A batch of rays: for ray r, camera `rays[2r]` and pixel `rays[2r + 1]` (row-major, row 0 at the top) of a
 * `size` × `size` image, marched from offset `jitter[r]` ∈ [0, 1) of the first step (0.5 when rendering).
 */
export interface RayBatch {
  rays: Uint32Array;
  jitter: Float32Array;
  count: number;
  size: number;
  /** Focal length in pixels at this size. */
  focal: number;
}

/** Cameras: 12 numbers each, the top three rows of camera-to-world (Blender: looks down −Z, +Y up). */
export type Cameras = Float32Array;

export interface TrainRules {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** Weight of the total variation of the raw density between neighbouring vertices. */
  tv: number;
}

export const ADAM = { beta1: 0.9, beta2: 0.99, eps: 1e-8 } as const;

export function vertexCount(g: RadianceGrid): number {
  return g.dims[0] * g.dims[1] * g.dims[2];
}

export function occupancyWords(g: RadianceGrid): number {
  return Math.ceil((g.occCells[0] * g.occCells[1] * g.occCells[2]) / 32);
}

/** Raw density at which a sample's alpha is `alpha` (softplus(raw)·stepRatio = −log(1 − alpha)). */
export function rawForAlpha(alpha: number, stepRatio: number): number {
  const s = -Math.log(1 - alpha) / stepRatio;
  return Math.log(Math.expm1(s));
}

/** A fresh field: every density at `raw0` (nearly clear), every colour logit 0 (grey), all cells occupied. */
export function initialState(g: RadianceGrid, raw0: number): RadianceState {
  const n = vertexCount(g) * CH;
  const params = new Float32Array(n);
  for (let i = 0; i < n; i += CH) params[i] = raw0;
  const occupancy = new Uint32Array(occupancyWords(g)).fill(0xffffffff);
  return { params, grad: new Float32Array(n), m: new Float32Array(n), v: new Float32Array(n), occupancy };
}

const softplus = (x: number) => (x > 20 ? x : Math.log1p(Math.exp(x)));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Scratch of one ray: origin, direction, entry, step and sample count, and the 8 corners of the last lookup. */
class RayScratch {
  o = new Float64Array(3);
  d = new Float64Array(3);
  near = 0;
  dt = 0;
  n = 0;
  corner = new Int32Array(8);
  weight = new Float64Array(8);
  value = new Float64Array(CH);
}

/** Pixel (x, y)'s centre ray of camera `cam` (cameraRay's rules), clipped to the box; n = 0 where it misses. */
function setRay(g: RadianceGrid, cams: Cameras, b: RayBatch, r: number, s: RayScratch): void {
  const cam = b.rays[2 * r];
  const px = b.rays[2 * r + 1];
  const x = px % b.size;
  const y = (px - x) / b.size;
  const cx = (x + 0.5 - b.size / 2) / b.focal;
  const cy = -(y + 0.5 - b.size / 2) / b.focal;
  const m = cam * 12;
  let len = 0;
  for (let a = 0; a < 3; a++) {
    s.d[a] = cams[m + 4 * a] * cx + cams[m + 4 * a + 1] * cy - cams[m + 4 * a + 2];
    s.o[a] = cams[m + 4 * a + 3];
    len += s.d[a] * s.d[a];
  }
  len = Math.sqrt(len);
  let near = 0;
  let far = Infinity;
  for (let a = 0; a < 3; a++) {
    s.d[a] /= len;
    const inv = 1 / (Math.abs(s.d[a]) < 1e-9 ? 1e-9 : s.d[a]);
    const t1 = (g.boxMin[a] - s.o[a]) * inv;
    const t2 = (g.boxMin[a] + g.extent[a] - s.o[a]) * inv;
    near = Math.max(near, Math.min(t1, t2));
    far = Math.min(far, Math.max(t1, t2));
  }
  s.dt = g.stepRatio * g.voxel;
  s.near = near;
  s.n = far > near ? Math.max(0, Math.ceil((far - near) / s.dt - b.jitter[r])) : 0;
}

/**
 * The next sample index at or after i that lies in an occupied cell (n if none): an empty cell is left in one
 * jump to the first sample past its exit, as volume-render.wgsl's march does.
 */
function nextOccupied(g: RadianceGrid, occ: Uint32Array, s: RayScratch, u: number, from: number): number {
  let i = from;
  while (i < s.n) {
    const t = s.near + (i + u) * s.dt;
    let idx = 0;
    let stride = 1;
    let exit = Infinity;
    for (let a = 0; a < 3; a++) {
      const p = s.o[a] + t * s.d[a];
      const c = Math.min(Math.max(Math.floor((p - g.boxMin[a]) / g.occCell), 0), g.occCells[a] - 1);
      idx += c * stride;
      stride *= g.occCells[a];
      if (s.d[a] !== 0) {
        const wall = g.boxMin[a] + (c + (s.d[a] > 0 ? 1 : 0)) * g.occCell;
        exit = Math.min(exit, (wall - s.o[a]) / s.d[a]);
      }
    }
    if ((occ[idx >> 5] >>> (idx & 31)) & 1) return i;
    i = Math.min(s.n, Math.max(i + 1, Math.ceil((exit - s.near) / s.dt - u)));
  }
  return s.n;
}

/** Trilinear lookup of all CH channels at distance t along the ray: s.value, and s.corner / s.weight for the scatter. */
function lookup(g: RadianceGrid, params: Float32Array, s: RayScratch, t: number): void {
  const nx = g.dims[0];
  const nxy = nx * g.dims[1];
  const qx = gridCoord(g, s, t, 0);
  const qy = gridCoord(g, s, t, 1);
  const qz = gridCoord(g, s, t, 2);
  const bx = Math.floor(qx);
  const by = Math.floor(qy);
  const bz = Math.floor(qz);
  const fx = qx - bx;
  const fy = qy - by;
  const fz = qz - bz;
  const base = bx + nx * by + nxy * bz;
  let v0 = 0;
  let v1 = 0;
  let v2 = 0;
  let v3 = 0;
  for (let k = 0; k < 8; k++) {
    const w = (k & 1 ? fx : 1 - fx) * ((k >> 1) & 1 ? fy : 1 - fy) * (k >> 2 ? fz : 1 - fz);
    const v = (base + (k & 1) + ((k >> 1) & 1) * nx + (k >> 2) * nxy) * CH;
    s.corner[k] = v;
    s.weight[k] = w;
    v0 += w * params[v];
    v1 += w * params[v + 1];
    v2 += w * params[v + 2];
    v3 += w * params[v + 3];
  }
  s.value[0] = v0;
  s.value[1] = v1;
  s.value[2] = v2;
  s.value[3] = v3;
}

/** The sample's grid coordinate on axis a, clamped inside the grid (as the kernel clamps). */
function gridCoord(g: RadianceGrid, s: RayScratch, t: number, a: number): number {
  const n = g.dims[a] - 1;
  const q = ((s.o[a] + t * s.d[a] - g.boxMin[a]) / g.extent[a]) * n;
  return Math.min(Math.max(q, 0), n - 1e-4);
}

/**
 * Renders every ray of the batch into rgb (3 per ray); where `targets` (RGBA8 words, camera·size² + pixel) is
 * given, returns the summed squared error over rays and channels.
 */
export function renderRays(
  g: RadianceGrid,
  st: RadianceState,
  cams: Cameras,
  b: RayBatch,
  rgb: Float32Array,
  targets?: Uint32Array,
): number {
  const s = new RayScratch();
  let se = 0;
  for (let r = 0; r < b.count; r++) {
    setRay(g, cams, b, r, s);
    const u = b.jitter[r];
    let [cr, cg, cb, T] = [0, 0, 0, 1];
    for (let i = nextOccupied(g, st.occupancy, s, u, 0); i < s.n; i = nextOccupied(g, st.occupancy, s, u, i + 1)) {
      lookup(g, st.params, s, s.near + (i + u) * s.dt);
      const alpha = 1 - Math.exp((-softplus(s.value[0]) / g.voxel) * s.dt);
      const w = T * alpha;
      cr += w * sigmoid(s.value[1]);
      cg += w * sigmoid(s.value[2]);
      cb += w * sigmoid(s.value[3]);
      T *= 1 - alpha;
      if (T <= g.stopTransmittance) break;
    }
    rgb[3 * r] = cr + T * g.background[0];
    rgb[3 * r + 1] = cg + T * g.background[1];
    rgb[3 * r + 2] = cb + T * g.background[2];
    if (targets) se += squaredError(rgb, r, targets[b.rays[2 * r] * b.size * b.size + b.rays[2 * r + 1]]);
  }
  return se;
}

function squaredError(rgb: Float32Array, r: number, word: number): number {
  let se = 0;
  for (let c = 0; c < 3; c++) se += (rgb[3 * r + c] - ((word >>> (8 * c)) & 255) / 255) ** 2;
  return se;
}

/**
 * The backward pass of the squared error summed over the batch's rays (mean over channels): a sum rather than
 * a mean, so that a vertex one ray touches still gets a gradient well above Adam's epsilon. Each ray is
 * marched again with its rendered colour C known, so the colour behind each sample is S = C − Σ_{j ≤ i} w_j c_j,
 * and dC/dσ_i = dt·(T_{i+1}·c_i − S_i), dC/dc_i = w_i. Gradients go to the 8 corners of every sample (added
 * to st.grad).
 */
export function backpropRays(
  g: RadianceGrid,
  st: RadianceState,
  cams: Cameras,
  b: RayBatch,
  rgb: Float32Array,
  targets: Uint32Array,
): void {
  const s = new RayScratch();
  const scale = 2 / 3;
  const dl = new Float64Array(3);
  for (let r = 0; r < b.count; r++) {
    setRay(g, cams, b, r, s);
    const u = b.jitter[r];
    const word = targets[b.rays[2 * r] * b.size * b.size + b.rays[2 * r + 1]];
    for (let c = 0; c < 3; c++) dl[c] = scale * (rgb[3 * r + c] - ((word >>> (8 * c)) & 255) / 255);
    let [pr, pg, pb, T] = [0, 0, 0, 1];
    for (let i = nextOccupied(g, st.occupancy, s, u, 0); i < s.n; i = nextOccupied(g, st.occupancy, s, u, i + 1)) {
      lookup(g, st.params, s, s.near + (i + u) * s.dt);
      const raw = s.value[0];
      const alpha = 1 - Math.exp((-softplus(raw) / g.voxel) * s.dt);
      const w = T * alpha;
      const c0 = sigmoid(s.value[1]);
      const c1 = sigmoid(s.value[2]);
      const c2 = sigmoid(s.value[3]);
      pr += w * c0;
      pg += w * c1;
      pb += w * c2;
      const after = T * (1 - alpha);
      const dSigma =
        s.dt *
        (dl[0] * (after * c0 - (rgb[3 * r] - pr)) +
          dl[1] * (after * c1 - (rgb[3 * r + 1] - pg)) +
          dl[2] * (after * c2 - (rgb[3 * r + 2] - pb)));
      const dRaw = (dSigma * sigmoid(raw)) / g.voxel;
      const d1 = dl[0] * w * c0 * (1 - c0);
      const d2 = dl[1] * w * c1 * (1 - c1);
      const d3 = dl[2] * w * c2 * (1 - c2);
      for (let k = 0; k < 8; k++) {
        const v = s.corner[k];
        const wk = s.weight[k];
        st.grad[v] += wk * dRaw;
        st.grad[v + 1] += wk * d1;
        st.grad[v + 2] += wk * d2;
        st.grad[v + 3] += wk * d3;
      }
      T = after;
      if (T <= g.stopTransmittance) break;
    }
  }
}

/**
 * Total variation of the raw density, tv·Σ over neighbouring pairs of (x_a − x_b)² / 2, added to the gradient
 * of the vertices this step touched (the others keep a zero gradient, so Adam leaves them alone).
 */
export function addDensityTv(g: RadianceGrid, st: RadianceState, tv: number): void {
  if (tv === 0) return;
  const [nx, ny, nz] = g.dims;
  const strides = [1, nx, nx * ny];
  const n = vertexCount(g);
  for (let i = 0; i < n; i++) {
    if (st.grad[i * CH] === 0) continue;
    const at = [i % nx, Math.floor(i / nx) % ny, Math.floor(i / (nx * ny))];
    const x = st.params[i * CH];
    let sum = 0;
    for (let a = 0; a < 3; a++) {
      const size = a === 0 ? nx : a === 1 ? ny : nz;
      if (at[a] > 0) sum += x - st.params[(i - strides[a]) * CH];
      if (at[a] < size - 1) sum += x - st.params[(i + strides[a]) * CH];
    }
    st.grad[i * CH] += tv * sum; // only vertex i's own gradient is read and written: no order between vertices
  }
}

/** Adam step `t` (1-based) on every parameter with a non-zero gradient; the gradient is cleared after. */
export function adamStep(st: RadianceState, r: TrainRules, t: number): void {
  const c1 = 1 - r.beta1 ** t;
  const c2 = 1 - r.beta2 ** t;
  const { params, grad, m, v } = st;
  for (let i = 0; i < params.length; i++) {
    const gi = grad[i];
    if (gi === 0) continue;
    m[i] = r.beta1 * m[i] + (1 - r.beta1) * gi;
    v[i] = r.beta2 * v[i] + (1 - r.beta2) * gi * gi;
    params[i] -= (r.lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + r.eps);
    grad[i] = 0;
  }
}

/**
 * Rebuilds the occupancy bits: a cell stays occupied where the largest raw density of the vertices around it
 * (a bound on what trilinear interpolation can reach inside it) gives a sample alpha above `alphaMin`.
 */
export function updateOccupancy(g: RadianceGrid, st: RadianceState, alphaMin: number): number {
  const rawMin = rawForAlpha(alphaMin, g.stepRatio);
  const [ox, oy, oz] = g.occCells;
  const range = (c: number, a: number) => {
    const n = g.dims[a] - 1;
    const lo = Math.max(0, Math.floor(((c * g.occCell) / g.extent[a]) * n - 1e-3));
    const hi = Math.min(n, Math.ceil((((c + 1) * g.occCell) / g.extent[a]) * n + 1e-3));
    return [lo, hi];
  };
  let occupied = 0;
  st.occupancy.fill(0);
  for (let cz = 0; cz < oz; cz++) {
    const [z0, z1] = range(cz, 2);
    for (let cy = 0; cy < oy; cy++) {
      const [y0, y1] = range(cy, 1);
      for (let cx = 0; cx < ox; cx++) {
        const [x0, x1] = range(cx, 0);
        let top = -Infinity;
        for (let z = z0; z <= z1; z++)
          for (let y = y0; y <= y1; y++)
            for (let x = x0; x <= x1; x++) top = Math.max(top, st.params[(x + g.dims[0] * (y + g.dims[1] * z)) * CH]);
        if (top > rawMin) {
          const i = cx + ox * (cy + oy * cz);
          st.occupancy[i >> 5] |= 1 << (i & 31);
          occupied++;
        }
      }
    }
  }
  return occupied;
}

/** One training step on the CPU: render, loss, backward, TV, Adam. Returns the batch's mean squared error. */
export function trainStep(
  g: RadianceGrid,
  st: RadianceState,
  cams: Cameras,
  b: RayBatch,
  targets: Uint32Array,
  r: TrainRules,
  t: number,
  rgb: Float32Array,
): number {
  const se = renderRays(g, st, cams, b, rgb, targets);
  backpropRays(g, st, cams, b, rgb, targets);
  addDensityTv(g, st, r.tv);
  adamStep(st, r, t);
  return se / (3 * b.count);
}
