// The diffusion playback against a fake worker: what the page would show (the state, its t, the steps computed,
// playing or not, the grid) after a run, play, pause, steps back and forward, scrubbing, a new run over an old
// one, and a failed call. Frames are timed with fake timers; nothing here waits on the wall clock.
import type * as Comlink from 'comlink';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AbortError, WorkerCrashedError } from '../../core/any-thread/errors';
import type { CallOptions } from '../../core/main-thread/worker-bridge';
import { DIFFUSION_DEFAULTS } from './entry';
import { FRAME_MS, GRID, Playback, type RunSettings } from './playback';
import { type Schedule, timestepSequence } from './sampler';
import type { Denoised, DiffusionWorkerApi } from './worker';

const T = 1000;
const schedule: Schedule = {
  kind: 'linear',
  timesteps: T,
  null_label: 10,
  alpha_bar: Array.from({ length: T }, (_, t) => 1 - (t + 1) / (T + 1)),
};
const settings = (over: Partial<RunSettings> = {}): RunSettings => ({ ...DIFFUSION_DEFAULTS, steps: 10, ...over });

interface Call {
  t: number;
  label: number;
  count: number;
  signal?: AbortSignal;
}

/** A worker whose U-Net is a toy function; calls can be held until released, and fail on demand. */
class FakeWorker {
  calls: Call[] = [];
  failNext?: Error;
  private held?: { promise: Promise<void>; release: () => void };
  /** The signal of the call being made (denoise records it with the call). */
  private signal?: AbortSignal;

  readonly api = {
    denoise: async (x: Float32Array, t: number, label: number, guidance: number, count: number): Promise<Denoised> => {
      this.calls.push({ t, label, count, signal: this.signal });
      if (this.held) await this.held.promise;
      await Promise.resolve(); // a real worker answers later
      const fail = this.failNext;
      this.failNext = undefined;
      if (fail) throw fail;
      return { eps: x.map((v) => 0.6 * v + 0.1 * guidance * Math.sin(t / 100 + label)), ms: 5 };
    },
  };

  /** Holds every call until release() (each release lets the calls made so far through). */
  hold(): void {
    let release = () => {};
    const promise = new Promise<void>((r) => {
      release = r;
    });
    this.held = { promise, release };
  }

  release(): void {
    const held = this.held;
    this.held = undefined;
    held?.release();
  }

  /** The page's call, as the worker bridge makes it: rejects with AbortError at once when the signal fires. */
  readonly call = <R>(fn: (api: Comlink.Remote<DiffusionWorkerApi>) => Promise<R>, options?: CallOptions): Promise<R> => {
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(new AbortError());
    this.signal = signal;
    const result = new Promise<R>((resolve, reject) => {
      const onAbort = () => reject(new AbortError());
      signal?.addEventListener('abort', onAbort, { once: true });
      fn(this.api as unknown as Comlink.Remote<DiffusionWorkerApi>)
        .then(resolve, reject)
        .finally(() => signal?.removeEventListener('abort', onAbort));
    });
    result.catch(() => {});
    return result;
  };
}

function setUp() {
  const worker = new FakeWorker();
  const failed: unknown[] = [];
  const timed: number[] = [];
  const changed = vi.fn();
  const playback = new Playback({ call: worker.call, changed, failed: (e) => failed.push(e), timed: (ms) => timed.push(ms) });
  return { worker, playback, failed, timed, changed };
}

/** The t of state `n` of a 10-step DDIM run: T-1 … 0, then -1 for the clean image. */
const tOf = (n: number, steps = 10) => (n < steps ? timestepSequence(T, steps)[n] : -1);

afterEach(() => {
  vi.useRealTimers();
});

