// Live thumbnails for the home page: each model makes one small sample in its own worker (the demo's worker
// and files, on wasm — always there and quick for one small sample), then the worker is shut down.
// Images are painted into a 28×28 canvas (VAE, GAN, diffusion) or 64×64 (NeRF); the transformer writes a line.
import * as Comlink from 'comlink';
import { paintImage } from '../demos/vae/draw';
import { latentFor } from '../demos/gan/latent';
import { Trajectory, toUnit } from '../demos/diffusion/sampler';
import { sampleToken } from '../demos/transformer/sampling';
import { defaultView } from '../demos/nerf/orbit';
import { diffusionSchedule, transformerTokenizer } from '../demos/shared/model-specs';
import type { ModelKind } from '../compare/facts';
import { downloadModel, SPECS } from '../compare/measure';
import type { Manifest } from '../workers/manifest';
import { mulberry32, seededNormals } from '../workers/seeded-inputs';
import type { VaeWorkerApi } from '../workers/vae.worker';
import type { GanWorkerApi } from '../workers/gan.worker';
import type { DiffusionWorkerApi } from '../workers/diffusion.worker';
import type { TransformerWorkerApi } from '../workers/transformer.worker';
import type { NerfLoadArgs, NerfWorkerApi } from '../workers/nerf.worker';
import type { NerfMeta } from '../engines/nerf-field';

/** Where a thumbnail goes: a canvas for pictures, a callback for text as it streams. */
export interface ThumbTarget {
  canvas: HTMLCanvasElement;
  text: (s: string) => void;
}

export const THUMB_DIFFUSION_STEPS = 20;
export const THUMB_CHARACTERS = 60;
export const THUMB_NERF_SIZE = 64;
const PROMPT = 'Wer ';

/** Makes one live sample of `kind` into `target`; `seed` varies it from visit to visit. */
export async function renderThumb(kind: ModelKind, manifest: Manifest, baseUrl: string, target: ThumbTarget, seed: number, signal?: AbortSignal): Promise<void> {
  const files = await downloadModel(kind, manifest, baseUrl, () => undefined);
  signal?.throwIfAborted();
  const spec = SPECS[kind];
  const model = manifest.models[kind];
  const worker = spec.createWorker();
  signal?.addEventListener('abort', () => worker.terminate()); // left the page: stop at once
  const noLost = Comlink.proxy(() => undefined);
  try {
    const args = spec.loadArgs(files, model) as object;
    if (kind === 'vae') {
      const api = Comlink.wrap<VaeWorkerApi>(worker);
      const { latentDim } = args as { latentDim: number };
      await api.load({ ...(args as Parameters<VaeWorkerApi['load']>[0]), engine: 'wasm' }, noLost);
      paintImage(target.canvas, (await api.decode(seededNormals(latentDim, seed), 1)).pixels);
    } else if (kind === 'gan') {
      const api = Comlink.wrap<GanWorkerApi>(worker);
      const { zDim } = args as { zDim: number };
      await api.load({ ...(args as Parameters<GanWorkerApi['load']>[0]), engine: 'wasm' }, noLost);
      paintImage(target.canvas, (await api.generate(latentFor(seed, 0, zDim, 1), 1)).pixels);
    } else if (kind === 'diffusion') {
      const api = Comlink.wrap<DiffusionWorkerApi>(worker);
      await api.load({ ...(args as Parameters<DiffusionWorkerApi['load']>[0]), engine: 'wasm' }, noLost);
      const run = new Trajectory(diffusionSchedule(files), { sampler: 'ddim', steps: THUMB_DIFFUSION_STEPS, seed, size: 784 });
      const label = seed % 10;
      while (!run.done) {
        signal?.throwIfAborted();
        await run.advance(async (x, t) => (await api.denoise(x, t, label, 3, 1)).eps);
        paintImage(target.canvas, toUnit(run.last.x0 ?? run.last.x)); // the picture sharpens as it denoises
      }
      paintImage(target.canvas, toUnit(run.last.x));
    } else if (kind === 'transformer') {
      const api = Comlink.wrap<TransformerWorkerApi>(worker);
      await api.load({ ...(args as Parameters<TransformerWorkerApi['load']>[0]), engine: 'wasm' }, noLost);
      const tokenizer = transformerTokenizer(files);
      const random = mulberry32(seed);
      let text = PROMPT;
      target.text(text);
      let r = await api.start(tokenizer.encode(PROMPT).ids);
      for (let i = 0; i < THUMB_CHARACTERS; i++) {
        signal?.throwIfAborted();
        const next = sampleToken(r.logits, 0.8, 20, random);
        text += tokenizer.decode([next]);
        target.text(text);
        r = await api.step(next, r.sequence);
      }
    } else {
      const api = Comlink.wrap<NerfWorkerApi>(worker);
      const canvas = new OffscreenCanvas(THUMB_NERF_SIZE, THUMB_NERF_SIZE);
      const nerfArgs = { ...(args as NerfLoadArgs), canvas, engine: 'wasm' as const };
      await api.load(Comlink.transfer(nerfArgs, [canvas]), noLost);
      const frame = await api.render(defaultView(nerfArgs.meta as NerfMeta, THUMB_NERF_SIZE), undefined, true);
      const ctx = target.canvas.getContext('2d');
      if (ctx && frame.pixels) ctx.putImageData(new ImageData(new Uint8ClampedArray(frame.pixels.buffer as ArrayBuffer), THUMB_NERF_SIZE, THUMB_NERF_SIZE), 0, 0);
    }
  } finally {
    worker.terminate();
  }
}
