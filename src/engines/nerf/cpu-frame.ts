// The NeRF demo's `cpu` engine: frames of the field rendered on the CPU in the worker, without onnxruntime.
// Two kinds of frame:
// - `exact`: the reference path's picture (volume-reference.ts's march, fieldRef's field, composite's rules)
//   computed in one pass per ray with no allocation: the same samples, the same early stop, the MLP only
//   where a sample's weight counts. Empty space is skipped in larger jumps (emptyDistance, baked at load),
//   over exactly the samples the reference skips cell by cell. What the page shows once the view rests.
// - `deferred`: for frames while the view moves. The march is the same at twice the step (MOVING), and each ray sums its weighted
//   features and runs the colour MLP once on their weighted mean (deferred shading, as SNeRG-style baked
//   viewers do): a few MLP runs per pixel become one. Exact where a ray meets one surface; it blurs colour
//   where a ray passes semi-transparent layers. Rendered smaller and scaled up by the page (`upscale`).
// Per ray the MLP's direction part (the first layer's weights on the direction basis, plus its bias) is
// computed once. The checks: cpu-frame.test.ts against renderReference. No DOM.
import type { Vec3, View } from '../../kernels/volume/volume-reference';
import type { FieldData, FrameStats } from '../../kernels/volume/volume-renderer';

/** The cpu engine's frames while the view moves: half the size, but never below this (pixels a side). */
export const MOVING_MIN = 64;

/** The cpu engine's moving-frame size for a view of `size`² (a view this small or smaller is drawn exact). */
export const movingSize = (size: number): number => Math.max(MOVING_MIN, size >> 1);

export type Shading = 'exact' | 'deferred';

/**
 * Moving frames march twice the step (alpha follows the longer step) and stop once transmittance falls to 1 %:
 * measured on three views of the shipped field, the scaled-up frame lost no PSNR (31.3–32.6 dB) and ran a
 * third faster.
 */
const MOVING = { stepScale: 2, stopTransmittance: 0.01 };

/**
 * Chebyshev distance, in cells, from every cell to the nearest occupied one (0: occupied; capped at 255):
 * a ray in a cell at distance k is in an empty block of (2k − 1)³ cells and may jump to its far side at
 * once. Two chamfer passes (forward over the 13 neighbours before a cell, backward over the 13 after it),
 * which are exact for this distance.
 */
export function emptyDistance(occupancy: Uint32Array, cells: Vec3): Uint8Array {
  const [nx, ny, nz] = cells;
  const n = nx * ny * nz;
  const dist = new Uint8Array(n);
  for (let i = 0; i < n; i++) dist[i] = ((occupancy[i >> 5]! >>> (i & 31)) & 1) === 1 ? 0 : 255;
  const pass = (sign: 1 | -1) => {
    const [x0, y0, z0] = sign > 0 ? [0, 0, 0] : [nx - 1, ny - 1, nz - 1];
    for (let z = z0; z >= 0 && z < nz; z += sign) {
      for (let y = y0; y >= 0 && y < ny; y += sign) {
        for (let x = x0; x >= 0 && x < nx; x += sign) {
          const i = x + nx * (y + ny * z);
          let best = dist[i]!;
          if (best === 0) continue;
          // the neighbours already visited in this pass: the earlier z slice, the earlier rows, the earlier cell
          for (let dz = 0; dz <= 1; dz++) {
            const c = z - sign * dz;
            if (c < 0 || c >= nz) continue;
            for (let dy = dz ? -1 : 0; dy <= 1; dy++) {
              const b = y - sign * dy;
              if (b < 0 || b >= ny) continue;
              for (let dx = dz || dy ? -1 : 1; dx <= 1; dx++) {
                const a = x - sign * dx;
                if (a < 0 || a >= nx) continue;
                const v = dist[a + nx * (b + ny * c)]! + 1;
                if (v < best) best = v;
              }
            }
          }
          dist[i] = Math.min(best, 255);
        }
      }
    }
  };
  pass(1);
  pass(-1);
  return dist;
}

/** The same camera at another image size (the focal length scales with it). */
export function viewAt(view: View, size: number): View {
  return { c2w: view.c2w, size, focal: (view.focal * size) / view.size };
}

