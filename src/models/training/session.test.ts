// The training loop against a fake worker: what the page would show (steps, history, snapshots, phase) after
// start, pause, one step, reset, a handover to another worker, a failed call and leaving the page.
import type * as Comlink from 'comlink';
import { describe, expect, it, vi } from 'vitest';
import { AbortError, WorkerCrashedError } from '../../core/any-thread/errors';
import type { CallOptions } from '../../core/main-thread/worker-bridge';
import type { StepStats, TrainerSnapshot } from '../../engines/training/trainer';
import { readFileSync } from 'node:fs';
import { FD_LEVEL, reachedAt, TIMING, type TrainCall, TrainingSession } from './session';
import type { DrawResult, ScoreResult, StepsResult, TrainWorkerApi } from './worker';

/** A worker that counts steps; each steps() call "takes" 10 ms per step on the fake clock. */
class FakeWorker {
  step = 0;
  history: StepStats[] = [];
  calls: string[] = [];
  restored?: TrainerSnapshot;
  failNext?: Error;
  /** the classifier has started (score() answers) */
  scoring = true;
  /** the next drawing and score give way to steps (a fresh trainer's first look, SerialCalls.look) */
  givesWay = false;
  constructor(private readonly clock: { t: number }) {}

  readonly api = {
    steps: async (n: number): Promise<StepsResult> => {
      this.calls.push(`steps ${n}`);
      await new Promise((r) => setTimeout(r, 0)); // a real worker answers in a later task
      if (this.failNext) throw this.failNext;
      const stats = Array.from({ length: n }, () => stat(++this.step));
      this.history.push(...stats);
      this.clock.t += 10 * n;
      return { stats, ms: 10 * n, partMs: { vae: 4 * n, gan: 5 * n } };
    },
    draw: async (): Promise<DrawResult | undefined> => {
      this.calls.push('draw');
      if (this.givesWay) return undefined;
      const grid = new Float32Array(784);
      return {
        vae: grid,
        gan: grid,
        diffusion: grid,
        reconInput: grid,
        recon: grid,
        vaeClasses: new Uint8Array(1),
        ganClasses: new Uint8Array(1),
        ms: 1,
      };
    },
    // FD falls by 20 per scoring from 400 (the GAN's reaches the level first)
    score: async (): Promise<ScoreResult | undefined> => {
      this.calls.push('score');
      if (!this.scoring || this.givesWay) return undefined;
      const k = this.calls.filter((c) => c === 'score').length;
      return {
        step: this.step,
        fd: { vae: 400 - 20 * k, gan: 300 - 20 * k, diffusion: 500 },
        covered: { vae: 10, gan: 9, diffusion: 3 },
        samples: 512,
        ms: 700,
      };
    },
    snapshot: async (): Promise<TrainerSnapshot> => {
      this.calls.push('snapshot');
      return { seed: 1, step: this.step, history: this.history.slice(), streams: [0, 0, 0, 0], blocks: {} };
    },
    reset: async () => {
      this.calls.push('reset');
      this.step = 0;
      this.history = [];
    },
    restore: async (snap: TrainerSnapshot) => {
      this.calls.push('restore');
      this.restored = snap;
      this.step = snap.step;
      return snap.step;
    },
  };

  /** The page's call: runs on this worker, rejects with AbortError once the signal fires. */
  readonly call: TrainCall = <R>(fn: (api: Comlink.Remote<TrainWorkerApi>) => Promise<R>, options?: CallOptions): Promise<R> => {
    if (options?.signal?.aborted) return Promise.reject(new AbortError());
    return fn(this.api as unknown as Comlink.Remote<TrainWorkerApi>);
  };
}

const stat = (step: number): StepStats => ({ step, recon: 500 - step, kl: 5, d: 1.3, g: 0.7, dReal: 0.5, dFake: 0.5, dif: 0.9 });

function setUp() {
  const clock = { t: 0 };
  const worker = new FakeWorker(clock);
  const failed: unknown[] = [];
  const changed = vi.fn();
  const session = new TrainingSession({ call: worker.call, changed, failed: (e) => failed.push(e), now: () => clock.t });
  return { clock, worker, session, failed, changed };
}

