// Measures one model on this device the way its demo's `auto` does: the demo's own worker and files, each
// engine started and warmed up, then timed (median of `runs` calls of the worker's `measure`). Resolves to
// the fastest engine and every engine's median. Browser only (workers), no DOM.
import { launchWorker } from '../workers/launch';
import type { WebGpuReport } from '../core/main-thread/webgpu-report';
import { type Engine, fastest } from '../core/any-thread/engine-choice';
import type { Manifest } from '../core/any-thread/manifest';
import { ModelRunner } from '../core/main-thread/model-runner';
import type { ModelWorkerApi } from '../core/any-thread/worker-api';
import { handedOver, startArgs } from '../models/model-entry';
import { entryFor, type ModelKind } from '../models/registry';
import type { Measured } from './facts';

/** Side of the canvas a drawing model (NeRF) gets; its worker's `measure` renders 64² views. */
const NERF_CANVAS = 64;

export interface MeasureOptions {
  webgpu: WebGpuReport;
  /** Engines to time (default: every engine the model has). */
  engines?: readonly Engine[];
  runs?: number;
}

/** Times `kind` on each engine; rejects with the reason when no engine could run it. */
export function measureModel(
  kind: ModelKind,
  manifest: Manifest,
  files: Record<string, Uint8Array>,
  opts: MeasureOptions,
): { done: Promise<Measured>; cancel: () => void } {
  const spec = entryFor(kind);
  const args = spec.loadArgs(files, manifest.models[kind]);
  const engines = spec.engines.filter((e) => !opts.engines || opts.engines.includes(e));
  let runner: ModelRunner<unknown, ModelWorkerApi<unknown>> | undefined;
  const done = new Promise<Measured>((resolve, reject) => {
    runner = new ModelRunner<unknown, ModelWorkerApi<unknown>>({
      createWorker: () => launchWorker(kind),
      // a model that draws (NeRF) gets a canvas of its own at each start (one can be handed over only once)
      loadArgs: () => startArgs(spec, args, NERF_CANVAS),
      transfer: handedOver,
      webgpu: opts.webgpu,
      engines: engines.includes('wasm') ? engines : ['wasm', ...engines],
      // the compare page measures what it was asked to, the WebGPU build included
      autoEngines: engines,
      measureRuns: opts.runs ?? 5,
      onEvent: (e) => {
        if (e.type === 'auto-decided') {
          const medians = Object.fromEntries(Object.entries(e.medians).filter(([engine]) => engines.includes(engine as Engine))) as Partial<
            Record<Engine, number>
          >;
          const best = fastest(medians);
          runner?.dispose();
          if (best) resolve({ engine: best, ms: medians[best]!, medians: medians as Record<string, number> });
          else reject(new Error(e.webgpuError ?? 'no engine could run it'));
        } else if (e.type === 'failed') {
          runner?.dispose();
          reject(new Error(e.message));
        }
      },
    });
    runner.select('auto').catch((err: unknown) => {
      runner?.dispose();
      reject(err instanceof Error ? err : new Error(String(err)));
    });
  });
  return { done, cancel: () => runner?.dispose() };
}
