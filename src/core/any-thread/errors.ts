// The errors the site's machinery throws, as real classes in one module, and the one place that decides what a
// page does with an error: drop it (the visitor cancelled), leave it to the runner (a crashed worker or a lost
// GPU device, which the runner reports and restarts), or show it.
//
// Errors thrown inside a worker cross Comlink as a plain Error that keeps only its name and message;
// `revive()` turns the ones named here back into their class, so callers test with `instanceof`, never names.
import type { Engine } from './engine-choice';

/** The worker died: it threw outside a call, failed to load its script, or was shut down. */
export class WorkerCrashedError extends Error {
  override name = 'WorkerCrashedError';
}

/** The worker went silent rather than throwing: it ended (self.close(), killed) or stopped answering. */
export class WorkerStoppedError extends WorkerCrashedError {
  override name = 'WorkerStoppedError';
}

/** The GPU device the worker ran on was lost (driver reset, another tab took the GPU, device.destroy()). */
export class DeviceLostError extends Error {
  override name = 'DeviceLostError';
}

/** The transformer worker's cache holds another text: start again from the text so far. */
export class StaleSequenceError extends Error {
  override name = 'StaleSequenceError';
}

/** An engine could not open or warm up the model (bad graph, unsupported op, out of memory, …). */
export class EngineStartError extends Error {
  override name = 'EngineStartError';
  constructor(
    readonly engine: Engine,
    message: string,
  ) {
    super(message);
  }
}

/** The caller's AbortSignal fired: the result is no longer wanted. Never shown to the visitor. */
export class AbortError extends Error {
  override name = 'AbortError';
  constructor(message = 'The call was cancelled.') {
    super(message);
  }
}

/** The keys of the model-file errors (the message each shows lives in the strings under `load.*`). */
export type LoadErrorKey = 'load.manifest' | 'load.missing' | 'load.http' | 'load.network' | 'load.size' | 'load.hash';

/** A model file could not be fetched or did not match the manifest; carries a message key and its parameters. */
export class ModelLoadError extends Error {
  override name = 'ModelLoadError';
  constructor(
    readonly key: LoadErrorKey,
    readonly params: Record<string, string | number>,
  ) {
    super(`${key} ${JSON.stringify(params)}`);
  }
}

/** Rejects with AbortError if `signal` has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError();
}

/** True for a cancelled call: an AbortError of ours or the platform's (fetch, DOMException). */
export function isAbort(e: unknown): boolean {
  return (
    e instanceof AbortError || (e instanceof Error && e.name === 'AbortError') || (e instanceof DOMException && e.name === 'AbortError')
  );
}

/**
 * What a page does with an error from its model session:
 * - `ignore`: a cancelled call (the visitor moved on);
 * - `recover`: the runner has seen it too (crash, lost device), says so and restarts the worker;
 * - `show`: anything else stops that action, and the page says what went wrong.
 */
export function triage(e: unknown): 'ignore' | 'recover' | 'show' {
  if (isAbort(e)) return 'ignore';
  if (e instanceof WorkerCrashedError || e instanceof DeviceLostError) return 'recover';
  return 'show';
}

/** The classes `revive` knows by name (errors a worker may throw through Comlink). */
const WORKER_ERRORS: Record<string, new (message: string) => Error> = {
  DeviceLostError,
  StaleSequenceError,
  WorkerCrashedError,
  WorkerStoppedError,
  AbortError,
};

/** A worker's error (a plain Error with a name) as its class from this module, where it is one of ours. */
export function revive(e: unknown): unknown {
  if (!(e instanceof Error) || e.constructor !== Error) return e;
  const Class = WORKER_ERRORS[e.name];
  if (!Class) return e;
  const revived = new Class(e.message);
  revived.stack = e.stack;
  return revived;
}

/** The message of any thrown value, for the visitor's status line. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
