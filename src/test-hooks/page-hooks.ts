// Test and benchmark entry points, kept out of what visitors download: the site never loads this module. Vite
// builds it as an entry of its own (`test-hooks.js`, see vite.config.ts); the e2e tests (e2e/helpers.ts) and
// `npm run bench` add it to the page and call `window.gmpHooks`. It drives a demo through the same runner and
// worker the demo uses (the public model session of the demo or the training page: its `runner`, `model` and
// `files`), with fixed inputs, so numbers are reproducible. The hooks are a bundle of their own, so a page's
// classes are not theirs to test with instanceof: they read the public `session` by its shape.
import * as Comlink from 'comlink';
import { fileFor, type ManifestModel } from '../core/any-thread/manifest';
import type { ModelSession } from '../ui/model-session';
import type { ModelWorkerApi } from '../core/any-thread/worker-api';
import { seededNormals } from '../core/any-thread/seeded-random';
import { MODELS_URL } from '../core/main-thread/site';
import { fetchModelFile } from '../core/any-thread/model-files';
import { CENTRED, type FrameStats } from '../kernels/volume/volume-renderer';
import { latentFor } from '../models/gan/latent';
import { diffusionSchedule } from '../models/diffusion/entry';
import { Trajectory } from '../models/diffusion/sampler';
import { nerfMeta } from '../models/nerf/entry';
import { stillJitter } from '../models/nerf/frame-loop';
import { DEFAULT_ORBIT, orbitView } from '../models/nerf/orbit';
import type { View } from '../kernels/volume/volume-reference';
import { clampLatent, type LatentExtras } from '../models/vae/latent';
import { json } from '../models/model-entry';
import type { VaeWorkerApi } from '../models/vae/worker';
import type { GanWorkerApi } from '../models/gan/worker';
import type { DiffusionWorkerApi } from '../models/diffusion/worker';
import type { TransformerWorkerApi } from '../models/transformer/worker';
import type { NerfWorkerApi } from '../models/nerf/worker';
import type { TextWorkerApi } from '../models/text-training/worker';
import type { TrainWorkerApi } from '../models/training/worker';
import type { AttentionBench, AttentionBenchApi, AttentionBenchShape } from './attention-bench.worker';

/** What the hooks read of a page that runs a model: its session's runner, manifest entry and verified files (set once it is ready). */
type SessionPage<API extends ModelWorkerApi<unknown>> = Element & { session?: ModelSession<unknown, API> };
type DemoElement<API extends ModelWorkerApi<unknown>> = Pick<ModelSession<unknown, API>, 'runner' | 'model' | 'files'>;
type Api = VaeWorkerApi & GanWorkerApi & DiffusionWorkerApi & TransformerWorkerApi & NerfWorkerApi & ModelWorkerApi<unknown>;

const SIZE = 784;

function ready<API extends ModelWorkerApi<unknown>>(
  el: Element,
  what: string,
): Required<Pick<DemoElement<API>, 'runner' | 'model' | 'files'>> {
  const s = (el as SessionPage<API>).session;
  if (!s?.runner?.engine || !s.model || !s.files) throw new Error(`The ${what} demo is not ready yet.`);
  return { runner: s.runner, model: s.model, files: s.files };
}

const demoId = (el: Element) =>
  el.tagName
    .toLowerCase()
    .replace(/^gmp-/, '')
    .replace(/-demo$/, '');
const vocabOf = (model: ManifestModel) => Number(model.config?.vocab_size);
/** A fixed prompt of token ids (as the transformer worker warms up with). */
const fixedPrompt = (n: number, vocab: number) => Array.from({ length: n }, (_, i) => (i * 37 + 11) % vocab);

/** One fixed benchmark input `i` per model; resolves to the engine time measured in the worker (ms). */
type ReadyDemo = ReturnType<typeof ready<Api>> & { el: Element };
const BENCH_CALLS: Record<string, (d: ReadyDemo, i: number) => Promise<number>> = {
  vae: async ({ runner, files }, i) => {
    const z = Float32Array.from(seededNormals(json<LatentExtras>(files.extras).latent_dim, 42 + i), clampLatent);
    return (await runner.call((api) => api.decode(z, 1))).ms;
  },
  gan: async ({ runner, model }, i) => {
    const z = latentFor(42, i, Number(model.config?.z_dim ?? 64), 1);
    return (await runner.call((api) => api.generate(z, 1))).ms;
  },
  diffusion: async ({ runner }, i) => {
    const x = seededNormals(SIZE, 100 + i);
    return (await runner.call((api) => api.denoise(x, 500, i % 10, 3, 1))).ms;
  },
  // one single-token step; call 0 of each round starts a fixed 16-character prompt first
  transformer: async ({ runner, model }, i) => {
    const vocab = vocabOf(model);
    if (i === 0) await runner.call((api) => api.start(Array.from({ length: 16 }, (_, k) => (k * 7 + 3) % vocab)));
    return (await runner.call((api) => api.step((i * 5) % vocab))).ms;
  },
  nerf: async (d) => (await d.runner.call((api) => api.render(nerfView(d.el), CENTRED))).ms,
};

/** The NeRF demo's current view (camera and resolution as on screen). */
function nerfView(el: Element): View {
  return (el as Element & { view(): View }).view();
}

/** Asks the NeRF demo to draw its current view again after a hook drew into its canvas. */
function redrawNerf(el: Element): void {
  (el as Element & { redraw?: () => void }).redraw?.();
}

