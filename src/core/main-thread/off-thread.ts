// The page's side of its helper worker (core/any-thread/helper-api.ts): model files are fetched, inflated,
// checked and cached there, and the WebGPU adapter is opened there, so none of it is a long task on the main
// thread. Traced on this 2-core VM, home's start spent 80 ms opening the adapter and 60–80 ms a file hashing
// and caching, each a long task Lighthouse counts four times over.
//
// The app starts it (useHelperWorker); without that (unit tests) or once the helper has failed, the work
// runs on this thread as before. The helper ends after HELPER_IDLE_MS without a call, once the files it
// fetched are in the offline cache, so a page that is done loading keeps no worker; the next call starts
// another.
import * as Comlink from 'comlink';
import { ModelLoadError } from '../any-thread/errors';
import type { FileOutcome, HelperApi } from '../any-thread/helper-api';
import type { ManifestFile } from '../any-thread/manifest';
import { fetchModelFileHere, fetchModelFilesWith, type Progress } from '../any-thread/model-files';
import type { WebGpuReport } from '../any-thread/webgpu-probe';
import { WorkerBridge, type WorkerLike } from './worker-bridge';

export const HELPER_IDLE_MS = 2000;

let bridge: WorkerBridge<HelperApi> | undefined;
let calls = 0;
let idleTimer: ReturnType<typeof setTimeout> | undefined;

/** From now on this page fetches model files and asks for the WebGPU adapter in workers made by `create`. */
export function useHelperWorker(create: () => WorkerLike): void {
  bridge?.terminate();
  bridge = new WorkerBridge<HelperApi>({ create });
  fetchModelFilesWith(fetchOffThread);
}

/** Where the helper cannot do it (it failed to start, crashed or threw), the page does it itself, for good. */
function giveUp(): void {
  bridge?.terminate();
  bridge = undefined;
  fetchModelFilesWith(undefined);
}

/** Runs `fn` on the helper; undefined where there is none or it failed (the caller then works here). */
async function onHelper<R>(fn: (api: Comlink.Remote<HelperApi>) => Promise<R>): Promise<{ value: R } | undefined> {
  const b = bridge;
  if (!b) return undefined;
  calls++;
  clearTimeout(idleTimer);
  try {
    return { value: await b.call(fn) };
  } catch {
    if (bridge === b) giveUp();
    return undefined;
  } finally {
    if (--calls === 0 && bridge === b) idleTimer = setTimeout(() => void endWhenSettled(b), HELPER_IDLE_MS);
  }
}

/** Ends the idle helper once its cache writes are done, unless a call came meanwhile. */
async function endWhenSettled(b: WorkerBridge<HelperApi>): Promise<void> {
  await b.call((api) => api.settled()).catch(() => undefined);
  if (calls !== 0 || bridge !== b) return;
  clearTimeout(idleTimer); // a call that came and went meanwhile set one: it would start a helper only to end it
  b.terminate();
}

async function fetchOffThread(baseUrl: string, file: ManifestFile, onProgress?: (p: Progress) => void): Promise<Uint8Array> {
  // progress comes on a channel of its own, so its last message may arrive after the result: dropped then,
  // and the page says "all of it" itself (a late one would show a finished download as still coming)
  let finished = false;
  const tell = onProgress && Comlink.proxy((p: Progress) => !finished && onProgress(p));
  const done = await onHelper((api) => api.fetchFile(baseUrl, file, tell) as Promise<FileOutcome>);
  finished = true;
  if (!done) return fetchModelFileHere(baseUrl, file, onProgress);
  const outcome = done.value;
  if ('failed' in outcome) throw new ModelLoadError(outcome.failed.key, outcome.failed.params);
  const total = file.wire?.bytes ?? file.bytes;
  onProgress?.({ file: file.path, loaded: total, total });
  return outcome.bytes;
}

/** The WebGPU probe run in the helper, or undefined where there is no helper. */
export async function probeOffThread(): Promise<WebGpuReport | undefined> {
  return (await onHelper((api) => api.probeWebGpu()))?.value;
}
