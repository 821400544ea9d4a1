// The training page's worker: a small VAE, GAN and diffusion model learning side by side on the visitor's images, on
// our WGSL kernels (`wgsl`) or on the CPU (`wasm` in the runner's terms: the kernels' CPU references in
// typed-array TypeScript; only the yardstick classifier that sorts the samples into classes runs on
// onnxruntime's WebAssembly). Weights stay where the engine keeps them; what crosses to the page is the
// step's losses, the sample grids and, now and then, a snapshot to resume from after a lost GPU device.
import * as Comlink from 'comlink';
import { SerialCalls, transferSnapshot } from './serial-calls';
import { type LoadReport, type ModelWorkerApi, loaded, type RunnableModel, watchGpuDevice } from '../../engines/open-model';
import { OrtModel } from '../../engines/onnxruntime';
import { requestKernelDevice, adapterName } from '../../kernels/gpu';
import { cpuExecutor } from '../../engines/training/cpu-executor';
import { gpuExecutor } from '../../engines/training/gpu-executor';
import { type NetSettings, PIXELS } from '../../engines/training/nets';
import { decodeTrainImages, pickImages } from '../../engines/training/train-data';
import { type FeatureStats, featureStats, frechetDistance, parseFeatureStats } from '../../engines/training/frechet';
import { exportModel, klPerDim } from '../../engines/training/model-export';
import type { ExportedFile, ImageExportInfo } from '../../engines/training/export-info';
import { type PartTimes, readBlocks } from '../../engines/training/plan';
import { meanNearestDistance } from '../../engines/training/own-images';
import {
  type Draws,
  type ExecutorFactory,
  type OwnImages,
  type StepStats,
  Trainer,
  type TrainerSnapshot,
} from '../../engines/training/trainer';

export interface TrainLoadArgs {
  /** the shipped training file (compressed, as fetched), the yardstick classifier and its test-image statistics */
  images: Uint8Array;
  classifier: Uint8Array;
  testStats: Uint8Array;
  /** how many images of which classes the visitor picked */
  count: number;
  classes: number[];
  seed: number;
  settings: Partial<NetSettings>;
  /** where a previous worker stood (after a lost device): training goes on from there */
  resume?: TrainerSnapshot;
  /** the visitor's own images (rows of 784 pixels in [0, 1]) and the share of each batch drawn from them (0…1) */
  own?: Float32Array;
  ownShare?: number;
}

export interface TrainReport extends LoadReport {
  /** training images actually used (fewer than asked when the classes hold fewer) */
  images: number;
  step: number;
}

export interface StepsResult {
  stats: StepStats[];
  /** wall-clock ms the steps took in the worker */
  ms: number;
  /** ms of each model's part of them (CPU: clock in the worker; wgsl: GPU timestamps, undefined without them) */
  partMs: PartTimes | undefined;
}

/** The yardstick's verdict on SCORE_SAMPLES fixed-latent samples of each model. */
export interface ScoreResult {
  step: number;
  /** FMNIST-FD against the 10,000 test images' feature statistics */
  fd: Record<ScoredModel, number>;
  /** how many of the 10 classes the classifier finds among each model's samples */
  covered: Record<ScoredModel, number>;
  samples: number;
  /** how long drawing and scoring took (not training time) */
  ms: number;
}
export type ScoredModel = 'vae' | 'gan' | 'diffusion';

/** Samples scored per model: at least 500, in whole grids. */
export const SCORE_SAMPLES = 512;

export interface DrawResult extends Draws {
  /** with your own images: each model's samples' mean RMS pixel distance to the nearest of them */
  ownDistance?: Record<ScoredModel, number>;
  /** the yardstick classifier's class (0..9) of each model's samples (absent until the classifier has started) */
  vaeClasses?: Uint8Array;
  ganClasses?: Uint8Array;
  diffusionClasses?: Uint8Array;
  ms: number;
}

let trainer: Trainer | undefined;
/** The yardstick classifier, once onnxruntime has started it (training never waits for it). */
let classifier: RunnableModel | undefined;
/** Why the classifier could not start (said at the next drawing). */
let classifierError: unknown;
/** Starts the classifier (once); load() sets it up. */
let startClassifier: (() => void) | undefined;
/**
 * How long after load the classifier starts if training has not begun by then. onnxruntime's start (fetching
 * and compiling megabytes of WebAssembly, then opening the graph) holds this worker for a second or more on a
 * small machine: a Start pressed at ready would wait behind it, so it starts once the first steps are back.
 */
const CLASSIFIER_AFTER_MS = 3000;