describe('TrainingSession', () => {
  it('runs steps in chunks sized to CHUNK_MS, keeps every step, and pauses after the chunk in flight', async () => {
    const { worker, session, failed } = setUp();
    await session.ready({ step: 0, images: 100 });
    expect(session.images).toBe(100);
    session.play();
    expect(session.phase).toBe('running');
    await vi.waitFor(() => expect(session.step).toBeGreaterThan(100));
    await session.pause();
    expect(session.phase).toBe('paused');
    // the worker's count and the page's agree: no chunk was dropped on the way
    expect(session.step).toBe(worker.step);
    expect(session.history.map((s) => s.step)).toEqual(Array.from({ length: worker.step }, (_, i) => i + 1));
    // ready() drew the first grid; the first chunk is 1 step, then chunkMs / 10 ms per step
    expect(worker.calls.slice(0, 2)).toEqual(['draw', 'steps 1']);
    expect(worker.calls).toContain(`steps ${TIMING.chunkMs / 10}`);
    expect(session.speed).toBeCloseTo(100);
    expect(session.partSpeed?.vae).toBeCloseTo(250);
    expect(failed).toEqual([]);
    const held = worker.step;
    await new Promise((r) => setTimeout(r, 0));
    expect(worker.step).toBe(held);
  });

  it('a first drawing and score that gave way to Start leave nothing drawn; the loop draws and scores after its first chunk', async () => {
    const { worker, session, failed } = setUp();
    worker.givesWay = true;
    await session.ready({ step: 0 });
    await session.scoreNow();
    expect(session.drawn).toBeUndefined();
    expect(session.scores).toEqual([]);
    worker.givesWay = false;
    session.play();
    await vi.waitFor(() => expect(session.scores.length).toBe(1));
    await session.pause();
    expect(session.drawn).toBeDefined();
    expect(worker.calls.slice(0, 5)).toEqual(['draw', 'score', 'steps 1', 'draw', 'score']);
    expect(session.scores[0]!.step).toBe(1);
    expect(failed).toEqual([]);
  });

  it('settled(): resolves after the first steps come back, or after the patience with the loop standing still', async () => {
    const { clock, session } = setUp();
    await session.ready({ step: 0 });
    const life = new AbortController();
    // standing still: the fake clock moves past the patience while settled() looks
    let done = false;
    const still = session.settled(life.signal, 500).then(() => {
      done = true;
    });
    await new Promise((r) => setTimeout(r, 150));
    expect(done).toBe(false);
    clock.t += 500;
    await still;
    // training: steps back resolve it whatever the patience
    const running = session.settled(life.signal, 1e9);
    session.play();
    await running;
    expect(session.step).toBeGreaterThan(0);
    await session.pause();
    // left the page: it rejects
    const left = session.settled(life.signal, 1e9);
    life.abort();
    await expect(left).rejects.toBeInstanceOf(AbortError);
  });

  it('draws every DRAW_MS and saves a snapshot every SNAP_MS of the (fake) clock', async () => {
    const { clock, worker, session } = setUp();
    await session.ready({ step: 0 });
    session.play();
    await vi.waitFor(() => expect(clock.t).toBeGreaterThan(TIMING.snapMs + 500));
    await session.pause();
    expect(worker.calls.filter((c) => c === 'draw').length).toBeGreaterThanOrEqual(Math.floor(TIMING.snapMs / TIMING.drawMs));
    expect(session.snapshot?.step).toBeGreaterThan(0);
    expect(session.lost()).toEqual({ kept: session.snapshot!.step, dropped: session.step - session.snapshot!.step });
  });

  it('scores every SCORE_MS of training time (the worker’s time on steps), and says when a model first reached FD_LEVEL', async () => {
    const { worker, session } = setUp();
    worker.scoring = false; // the classifier is still starting: nothing is kept, the next chunk asks again
    await session.ready({ step: 0 });
    session.play();
    await vi.waitFor(() => expect(worker.calls.filter((c) => c === 'score').length).toBeGreaterThanOrEqual(2));
    expect(session.scores).toEqual([]);
    worker.scoring = true;
    await vi.waitFor(() => expect(session.scores.length).toBeGreaterThanOrEqual(6));
    await session.pause();
    const times = session.scores.map((s) => s.trainS);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(TIMING.scoreMs / 1000 - 1e-9);
    expect(times.at(-1)).toBeLessThanOrEqual(session.trainMs / 1000);
    expect(session.trainMs).toBeCloseTo(10 * session.step); // 10 ms a step: the scorings' 700 ms are not in it
    // the GAN's FD (300 − 20k) is at or below 200 from the 5th answered scoring on; the diffusion model's never
    const fifth = session.scores.find((s) => s.fd.gan <= FD_LEVEL)!;
    expect(reachedAt(session.scores, 'gan')).toBe(fifth.trainS);
    expect(reachedAt(session.scores, 'diffusion')).toBeUndefined();
    await session.reset();
    expect([session.scores, session.trainMs]).toEqual([[], 0]);
  });

  it('uses the training study’s FD level', () => {
    const study = JSON.parse(readFileSync(new URL('../../../public/models/study.json', import.meta.url), 'utf8'));
    expect(FD_LEVEL).toBe(study.protocol.fd_level);
  });

  it('one step, then reset back to step 0 with an empty history', async () => {
    const { worker, session } = setUp();
    await session.ready({ step: 0 });
    await session.oneStep();
    expect(session.step).toBe(1);
    expect(session.phase).toBe('paused');
    await session.reset();
    expect(session.step).toBe(0);
    expect(session.history).toEqual([]);
    expect(worker.calls).toContain('reset');
    expect(session.phase).toBe('ready');
  });

  it('hands training over to a faster worker and goes on there where it stood', async () => {
    const { clock, worker, session } = setUp();
    await session.ready({ step: 0 });
    session.play();
    await vi.waitFor(() => expect(session.step).toBeGreaterThan(40));
    const next = new FakeWorker(clock);
    await session.handover(worker.api as unknown as Comlink.Remote<TrainWorkerApi>, next.api as unknown as Comlink.Remote<TrainWorkerApi>);
    expect(session.phase).toBe('paused');
    expect(next.restored?.step).toBe(worker.step);
    expect(session.wanted).toBe(true); // the visitor had pressed start: training resumes on the new worker
    await session.ready({ step: session.snapshot!.step });
    expect(session.phase).toBe('running');
    await session.pause();
  });

  it('a failed call ends the loop and goes to the page; after dispose nothing reaches the worker', async () => {
    const { worker, session, failed } = setUp();
    await session.ready({ step: 0 });
    worker.failNext = new WorkerCrashedError('gone');
    session.play();
    await vi.waitFor(() => expect(failed).toHaveLength(1));
    expect(failed[0]).toBeInstanceOf(WorkerCrashedError);
    await vi.waitFor(() => expect(session.phase).toBe('paused'));
    expect(session.wanted).toBe(true); // a restarted worker resumes the run
    worker.failNext = undefined;
    session.dispose();
    const before = worker.calls.length;
    await session.oneStep();
    expect(worker.calls.length).toBe(before);
    expect(failed.at(-1)).toBeInstanceOf(AbortError);
  });
});
