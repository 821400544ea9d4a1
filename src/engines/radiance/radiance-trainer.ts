// Training a radiance field from photos: each step draws a batch of rays from the chosen training photos
// (seeded), and the executor renders them, takes the loss, scatters the gradient into the grid, adds total
// variation and runs Adam; every few steps the occupancy grid is rebuilt so that empty space is skipped. The
// same trainer drives the CPU executor (the kernels' references in typed arrays) and the WGSL one; the host
// draws every random number, so both see the same rays. No DOM.
//
// Why one dense grid with colour at every vertex (Plenoxels/DVGO without a colour MLP), measured on the CPU
// engine here (npm run bench:nerf-representation, 100 photos, 64 cells, after 300 steps: 39 evaluated samples a
// ray): the grid's whole training step costs 1.0 µs a sample (render, backward, scatter, TV, Adam), while the
// shipped field's colour MLP (17 → 32 → 32 → 3) costs 4.5 µs a sample for its forward pass alone (its CPU
// reference). An MLP would have to make each second of training worth five of the grid's; the grid alone
// reaches 25 dB on the held-out views within 2 minutes and ~30 dB in 5 (README, Live NeRF training), where
// the shipped recipe needed 35 minutes of PyTorch for 33.7 dB. On wgsl the same holds per sample; the
// SwiftShader timings are in the bench's nerf_training rows.
import { Mulberry32 } from '../../core/any-thread/seeded-random';
import {
  ADAM,
  type Cameras,
  initialState,
  type RadianceGrid,
  type RadianceState,
  type RayBatch,
  rawForAlpha,
} from '../../kernels/radiance/radiance-reference';
import { fixedRays, psnrOf } from './radiance-scene';

/** Rays a band of a drawing that may give way (a few tens of ms on the CPU: how long a Start waits at most). */
export const RENDER_BAND = 512;

export interface RadianceSettings {
  /** Rays a step. */
  batch: number;
  /** Adam's learning rate at step 0, falling by 10× every `lrDecaySteps`. */
  lr: number;
  lrDecaySteps: number;
  /** Total variation weight on the raw density. */
  tv: number;
  /** A sample's alpha in the fresh field (nearly clear, so the white background shows). */
  alpha0: number;
  /** The occupancy grid is rebuilt every this many steps from step `occupancyFrom`, keeping cells above `occupancyAlpha`. */
  occupancyEvery: number;
  occupancyFrom: number;
  occupancyAlpha: number;
}

export const RADIANCE_DEFAULTS: RadianceSettings = {
  batch: 4096,
  lr: 0.1,
  lrDecaySteps: 4000,
  tv: 1e-5,
  alpha0: 1e-4,
  occupancyEvery: 50,
  occupancyFrom: 100,
  occupancyAlpha: 5e-4,
};

/** What a trainer needs of an engine: the state lives there (CPU arrays or GPU buffers). */
export interface RadianceExecutor {
  /** One step on the batch (Adam step `t`, 1-based, at `lr`): the batch's mean squared error. */
  step(b: RayBatch, lr: number, t: number): Promise<number>;
  /** Colours of the batch's rays (3 a ray) and, where the photos have the rays' pixels, the summed squared error. */
  render(b: RayBatch, withError: boolean): Promise<{ rgb: Float32Array; se: number }>;
  /** Rebuilds the occupancy bits; the number of occupied cells. */
  updateOccupancy(alphaMin: number): Promise<number>;
  /** The free camera slot's new matrix (the orbit). */
  setCameras(cams: Cameras): void;
  read(): Promise<RadianceState>;
  write(st: RadianceState): void;
  destroy(): void;
}

export type RadianceExecutorFactory = (
  grid: RadianceGrid,
  st: RadianceState,
  cams: Cameras,
  photos: Uint32Array,
  settings: RadianceSettings,
) => Promise<RadianceExecutor>;

export interface RadianceSnapshot {
  step: number;
  rng: number;
  state: RadianceState;
  history: RadianceStepStats[];
}

export interface RadianceStepStats {
  step: number;
  /** PSNR of the step's training batch (dB). */
  psnr: number;
}

export interface RadianceData {
  grid: RadianceGrid;
  cameras: Cameras;
  photos: Uint32Array;
  size: number;
  focal: number;
  /** Camera-table indices of the photos this run trains on and of the held-out ones. */
  train: number[];
  test: number[];
}

/** Rays of the fixed held-out and training subsets (the same for every run: a rise is not noise). */
export const EVAL_RAYS = 4096;
export const EVAL_SEED = 20261206;

export class RadianceTrainer {
  step = 0;
  history: RadianceStepStats[] = [];
  occupied = 0;
  private rng: Mulberry32;
  private readonly batch: RayBatch;
  readonly heldOut: RayBatch;
  readonly trainSubset: RayBatch;