/** Sets up the classifier's start: after the first steps come back, or CLASSIFIER_AFTER_MS after load. */
function classifierLater(bytes: Uint8Array): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const start = () => {
    clearTimeout(timer);
    startClassifier = undefined;
    OrtModel.create(bytes, 'wasm').then(
      (model) => {
        classifier = model;
      },
      (e: unknown) => {
        classifierError = e;
      },
    );
  };
  startClassifier = start;
  timer = setTimeout(start, CLASSIFIER_AFTER_MS);
}
let make: ExecutorFactory | undefined;
let data: Float32Array | undefined;
let setup: Pick<TrainLoadArgs, 'seed' | 'settings'> | undefined;
/** The visitor's images (the last rows of `data`) and where they start. */
let own: { pixels: Float32Array; mix: OwnImages } | undefined;
/** The test images' feature statistics (FD's reference). */
let reference: FeatureStats | undefined;
/**
 * The samples load() drew as its warm-up, kept for the page's first drawing: that one asks for the same
 * weights' samples right after ready, and drawing them again would hold up a Start pressed meanwhile.
 */
let warmDraw: { trainer: Trainer; step: number; draws: Draws } | undefined;

/** The warm-up's samples if `t` still stands where they were drawn (once: their buffers move to the page). */
function takeWarmDraw(t: Trainer): Draws | undefined {
  const warm = warmDraw;
  warmDraw = undefined;
  return warm?.trainer === t && warm.step === t.step ? warm.draws : undefined;
}

const calls = new SerialCalls();

