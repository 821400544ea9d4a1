// The two networks the training page trains side by side, and their steps as plans (plan.ts).
//
// Why MLPs and not small conv nets: the page is about watching learning happen within a minute, and on the
// CPU fallback (what `auto` picks wherever WebGPU is slow or missing) a step's cost is its multiply-adds. At
// the page's width (hidden 128) the two MLPs cost ~0.2 M multiply-adds per image and direction; a conv pair
// with two 4×4 stride-2 layers of 32/64 channels each way costs several times that by count. Measured on the
// shipped page (`BENCH_ONLY=training npm run bench`, bench/results/2026-12-03-training.json, 2-core EPYC VM,
// batch 64): the CPU path steps the VAE in 61 ms, the GAN in 106 ms, both in 156 ms (6.4 steps/s, ~400
// steps a minute); our WGSL kernels on SwiftShader take 2.4 s for both (a CPU emulating a GPU: not a GPU
// timing). Watched on the page (README, Live training): the MLP VAE's samples are blurry garments from ~30 s;
// the MLP GAN's show garment outlines from ~150 s and several classes, still speckled, at 5 min. A conv GAN would likely look better per step
// but take several times as long per step here; we have not built one to measure, so that stays an estimate.
//
//   VAE: encoder 784 →H (ReLU) → 2·Z (μ, log σ²); z = μ + σ·ε; decoder Z →H (ReLU) → 784 logits.
//        Loss per image: Σ pixels BCE(logit, pixel) + KL(N(μ, σ²) ‖ N(0, 1)), mean over the batch.
//   GAN: generator Z →H (leaky ReLU 0.2) → 784, sigmoid; discriminator 784 →H (leaky ReLU 0.2) → 1 logit.
//        Non-saturating losses: D step on the batch's real images (target 1) and fresh fakes (target 0),
//        then a G step through the updated D with target 1 for the same fakes' latents.
// Written forward only: the tape (tape.ts) derives each step's backward ops and Adam updates.
import { at, type Block, block, type Op, type Plan, PlanBuilder, type Ref, type StepPart } from './plan';
import { Tape, type Value } from './tape';

export const PIXELS = 784;

export interface NetSettings {
  /** images per step (a multiple of 4: the fake half of D's batch is a 256-byte aligned view) */
  batch: number;
  /** width of every hidden layer */
  hidden: number;
  vaeLatent: number;
  ganLatent: number;
  lrVae: number;
  lrGan: number;
  /** samples drawn with fixed latents for the page's grids (and the class histogram) */
  samples: number;
  /** training images the VAE reconstructs for the page */
  reconstructions: number;
  /** the diffusion model's learning rate, time-embedding width and DDIM steps for its samples */
  lrDiffusion: number;
  timeDims: number;
  ddimSteps: number;
  /** which models a step trains (one alone: to time each one's share of a step) */
  models: 'all' | StepPart['model'];
}

/** The live diffusion model's noise schedule: the shipped model's cosine schedule over T steps. */
export const DIFFUSION_T = 1000;

export const NET_DEFAULTS: NetSettings = {
  batch: 64,
  hidden: 256,
  vaeLatent: 16,
  ganLatent: 32,
  lrVae: 1e-3,
  lrGan: 2e-4,
  samples: 64,
  reconstructions: 8,
  lrDiffusion: 1e-3,
  timeDims: 32,
  ddimSteps: 10,
  models: 'all',
};

const LEAK = 0.2;

/** Writes the ops of one plan: the shared tensors and blocks, then each model's step and the draws, forward only (tape.ts derives the rest). */
class Writer {
  readonly b = new PlanBuilder();
  readonly vae: Block;
  readonly gen: Block;
  readonly disc: Block;
  readonly dif: Block;
  readonly data: Ref;
  readonly idx: Ref;

