// The NeRF frame loop against a fake worker: what it asks for (centred frames of the latest view while it
// changes, jittered refinement frames at rest on wgsl only), what the page would show (frame count, times,
// frames/s), how often it tells the page while the view moves, and cancellation.
import type * as Comlink from 'comlink';
import { describe, expect, it } from 'vitest';
import { AbortError, WorkerCrashedError } from '../../core/any-thread/errors';
import type { Engine } from '../../core/any-thread/engine-choice';
import type { CallOptions } from '../../core/main-thread/worker-bridge';
import type { View } from '../../kernels/volume/volume-reference';
import { CENTRED, type FrameJitter } from '../../kernels/volume/volume-renderer';
import {
  CPU_STILL,
  compareWithReference,
  STILL_AFTER_MS,
  FrameLoop,
  halton,
  type NerfCall,
  NUMBERS_MS,
  REFINE_FRAMES,
  refineJitter,
} from './frame-loop';
import type { FrameResult, NerfWorkerApi } from './worker';

const STATS = { inside: 10, evaluated: 6, skipped: 4, shaded: 3 };

/** A NeRF worker whose frames "take" `frameMs` on the fake clock; `hold()` keeps the next frame in flight. */
class FakeWorker {
  renders: { view: View; jitter: FrameJitter }[] = [];
  failNext?: Error;
  /** Runs as each frame starts (a view that changes while the frame is drawn). */
  onRender?: () => void;
  private gate?: { open: Promise<void>; release: () => void };
  constructor(
    private readonly clock: { t: number },
    private readonly frameMs = 20,
  ) {}

  hold(): () => void {
    let release!: () => void;
    const open = new Promise<void>((r) => (release = r));
    this.gate = { open, release };
    return release;
  }

  readonly api = {
    render: async (view: View, jitter: FrameJitter = CENTRED, readback = false): Promise<FrameResult> => {
      this.renders.push({ view, jitter });
      this.onRender?.();
      const gate = this.gate;
      this.gate = undefined;
      await (gate?.open ?? new Promise((r) => setTimeout(r, 0))); // a real worker answers in a later task
      if (this.failNext) throw this.failNext;
      this.clock.t += this.frameMs;
      return { ms: this.frameMs, stats: STATS, rendered: view.size, pixels: readback ? new Uint8Array([10, 20, 30, 255]) : undefined };
    },
    reference: async () => ({ rgb: new Float32Array([10 / 255, 20 / 255, 30 / 255]), stats: STATS, ms: 1234 }),
  };

  readonly call: NerfCall = <R>(fn: (api: Comlink.Remote<NerfWorkerApi>) => Promise<R>, options?: CallOptions) => {
    if (options?.signal?.aborted) return Promise.reject(new AbortError());
    const signal = options?.signal;
    return new Promise<R>((resolve, reject) => {
      const onAbort = () => reject(new AbortError());
      signal?.addEventListener('abort', onAbort, { once: true });
      fn(this.api as unknown as Comlink.Remote<NerfWorkerApi>)
        .then(resolve, reject)
        .finally(() => signal?.removeEventListener('abort', onAbort));
    });
  };
}

function setUp(engine: Engine = 'wgsl', frameMs = 20) {
  const clock = { t: 1000 };
  const worker = new FakeWorker(clock, frameMs);
  const failed: unknown[] = [];
  const page = { engine: engine as Engine | undefined, size: 64, changes: 0, run: new AbortController() };
  const loop = new FrameLoop({
    call: worker.call,
    engine: () => page.engine,
    view: () => ({ c2w: [], size: page.size, focal: 1 }),
    signal: () => {
      page.run = new AbortController();
      return page.run.signal;
    },
    changed: () => page.changes++,
    failed: (e) => failed.push(e),
    now: () => clock.t,
  });
  return { clock, worker, failed, page, loop };
}

