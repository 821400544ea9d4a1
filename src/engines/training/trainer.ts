// The live VAE and GAN training of the training page, on either executor (CPU or WebGPU): the seeded
// initial weights, the per-step inputs (which training images, which noise), the step count and the curves.
// Everything random is drawn here on the CPU from seeded streams and uploaded, so both executors see the same
// numbers: the same seed gives the same first steps on either engine. No DOM.
import { Mulberry32, normalsFrom as normals } from '../../core/any-thread/seeded-random';
import { cosineAlphaBar, ddimCoefficients, timestepSequence } from './diffusion-schedule';
import { DIFFUSION_T, NET_DEFAULTS, type NetSettings, PIXELS, trainingPlan } from './nets';
import { type BlockState, type Executor, initialParams, type PartTimes, type Plan, readBlocks, writeBlocks } from './plan';

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
  /** diffusion: the squared error of its guess of the clean image (on the [−1, 1] scale), per pixel */
  dif: number;
}

export interface Draws {
  vae: Float32Array;
  gan: Float32Array;
  diffusion: Float32Array;
  /** the training images reconstructed, then their reconstructions */
  reconInput: Float32Array;
  recon: Float32Array;
}

export type ExecutorFactory = (plan: Plan) => Promise<Executor>;

/** The visitor's own images at the end of the training data: rows `from`…end, drawn for `share` of each batch. */
export interface OwnImages {
  from: number;
  /** 0…1; 1: the batches hold only the visitor's images */
  share: number;
}

/** Everything a trainer needs to go on from where it stood, on this engine or another (after a lost GPU device). */
export interface TrainerSnapshot {
  seed: number;
  step: number;
  history: StepStats[];
  /** where the batch, VAE-noise, GAN-noise and diffusion-noise streams stand */
  streams: [number, number, number, number];
  blocks: Record<string, BlockState>;
}

