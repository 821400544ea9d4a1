// Cancellation passed down: a bridge call given an AbortSignal rejects with AbortError, before it starts (the
// worker never sees it) or while it runs (its result is dropped); a worker's own errors come back as our classes.
import * as Comlink from 'comlink';
import { describe, expect, it } from 'vitest';
import { AbortError, DeviceLostError, StaleSequenceError, triage, WorkerCrashedError } from '../any-thread/errors';
import { WorkerBridge, type WorkerLike } from './worker-bridge';

interface Api {
  echo(x: number): Promise<number>;
  /** Resolves once `release()` is called in the worker. */
  wait(): Promise<string>;
  fail(name: string): Promise<never>;
}

function fakeWorker() {
  const seen: string[] = [];
  let release: (() => void) | undefined;
  const { port1, port2 } = new MessageChannel();
  const api: Api = {
    async echo(x) {
      seen.push(`echo ${x}`);
      return x;
    },
    wait() {
      seen.push('wait');
      return new Promise((r) => {
        release = () => r('late');
      });
    },
    async fail(name) {
      // what Comlink delivers of a worker's error: a plain Error that keeps its name and message
      throw Object.assign(new Error(`failed as ${name}`), { name });
    },
  };
  Comlink.expose(api, port2);
  const worker: WorkerLike = Object.assign(port1, {
    terminate: () => {
      port1.close();
      port2.close();
    },
  });
  port1.start();
  return { worker, seen, release: () => release?.() };
}

describe('WorkerBridge.call with a signal', () => {
  it('never starts a call whose signal has already fired', async () => {
    const w = fakeWorker();
    const bridge = new WorkerBridge<Api>({ create: () => w.worker, locks: null });
    const cancelled = new AbortController();
    cancelled.abort();
    await expect(bridge.call((api) => api.echo(1), { signal: cancelled.signal })).rejects.toBeInstanceOf(AbortError);
    expect(await bridge.call((api) => api.echo(2))).toBe(2);
    expect(w.seen).toEqual(['echo 2']);
    bridge.terminate();
  });

  it('rejects a running call at once when its signal fires, and drops the late result', async () => {
    const w = fakeWorker();
    const bridge = new WorkerBridge<Api>({ create: () => w.worker, locks: null });
    const run = new AbortController();
    const call = bridge.call((api) => api.wait(), { signal: run.signal });
    await expect.poll(() => w.seen).toEqual(['wait']);
    run.abort();
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(triage(error)).toBe('ignore');
    w.release(); // the worker finishes later: nobody hears of it, and the bridge still works
    expect(await bridge.call((api) => api.echo(3))).toBe(3);
    bridge.terminate();
  });

  it("gives a worker's errors back as the classes of errors.ts", async () => {
    const w = fakeWorker();
    const bridge = new WorkerBridge<Api>({ create: () => w.worker, locks: null });
    const lost = await bridge.call((api) => api.fail('DeviceLostError')).catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(DeviceLostError);
    expect(triage(lost)).toBe('recover');
    expect(await bridge.call((api) => api.fail('StaleSequenceError')).catch((e: unknown) => e)).toBeInstanceOf(StaleSequenceError);
    const other = await bridge.call((api) => api.fail('RangeError')).catch((e: unknown) => e);
    expect(other).toBeInstanceOf(Error);
    expect((other as Error).name).toBe('RangeError');
    expect(triage(other)).toBe('show');
    expect(triage(new WorkerCrashedError('x'))).toBe('recover');
    bridge.terminate();
  });
});