  constructor(
    readonly s: NetSettings,
    images: number,
  ) {
    const { hidden: H, vaeLatent: Z, ganLatent: G } = s;
    const ganAdam = { lr: s.lrGan, beta1: 0.5, beta2: 0.999, eps: 1e-8 };
    const vaeLayers = [
      { in: PIXELS, out: H },
      { in: H, out: 2 * Z },
      { in: Z, out: H },
      { in: H, out: PIXELS },
    ];
    this.vae = block('vae', vaeLayers, { lr: s.lrVae, beta1: 0.9, beta2: 0.999, eps: 1e-8 });
    this.gen = block(
      'gen',
      [
        { in: G, out: H },
        { in: H, out: PIXELS },
      ],
      ganAdam,
    );
    this.disc = block(
      'disc',
      [
        { in: PIXELS, out: H },
        { in: H, out: 1 },
      ],
      ganAdam,
    );
    // time features (sinusoid → H), the two layers' time projections, then image in → H → H → ε̂
    const difLayers = [
      { in: s.timeDims, out: H },
      { in: H, out: H },
      { in: H, out: H },
      { in: PIXELS, out: H },
      { in: H, out: H },
      { in: H, out: PIXELS },
    ];
    this.dif = block('diffusion', difLayers, { lr: s.lrDiffusion, beta1: 0.9, beta2: 0.999, eps: 1e-8 });
    this.data = this.b.tensor('data', images * PIXELS);
    this.idx = this.b.tensor('idx', s.batch);
  }

  /** A tensor written from outside (noise, indices, targets), as a tape input. */
  input(t: Tape, name: string, size: number): Value {
    return t.input(this.b.tensor(name, size), size);
  }

  /** The VAE's decoder on latents z: logits. */
  decode(t: Tape, z: Value, rows: number): Value {
    const [, , dec1, dec2] = this.vae.layers;
    return t.linear(t.act(t.linear(z, dec1, rows), 'relu'), dec2, rows);
  }

  /** The VAE's forward pass on `rows` images x with noise eps: logits and the KL term. */
  vaeForward(t: Tape, x: Value, eps: Value, rows: number) {
    const [enc1, enc2] = this.vae.layers;
    const enc = t.linear(t.act(t.linear(x, enc1, rows), 'relu'), enc2, rows);
    const { z, kl } = t.reparam(enc, eps, rows, this.s.vaeLatent, 1 / this.s.batch);
    return { logits: this.decode(t, z, rows), kl };
  }

  /** The VAE's step: a batch, the loss (BCE + KL, mean over the batch), the derived backward and Adam. */
  vaeStep(): Op[] {
    const { batch: M, vaeLatent: Z } = this.s;
    const t = new Tape(this.b, 'vae.');
    const x = t.gather(t.input(this.data, 0), t.input(this.idx, M), M, PIXELS, this.b.tensor('x', M * PIXELS));
    const v = this.vaeForward(t, x, this.input(t, 'vae.eps', M * Z), M);
    const recon = t.loss('bce', v.logits, x, M, PIXELS, 1 / M);
    t.stat(recon.rows, 'vae.recon', 'sum', 1 / M);
    t.stat(v.kl.rows, 'vae.kl', 'sum', 1 / M);
    return t.update([recon, v.kl], [this.vae]);
  }

  /** The generator on `rows` latents z, its images (in [0, 1]) into `into` when given. */
  generator(t: Tape, z: Value, rows: number, into?: Ref): Value {
    const [g1, g2] = this.gen.layers;
    return t.act(t.linear(t.act(t.linear(z, g1, rows), 'leaky', LEAK), g2, rows), 'sigmoid', 0, into);
  }

  /** The discriminator's logits for `rows` images. */
  discriminator(t: Tape, x: Value, rows: number): Value {
    const [d1, d2] = this.disc.layers;
    return t.linear(t.act(t.linear(x, d1, rows), 'leaky', LEAK), d2, rows);
  }

