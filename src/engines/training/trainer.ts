// The live VAE and GAN training of the training page, on either executor (CPU or WebGPU): the seeded
// initial weights, the per-step inputs (which training images, which noise), the step count and the curves.
// Everything random is drawn here on the CPU from seeded streams and uploaded, so both executors see the same
// numbers: the same seed gives the same first steps on either engine. No DOM.
import { Mulberry32, normalsFrom as normals } from '../../core/any-thread/seeded-random';
import { NET_DEFAULTS, type NetSettings, PIXELS, trainingPlan } from './nets';
import type { BlockState, Executor, PartTimes, Plan } from './plan';

export interface StepStats {
  step: number;
  /** VAE: reconstruction loss (BCE nats per image) and KL (nats per image) */
  recon: number;
  kl: number;
  /** GAN: discriminator loss (sum of its two BCE means), generator loss, mean D(real) and D(fake) */
  d: number;
  g: number;
  dReal: number;
  dFake: number;
}

export interface Draws {
  vae: Float32Array;
  gan: Float32Array;
  /** the training images reconstructed, then their reconstructions */
  reconInput: Float32Array;
  recon: Float32Array;
}

export type ExecutorFactory = (plan: Plan) => Promise<Executor>;

/** Everything a trainer needs to go on from where it stood, on this engine or another (after a lost GPU device). */
export interface TrainerSnapshot {
  seed: number;
  step: number;
  history: StepStats[];
  /** where the batch, VAE-noise and GAN-noise streams stand */
  streams: [number, number, number];
  blocks: Record<string, BlockState>;
}

/** A seed's own stream for one purpose: the same purpose always draws the same numbers for a seed. */
function stream(seed: number, purpose: number): Mulberry32 {
  return new Mulberry32((Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(purpose + 1, 0x85ebca6b)) >>> 0);
}

const uniform = (g: Mulberry32) => () => g.next();

export class Trainer {
  readonly settings: NetSettings;
  readonly plan: Plan;
  /** steps done so far */
  step = 0;
  readonly history: StepStats[] = [];
  /** ms each model's part of the last steps() call took (undefined where the engine cannot tell) */
  lastPartMs: PartTimes | undefined;
  private readonly pick: Mulberry32;
  private readonly vaeNoise: Mulberry32;
  private readonly ganNoise: Mulberry32;
  private readonly reconRows: Float32Array;

  private constructor(
    readonly exec: Executor,
    plan: Plan,
    settings: NetSettings,
    readonly images: number,
    readonly seed: number,
  ) {
    this.plan = plan;
    this.settings = settings;
    this.pick = stream(seed, 1);
    this.vaeNoise = stream(seed, 2);
    this.ganNoise = stream(seed, 3);
    const rows = Math.min(settings.reconstructions, images);
    this.reconRows = Float32Array.from({ length: settings.reconstructions }, (_, i) => Math.floor((i * images) / rows) % images);
  }

  /**
   * A trainer on `data` (images × 784 floats in [0, 1]) with weights drawn from `seed` the way torch
   * initialises a linear layer (uniform in ±1/√fan-in, weights and biases).
   */
  static async create(make: ExecutorFactory, data: Float32Array, seed: number, settings: Partial<NetSettings> = {}): Promise<Trainer> {
    const s = { ...NET_DEFAULTS, ...settings };
    const images = Math.floor(data.length / PIXELS);
    if (images < 1) throw new Error('there are no training images to learn from');
    const plan = trainingPlan(s, images);
    const exec = await make(plan);
    const t = new Trainer(exec, plan, s, images, seed);
    exec.write('data', data);
    const targets = new Float32Array(2 * s.batch);
    targets.fill(1, 0, s.batch);
    if (plan.tensors.has('gan.targets')) exec.write('gan.targets', targets); // absent from a VAE-only plan
    const fixed = stream(seed, 4);
    exec.write('draw.vaez', normals(uniform(fixed), s.samples * s.vaeLatent));
    exec.write('draw.ganz', normals(uniform(fixed), s.samples * s.ganLatent));
    exec.write('draw.reconidx', t.reconRows);
    const init = stream(seed, 0);
    for (const b of plan.blocks) {
      const p = new Float32Array(b.size);
      for (const l of b.layers) {
        const bound = 1 / Math.sqrt(l.in);
        for (let i = 0; i < l.out * l.in; i++) p[l.w + i] = (2 * init.next() - 1) * bound;
        for (let i = 0; i < l.out; i++) p[l.b + i] = (2 * init.next() - 1) * bound;
      }
      exec.setParams(b.name, p);
    }
    return t;
  }

