// How each model's worker starts: the manifest roles it downloads, the engines it runs on, the worker and
// its load arguments. The demos start their workers from here, and so do the compare page's measurement
// and the home page's thumbnails, so all three run the same files the same way.
import type { Engine } from '../core/engine-choice';
import type { ManifestModel } from '../core/manifest';
import type { ModelWorkerApi } from '../engines/open-model';
import type { DiffusionLoadArgs, DiffusionWorkerApi } from './diffusion/worker';
import type { GanLoadArgs, GanWorkerApi } from './gan/worker';
import type { NerfLoadArgs, NerfWorkerApi } from './nerf/worker';
import type { TransformerLoadArgs, TransformerWorkerApi } from './transformer/worker';
import type { VaeLoadArgs, VaeWorkerApi } from './vae/worker';
import { parseSchedule, type Schedule } from './diffusion/sampler';
import type { LatentExtras } from './vae/latent';
import { Tokenizer, type VocabFile } from './transformer/tokenizer';
import { type NerfMeta, NerfFormatError, parseNerfMeta } from '../engines/nerf/nerf-field';

export interface ModelSpec<LoadArgs, API extends ModelWorkerApi<LoadArgs>> {
  id: 'vae' | 'gan' | 'diffusion' | 'transformer' | 'nerf';
  /** Manifest roles to download, in order. */
  roles: readonly string[];
  /** The engines the model runs on (`auto` measures them). */
  engines: readonly Engine[];
  createWorker(): Worker;
  /** The worker's load arguments from the verified files (throws a named error for a broken extras file). */
  loadArgs(files: Record<string, Uint8Array>, model: ManifestModel): LoadArgs;
  /** True when the worker draws into a canvas of its own, handed over at each start (the NeRF). */
  draws?: boolean;
  /** Only for typing the worker's API. */
  readonly api?: API;
}

/** A fresh start's load arguments: a model that draws gets a new OffscreenCanvas (`size` square) to hand over. */
export function startArgs<A>(spec: { draws?: boolean }, args: A, size: number): A {
  return spec.draws ? { ...args, canvas: new OffscreenCanvas(size, size) } : args;
}

/** What of a start's load arguments moves into the worker instead of being copied: its canvas, if any. */
export function handedOver(args: unknown): Transferable[] {
  const canvas = (args as { canvas?: unknown } | undefined)?.canvas;
  return canvas ? [canvas as Transferable] : [];
}

const json = <T>(bytes: Uint8Array): T => JSON.parse(new TextDecoder().decode(bytes)) as T;

export const VAE_SPEC: ModelSpec<VaeLoadArgs, VaeWorkerApi> = {
  id: 'vae',
  roles: ['decoder', 'encoder', 'extras'],
  engines: ['webgpu', 'wasm', 'wgsl'],
  createWorker: () => new Worker(new URL('../workers/vae.worker.ts', import.meta.url), { type: 'module', name: 'vae' }),
  loadArgs: (files) => ({ decoder: files.decoder, encoder: files.encoder, latentDim: json<LatentExtras>(files.extras).latent_dim }),
};

export const GAN_SPEC: ModelSpec<GanLoadArgs, GanWorkerApi> = {
  id: 'gan',
  roles: ['generator', 'discriminator', 'extras'],
  engines: ['webgpu', 'wasm', 'wgsl'],
  createWorker: () => new Worker(new URL('../workers/gan.worker.ts', import.meta.url), { type: 'module', name: 'gan' }),
  loadArgs: (files, model) => {
    json(files.extras); // a broken extras file fails here, with the parser's message
    return { generator: files.generator, discriminator: files.discriminator, zDim: Number(model.config?.z_dim ?? 64) };
  },
};

export const diffusionSchedule = (files: Record<string, Uint8Array>): Schedule => parseSchedule(json(files.schedule));

export const DIFFUSION_SPEC: ModelSpec<DiffusionLoadArgs, DiffusionWorkerApi> = {
  id: 'diffusion',
  roles: ['unet', 'schedule'],
  engines: ['webgpu', 'wasm', 'wgsl'],
  createWorker: () => new Worker(new URL('../workers/diffusion.worker.ts', import.meta.url), { type: 'module', name: 'diffusion' }),
  loadArgs: (files) => ({ unet: files.unet, nullLabel: diffusionSchedule(files).null_label }),
};

export const transformerTokenizer = (files: Record<string, Uint8Array>): Tokenizer => new Tokenizer(json<VocabFile>(files.vocab));

export const TRANSFORMER_SPEC: ModelSpec<TransformerLoadArgs, TransformerWorkerApi> = {
  id: 'transformer',
  roles: ['gpt', 'vocab'],
  engines: ['webgpu', 'wasm', 'wgsl'],
  createWorker: () => new Worker(new URL('../workers/transformer.worker.ts', import.meta.url), { type: 'module', name: 'transformer' }),
  loadArgs: (files, model) => {
    const vocab = transformerTokenizer(files).size;
    const c = model.config ?? {};
    if (Number(c.vocab_size) !== vocab) throw new Error(`vocab.json has ${vocab} characters, the manifest says ${String(c.vocab_size)}`);
    return { gpt: files.gpt, layers: Number(c.n_layer), heads: Number(c.n_head), embd: Number(c.n_embd), context: Number(c.context), vocab };
  },
};

export function nerfMeta(files: Record<string, Uint8Array>): NerfMeta {
  try {
    return parseNerfMeta(json(files.meta));
  } catch (e) {
    throw new NerfFormatError(e instanceof Error ? e.message : String(e));
  }
}

/** The NeRF worker also needs a canvas (an OffscreenCanvas, transferred) per start: `startArgs` or the demo adds it. */
export const NERF_SPEC: ModelSpec<NerfLoadArgs, NerfWorkerApi> = {
  id: 'nerf',
  draws: true,
  roles: ['meta', 'field', 'occupancy'],
  engines: ['wgsl', 'wasm'],
  createWorker: () => new Worker(new URL('../workers/nerf.worker.ts', import.meta.url), { type: 'module', name: 'nerf.worker' }),
  loadArgs: (files) => ({ meta: nerfMeta(files), field: files.field, occupancy: files.occupancy }) as NerfLoadArgs,
};