/** A seed's own stream for one purpose: the same purpose always draws the same numbers for a seed. */
export function stream(seed: number, purpose: number): Mulberry32 {
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
  private readonly difNoise: Mulberry32;
  private readonly alphaBar = cosineAlphaBar(DIFFUSION_T);
  private readonly reconRows: Float32Array;
  /** the display grids' fixed latents and noise (written back after scoring draws other ones) */
  private fixedDraw: Record<string, Float32Array> = {};

  private constructor(
    readonly exec: Executor,
    plan: Plan,
    settings: NetSettings,
    readonly images: number,
    readonly seed: number,
    private readonly own?: OwnImages,
  ) {
    this.plan = plan;
    this.settings = settings;
    this.pick = stream(seed, 1);
    this.vaeNoise = stream(seed, 2);
    this.ganNoise = stream(seed, 3);
    this.difNoise = stream(seed, 5);
    const rows = Math.min(settings.reconstructions, images);
    this.reconRows = Float32Array.from({ length: settings.reconstructions }, (_, i) => Math.floor((i * images) / rows) % images);
  }

  /**
   * A trainer on `data` (images × 784 floats in [0, 1]) with weights drawn from `seed` the way torch
   * initialises a linear layer (uniform in ±1/√fan-in, weights and biases).
   */
  static async create(
    make: ExecutorFactory,
    data: Float32Array,
    seed: number,
    settings: Partial<NetSettings> = {},
    own?: OwnImages,
  ): Promise<Trainer> {
    const s = { ...NET_DEFAULTS, ...settings };
    const images = Math.floor(data.length / PIXELS);
    if (images < 1) throw new Error('there are no training images to learn from');
    const plan = trainingPlan(s, images);
    const exec = await make(plan);
    const mixed = own && own.from < images ? own : undefined;
    const t = new Trainer(exec, plan, s, images, seed, mixed);
    exec.write('data', data);
    const targets = new Float32Array(2 * s.batch);
    targets.fill(1, 0, s.batch);
    if (plan.tensors.has('gan.targets')) exec.write('gan.targets', targets); // absent from a VAE-only plan
    if (plan.tensors.has('dif.scale'))
      exec.write(
        'dif.scale',
        new Float32Array(3 * s.batch).map((_, i) => [2, 0, -1][i % 3]!),
      ); // x ↦ 2x − 1
    const fixed = stream(seed, 4);
    // drawn in this order from the one stream (an object literal evaluates left to right)
    t.fixedDraw = {
      'draw.vaez': normals(uniform(fixed), s.samples * s.vaeLatent),
      'draw.ganz': normals(uniform(fixed), s.samples * s.ganLatent),
      'draw.difx': normals(uniform(fixed), s.samples * PIXELS),
    };
    exec.write('draw.reconidx', t.reconRows);
    for (const [name, v] of Object.entries(t.fixedDraw)) exec.write(name, v);
    const draws = t.ddimDraws();
    exec.write('draw.dift', draws.steps);
    exec.write('draw.difcoef', draws.coef);
    const init = stream(seed, 0);
    for (const b of plan.blocks) exec.setParams(b.name, initialParams(b, uniform(init)));
    return t;
  }

  /**
   * What the diffusion model's DDIM samples need, per step k from T−1 down to 0: its time step for every
   * sample row, ε̂ from the network's x̂₀ and the three coefficient rows of ddimCoefficients; then one row rescaling
   * [−1, 1] to [0, 1].
   */
  private ddimDraws(): { steps: Float32Array; coef: Float32Array } {
    const { samples: S, ddimSteps: K } = this.settings;
    const seq = timestepSequence(DIFFUSION_T, K);
    const steps = new Float32Array(K * S);
    const coef = new Float32Array((4 * K + 1) * 3 * S);
    const rows = (at: number, abc: readonly number[]) => {
      for (let r = 0; r < S; r++) coef.set(abc, (at * S + r) * 3);
    };
    seq.forEach((tk, k) => {
      steps.fill(tk, k * S, (k + 1) * S);
      const ab = this.alphaBar[tk]!;
      const abPrev = k + 1 < K ? this.alphaBar[seq[k + 1]!]! : 1;
      rows(4 * k, [1 / Math.sqrt(1 - ab), -Math.sqrt(ab) / Math.sqrt(1 - ab), 0]); // ε̂ = (x_t − √ᾱ·x̂₀)/√(1−ᾱ)
      for (const [j, abc] of ddimCoefficients(ab, abPrev).entries()) rows(4 * k + 1 + j, abc);
    });
    rows(4 * K, [0.5, 0, 0.5]);
    return { steps, coef };
  }

  /**
   * The diffusion model's inputs for one step: noise, a time step per image (uniform over 0..T−1), each
   * row's coefficients for x_t = √ᾱ·(2x − 1) + √(1−ᾱ)·ε.
   */
  private diffusionInputs(M: number): Record<string, Float32Array> {
    const t = new Float32Array(M);
    const coef = new Float32Array(3 * M);
    for (let i = 0; i < M; i++) {
      t[i] = Math.min(DIFFUSION_T - 1, Math.floor(this.difNoise.next() * DIFFUSION_T));
      const ab = this.alphaBar[t[i]!]!;
      coef.set([2 * Math.sqrt(ab), Math.sqrt(1 - ab), -Math.sqrt(ab)], 3 * i);
    }
    return { 'dif.eps': normals(uniform(this.difNoise), M * PIXELS), 'dif.t': t, 'dif.coef': coef };
  }

  /** The next step's inputs: a batch of training images (uniform, with replacement) and fresh noise. */
  private nextInputs(): Record<string, Float32Array> {
    const { batch: M, vaeLatent: Z, ganLatent: G } = this.settings;
    const idx = new Float32Array(M);
    const own = this.own;
    const from = (start: number, count: number) => start + Math.min(count - 1, Math.floor(this.pick.next() * count));
    for (let i = 0; i < M; i++) {
      if (!own) idx[i] = from(0, this.images);
      else idx[i] = this.pick.next() < own.share || own.from === 0 ? from(own.from, this.images - own.from) : from(0, own.from);
    }
    const inputs: Record<string, Float32Array> = {
      idx,
      'vae.eps': normals(uniform(this.vaeNoise), M * Z),
      'gan.z': normals(uniform(this.ganNoise), M * G),
      ...(this.plan.tensors.has('dif.eps') ? this.diffusionInputs(M) : {}),
    };
    // a one-model plan (to time each model's share) has no tensor for the other's noise
    for (const name of Object.keys(inputs)) if (!this.plan.tensors.has(name)) delete inputs[name];
    return inputs;
  }

  /** Runs `n` steps of the models; returns their stats (also kept in `history`; the models' times in `lastPartMs`). */
  async steps(n = 1): Promise<StepStats[]> {
    const inputs = Array.from({ length: n }, () => this.nextInputs());
    const { stats: raw, partMs } = await this.exec.steps(inputs, this.step + 1);
    this.lastPartMs = partMs;
    const slot = (name: string) => this.plan.stats.indexOf(name);
    const [recon, kl, d, g, dReal, dFake, dif] = ['vae.recon', 'vae.kl', 'gan.d', 'gan.g', 'gan.dreal', 'gan.dfake', 'dif.loss'].map(slot);
    const out = raw.map((s, i) => ({
      step: this.step + i + 1,
      recon: s[recon],
      kl: s[kl],
      d: s[d],
      g: s[g],
      dReal: s[dReal],
      dFake: s[dFake],
      dif: s[dif],
    }));
    this.step += n;
    this.history.push(...out);
    return out;
  }

  /** The display grid's fixed latents of the VAE's decoder and the GAN's generator (copies). */
  fixedLatents(): { vae: Float32Array; gan: Float32Array } {
    return { vae: this.fixedDraw['draw.vaez']!.slice(), gan: this.fixedDraw['draw.ganz']!.slice() };
  }

  /** Samples of the models from their fixed latents (the diffusion model's from fixed noise), and the VAE's reconstructions of a few training images. */
  async draw(): Promise<Draws> {
    const { samples: S, reconstructions: R } = this.settings;
    const got = await this.exec.draw({
      'draw.vae': S * PIXELS,
      'draw.gan': S * PIXELS,
      'draw.diffusion': S * PIXELS,
      'draw.reconx': R * PIXELS,
      'draw.recon': R * PIXELS,
    });
    return {
      vae: got['draw.vae'],
      gan: got['draw.gan'],
      diffusion: got['draw.diffusion'],
      reconInput: got['draw.reconx'],
      recon: got['draw.recon'],
    };
  }

  /**
   * `count` samples of each model (a multiple of the grid's size) from latents and noise of their own, the
   * same at every call for a seed (stream 6): what the page scores with the yardstick. Drawn a grid at a
   * time with the draw plan; the grid's own latents are written back after.
   */
  async scoreSamples(count: number): Promise<{ vae: Float32Array; gan: Float32Array; diffusion: Float32Array }> {
    const { samples: S, vaeLatent: Z, ganLatent: G } = this.settings;
    if (count % S !== 0) throw new Error(`score samples come in grids of ${S}`);
    const own = stream(this.seed, 6);
    const out = {
      vae: new Float32Array(count * PIXELS),
      gan: new Float32Array(count * PIXELS),
      diffusion: new Float32Array(count * PIXELS),
    };
    try {
      for (let at = 0; at < count; at += S) {
        this.exec.write('draw.vaez', normals(uniform(own), S * Z));
        this.exec.write('draw.ganz', normals(uniform(own), S * G));
        this.exec.write('draw.difx', normals(uniform(own), S * PIXELS));
        const d = await this.exec.draw({ 'draw.vae': S * PIXELS, 'draw.gan': S * PIXELS, 'draw.diffusion': S * PIXELS });
        out.vae.set(d['draw.vae']!, at * PIXELS);
        out.gan.set(d['draw.gan']!, at * PIXELS);
        out.diffusion.set(d['draw.diffusion']!, at * PIXELS);
      }
    } finally {
      for (const [name, v] of Object.entries(this.fixedDraw)) this.exec.write(name, v);
    }
    return out;
  }

  /** Where training stands: weights, Adam's moments, the step and the random streams (read from the engine). */
  async snapshot(): Promise<TrainerSnapshot> {
    const blocks = await readBlocks(this.exec, this.plan);
    const streams: TrainerSnapshot['streams'] = [this.pick.state, this.vaeNoise.state, this.ganNoise.state, this.difNoise.state];
    return { seed: this.seed, step: this.step, history: this.history.slice(), streams, blocks };
  }

  /** Goes on from `snap` (taken from a trainer with the same data and settings): the next step is the one it would have run. */
  restore(snap: TrainerSnapshot): void {
    if (snap.seed !== this.seed) throw new Error(`a snapshot of seed ${snap.seed} cannot resume a trainer of seed ${this.seed}`);
    writeBlocks(this.exec, this.plan, snap.blocks);
    [this.pick.state, this.vaeNoise.state, this.ganNoise.state, this.difNoise.state] = snap.streams;
    this.step = snap.step;
    this.history.length = 0;
    this.history.push(...snap.history);
  }

  destroy(): void {
    this.exec.destroy();
  }
}