const hooks = {
  /**
   * Runs `count` fixed inputs `rounds` times on the demo's current engine. Returns the engine time measured in
   * the worker and the round trip seen by the page, both in ms per call.
   */
  async bench(el: Element, count = 16, rounds = 10): Promise<{ engine: string; worker: number[]; roundTrip: number[] }> {
    const { runner, model, files } = ready<Api>(el, demoId(el));
    const d = { runner, model, files, el };
    const call = BENCH_CALLS[demoId(el)];
    const worker: number[] = [];
    const roundTrip: number[] = [];
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < count; i++) {
        const t0 = performance.now();
        worker.push(await call(d, i));
        roundTrip.push(performance.now() - t0);
      }
    }
    if (demoId(el) === 'nerf') redrawNerf(el);
    return { engine: d.runner.engine!, worker, roundTrip };
  },

  /** Diffusion: one whole image with `steps` DDIM steps (label 3, guidance 3); worker ms summed, and wall ms. */
  async benchImage(el: Element, steps = 50, seed = 1): Promise<{ engine: string; worker: number; wall: number }> {
    const { runner, files } = ready<Api>(el, 'diffusion');
    const run = new Trajectory(diffusionSchedule(files), { sampler: 'ddim', steps, seed, size: SIZE });
    let worker = 0;
    const t0 = performance.now();
    while (!run.done) {
      await run.advance(async (x, t) => {
        const r = await runner.call((api) => api.denoise(x, t, 3, 3, run.count));
        worker += r.ms;
        return r.eps;
      });
    }
    return { engine: runner.engine!, worker, wall: performance.now() - t0 };
  },

  /** Diffusion: one guided U-Net call on a fixed input (the e2e test compares engines with it). */
  async probe(el: Element): Promise<number[]> {
    const { runner } = ready<Api>(el, 'diffusion');
    return Array.from((await runner.call((api) => api.denoise(seededNormals(SIZE, 11), 500, 3, 3, 1))).eps);
  },

  /** Transformer: logits after a fixed 32-token prompt on the current engine (the e2e test compares engines). */
  async firstLogits(el: Element): Promise<number[]> {
    const { runner, model } = ready<Api>(el, 'transformer');
    return Array.from((await runner.call((api) => api.start(fixedPrompt(32, vocabOf(model))))).logits);
  },

  /** NeRF: the current view drawn again as it shows at rest and read back: RGBA bytes as on screen. */
  async framePixels(el: Element): Promise<number[]> {
    const { runner } = ready<Api>(el, 'NeRF');
    const still = stillJitter(runner.engine!); // the frame the view shows at rest
    const r = await runner.call((api) => api.render(nerfView(el), still, true));
    redrawNerf(el);
    return Array.from(r.pixels!);
  },

  /** NeRF: ms per frame (worker-side; wgsl: until the GPU is done) of `frames` frames of the default view at `size`²: as drawn while the view moves, or (`still`) at rest. */
  async benchFrames(
    el: Element,
    size: number,
    frames: number,
    still = false,
  ): Promise<{ engine: string; ms: number[]; stats: FrameStats; rendered: number }> {
    const { runner, files } = ready<Api>(el, 'NeRF');
    const view = orbitView(DEFAULT_ORBIT, size, nerfMeta(files).camera_angle_x);
    const engine = runner.engine!;
    const jitter = still ? stillJitter(engine) : CENTRED;
    const ms: number[] = [];
    let last: { stats: FrameStats; rendered: number } | undefined;
    for (let i = 0; i < frames; i++) {
      const r = await runner.call((api) => api.render(view, jitter));
      ms.push(r.ms);
      last = r;
    }
    redrawNerf(el);
    return { engine, ms, stats: last!.stats, rendered: last!.rendered };
  },

  /** Transformer: attention alone on the demo's engine, in a worker of its own (attention-only graph for onnxruntime). */
  async benchAttention(el: Element, shapes: AttentionBenchShape[], runs = 10): Promise<AttentionBench[]> {
    const { runner, model } = ready<Api>(el, 'transformer');
    const engine = runner.engine!;
    if (engine === 'cpu') throw new Error('The attention bench compares kernels on webgpu, wasm or wgsl; the demo runs on cpu.');
    const graph = await fetchModelFile(MODELS_URL, fileFor(model, 'attention'));
    const worker = new Worker(new URL('./attention-bench.worker.ts', import.meta.url), { type: 'module', name: 'attention-bench' });
    try {
      return await Comlink.wrap<AttentionBenchApi>(worker).benchAttention(graph, engine, shapes, runs);
    } finally {
      worker.terminate();
    }
  },

  /** The training page: ms per step of one model or all of them, on the page's engine and settings (a scratch trainer). */
  async trainStepTimes(el: Element, models: 'all' | 'vae' | 'gan' | 'diffusion', runs = 10): Promise<{ engine: string; ms: number[] }> {
    const runner = (el as SessionPage<TrainWorkerApi & ModelWorkerApi<unknown>>).session?.runner;
    if (!runner?.engine) throw new Error('The training page is not ready yet.');
    return { engine: runner.engine, ms: await runner.call((api) => api.measureModels(models, runs)) };
  },

  /**
   * ms per step of a live-training page's model at its settings (#/train-text's GPT, #/train-nerf's field; a
   * scratch trainer), and what one step learns from: characters, or rays.
   */
  async liveStepTimes(el: Element, runs = 10): Promise<{ engine: string; ms: number[]; perStep: number }> {
    const page = el as SessionPage<TextWorkerApi> & { report?: { charsPerStep?: number; raysPerStep?: number } };
    const runner = page.session?.runner;
    if (!runner?.engine || !page.report) throw new Error('The training page is not ready yet.');
    const perStep = page.report.charsPerStep ?? page.report.raysPerStep ?? 0;
    return { engine: runner.engine, ms: await runner.call((api) => api.measure(runs)), perStep };
  },
};

export type GmpHooks = typeof hooks;
(globalThis as { gmpHooks?: GmpHooks }).gmpHooks = hooks;