describe('Playback', () => {
  it('plays the first run forward to its last step on its own, one timed call per step', async () => {
    const { worker, playback, failed, timed, changed } = setUp();
    const done = playback.start(schedule, settings({ label: 7 }), 10);
    expect(playback.playing).toBe(true);
    await done;
    expect(playback.position).toBe(10);
    expect(playback.computed).toBe(10);
    expect(playback.shown?.t).toBe(-1);
    expect(playback.playing).toBe(false);
    expect(playback.complete).toBe(true);
    expect(worker.calls.map((c) => c.t)).toEqual(timestepSequence(T, 10));
    expect(worker.calls.every((c) => c.label === 7 && c.count === 1)).toBe(true);
    expect(timed).toEqual(Array(10).fill(5));
    expect(playback.stepMs).toEqual(timed);
    expect(changed).toHaveBeenCalled();
    expect(failed).toEqual([]);
  });

  it('play from the end replays the recorded states from 0 to the last step, one per frame, without calling the worker', async () => {
    const { worker, playback } = setUp();
    await playback.start(schedule, settings(), 10);
    vi.useFakeTimers();
    const calls = worker.calls.length;
    const play = playback.play();
    expect(playback.playing).toBe(true);
    expect(playback.position).toBe(0);
    await vi.advanceTimersByTimeAsync(FRAME_MS);
    expect(playback.position).toBe(1);
    await vi.advanceTimersByTimeAsync(9 * FRAME_MS);
    await play;
    expect(playback.position).toBe(10);
    expect(playback.playing).toBe(false);
    expect(worker.calls.length).toBe(calls);
  });

  it('play computes the states not there yet as it goes, and reaches the last step', async () => {
    const { worker, playback } = setUp();
    await playback.start(schedule, settings(), 0);
    expect(worker.calls).toHaveLength(0);
    vi.useFakeTimers();
    const play = playback.play();
    await vi.waitFor(() => expect(playback.position).toBe(10));
    await play;
    expect(playback.computed).toBe(10);
    expect(playback.playing).toBe(false);
    expect(worker.calls).toHaveLength(10);
  });

  it('pause holds the state shown during a replay', async () => {
    const { playback } = setUp();
    await playback.start(schedule, settings(), 10);
    playback.scrub(0);
    vi.useFakeTimers();
    const play = playback.play();
    await vi.advanceTimersByTimeAsync(3 * FRAME_MS);
    expect(playback.position).toBe(3);
    playback.togglePlay(); // the play button pauses while playing
    expect(playback.playing).toBe(false);
    await vi.advanceTimersByTimeAsync(20 * FRAME_MS);
    await play;
    expect(playback.position).toBe(3);
  });

  it('pause while computing holds the state shown; the call in flight is kept, no more are made', async () => {
    const { worker, playback, failed } = setUp();
    worker.hold();
    const run = playback.start(schedule, settings(), 10);
    await vi.waitFor(() => expect(worker.calls).toHaveLength(1));
    worker.release();
    worker.hold(); // the next call waits
    await vi.waitFor(() => expect(playback.computed).toBe(1));
    expect(playback.position).toBe(1);
    await vi.waitFor(() => expect(worker.calls).toHaveLength(2));
    playback.pause();
    expect(playback.playing).toBe(false);
    worker.release();
    await run;
    expect(playback.computed).toBe(2);
    expect(playback.position).toBe(1);
    expect(worker.calls).toHaveLength(2);
    expect(failed).toEqual([]);
  });

  it('step back and forward and the scrub slider land on the right state and t', async () => {
    const { worker, playback } = setUp();
    await playback.start(schedule, settings(), 0); // a link with step=0
    expect(playback.shown?.t).toBe(999);
    await playback.stepForward();
    expect(playback.position).toBe(1);
    expect(playback.shown?.t).toBe(tOf(1));
    expect(tOf(1)).toBe(888);
    await playback.stepForward();
    await playback.stepForward();
    expect([playback.position, playback.computed, playback.shown?.t]).toEqual([3, 3, tOf(3)]);
    const x3 = playback.shown?.x;
    playback.stepBack();
    expect([playback.position, playback.shown?.t]).toEqual([2, tOf(2)]);
    playback.scrub(0);
    expect([playback.position, playback.shown?.t]).toEqual([0, 999]);
    playback.scrub(7); // not computed yet: the last state that is
    expect(playback.position).toBe(3);
    expect(playback.shown?.x).toBe(x3); // the recorded state itself, never sampled again
    playback.stepBack();
    await playback.stepForward(); // recorded: no call
    expect(playback.position).toBe(3);
    expect(worker.calls).toHaveLength(3);
    await playback.goTo(10);
    expect([playback.position, playback.shown?.t]).toEqual([10, -1]);
    await playback.stepForward(); // at the end: nothing
    expect(playback.position).toBe(10);
    expect(worker.calls).toHaveLength(10);
  });

  it('a new run aborts the old one: its call in flight is cancelled and its result never shown', async () => {
    const { worker, playback, failed, timed } = setUp();
    worker.hold();
    const old = playback.start(schedule, settings({ seed: 1 }), 10);
    await vi.waitFor(() => expect(worker.calls).toHaveLength(1));
    const oldRun = playback.run;
    const fresh = playback.start(schedule, settings({ seed: 2 }), 10);
    expect(worker.calls[0].signal?.aborted).toBe(true);
    await old; // ends quietly
    expect(playback.playing).toBe(true); // the old run did not stop the new one's playback
    worker.release();
    await fresh;
    expect(playback.run).not.toBe(oldRun);
    expect(playback.settings?.seed).toBe(2);
    expect(oldRun?.states).toHaveLength(1); // the old call's answer was never recorded
    expect([playback.computed, playback.position, playback.stepMs.length, timed.length]).toEqual([10, 10, 10, 10]);
    expect(worker.calls.filter((c) => c.signal?.aborted)).toHaveLength(1);
    expect(failed).toEqual([]);
  });

  it('a new run cancels a playback and a grid of the old one', async () => {
    const { worker, playback, failed } = setUp();
    await playback.start(schedule, settings(), 10);
    worker.hold();
    const grid = playback.generateGrid(schedule, settings());
    await vi.waitFor(() => expect(worker.calls).toHaveLength(11));
    const fresh = playback.start(schedule, settings({ seed: 5 }), 0);
    expect(worker.calls[10].signal?.aborted).toBe(true);
    expect(playback.grid).toBeUndefined();
    await grid;
    expect(playback.grid).toBeUndefined();
    worker.release();
    await fresh;
    expect(failed).toEqual([]);
  });

  it('refresh goes on with the same settings, goes to a step asked for, and starts over with other settings', async () => {
    const { worker, playback } = setUp();
    worker.failNext = new WorkerCrashedError('gone');
    const failed: unknown[] = [];
    const p = new Playback({ call: worker.call, changed: () => {}, failed: (e) => failed.push(e) });
    await p.refresh(schedule, settings());
    expect(failed).toHaveLength(1);
    expect(failed[0]).toBeInstanceOf(WorkerCrashedError); // the host leaves it to the runner
    expect(p.computed).toBe(0);
    const run = p.run;
    await p.refresh(schedule, settings()); // the worker is back: go on with the same run
    expect(p.run).toBe(run);
    expect(p.position).toBe(10);
    await p.refresh(schedule, settings(), 4);
    expect([p.run, p.position]).toEqual([run, 4]);
    await p.refresh(schedule, settings({ sampler: 'ddpm' }), 2);
    expect(p.run).not.toBe(run);
    expect([p.run?.options.sampler, p.position, p.computed]).toEqual(['ddpm', 2, 2]);
    expect(playback.run).toBeUndefined();
  });

  it('errors reach the element, and the playback stops', async () => {
    const { worker, playback, failed } = setUp();
    const boom = new Error('bad graph');
    worker.failNext = boom;
    await playback.start(schedule, settings(), 10);
    expect(failed).toEqual([boom]);
    expect(playback.playing).toBe(false);
    expect(playback.computed).toBe(0);
  });

  it('a play over states not computed yet stops at a failure, on the last state it has', async () => {
    const { worker, playback, failed } = setUp();
    await playback.start(schedule, settings(), 2);
    playback.scrub(0);
    worker.failNext = new Error('lost'); // the call for state 3, after two frames replayed
    vi.useFakeTimers();
    const play = playback.play();
    await vi.advanceTimersByTimeAsync(2 * FRAME_MS);
    await play;
    expect(failed.map((e) => (e as Error).message)).toEqual(['lost']);
    expect(playback.playing).toBe(false);
    expect([playback.position, playback.computed]).toEqual([2, 2]);
  });

  it('the grid computes eight images at once, one call per step, and says how far it is', async () => {
    const { worker, playback, failed } = setUp();
    const changed = vi.fn();
    const p = new Playback({ call: worker.call, changed, failed: (e) => failed.push(e) });
    const done = p.generateGrid(schedule, settings({ seed: 20 }));
    expect(p.grid?.step).toBe(0);
    await done;
    expect(p.grid?.run.done).toBe(true);
    expect(p.grid?.step).toBe(10);
    expect(p.grid?.ms).toBe(50);
    expect(p.grid?.run.count).toBe(GRID);
    expect(worker.calls.every((c) => c.count === GRID)).toBe(true);
    expect(changed).toHaveBeenCalledTimes(11);
    worker.failNext = new Error('out of memory');
    await p.generateGrid(schedule, settings());
    expect(failed.map((e) => (e as Error).message)).toEqual(['out of memory']);
    expect(playback.grid).toBeUndefined();
  });

  it('leaving the page cancels every call still out', async () => {
    const { worker, playback, failed } = setUp();
    worker.hold();
    const run = playback.start(schedule, settings(), 10);
    await vi.waitFor(() => expect(worker.calls).toHaveLength(1));
    playback.dispose();
    expect(worker.calls[0].signal?.aborted).toBe(true);
    expect(playback.playing).toBe(false);
    await run;
    worker.release();
    expect(playback.computed).toBe(0);
    expect(failed).toEqual([]);
  });
});
