// The page's helper worker: the work a page would otherwise do on its main thread before a model can start,
// done where it cannot hold up a click or a paint. It fetches, inflates, checks and caches model files
// (model-files.ts) and opens the WebGPU adapter (webgpu-probe.ts). Entry point: workers/helper.worker.ts;
// the page's side: core/main-thread/off-thread.ts.
import * as Comlink from 'comlink';
import { ModelLoadError, type LoadErrorKey } from './errors';
import type { ManifestFile } from './manifest';
import { keptAll } from './model-cache';
import { fetchModelFileHere, type Progress } from './model-files';
import { probeWebGpu, type WebGpuReport } from './webgpu-probe';

/** A fetched file, or the ModelLoadError's key and parameters (Comlink would keep only its message). */
export type FileOutcome = { bytes: Uint8Array } | { failed: { key: LoadErrorKey; params: Record<string, string | number> } };

/** How often a download tells the page how far it is: a message per chunk would be a task per 64 KB. */
export const PROGRESS_EVERY_MS = 50;

export const helperApi = {
  /** fetchModelFile in this worker; the bytes are handed to the page, not copied. */
  async fetchFile(baseUrl: string, file: ManifestFile, onProgress?: (p: Progress) => void): Promise<FileOutcome> {
    let toldAt = Number.NEGATIVE_INFINITY;
    const tell = (p: Progress) => {
      const now = performance.now();
      if (p.loaded !== 0 && p.loaded !== p.total && now - toldAt < PROGRESS_EVERY_MS) return;
      toldAt = now;
      void onProgress?.(p);
    };
    try {
      const bytes = await fetchModelFileHere(baseUrl, file, onProgress && tell);
      return Comlink.transfer({ bytes }, [bytes.buffer]);
    } catch (e) {
      if (e instanceof ModelLoadError) return { failed: { key: e.key, params: e.params } };
      throw e;
    } finally {
      (onProgress as Partial<Comlink.Remote<unknown>> | undefined)?.[Comlink.releaseProxy]?.();
    }
  },

  probeWebGpu(): Promise<WebGpuReport> {
    return probeWebGpu();
  },

  /** Resolves once the files fetched here are in the offline cache: the page ends this worker only then. */
  settled(): Promise<void> {
    return keptAll();
  },
};

export type HelperApi = typeof helperApi;
