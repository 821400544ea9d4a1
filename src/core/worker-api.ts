// The contract between the main thread's runner (model-runner.ts) and every model worker: what a worker must
// offer so it can be started on an engine, warmed up, timed and restarted. Types only.
import type { Engine } from './engine-choice';

export interface LoadReport {
  engine: Engine;
  /** ms for the first (warm-up) run of the main model, which includes shader compilation on webgpu. */
  warmupMs: number;
  threads: number;
  adapter?: string;
}

/** The part of every model worker's API that the runner uses. */
export interface ModelWorkerApi<LoadArgs> {
  load(args: LoadArgs & { engine: Engine }, onDeviceLost: (reason: string) => void): Promise<LoadReport>;
  /** Times `runs` calls of the main model on a fixed, non-zero input (after the warm-up). */
  measure(runs: number): Promise<number[]>;
}