export class CpuFrameRenderer {
  private readonly inputs: number;
  private readonly b0: number;
  private readonly w1: number;
  private readonly b1: number;
  private readonly w2: number;
  private readonly b2: number;
  private readonly extent: Vec3;
  // scratch, allocated once
  private readonly dirPre: Float64Array;
  private readonly feat: Float64Array;
  private readonly sumFeat: Float64Array;
  private readonly h1: Float64Array;
  private readonly h2: Float64Array;
  private readonly rgb = new Float64Array(3);
  private readonly cell = new Int32Array(3);
  private readonly frac = new Float64Array(3);
  private readonly empty: Uint8Array;

  constructor(readonly field: FieldData) {
    const { channels: C, hidden: H } = field;
    this.inputs = C + 9;
    this.b0 = H * this.inputs;
    this.w1 = this.b0 + H;
    this.b1 = this.w1 + H * H;
    this.w2 = this.b1 + H;
    this.b2 = this.w2 + 3 * H;
    if (field.mlp.length !== this.b2 + 3) throw new Error(`cpu NeRF: the MLP has ${field.mlp.length} numbers, expected ${this.b2 + 3}`);
    this.extent = [0, 1, 2].map((a) => field.cells[a]! * field.cell) as Vec3;
    this.dirPre = new Float64Array(H);
    this.feat = new Float64Array(C);
    this.sumFeat = new Float64Array(C);
    this.h1 = new Float64Array(H);
    this.h2 = new Float64Array(H);
    this.empty = emptyDistance(field.occupancy, field.cells);
  }

