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
// No op reads and writes one tensor (WebGPU does not bind a buffer as both), so every gradient has its own.
import { at, type Block, block, type Op, type Plan, PlanBuilder, type Ref, type StepPart } from './plan';

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
  /** which models a step trains (one alone: to time each one's share of a step) */
  models: 'both' | 'vae' | 'gan';
}

export const NET_DEFAULTS: NetSettings = {
  batch: 64,
  hidden: 256,
  vaeLatent: 16,
  ganLatent: 32,
  lrVae: 1e-3,
  lrGan: 2e-4,
  samples: 64,
  reconstructions: 8,
  models: 'both',
};

const LEAK = 0.2;

/** Writes the ops of one plan: the shared tensors and blocks, then each model's step and the draws. */
class Writer {
  readonly b = new PlanBuilder();
  readonly vae: Block;
  readonly gen: Block;
  readonly disc: Block;
  readonly data: Ref;
  readonly idx: Ref;
  readonly x: Ref;

  constructor(
    readonly s: NetSettings,
    images: number,
  ) {
    const { batch: M, hidden: H, vaeLatent: Z, ganLatent: G } = s;
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
    this.data = this.b.tensor('data', images * PIXELS);
    this.idx = this.b.tensor('idx', M);
    this.x = this.b.tensor('x', M * PIXELS);
  }

  /** The VAE's forward pass on `rows` images with noise `eps`, into tensors named with `prefix`. */
  vaeForward(rows: number, input: Ref, eps: Ref, prefix: string) {
    const named = (name: string, size: number) => this.b.tensor(`${prefix}${name}`, size);
    const { hidden: H, vaeLatent: Z } = this.s;
    const [enc1, enc2, dec1, dec2] = this.vae.layers;
    const h1p = named('h1p', rows * H);
    const h1 = named('h1', rows * H);
    const enc = named('enc', rows * 2 * Z);
    const z = named('z', rows * Z);
    const kl = named('kl', rows);
    const h2p = named('h2p', rows * H);
    const h2 = named('h2', rows * H);
    const logits = named('logits', rows * PIXELS);
    const ops: Op[] = [
      { op: 'linear', x: input, layer: enc1, y: h1p, M: rows },
      { op: 'act', x: h1p, y: h1, n: rows * H, act: 'relu', alpha: 0 },
      { op: 'linear', x: h1, layer: enc2, y: enc, M: rows },
      { op: 'reparam', enc, eps, z, rowKl: kl, M: rows, Z },
      { op: 'linear', x: z, layer: dec1, y: h2p, M: rows },
      { op: 'act', x: h2p, y: h2, n: rows * H, act: 'relu', alpha: 0 },
      { op: 'linear', x: h2, layer: dec2, y: logits, M: rows },
    ];
    return { ops, h1p, h1, enc, z, kl, h2p, h2, logits };
  }

  /** The VAE's step: forward, loss, backward, Adam. */
  vaeStep(): Op[] {
    const { b, x, data, idx } = this;
    const { batch: M, hidden: H, vaeLatent: Z } = this.s;
    const [enc1, enc2, dec1, dec2] = this.vae.layers;
    const vae = this.vae;
    const step: Op[] = [];
    const eps = b.tensor('vae.eps', M * Z);
    const v = this.vaeForward(M, x, eps, 'vae.');
    const dLogits = b.tensor('vae.dlogits', M * PIXELS);
    const rowRecon = b.tensor('vae.recon', M);
    const dH2 = b.tensor('vae.dh2', M * H);
    const dH2p = b.tensor('vae.dh2p', M * H);
    const dZ = b.tensor('vae.dz', M * Z);
    const dEnc = b.tensor('vae.denc', M * 2 * Z);
    const dH1 = b.tensor('vae.dh1', M * H);
    const dH1p = b.tensor('vae.dh1p', M * H);
    step.push(
      { op: 'gather', data, idx, out: x, rows: M, cols: PIXELS },
      ...v.ops,
      { op: 'bce', y: v.logits, target: x, grad: dLogits, rowLoss: rowRecon, M, N: PIXELS, scale: 1 / M },
      { op: 'stat', src: rowRecon, count: M, slot: b.slot('vae.recon'), fn: 'sum', scale: 1 / M },
      { op: 'stat', src: v.kl, count: M, slot: b.slot('vae.kl'), fn: 'sum', scale: 1 / M },
      { op: 'paramGrad', dy: dLogits, x: v.h2, layer: dec2, M },
      { op: 'inputGrad', dy: dLogits, layer: dec2, dx: dH2, M },
      { op: 'actGrad', pre: v.h2p, dy: dH2, dx: dH2p, n: M * H, act: 'relu', alpha: 0 },
      { op: 'paramGrad', dy: dH2p, x: v.z, layer: dec1, M },
      { op: 'inputGrad', dy: dH2p, layer: dec1, dx: dZ, M },
      { op: 'reparamGrad', enc: v.enc, eps, dz: dZ, denc: dEnc, M, Z, klScale: 1 / M },
      { op: 'paramGrad', dy: dEnc, x: v.h1, layer: enc2, M },
      { op: 'inputGrad', dy: dEnc, layer: enc2, dx: dH1, M },
      { op: 'actGrad', pre: v.h1p, dy: dH1, dx: dH1p, n: M * H, act: 'relu', alpha: 0 },
      { op: 'paramGrad', dy: dH1p, x, layer: enc1, M },
      { op: 'adam', block: vae },
    );
    return step;
  }

