// The contract between the main thread's runner (model-runner.ts) and every model worker: what a worker must
// offer so it can be started on an engine, warmed up, timed and restarted, and the worker's half of the
// bridge's liveness check (worker-bridge.ts).
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

/** The message a bridge posts to each fresh worker to start its liveness check (Comlink ignores it). */
export const LIVENESS = 'gmp-liveness';

export interface LivenessStart {
  type: typeof LIVENESS;
  /** The bridge's pings arrive here; the worker answers each one. */
  port: MessagePort;
  /** A Web Lock the worker holds for as long as it lives (absent where the page has no navigator.locks). */
  lock?: string;
}

/** The part of the Web Locks API the liveness check uses (navigator.locks, or a fake in tests). */
export interface LockRequester {
  request(name: string, options: { signal?: AbortSignal }, callback: () => unknown): Promise<unknown>;
}

/**
 * The worker's half of the liveness check: holds the bridge's lock until this global scope is gone (the
 * browser then releases it, however the worker ended) and answers every ping whenever its event loop turns.
 */
export function answerLiveness(
  scope: Pick<EventTarget, 'addEventListener'>,
  locks: LockRequester | undefined = (globalThis.navigator as Navigator | undefined)?.locks,
): void {
  scope.addEventListener('message', (ev) => {
    const start = (ev as MessageEvent).data as LivenessStart | undefined;
    if (start?.type !== LIVENESS) return;
    const { port, lock } = start;
    port.onmessage = () => port.postMessage('pong');
    if (!lock || !locks) {
      port.postMessage('hello');
      return;
    }
    locks
      .request(lock, {}, () => {
        port.postMessage('held');
        return new Promise(() => {}); // held for good
      })
      .catch(() => port.postMessage('hello')); // no lock to hold here: the pings alone watch this worker
  });
}