  /** RGBA bytes of `view` (row 0 at the top), and the sample counts as the kernel reports them. */
  render(view: View, shading: Shading): { pixels: Uint8Array; stats: FrameStats } {
    const { size, focal, c2w } = view;
    const pixels = new Uint8Array(size * size * 4);
    const stats: FrameStats = { inside: 0, evaluated: 0, skipped: 0, shaded: 0 };
    const o: Vec3 = [c2w[0]![3]!, c2w[1]![3]!, c2w[2]![3]!];
    const d: Vec3 = [0, 0, 0];
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        // cameraRay at the pixel centre
        const cx = (x + 0.5 - size / 2) / focal;
        const cy = -(y + 0.5 - size / 2) / focal;
        for (let r = 0; r < 3; r++) d[r] = c2w[r]![0]! * cx + c2w[r]![1]! * cy - c2w[r]![2]!;
        const n = Math.hypot(d[0], d[1], d[2]);
        d[0] /= n;
        d[1] /= n;
        d[2] /= n;
        this.ray(o, d, shading, stats);
        const p = (y * size + x) * 4;
        for (let c = 0; c < 3; c++) pixels[p + c] = Math.round(Math.min(1, Math.max(0, this.rgb[c]!)) * 255);
        pixels[p + 3] = 255;
      }
    }
    return { pixels, stats };
  }

  /** One ray's colour into this.rgb: marchRay's samples and jumps, composite's rules (see the file's head). */
  private ray(o: Vec3, d: Vec3, shading: Shading, stats: FrameStats): void {
    const f = this.field;
    const deferred = shading === 'deferred';
    const dt = f.stepRatio * f.voxel * (deferred ? MOVING.stepScale : 1);
    const stop = deferred ? MOVING.stopTransmittance : f.stopTransmittance;
    const rgb = this.rgb;
    rgb.fill(0);
    const { near, far } = boxHits(o, d, f.boxMin, this.extent);
    let T = 1;
    if (far > near) {
      this.directionPart(d);
      const n = Math.max(0, Math.ceil((far - near) / dt - 0.5));
      stats.inside += n;
      if (deferred) this.sumFeat.fill(0);
      let weights = 0;
      let i = 0;
      while (i < n) {
        const t = near + (i + 0.5) * dt;
        const px = o[0] + t * d[0];
        const py = o[1] + t * d[1];
        const pz = o[2] + t * d[2];
        const empty = this.empty[this.cellIndex(px, py, pz)]!;
        if (empty > 0) {
          const next = Math.min(n, Math.max(i + 1, Math.ceil((this.blockExit(o, d, empty - 1) - near) / dt - 0.5)));
          stats.skipped += next - i;
          i = next;
          continue;
        }
        stats.evaluated++;
        const sigma = this.density(px, py, pz);
        const alpha = 1 - Math.exp(-sigma * dt);
        const w = T * alpha;
        if (w > f.weightThreshold) {
          stats.shaded++;
          if (deferred) {
            this.features(px, py, pz, this.feat);
            for (let c = 0; c < f.channels; c++) this.sumFeat[c]! += w * this.feat[c]!;
            weights += w;
          } else {
            this.colour(px, py, pz, w);
          }
        }
        T *= 1 - alpha;
        i++;
        if (T <= stop) break;
      }
      if (deferred && weights > 0) {
        for (let c = 0; c < f.channels; c++) this.feat[c] = this.sumFeat[c]! / weights;
        this.mlp(this.feat, weights);
      }
    }
    for (let c = 0; c < 3; c++) rgb[c]! += T * f.background[c]!;
  }

  /** The first layer's direction terms and bias for unit direction d (fieldRef's basis), into dirPre. */
  private directionPart(d: Vec3): void {
    const f = this.field;
    const [x, y, z] = d;
    const basis = [1, x, y, z, x * y, y * z, x * z, x * x - y * y, 3 * z * z - 1];
    const m = f.mlp;
    for (let h = 0; h < f.hidden; h++) {
      let s = m[this.b0 + h]!;
      const row = h * this.inputs + f.channels;
      for (let k = 0; k < 9; k++) s += m[row + k]! * basis[k]!;
      this.dirPre[h] = s;
    }
  }

  /** Adds w · MLP(features at p) to this.rgb. */
  private colour(px: number, py: number, pz: number, w: number): void {
    this.features(px, py, pz, this.feat);
    this.mlp(this.feat, w);
  }

  /** Adds w · sigmoid(MLP(feat)) to this.rgb (dirPre holds the ray's direction part). */
  private mlp(feat: Float64Array, w: number): void {
    const f = this.field;
    const m = f.mlp;
    const H = f.hidden;
    const C = f.channels;
    const { h1, h2 } = this;
    for (let h = 0; h < H; h++) {
      let s = this.dirPre[h]!;
      const row = h * this.inputs;
      for (let c = 0; c < C; c++) s += m[row + c]! * feat[c]!;
      h1[h] = s > 0 ? s : 0;
    }
    for (let h = 0; h < H; h++) {
      let s = m[this.b1 + h]!;
      const row = this.w1 + h * H;
      for (let k = 0; k < H; k++) s += m[row + k]! * h1[k]!;
      h2[h] = s > 0 ? s : 0;
    }
    for (let c = 0; c < 3; c++) {
      let s = m[this.b2 + c]!;
      const row = this.w2 + c * H;
      for (let k = 0; k < H; k++) s += m[row + k]! * h2[k]!;
      this.rgb[c]! += w / (1 + Math.exp(-s));
    }
  }

  /** Occupancy cell of a point (cellOf: clamped to the grid), as its flat index; its coordinates stay in `cell`. */
  private cellIndex(px: number, py: number, pz: number): number {
    const f = this.field;
    const [nx, ny, nz] = f.cells;
    const c = this.cell;
    c[0] = Math.min(Math.max(Math.floor((px - f.boxMin[0]) / f.cell), 0), nx - 1);
    c[1] = Math.min(Math.max(Math.floor((py - f.boxMin[1]) / f.cell), 0), ny - 1);
    c[2] = Math.min(Math.max(Math.floor((pz - f.boxMin[2]) / f.cell), 0), nz - 1);
    return c[0] + nx * (c[1] + ny * c[2]);
  }

  /**
   * Where the ray leaves the block of cells within `r` of the cell cellIndex found last (r = 0: cellExit, the
   * cell itself). Every sample before it lies in an empty cell, so the samples it jumps over are the ones the
   * reference's cell-by-cell jumps skip.
   */
  private blockExit(o: Vec3, d: Vec3, r: number): number {
    const f = this.field;
    let exit = Infinity;
    for (let a = 0; a < 3; a++) {
      if (d[a] === 0) continue;
      const wall = f.boxMin[a]! + (this.cell[a]! + (d[a]! > 0 ? 1 + r : -r)) * f.cell;
      exit = Math.min(exit, (wall - o[a]!) / d[a]!);
    }
    return exit;
  }

  /** Density per world unit at p (fieldRef: softplus of the trilinear raw density, over the voxel; 0 outside). */
  private density(px: number, py: number, pz: number): number {
    const f = this.field;
    const [dx, dy] = f.densityDims;
    const ux = (px - f.boxMin[0]) / this.extent[0];
    const uy = (py - f.boxMin[1]) / this.extent[1];
    const uz = (pz - f.boxMin[2]) / this.extent[2];
    if (ux < 0 || ux > 1 || uy < 0 || uy > 1 || uz < 0 || uz > 1) return 0;
    const i = this.locate(px, py, pz, f.densityDims);
    const fx = this.frac[0]!;
    const fy = this.frac[1]!;
    const fz = this.frac[2]!;
    const t = f.density;
    const sy = dx;
    const sz = dx * dy;
    const c00 = t[i]! * (1 - fx) + t[i + 1]! * fx;
    const c10 = t[i + sy]! * (1 - fx) + t[i + sy + 1]! * fx;
    const c01 = t[i + sz]! * (1 - fx) + t[i + sz + 1]! * fx;
    const c11 = t[i + sy + sz]! * (1 - fx) + t[i + sy + sz + 1]! * fx;
    const raw = (c00 * (1 - fy) + c10 * fy) * (1 - fz) + (c01 * (1 - fy) + c11 * fy) * fz;
    return (raw > 20 ? raw : Math.log1p(Math.exp(raw))) / f.voxel;
  }

  /**
   * Where p falls in a grid of `dims` vertices spanning the box (trilinear, clamped as fieldRef clamps): the
   * flat index of its lower corner, and its fractions along x, y, z in this.frac.
   */
  private locate(px: number, py: number, pz: number, dims: Vec3): number {
    const f = this.field;
    let base = 0;
    let stride = 1;
    for (let a = 0; a < 3; a++) {
      const p = a === 0 ? px : a === 1 ? py : pz;
      const q = Math.min(Math.max(((p - f.boxMin[a]!) / this.extent[a]!) * (dims[a]! - 1), 0), dims[a]! - 1 - 1e-4);
      const b = Math.floor(q);
      this.frac[a] = q - b;
      base += b * stride;
      stride *= dims[a]!;
    }
    return base;
  }

  /** The trilinear features at p into out (p inside the box: the caller evaluated its density first). */
  private features(px: number, py: number, pz: number, out: Float64Array): void {
    const f = this.field;
    const C = f.channels;
    const [dx, dy] = f.featureDims;
    const base = this.locate(px, py, pz, f.featureDims);
    const fx = this.frac[0]!;
    const fy = this.frac[1]!;
    const fz = this.frac[2]!;
    out.fill(0);
    const t = f.features;
    for (let k = 0; k < 8; k++) {
      const ox = k & 1;
      const oy = (k >> 1) & 1;
      const oz = k >> 2;
      const w = (ox ? fx : 1 - fx) * (oy ? fy : 1 - fy) * (oz ? fz : 1 - fz);
      const v = (base + ox + dx * (oy + dy * oz)) * C;
      for (let c = 0; c < C; c++) out[c]! += w * t[v + c]!;
    }
  }
}