  /** The generator on `rows` latents z, its images into `out`. */
  generator(rows: number, z: Ref, out: Ref, prefix: string) {
    const { b } = this;
    const { hidden: H } = this.s;
    const [g1, g2] = this.gen.layers;
    const gh1p = b.tensor(`${prefix}gh1p`, rows * H);
    const gh1 = b.tensor(`${prefix}gh1`, rows * H);
    const gop = b.tensor(`${prefix}gop`, rows * PIXELS);
    const ops: Op[] = [
      { op: 'linear', x: z, layer: g1, y: gh1p, M: rows },
      { op: 'act', x: gh1p, y: gh1, n: rows * H, act: 'leaky', alpha: LEAK },
      { op: 'linear', x: gh1, layer: g2, y: gop, M: rows },
      { op: 'act', x: gop, y: out, n: rows * PIXELS, act: 'sigmoid', alpha: 0 },
    ];
    return { ops, gh1p, gh1, gop };
  }

  /** The GAN's step: D on [real; fake], then G through the updated D. */
  ganStep(): Op[] {
    const { b, data, idx } = this;
    const { batch: M, hidden: H, ganLatent: G } = this.s;
    const [d1, d2] = this.disc.layers;
    const [g1, g2] = this.gen.layers;
    const { disc, gen } = this;
    const step: Op[] = [];
    const zg = b.tensor('gan.z', M * G);
    const dIn = b.tensor('gan.din', 2 * M * PIXELS); // real rows, then fake rows
    const fake = at(dIn, M * PIXELS);
    const gf = this.generator(M, zg, fake, 'gan.');
    const dh1p = b.tensor('gan.dh1p', 2 * M * H);
    const dh1 = b.tensor('gan.dh1', 2 * M * H);
    const logit = b.tensor('gan.logit', 2 * M);
    const targets = b.tensor('gan.targets', 2 * M); // 1 for the real rows, 0 for the fake ones (set once)
    const dLogit = b.tensor('gan.dlogit', 2 * M);
    const rowD = b.tensor('gan.rowd', 2 * M);
    const dDh1 = b.tensor('gan.ddh1', 2 * M * H);
    const dDh1p = b.tensor('gan.ddh1p', 2 * M * H);
    const dFake = b.tensor('gan.dfake', M * PIXELS);
    const dFakeP = b.tensor('gan.dfakep', M * PIXELS);
    const dGh1 = b.tensor('gan.dgh1', M * H);
    const dGh1p = b.tensor('gan.dgh1p', M * H);
    const discForward = (rows: number, input: Ref): Op[] => [
      { op: 'linear', x: input, layer: d1, y: dh1p, M: rows },
      { op: 'act', x: dh1p, y: dh1, n: rows * H, act: 'leaky', alpha: LEAK },
      { op: 'linear', x: dh1, layer: d2, y: logit, M: rows },
    ];
    step.push(
      { op: 'gather', data, idx, out: dIn, rows: M, cols: PIXELS },
      ...gf.ops,
      ...discForward(2 * M, dIn),
      { op: 'bce', y: logit, target: targets, grad: dLogit, rowLoss: rowD, M: 2 * M, N: 1, scale: 1 / M },
      { op: 'stat', src: rowD, count: 2 * M, slot: b.slot('gan.d'), fn: 'sum', scale: 1 / M },
      { op: 'stat', src: logit, count: M, slot: b.slot('gan.dreal'), fn: 'sigmoid', scale: 1 / M },
      { op: 'stat', src: at(logit, M), count: M, slot: b.slot('gan.dfake'), fn: 'sigmoid', scale: 1 / M },
      { op: 'paramGrad', dy: dLogit, x: dh1, layer: d2, M: 2 * M },
      { op: 'inputGrad', dy: dLogit, layer: d2, dx: dDh1, M: 2 * M },
      { op: 'actGrad', pre: dh1p, dy: dDh1, dx: dDh1p, n: 2 * M * H, act: 'leaky', alpha: LEAK },
      { op: 'paramGrad', dy: dDh1p, x: dIn, layer: d1, M: 2 * M },
      { op: 'adam', block: disc },
      // G step: the same fakes through the updated D, target "real"
      ...discForward(M, fake),
      { op: 'bce', y: logit, target: targets, grad: dLogit, rowLoss: rowD, M, N: 1, scale: 1 / M },
      { op: 'stat', src: rowD, count: M, slot: b.slot('gan.g'), fn: 'sum', scale: 1 / M },
      { op: 'inputGrad', dy: dLogit, layer: d2, dx: dDh1, M },
      { op: 'actGrad', pre: dh1p, dy: dDh1, dx: dDh1p, n: M * H, act: 'leaky', alpha: LEAK },
      { op: 'inputGrad', dy: dDh1p, layer: d1, dx: dFake, M },
      { op: 'actGrad', pre: gf.gop, dy: dFake, dx: dFakeP, n: M * PIXELS, act: 'sigmoid', alpha: 0 },
      { op: 'paramGrad', dy: dFakeP, x: gf.gh1, layer: g2, M },
      { op: 'inputGrad', dy: dFakeP, layer: g2, dx: dGh1, M },
      { op: 'actGrad', pre: gf.gh1p, dy: dGh1, dx: dGh1p, n: M * H, act: 'leaky', alpha: LEAK },
      { op: 'paramGrad', dy: dGh1p, x: zg, layer: g1, M },
      { op: 'adam', block: gen },
    );
    return step;
  }