/** Two image sets one after the other. */
function joined(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
const serial = <T>(run: () => Promise<T>) => calls.run(run);

/** The classifier's class of each image, and its features (n × feature width). */
async function classify(images: Float32Array, model: RunnableModel): Promise<{ classes: Uint8Array; features: Float32Array }> {
  const n = images.length / PIXELS;
  const out = await model.run({ image: { data: images, dims: [n, 1, 28, 28] } });
  const logits = out.logits.data;
  const classes = Uint8Array.from({ length: n }, (_, i) => {
    let best = 0;
    for (let c = 1; c < 10; c++) if (logits[i * 10 + c]! > logits[i * 10 + best]!) best = c;
    return best;
  });
  return { classes, features: Float32Array.from(out.features.data) };
}

async function classes(images: Float32Array): Promise<Uint8Array | undefined> {
  if (classifierError) throw classifierError;
  return classifier && (await classify(images, classifier)).classes;
}

export const api = {
  async load(args: TrainLoadArgs & { engine: 'webgpu' | 'wasm' | 'wgsl' }, onDeviceLost: (reason: string) => void): Promise<TrainReport> {
    if (args.engine === 'webgpu') throw new Error('live training runs on wgsl (our kernels) or the CPU, not on onnxruntime');
    let adapter: string | undefined;
    if (args.engine === 'wgsl') {
      const device = await requestKernelDevice('live training');
      adapter = adapterName(device);
      calls.lostReason = watchGpuDevice(device, onDeviceLost);
      make = (plan) => gpuExecutor(plan, device);
    } else {
      make = cpuExecutor;
    }
    // onnxruntime's WebAssembly (megabytes to fetch and compile) only sorts the samples into classes for the
    // histogram and the scores: training never waits for it, and it starts after the first steps
    if (!classifier && !startClassifier) classifierLater(args.classifier);
    const floats = new Float32Array(
      args.testStats.buffer.slice(args.testStats.byteOffset, args.testStats.byteOffset + args.testStats.byteLength),
    );
    reference = parseFeatureStats(floats);
    const picked = pickImages(await decodeTrainImages(args.images), args.count, args.classes);
    own = args.own?.length ? { pixels: args.own, mix: { from: picked.pixels.length / PIXELS, share: args.ownShare ?? 0.5 } } : undefined;
    data = own ? joined(picked.pixels, own.pixels) : picked.pixels;
    setup = { seed: args.seed, settings: args.settings };
    trainer = await Trainer.create(make, data, args.seed, args.settings, own?.mix);
    if (args.resume) trainer.restore(args.resume);
    const t0 = performance.now();
    // compiles the draw pipelines (and, on wgsl, proves the device works); the page's first drawing
    warmDraw = { trainer, step: trainer.step, draws: await trainer.draw() };
    return { engine: args.engine, warmupMs: performance.now() - t0, threads: 1, adapter, images: trainer.images, step: trainer.step };
  },

  steps(n: number): Promise<StepsResult> {
    return serial(async () => {
      const t0 = performance.now();
      const t = loaded(trainer, 'training');
      const stats = await t.steps(n);
      const ms = performance.now() - t0;
      startClassifier?.();
      return { stats, ms, partMs: t.lastPartMs };
    });
  },

  draw(): Promise<DrawResult> {
    return serial(async () => {
      const t0 = performance.now();
      const t = loaded(trainer, 'training');
      const d = takeWarmDraw(t) ?? (await t.draw());
      const [vaeClasses, ganClasses, diffusionClasses] = [await classes(d.vae), await classes(d.gan), await classes(d.diffusion)];
      const ownDistance = own && {
        vae: meanNearestDistance(d.vae, own.pixels),
        gan: meanNearestDistance(d.gan, own.pixels),
        diffusion: meanNearestDistance(d.diffusion, own.pixels),
      };
      const result: DrawResult = { ...d, vaeClasses, ganClasses, diffusionClasses, ownDistance, ms: performance.now() - t0 };
      return Comlink.transfer(result, [d.vae.buffer, d.gan.buffer, d.diffusion.buffer, d.recon.buffer, d.reconInput.buffer]);
    });
  },

  /**
   * The yardstick on SCORE_SAMPLES samples of each model: FD against the test images and the classes covered;
   * undefined while the classifier is still starting.
   */
  score(): Promise<ScoreResult | undefined> {
    return serial(async () => {
      if (classifierError) throw classifierError;
      if (!classifier) return undefined;
      const t0 = performance.now();
      const t = loaded(trainer, 'training');
      const drawn = await t.scoreSamples(SCORE_SAMPLES);
      const fd = {} as ScoreResult['fd'];
      const covered = {} as ScoreResult['covered'];
      for (const m of ['vae', 'gan', 'diffusion'] as const) {
        const c = await classify(drawn[m], classifier);
        fd[m] = frechetDistance(loaded(reference, 'training'), featureStats(c.features, SCORE_SAMPLES, c.features.length / SCORE_SAMPLES));
        covered[m] = new Set(c.classes).size;
      }
      return { step: t.step, fd, covered, samples: SCORE_SAMPLES, ms: performance.now() - t0 };
    });
  },

  /**
   * The VAE or the GAN as ONNX files (standard, with the shipped files' inputs and outputs) and their
   * description: sizes, settings, step, `data` in the page's words and the last figures. The VAE's also
   * carries its KL per latent dimension on the training images (the demo's slider order).
   */
  exportModel(
    model: 'vae' | 'gan',
    about: { data: string; figures: Record<string, number> },
  ): Promise<{ files: ExportedFile[]; info: ImageExportInfo }> {
    return serial(async () => {
      const t = loaded(trainer, 'training');
      const s = t.settings;
      const states = await readBlocks(t.exec, t.plan);
      const last = t.history.at(-1);
      const losses: Record<string, number> = last
        ? model === 'vae'
          ? { recon: last.recon, kl: last.kl }
          : { d: last.d, g: last.g, dReal: last.dReal, dFake: last.dFake }
        : {};
      const vae = t.plan.blocks.find((b) => b.name === 'vae')!;
      // the KL on the images the batches come from: yours alone when they are all it learns from
      const klImages = own && own.mix.share >= 1 ? own.pixels : loaded(data, 'training');
      const kl = model === 'vae' ? klPerDim(vae, states.vae!, s, klImages) : undefined;
      const exported = exportModel(
        {
          model,
          sizes: { latent: model === 'vae' ? s.vaeLatent : s.ganLatent, hidden: s.hidden, image: [1, 28, 28] },
          settings: { seed: t.seed, batch: s.batch, learningRate: model === 'vae' ? s.lrVae : s.lrGan },
          step: t.step,
          data: about.data,
          images: t.images,
          figures: { ...losses, ...about.figures },
          ...(kl && { klPerDim: kl, sliderOrder: kl.map((_, i) => i).sort((a, b) => kl[b]! - kl[a]!) }),
        },
        t.plan.blocks,
        states,
        s,
      );
      return Comlink.transfer(
        exported,
        exported.files.map((f) => f.bytes.buffer),
      );
    });
  },

  /** Back to the seed's first weights (the same first sample grid as at load). */
  reset(): Promise<void> {
    return serial(async () => {
      const old = loaded(trainer, 'training');
      trainer = await Trainer.create(loaded(make, 'training'), loaded(data, 'training'), setup!.seed, setup!.settings, own?.mix);
      old.destroy();
    });
  },

  snapshot(): Promise<TrainerSnapshot> {
    return serial(async () => {
      return transferSnapshot(await loaded(trainer, 'training').snapshot());
    });
  },

  /** Goes on from `snap` (another worker's weights, when auto moves training to a faster engine). */
  restore(snap: TrainerSnapshot): Promise<number> {
    return serial(async () => {
      warmDraw = undefined;
      loaded(trainer, 'training').restore(snap);
      return snap.step;
    });
  },

  /** Times `runs` steps of a scratch trainer with the same settings (the visitor's one is left as it is). */
  measure(runs: number): Promise<number[]> {
    return api.measureModels('all', runs);
  },

  /** The same for a step of one model alone (the benchmark's per-model rows). */
  measureModels(models: NetSettings['models'], runs: number): Promise<number[]> {
    return calls.timeSteps(
      () => Trainer.create(loaded(make, 'training'), loaded(data, 'training'), 1, { ...setup!.settings, models }),
      runs,
    );
  },
} satisfies ModelWorkerApi<TrainLoadArgs> & Record<string, unknown>;

export type TrainWorkerApi = typeof api;