describe('FrameLoop', () => {
  it('draws the view centred, then refines it with jittered frames up to REFINE_FRAMES on wgsl', async () => {
    const { worker, loop, failed } = setUp('wgsl');
    await loop.request();
    expect(worker.renders).toHaveLength(REFINE_FRAMES);
    expect(worker.renders[0].jitter).toEqual(CENTRED);
    expect(worker.renders.slice(1).map((r) => r.jitter)).toEqual(Array.from({ length: REFINE_FRAMES - 1 }, (_, i) => refineJitter(i + 1)));
    expect(loop.frame).toBe(REFINE_FRAMES - 1);
    expect(loop.drawn).toBe(REFINE_FRAMES);
    expect(loop.stats).toEqual(STATS);
    expect(loop.lastMs()).toBe(20);
    expect(loop.medianMs()).toBe(20);
    expect(loop.fps()).toBeCloseTo(1000 / 20); // back-to-back frames of 20 ms on the fake clock
    expect(failed).toEqual([]);
  });

  it('on wasm (the exact reference path) draws one frame per view and refines nothing', async () => {
    const { worker, loop } = setUp('wasm');
    await loop.request();
    expect(worker.renders.map((r) => r.jitter)).toEqual([CENTRED]);
    expect(loop.frame).toBe(0);
  });

  it('on cpu draws the quick moving frame, then the exact still (frame 1) once the view rests', async () => {
    const { worker, loop, page } = setUp('cpu');
    page.size = 128;
    await loop.request();
    expect(worker.renders.map((r) => r.jitter)).toEqual([CENTRED, CPU_STILL]);
    expect(loop.frame).toBe(1);
    expect(loop.still).toBe(true);
  });

  it('on cpu at 64² (the moving frame is drawn exact there) draws one frame per view', async () => {
    const { worker, loop } = setUp('cpu');
    await loop.request();
    expect(worker.renders.map((r) => r.jitter)).toEqual([CENTRED]);
    expect(loop.still).toBe(true);
  });

  it('on cpu a view that moves again while the still waits gets another moving frame; the still comes once it rests', async () => {
    const { worker, loop, page } = setUp('cpu');
    page.size = 128;
    let moved = false;
    worker.onRender = () => {
      if (moved) return;
      moved = true;
      setTimeout(() => void loop.request(), STILL_AFTER_MS / 3);
    };
    await loop.request();
    expect(worker.renders.map((r) => r.jitter)).toEqual([CENTRED, CENTRED, CPU_STILL]);
  });

  it('draws nothing while no engine can draw', async () => {
    const { worker, loop, page } = setUp();
    page.engine = undefined;
    await loop.request();
    expect(worker.renders).toEqual([]);
    expect(page.changes).toBe(1); // the loop's end
  });

  it('keeps one frame in flight: a change meanwhile starts over from a centred frame of the latest view', async () => {
    const { worker, loop, page } = setUp('wgsl');
    const release = worker.hold();
    const running = loop.request();
    expect(worker.renders).toHaveLength(1);
    page.size = 128;
    await loop.request(); // the running loop picks the change up: no second loop
    page.size = 256;
    expect(worker.renders).toHaveLength(1);
    release();
    await running;
    expect(worker.renders[1]).toEqual({ view: expect.objectContaining({ size: 256 }), jitter: CENTRED });
    expect(worker.renders.slice(1).every((r) => r.view.size === 256)).toBe(true);
    expect(worker.renders).toHaveLength(1 + REFINE_FRAMES);
  });

  it('while the view keeps changing, tells the page at most every NUMBERS_MS; at rest after every frame', async () => {
    const { worker, loop, page } = setUp('wasm', 10);
    // a drag: the view changes while each of the first 30 frames is drawn, so each comes back "moving"
    let moves = 30;
    worker.onRender = () => {
      if (moves-- > 0) void loop.request();
    };
    await loop.request();
    expect(loop.drawn).toBe(31);
    // frames end every 10 ms: the page hears of frames 1 and 16 (NUMBERS_MS = 150 apart), of 31 (at rest) and of the end
    expect(NUMBERS_MS).toBe(150);
    expect(page.changes).toBe(4);
    worker.onRender = undefined;
    const before = page.changes;
    await loop.request();
    expect(page.changes - before).toBe(2); // a frame at rest, and the loop's end
  });

  it('counts frames/s only over frames drawn back to back, not the pause before a new view', async () => {
    const { loop, clock } = setUp('wasm', 50);
    await loop.request();
    await loop.request();
    expect(loop.fps()).toBeCloseTo(1000 / 50);
    clock.t += 60_000; // the visitor looked for a minute
    await loop.request();
    expect(loop.fps()).toBeCloseTo(1000 / 50);
    loop.clearTimes();
    expect(loop.medianMs()).toBeUndefined();
  });

  it('a failed call or a cancel ends the loop and goes to the page', async () => {
    const { worker, loop, failed, page } = setUp('wgsl');
    worker.failNext = new WorkerCrashedError('gone');
    await loop.request();
    expect(failed[0]).toBeInstanceOf(WorkerCrashedError);
    worker.failNext = undefined;
    worker.hold();
    const running = loop.request();
    page.run.abort(); // the page left
    await running;
    expect(failed[1]).toBeInstanceOf(AbortError);
    expect(worker.renders).toHaveLength(2);
  });

  it('a frame asked for while the one in flight is cancelled (auto switched engines) is still drawn', async () => {
    const { worker, loop, failed, page } = setUp('wasm');
    const release = worker.hold();
    const running = loop.request();
    page.engine = 'wgsl'; // auto moved on: the old worker's frame is cancelled, and the page asks again
    await loop.request();
    page.run.abort();
    release();
    await running;
    expect(failed[0]).toBeInstanceOf(AbortError);
    expect(loop.drawn).toBe(REFINE_FRAMES); // the new engine's centred frame and its refinements
    expect(worker.renders.at(-REFINE_FRAMES)?.jitter).toEqual(CENTRED);
  });

  it('compares our frame with the reference path: PSNR over the read-back bytes', async () => {
    const { worker } = setUp('wgsl');
    const same = await compareWithReference(worker.call, 'wgsl', { c2w: [], size: 1, focal: 1 });
    expect(same).toEqual({ psnr: Infinity, ms: 1234 });
    expect(worker.renders.map((r) => r.jitter)).toEqual([CENTRED]);
    // on cpu the check compares the still, not a moving frame
    await compareWithReference(worker.call, 'cpu', { c2w: [], size: 1, focal: 1 });
    expect(worker.renders.at(-1)?.jitter).toEqual(CPU_STILL);
  });
});

describe('halton', () => {
  it('is the radical inverse of i in the base', () => {
    expect([1, 2, 3, 4].map((i) => halton(i, 2))).toEqual([0.5, 0.25, 0.75, 0.125]);
    expect(halton(1, 3)).toBeCloseTo(1 / 3);
    expect(halton(0, 5)).toBe(0);
  });
});