/** boxHits for a box at lo with size `extent`: entry (≥ 0) and exit distance; far ≤ near where it misses. */
function boxHits(o: Vec3, d: Vec3, lo: Vec3, extent: Vec3): { near: number; far: number } {
  let near = 0;
  let far = Infinity;
  for (let a = 0; a < 3; a++) {
    const inv = 1 / (Math.abs(d[a]!) < 1e-9 ? 1e-9 : d[a]!);
    const t1 = (lo[a]! - o[a]!) * inv;
    const t2 = (lo[a]! + extent[a]! - o[a]!) * inv;
    near = Math.max(near, Math.min(t1, t2));
    far = Math.min(far, Math.max(t1, t2));
  }
  return { near, far };
}

/**
 * Bilinear scaling of an RGBA image of `from`² to `to`² (pixel centres aligned, edges clamped): how a frame
 * rendered small while the view moves fills the canvas.
 */
export function upscale(src: Uint8Array, from: number, to: number): Uint8Array {
  const out = new Uint8Array(to * to * 4);
  const s = from / to;
  for (let y = 0; y < to; y++) {
    const sy = Math.min(Math.max((y + 0.5) * s - 0.5, 0), from - 1);
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, from - 1);
    const fy = sy - y0;
    for (let x = 0; x < to; x++) {
      const sx = Math.min(Math.max((x + 0.5) * s - 0.5, 0), from - 1);
      const x0 = Math.floor(sx);
      const x1 = Math.min(x0 + 1, from - 1);
      const fx = sx - x0;
      const o = (y * to + x) * 4;
      for (let c = 0; c < 4; c++) {
        const a = src[(y0 * from + x0) * 4 + c]! * (1 - fx) + src[(y0 * from + x1) * 4 + c]! * fx;
        const b = src[(y1 * from + x0) * 4 + c]! * (1 - fx) + src[(y1 * from + x1) * 4 + c]! * fx;
        out[o + c] = Math.round(a * (1 - fy) + b * fy);
      }
    }
  }
  return out;
}