  /** Fixed-latent samples of both, and the VAE's reconstructions (z = μ: ε = 0). */
  draws(): Op[] {
    const { b, data, s } = this;
    const { hidden: H, vaeLatent: Z, ganLatent: G } = s;
    const [, , dec1, dec2] = this.vae.layers;
    const S = s.samples;
    const R = s.reconstructions;
    const vaeZ = b.tensor('draw.vaez', S * Z);
    const vhp = b.tensor('draw.vhp', S * H);
    const vh = b.tensor('draw.vh', S * H);
    const vaeOut = b.tensor('draw.vaelogits', S * PIXELS);
    const vaeSamples = b.tensor('draw.vae', S * PIXELS);
    const ganZ = b.tensor('draw.ganz', S * G);
    const ganSamples = b.tensor('draw.gan', S * PIXELS);
    const reconIdx = b.tensor('draw.reconidx', R);
    const reconX = b.tensor('draw.reconx', R * PIXELS);
    const zeros = b.tensor('draw.zeros', R * Z);
    const r = this.vaeForward(R, reconX, zeros, 'draw.r');
    const recon = b.tensor('draw.recon', R * PIXELS);
    const draw: Op[] = [
      { op: 'linear', x: vaeZ, layer: dec1, y: vhp, M: S },
      { op: 'act', x: vhp, y: vh, n: S * H, act: 'relu', alpha: 0 },
      { op: 'linear', x: vh, layer: dec2, y: vaeOut, M: S },
      { op: 'act', x: vaeOut, y: vaeSamples, n: S * PIXELS, act: 'sigmoid', alpha: 0 },
      ...this.generator(S, ganZ, ganSamples, 'draw.g').ops,
      { op: 'gather', data, idx: reconIdx, out: reconX, rows: R, cols: PIXELS },
      ...r.ops,
      { op: 'act', x: r.logits, y: recon, n: R * PIXELS, act: 'sigmoid', alpha: 0 },
    ];
    return draw;
  }
}

/** The plan of both models' step and draws, for `images` training images in the tensor `data`. */
export function trainingPlan(s: NetSettings, images: number): Plan {
  if (s.batch % 4 !== 0 || s.batch < 4) throw new Error(`the batch size must be a multiple of 4 (got ${s.batch})`);
  const w = new Writer(s, images);
  const step: StepPart[] = [];
  if (s.models !== 'gan') step.push({ model: 'vae', ops: w.vaeStep() });
  if (s.models !== 'vae') step.push({ model: 'gan', ops: w.ganStep() });
  const draw = w.draws();
  return { tensors: w.b.tensors, blocks: [w.vae, w.gen, w.disc], step, draw, stats: w.b.stats };
}
