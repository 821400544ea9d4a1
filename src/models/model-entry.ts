// What the site knows about one model, written once: the manifest roles its worker downloads, the engines it
// runs on, the worker and its load arguments, what "one sample" is, how much it learned from, and its home-page
// thumbnail. Routes, navigation, home cards, the device report, the compare page, the kernels page and the demos'
// runner set-up all read it from the registry (registry.ts); the demo element is `demos/<id>/<id>-demo.ts`.
import type * as Comlink from 'comlink';
import type { Engine } from '../core/any-thread/engine-choice';
import { fileFor, type Manifest, type ManifestModel } from '../core/any-thread/manifest';
import { fetchModelFile, type Progress } from '../core/any-thread/model-files';
import type { ModelWorkerApi } from '../core/any-thread/worker-api';
import type { InputData } from '../engines/onnxruntime';

/** What a home-page thumbnail draws into, and with what. */
export interface ThumbContext<LoadArgs> {
  args: LoadArgs;
  files: Record<string, Uint8Array>;
  /** A canvas of `thumbnail.size`² (hidden for text). */
  canvas: HTMLCanvasElement;
  /** Shows text as it streams (the transformer). */
  text: (s: string) => void;
  /** Varies the sample from visit to visit. */
  seed: number;
  signal?: AbortSignal;
}

export interface Thumbnail<LoadArgs, API> {
  /** The manifest roles a thumbnail needs, where fewer than the demo's (the VAE only decodes). */
  roles?: readonly string[];
  /** Side of the canvas in pixels. */
  size: number;
  /** `image`: grey pixels on black; `scene`: a colour view on white; `text`: a line of text. */
  look: 'image' | 'scene' | 'text';
  /** Makes one small sample with the worker already loaded (cpu where the model has it, else wgsl where WebGPU is, else wasm). */
  draw(api: Comlink.Remote<API>, ctx: ThumbContext<LoadArgs>): Promise<void>;
}

export interface ModelEntry<
  LoadArgs = unknown,
  API extends ModelWorkerApi<LoadArgs> = ModelWorkerApi<LoadArgs>,
  Id extends string = string,
> {
  /** Manifest key and route (`#/<id>`); the demo element is `gmp-<id>-demo`, its strings `nav.<id>`, `card.<id>.*`, `sample.<id>`. */
  id: Id;
  /** Manifest roles to download, in order. */
  roles: readonly string[];
  /** The engines the model runs on, in the order the engine menu lists them (`auto` measures them). */
  engines: readonly Engine[];
  /** The engines `auto` measures, where not all of them (default: all but onnxruntime's WebGPU build). */
  auto?: readonly Engine[];
  /** The worker's load arguments from the verified files (throws a named error for a broken extras file). */
  loadArgs(files: Record<string, Uint8Array>, model: ManifestModel): LoadArgs;
  /** True when the worker draws into a canvas of its own, handed over at each start (the NeRF). */
  draws?: boolean;
  /** How many of the worker's timed `measure` units make one sample (what one sample is: `sample.<id>` in its strings). */
  sample: { perMeasured: number };
  /** How much the model learned from, as the manifest records it. */
  trainingData(model: ManifestModel): { amount: number; unit: 'images' | 'characters' | 'views' };
  /** The graph the #/kernels page runs on every engine (image models on our graph engine). */
  kernelsGraph?: { role: string; label: string; input: () => Record<string, InputData> };
  thumbnail: Thumbnail<LoadArgs, API>;
}

/** Any entry, as the pages that treat all models alike see it. */
export type AnyModelEntry = ModelEntry<unknown, ModelWorkerApi<unknown>>;

/** A fresh start's load arguments: a model that draws gets a new OffscreenCanvas (`size` square) to hand over. */
export function startArgs<A>(entry: { draws?: boolean }, args: A, size: number): A {
  return entry.draws ? { ...args, canvas: new OffscreenCanvas(size, size) } : args;
}

/** What of a start's load arguments moves into the worker instead of being copied: its canvas, if any. */
export function handedOver(args: unknown): Transferable[] {
  const canvas = (args as { canvas?: unknown } | undefined)?.canvas;
  return canvas ? [canvas as Transferable] : [];
}

/** A JSON file of the model's (extras, schedule, vocabulary, scene description). */
export const json = <T>(bytes: Uint8Array): T => JSON.parse(new TextDecoder().decode(bytes)) as T;

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** The training-set size the manifest records under `dataset[field]`. */
export const datasetAmount = (model: ManifestModel, field: string): number => num(model.dataset[field]);

/** Downloads and verifies every file `entry` needs, in order. */
export async function downloadModel(
  entry: { id: string; roles: readonly string[] },
  manifest: Manifest,
  baseUrl: string,
  onProgress: (p: Progress) => void,
): Promise<Record<string, Uint8Array>> {
  const model = manifest.models[entry.id];
  if (!model) throw new Error(`the manifest has no model "${entry.id}"`);
  const files: Record<string, Uint8Array> = {};
  for (const role of entry.roles) files[role] = await fetchModelFile(baseUrl, fileFor(model, role), onProgress);
  return files;
}