  /** The GAN's step: D on [real; fake], then G through the updated D (D frozen). */
  ganStep(): Op[] {
    const { batch: M, ganLatent: G } = this.s;
    const t = new Tape(this.b, 'gan.');
    const dIn = this.b.tensor('gan.din', 2 * M * PIXELS); // real rows, then fake rows
    const targets = this.input(t, 'gan.targets', 2 * M); // 1 for the real rows, 0 for the fake ones (set once)
    const real = t.gather(t.input(this.data, 0), t.input(this.idx, M), M, PIXELS, dIn);
    const fake = this.generator(t, this.input(t, 'gan.z', M * G), M, at(dIn, M * PIXELS));
    const logit = this.discriminator(t, t.join(dIn, [real, fake]), 2 * M);
    const dLoss = t.loss('bce', logit, targets, 2 * M, 1, 1 / M);
    t.stat(dLoss.rows, 'gan.d', 'sum', 1 / M);
    t.stat(logit.ref, 'gan.dreal', 'sigmoid', 1 / M, M);
    t.stat(at(logit.ref, M), 'gan.dfake', 'sigmoid', 1 / M, M);
    const step = t.update([dLoss], [this.disc]);
    // G step: the same fakes through the updated D, target "real" (the first M targets)
    const gLoss = t.loss('bce', this.discriminator(t, fake, M), targets, M, 1, 1 / M);
    t.stat(gLoss.rows, 'gan.g', 'sum', 1 / M);
    step.push(...t.update([gLoss], [this.gen]));
    return step;
  }

  /**
   * The denoiser's network: x̂₀, its guess of the clean image, for `rows` noisy images x_t at time steps t
   * (floats); the sampler derives the noise from it, ε̂ = (x_t − √ᾱ·x̂₀)/√(1−ᾱ). Time enters as a sinusoidal
   * embedding turned into H features, added to both hidden layers (so t's features get two gradients, summed).
   *
   * Why an MLP: a conv net's multiply-adds per image are many times an MLP's at this width, and on the CPU
   * path a step costs its multiply-adds (the same argument as for the VAE and GAN above); we did not build one.
   * Why x₀ as the network's target and not ε (what the shipped diffusion model predicts) or v, measured on
   * the CPU path (2-core VM, hidden 128, batch 64, seed 1, DDIM 10 steps): trained on ε, the error fell from
   * 0.46 to 0.39 in 100 steps and stalled, and the samples were salt-and-pepper noise over garment shapes at
   * 600 steps; on v (Salimans & Ho 2022) still at 1,500 steps; on x₀, blurry but clean garments of several
   * classes at 300 steps (docs/train/). The reason is the bottleneck: to remove the last noise, an ε or v
   * network has to output the noise itself, 784 independent values that no H-wide hidden layer can carry,
   * while an x₀ network outputs an image, which it can.
   */
  denoise(t: Tape, x: Value, steps: Value, rows: number): Value {
    const [time, time1, time2, in1, in2, out] = this.dif.layers;
    const e = t.act(t.linear(t.sinusoid(steps, rows, this.s.timeDims, 10_000), time!, rows), 'gelu');
    const h1 = t.act(t.add(t.linear(x, in1!, rows), t.linear(e, time1!, rows)), 'gelu');
    const h2 = t.act(t.add(t.linear(h1, in2!, rows), t.linear(e, time2!, rows)), 'gelu');
    return t.linear(h2, out!, rows);
  }

  /**
   * The diffusion model's step (DDPM with the x₀ target): a batch scaled to [−1, 1] and noised to random
   * time steps in one op, x_t = √ᾱ·(2x − 1) + √(1−ᾱ)·ε (per-row coefficients from the trainer), the target
   * 2x − 1 in another (`dif.scale`: the same rescaling on every row, written once), then the squared error
   * of x̂₀, its derived backward and Adam.
   */
  diffusionStep(): Op[] {
    const M = this.s.batch;
    const t = new Tape(this.b, 'dif.');
    const x = t.gather(t.input(this.data, 0), t.input(this.idx, M), M, PIXELS);
    const eps = this.input(t, 'dif.eps', M * PIXELS);
    const xt = t.mix(x, eps, this.input(t, 'dif.coef', 3 * M), M, PIXELS);
    const x0 = t.mix(x, x, this.input(t, 'dif.scale', 3 * M), M, PIXELS);
    const loss = t.loss('mse', this.denoise(t, xt, this.input(t, 'dif.t', M), M), x0, M, PIXELS, 1 / M);
    t.stat(loss.rows, 'dif.loss', 'sum', 2 / (M * PIXELS)); // mean squared error per pixel
    return t.update([loss], [this.dif]);
  }

