// Live thumbnails for the home page: a model makes one small sample in its own worker (the demo's worker and
// files, or fewer where the thumbnail says so), then the worker is shut down. The engine is the caller's
// choice: our wgsl kernels where WebGPU is (no runtime to download), else onnxruntime's wasm. What the
// sample is comes from the model's registry entry (`thumbnail`).
import * as Comlink from 'comlink';
import type { Engine } from '../core/any-thread/engine-choice';
import { fileFor, type Manifest } from '../core/any-thread/manifest';
import type { ModelWorkerApi } from '../core/any-thread/worker-api';
import { endWorker } from '../core/main-thread/worker-bridge';
import { type AnyModelEntry, downloadModel, handedOver, startArgs } from './model-entry';

/** Where a thumbnail goes: a canvas for pictures, a callback for text as it streams. */
export interface ThumbTarget {
  canvas: HTMLCanvasElement;
  text: (s: string) => void;
}

/** Makes one live sample of `entry` into `target`; `seed` varies it from visit to visit. */
export async function renderThumb(
  entry: AnyModelEntry,
  createWorker: () => Worker,
  manifest: Manifest,
  baseUrl: string,
  target: ThumbTarget,
  seed: number,
  engine: Extract<Engine, 'wasm' | 'wgsl' | 'cpu'>,
  signal?: AbortSignal,
): Promise<void> {
  const roles = entry.thumbnail.roles ?? entry.roles;
  const files = await downloadModel({ id: entry.id, roles }, manifest, baseUrl, () => undefined);
  signal?.throwIfAborted();
  const worker = createWorker();
  // one Comlink proxy per worker: a second one, once garbage-collected, would tell the worker to stop listening
  const api = Comlink.wrap<ModelWorkerApi<unknown>>(worker);
  // a call left pending on the ended worker would hold the proxy and the page's canvas: end both (endWorker)
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    endWorker(worker, api);
  };
  signal?.addEventListener('abort', stop); // left the page: stop at once
  try {
    const args = entry.loadArgs(files, manifest.models[entry.id]);
    const start = { ...(startArgs(entry, args, entry.thumbnail.size) as object), engine };
    // the graphs are this preview's alone: moved into the worker, not copied (copying 6.6 MB held the page
    // 15 ms); the JSON files stay, as `draw` may read them (a schedule, a vocabulary)
    const graphs = roles.filter((role) => fileFor(manifest.models[entry.id], role).path.endsWith('.onnx'));
    const buffers = new Set(graphs.map((role) => files[role].buffer));
    await api.load(
      Comlink.transfer(start, [...handedOver(start), ...buffers]),
      Comlink.proxy(() => undefined),
    );
    await entry.thumbnail.draw(api, { args, files, canvas: target.canvas, text: target.text, seed, signal });
  } finally {
    signal?.removeEventListener('abort', stop);
    stop();
  }
}