  private constructor(
    readonly data: RadianceData,
    readonly settings: RadianceSettings,
    readonly seed: number,
    private readonly exec: RadianceExecutor,
  ) {
    this.rng = new Mulberry32(seed);
    const n = settings.batch;
    this.batch = { rays: new Uint32Array(2 * n), jitter: new Float32Array(n), count: n, size: data.size, focal: data.focal };
    this.heldOut = fixedRays(data.test, data.size, data.focal, EVAL_RAYS, EVAL_SEED);
    this.trainSubset = fixedRays(data.train, data.size, data.focal, EVAL_RAYS, EVAL_SEED + 1);
  }

  static async create(
    make: RadianceExecutorFactory,
    data: RadianceData,
    seed: number,
    settings: Partial<RadianceSettings> = {},
  ): Promise<RadianceTrainer> {
    const s = { ...RADIANCE_DEFAULTS, ...settings };
    const st = initialState(data.grid, rawForAlpha(s.alpha0, data.grid.stepRatio));
    const exec = await make(data.grid, st, data.cameras, data.photos, s);
    return new RadianceTrainer(data, s, seed, exec);
  }

  lrAt(step: number): number {
    return this.settings.lr * 0.1 ** (step / this.settings.lrDecaySteps);
  }

  /** The next batch: camera and pixel of each ray drawn uniformly over the training photos, and its jitter. */
  private drawBatch(): RayBatch {
    const b = this.batch;
    const { train, size } = this.data;
    const pixels = size * size;
    for (let r = 0; r < b.count; r++) {
      b.rays[2 * r] = train[Math.floor(this.rng.next() * train.length)];
      b.rays[2 * r + 1] = Math.floor(this.rng.next() * pixels);
      b.jitter[r] = this.rng.next();
    }
    return b;
  }

  async steps(n: number): Promise<RadianceStepStats[]> {
    const out: RadianceStepStats[] = [];
    for (let i = 0; i < n; i++) {
      const mse = await this.exec.step(this.drawBatch(), this.lrAt(this.step), this.step + 1);
      this.step++;
      const s = this.settings;
      if (this.step >= s.occupancyFrom && this.step % s.occupancyEvery === 0)
        this.occupied = await this.exec.updateOccupancy(s.occupancyAlpha);
      out.push({ step: this.step, psnr: psnrOf(mse) });
    }
    this.history.push(...out);
    return out;
  }

  /** PSNR (dB) on the fixed held-out rays and on as many fixed training rays. */
  async evaluate(): Promise<{ heldOut: number; train: number }> {
    const h = await this.exec.render(this.heldOut, true);
    const t = await this.exec.render(this.trainSubset, true);
    return { heldOut: psnrOf(h.se / (3 * this.heldOut.count)), train: psnrOf(t.se / (3 * this.trainSubset.count)) };
  }

  /**
   * Every pixel of camera `camera` at `size`: colours, and the PSNR against its photo where it has one at this
   * size. With `between`, in bands of RENDER_BAND rays, awaiting it before each (it may end the call by
   * throwing): a drawing that can give way to the visitor's steps.
   */
  async render(b: RayBatch, withError: boolean, between?: () => Promise<void>): Promise<{ rgb: Float32Array; psnr: number }> {
    const psnr = (se: number) => (withError ? psnrOf(se / (3 * b.count)) : Number.NaN);
    if (!between) {
      const r = await this.exec.render(b, withError);
      return { rgb: r.rgb, psnr: psnr(r.se) };
    }
    const rgb = new Float32Array(3 * b.count);
    let se = 0;
    for (let from = 0; from < b.count; from += RENDER_BAND) {
      await between();
      const count = Math.min(RENDER_BAND, b.count - from);
      const band = { ...b, rays: b.rays.subarray(2 * from, 2 * (from + count)), jitter: b.jitter.subarray(from, from + count), count };
      const r = await this.exec.render(band, withError);
      rgb.set(r.rgb, 3 * from);
      se += r.se;
    }
    return { rgb, psnr: psnr(se) };
  }

  setCameras(cams: Cameras): void {
    this.exec.setCameras(cams);
  }

  async snapshot(): Promise<RadianceSnapshot> {
    return { step: this.step, rng: this.rng.state, state: await this.exec.read(), history: this.history.slice() };
  }

  restore(s: RadianceSnapshot): void {
    this.exec.write(s.state);
    this.step = s.step;
    this.rng = new Mulberry32(0);
    this.rng.state = s.rng;
    this.history = s.history.slice();
  }

  destroy(): void {
    this.exec.destroy();
  }
}

export { ADAM };