  /** The next step's inputs: a batch of training images (uniform, with replacement) and fresh noise. */
  private nextInputs(): Record<string, Float32Array> {
    const { batch: M, vaeLatent: Z, ganLatent: G } = this.settings;
    const idx = new Float32Array(M);
    for (let i = 0; i < M; i++) idx[i] = Math.min(this.images - 1, Math.floor(this.pick.next() * this.images));
    const inputs: Record<string, Float32Array> = {
      idx,
      'vae.eps': normals(uniform(this.vaeNoise), M * Z),
      'gan.z': normals(uniform(this.ganNoise), M * G),
    };
    // a one-model plan (to time each model's share) has no tensor for the other's noise
    for (const name of Object.keys(inputs)) if (!this.plan.tensors.has(name)) delete inputs[name];
    return inputs;
  }

  /** Runs `n` steps of both models; returns their stats (also kept in `history`; the models' times in `lastPartMs`). */
  async steps(n = 1): Promise<StepStats[]> {
    const inputs = Array.from({ length: n }, () => this.nextInputs());
    const { stats: raw, partMs } = await this.exec.steps(inputs, this.step + 1);
    this.lastPartMs = partMs;
    const slot = (name: string) => this.plan.stats.indexOf(name);
    const [recon, kl, d, g, dReal, dFake] = ['vae.recon', 'vae.kl', 'gan.d', 'gan.g', 'gan.dreal', 'gan.dfake'].map(slot);
    const out = raw.map((s, i) => ({
      step: this.step + i + 1,
      recon: s[recon],
      kl: s[kl],
      d: s[d],
      g: s[g],
      dReal: s[dReal],
      dFake: s[dFake],
    }));
    this.step += n;
    this.history.push(...out);
    return out;
  }

  /** Samples of both models from their fixed latents, and the VAE's reconstructions of a few training images. */
  async draw(): Promise<Draws> {
    const { samples: S, reconstructions: R } = this.settings;
    const got = await this.exec.draw({
      'draw.vae': S * PIXELS,
      'draw.gan': S * PIXELS,
      'draw.reconx': R * PIXELS,
      'draw.recon': R * PIXELS,
    });
    return { vae: got['draw.vae'], gan: got['draw.gan'], reconInput: got['draw.reconx'], recon: got['draw.recon'] };
  }

  /** Where training stands: weights, Adam's moments, the step and the random streams (read from the engine). */
  async snapshot(): Promise<TrainerSnapshot> {
    const blocks: Record<string, BlockState> = {};
    for (const b of this.plan.blocks) blocks[b.name] = await this.exec.state(b.name);
    const streams: [number, number, number] = [this.pick.state, this.vaeNoise.state, this.ganNoise.state];
    return { seed: this.seed, step: this.step, history: this.history.slice(), streams, blocks };
  }

  /** Goes on from `snap` (taken from a trainer with the same data and settings): the next step is the one it would have run. */
  restore(snap: TrainerSnapshot): void {
    if (snap.seed !== this.seed) throw new Error(`a snapshot of seed ${snap.seed} cannot resume a trainer of seed ${this.seed}`);
    for (const b of this.plan.blocks) {
      const st = snap.blocks[b.name];
      if (!st || st.p.length !== b.size) throw new Error(`the snapshot does not fit the ${b.name} network`);
      this.exec.setParams(b.name, st.p, st);
    }
    [this.pick.state, this.vaeNoise.state, this.ganNoise.state] = snap.streams;
    this.step = snap.step;
    this.history.length = 0;
    this.history.push(...snap.history);
  }

  destroy(): void {
    this.exec.destroy();
  }
}
