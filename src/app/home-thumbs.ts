// Live thumbnails for the home page: each model makes one small sample in its own worker (the demo's worker
// and files, on wasm — always there and quick for one small sample), then the worker is shut down.
// Images are painted into a 28×28 canvas (VAE, GAN, diffusion) or 64×64 (NeRF); the transformer writes a line.
import * as Comlink from 'comlink';
import { paintImage } from '../demos/vae/draw';
import { latentFor } from '../models/gan/latent';
import { Trajectory, toUnit } from '../models/diffusion/sampler';
import { sampleToken } from '../models/transformer/sampling';
import { defaultView } from '../models/nerf/orbit';
import { diffusionSchedule, handedOver, startArgs, transformerTokenizer } from '../models/model-entry';
import type { ModelKind } from '../compare/facts';
import { downloadModel, SPECS } from '../compare/measure';
import type { Manifest } from '../core/manifest';
import type { ModelWorkerApi } from '../engines/open-model';
import { mulberry32, seededNormals } from '../core/seeded-random';
import type { VaeLoadArgs, VaeWorkerApi } from '../models/vae/worker';
import type { GanLoadArgs, GanWorkerApi } from '../models/gan/worker';
import type { DiffusionWorkerApi } from '../models/diffusion/worker';
import type { TransformerWorkerApi } from '../models/transformer/worker';
import type { NerfLoadArgs, NerfWorkerApi } from '../models/nerf/worker';
import type { NerfMeta } from '../engines/nerf/nerf-field';

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
  const args = spec.loadArgs(files, model);
  /** The worker on wasm with this model loaded (a drawing model gets a canvas of its own). */
  // one Comlink proxy per worker: a second one, once garbage-collected, would tell the worker to stop listening
  const open = async <API>(): Promise<Comlink.Remote<API>> => {
    const api = Comlink.wrap<API>(worker);
    const start = { ...(startArgs(spec, args, THUMB_NERF_SIZE) as object), engine: 'wasm' as const };
    await (api as unknown as Comlink.Remote<ModelWorkerApi<object>>).load(Comlink.transfer(start, handedOver(start)), Comlink.proxy(() => undefined));
    return api;
  };
  try {
    if (kind === 'vae') {
      const api = await open<VaeWorkerApi>();
      paintImage(target.canvas, (await api.decode(seededNormals((args as VaeLoadArgs).latentDim, seed), 1)).pixels);
    } else if (kind === 'gan') {
      const api = await open<GanWorkerApi>();
      paintImage(target.canvas, (await api.generate(latentFor(seed, 0, (args as GanLoadArgs).zDim, 1), 1)).pixels);
    } else if (kind === 'diffusion') {
      const api = await open<DiffusionWorkerApi>();
      const run = new Trajectory(diffusionSchedule(files), { sampler: 'ddim', steps: THUMB_DIFFUSION_STEPS, seed, size: 784 });
      const label = seed % 10;
      while (!run.done) {
        signal?.throwIfAborted();
        await run.advance(async (x, t) => (await api.denoise(x, t, label, 3, 1)).eps);
        paintImage(target.canvas, toUnit(run.last.x0 ?? run.last.x)); // the picture sharpens as it denoises
      }
      paintImage(target.canvas, toUnit(run.last.x));
    } else if (kind === 'transformer') {
      const api = await open<TransformerWorkerApi>();
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
      const api = await open<NerfWorkerApi>();
      const frame = await api.render(defaultView((args as NerfLoadArgs).meta as NerfMeta, THUMB_NERF_SIZE), undefined, true);
      const ctx = target.canvas.getContext('2d');
      if (ctx && frame.pixels) ctx.putImageData(new ImageData(new Uint8ClampedArray(frame.pixels.buffer as ArrayBuffer), THUMB_NERF_SIZE, THUMB_NERF_SIZE), 0, 0);
    }
  } finally {
    worker.terminate();
  }
}