  /**
   * The diffusion model's samples: DDIM (η = 0) from fixed noise in `ddimSteps` steps, each step's time and
   * coefficients (ε̂ from x̂₀, then ddimCoefficients' three) written once by the trainer, the last x₀ rescaled to [0, 1].
   */
  diffusionDraw(t: Tape): void {
    const { samples: S, ddimSteps: K } = this.s;
    const steps = this.input(t, 'draw.dift', K * S);
    const coef = this.input(t, 'draw.difcoef', (4 * K + 1) * 3 * S);
    const view = (v: Value, i: number, size: number) => t.input(at(v.ref, i * size), size);
    let x = this.input(t, 'draw.difx', S * PIXELS);
    for (let k = 0; k < K; k++) {
      const e = t.mix(x, this.denoise(t, x, view(steps, k, S), S), view(coef, 4 * k, 3 * S), S, PIXELS); // ε̂ from x̂₀
      const x0 = t.act(t.mix(x, e, view(coef, 4 * k + 1, 3 * S), S, PIXELS), 'clip');
      const e2 = t.mix(x, x0, view(coef, 4 * k + 2, 3 * S), S, PIXELS);
      x = t.mix(x0, e2, view(coef, 4 * k + 3, 3 * S), S, PIXELS);
    }
    t.mix(x, x, view(coef, 4 * K, 3 * S), S, PIXELS, this.b.tensor('draw.diffusion', S * PIXELS));
  }

  /** Fixed-latent samples of both, and the VAE's reconstructions (z = μ: ε = 0). */
  draws(): Op[] {
    const { b, s } = this;
    const { vaeLatent: Z, ganLatent: G } = s;
    const S = s.samples;
    const R = s.reconstructions;
    const t = new Tape(b, 'draw.');
    t.act(this.decode(t, this.input(t, 'draw.vaez', S * Z), S), 'sigmoid', 0, b.tensor('draw.vae', S * PIXELS));
    this.generator(t, this.input(t, 'draw.ganz', S * G), S, b.tensor('draw.gan', S * PIXELS));
    const reconX = t.gather(t.input(this.data, 0), this.input(t, 'draw.reconidx', R), R, PIXELS, b.tensor('draw.reconx', R * PIXELS));
    const r = this.vaeForward(t, reconX, this.input(t, 'draw.zeros', R * Z), R);
    t.act(r.logits, 'sigmoid', 0, b.tensor('draw.recon', R * PIXELS));
    this.diffusionDraw(t);
    return t.take();
  }
}

/** The plan of the models' step and draws, for `images` training images in the tensor `data`. */
export function trainingPlan(s: NetSettings, images: number): Plan {
  if (s.batch % 4 !== 0 || s.batch < 4) throw new Error(`the batch size must be a multiple of 4 (got ${s.batch})`);
  const w = new Writer(s, images);
  const step: StepPart[] = [];
  const has = (m: StepPart['model']) => s.models === 'all' || s.models === m;
  if (has('vae')) step.push({ model: 'vae', ops: w.vaeStep() });
  if (has('gan')) step.push({ model: 'gan', ops: w.ganStep() });
  if (has('diffusion')) step.push({ model: 'diffusion', ops: w.diffusionStep() });
  const draw = w.draws();
  return { tensors: w.b.tensors, blocks: [w.vae, w.gen, w.disc, w.dif], step, draw, stats: w.b.stats };
}
