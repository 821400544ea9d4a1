// Reverse diffusion without the network: the schedule, the timesteps a sampler visits, one DDPM/DDIM step,
// and a recorded trajectory that can be walked forward and back. The network is passed in as a function;
// the reference values in sampler.fixture.json come from training/diffusion.py (same formulas, float64).

import { seededNormals } from '../../core/any-thread/seeded-random';
import { timestepSequence } from '../../engines/training/diffusion-schedule';

export { timestepSequence };

export type SamplerKind = 'ddim' | 'ddpm';
export const SAMPLERS: readonly SamplerKind[] = ['ddim', 'ddpm'];

/** What diffusion/schedule.json holds. */
export interface Schedule {
  kind: string;
  timesteps: number;
  null_label: number;
  alpha_bar: number[];
}

export function parseSchedule(json: unknown): Schedule {
  const s = json as Partial<Schedule>;
  if (
    !s ||
    !Array.isArray(s.alpha_bar) ||
    typeof s.timesteps !== 'number' ||
    s.alpha_bar.length !== s.timesteps ||
    typeof s.null_label !== 'number' ||
    !s.alpha_bar.every((v) => typeof v === 'number' && v > 0 && v <= 1)
  ) {
    throw new Error('schedule.json: expected timesteps, null_label and alpha_bar (timesteps values in (0, 1])');
  }
  return s as Schedule;
}

/**
 * One step from ᾱ_t to ᾱ_prev: x_prev and the predicted clean image x0 (both written into `out*`).
 * σ = η·sqrt((1-ᾱ_prev)/(1-ᾱ_t))·sqrt(1-ᾱ_t/ᾱ_prev); η = 0 is DDIM, η = 1 DDPM's ancestral step.
 * x0 is clipped to [-1, 1] and ε re-derived from it.
 */
export function samplerStep(
  x: ArrayLike<number>,
  eps: ArrayLike<number>,
  abT: number,
  abPrev: number,
  eta: number,
  noise: ArrayLike<number> | null,
  outX: Float32Array,
  outX0: Float32Array,
): void {
  const sa = Math.sqrt(abT),
    s1a = Math.sqrt(1 - abT),
    sap = Math.sqrt(abPrev);
  const sigma = eta * Math.sqrt((1 - abPrev) / (1 - abT)) * Math.sqrt(1 - abT / abPrev);
  const dir = Math.sqrt(Math.max(1 - abPrev - sigma * sigma, 0));
  for (let i = 0; i < x.length; i++) {
    const x0 = Math.min(1, Math.max(-1, (x[i] - s1a * eps[i]) / sa));
    const e = (x[i] - sa * x0) / s1a;
    let next = sap * x0 + dir * e;
    if (sigma > 0 && noise) next += sigma * noise[i];
    outX[i] = next;
    outX0[i] = x0;
  }
}

/** ε̂ = ε_uncond + w·(ε_cond - ε_uncond), for `count` images laid out [cond..., uncond...] in `both`. */
export function guide(both: Float32Array, count: number, size: number, guidance: number): Float32Array {
  const out = new Float32Array(count * size);
  const half = count * size;
  for (let i = 0; i < half; i++) out[i] = both[half + i] + guidance * (both[i] - both[half + i]);
  return out;
}

/** One image's state after `index` model calls; x0 is the prediction that call made (null at the start). */
export interface TrajectoryState {
  index: number;
  /** The timestep of `x` (the next call's t); -1 once the image is clean. */
  t: number;
  x: Float32Array;
  x0: Float32Array | null;
}

export interface RunOptions {
  sampler: SamplerKind;
  steps: number;
  seed: number;
  /** Values per image (784 for 28x28). */
  size: number;
  /** Images run side by side; image k uses seed + k. */
  count?: number;
}

/** The network, guided: x (count·size) at timestep t -> ε̂ (count·size). */
export type EpsFn = (x: Float32Array, t: number) => Promise<Float32Array>;

/**
 * A reverse-diffusion run that records every state, so stepping back shows exactly what was there and
 * never re-samples. Noise for image k comes from seededNormals(size·(steps+1), seed + k): x_T first, then
 * one image of fresh noise per step (DDPM only).
 */
export class Trajectory {
  readonly timesteps: number[];
  readonly states: TrajectoryState[] = [];
  readonly count: number;
  private readonly noise: Float32Array[];

  constructor(
    readonly schedule: Schedule,
    readonly options: RunOptions,
  ) {
    this.count = options.count ?? 1;
    this.timesteps = timestepSequence(schedule.timesteps, options.steps);
    const n = options.sampler === 'ddpm' ? options.size * (this.timesteps.length + 1) : options.size;
    this.noise = Array.from({ length: this.count }, (_, k) => seededNormals(n, options.seed + k));
    const xT = new Float32Array(this.count * options.size);
    this.noise.forEach((normals, k) => {
      xT.set(normals.subarray(0, options.size), k * options.size);
    });
    this.states.push({ index: 0, t: this.timesteps[0], x: xT, x0: null });
  }

  get steps(): number {
    return this.timesteps.length;
  }
  get done(): boolean {
    return this.states.length > this.timesteps.length;
  }
  get last(): TrajectoryState {
    return this.states[this.states.length - 1];
  }

  /** Runs the next model call and records the new state. */
  async advance(eps: EpsFn): Promise<TrajectoryState> {
    if (this.done) return this.last;
    const i = this.states.length - 1;
    const x = this.last.x;
    const t = this.timesteps[i];
    const e = await eps(x, t);
    if (i !== this.states.length - 1) throw new Error('two steps of one trajectory overlapped');
    const { size } = this.options;
    const ab = this.schedule.alpha_bar;
    const tPrev = i + 1 < this.timesteps.length ? this.timesteps[i + 1] : -1;
    const abPrev = tPrev >= 0 ? ab[tPrev] : 1;
    const eta = this.options.sampler === 'ddpm' ? 1 : 0;
    const next = new Float32Array(x.length),
      x0 = new Float32Array(x.length);
    for (let k = 0; k < this.count; k++) {
      const span = [k * size, (k + 1) * size] as const;
      const noise = eta > 0 ? this.noise[k].subarray(size * (i + 1), size * (i + 2)) : null;
      samplerStep(x.subarray(...span), e.subarray(...span), ab[t], abPrev, eta, noise, next.subarray(...span), x0.subarray(...span));
    }
    const state = { index: i + 1, t: tPrev, x: next, x0 };
    this.states.push(state);
    return state;
  }
}

/** Pixel scale [-1, 1] -> intensities [0, 1] (what the canvases paint). */
export function toUnit(x: Float32Array): Float32Array {
  return x.map((v) => Math.min(1, Math.max(0, (v + 1) / 2)));
}
