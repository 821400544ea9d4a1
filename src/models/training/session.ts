// The live-training loop of the training pages (#/train, #/train-text), without DOM: start, pause, one step, reset, and the snapshots that let
// training go on after a lost GPU device, a crashed worker or a switch of engine. The loop asks the worker for
// steps in chunks of about CHUNK_MS (so pause answers quickly and the page stays lively), for sample grids
// every DRAW_MS, for a snapshot every SNAP_MS, and for the yardstick's scores every SCORE_MS of training time
// (the worker's time on steps: scoring itself is not counted). The page renders what this holds and forwards
// its buttons.
import type * as Comlink from 'comlink';
import type { CallOptions } from '../../core/main-thread/worker-bridge';
import { sleep } from '../../core/any-thread/sleep';
import type { PartTimes } from '../../engines/training/plan';
import type { ScoreResult, TrainWorkerApi } from './worker';

/** What the loop needs of a training worker (the image one, the text one). */
export interface LoopWorker {
  steps(n: number): Promise<{ stats: { step: number }[]; ms: number; partMs: PartTimes | undefined }>;
  /** undefined: it gave way to steps asked for meanwhile (SerialCalls.look) */
  draw(): Promise<unknown>;
  /** the worker's yardstick on its model now; undefined while it cannot score yet, or when it gave way to steps */
  score(): Promise<{ step: number } | undefined>;
  snapshot(): Promise<{ step: number; history: { step: number }[] }>;
  restore(snap: never): Promise<number>;
  reset(): Promise<void>;
}
type StatsOf<W extends LoopWorker> = Awaited<ReturnType<W['steps']>>['stats'][number];
type SnapshotOf<W extends LoopWorker> = Awaited<ReturnType<W['snapshot']>>;
type ScoreOf<W extends LoopWorker> = NonNullable<Awaited<ReturnType<W['score']>>>;

/** How often settled() looks at the loop. */
const SETTLED_POLL_MS = 100;
/** How long `auto` waits on a training page for a visitor who has not started before it measures. */
const SETTLED_PATIENCE_MS = 3000;

export const TIMING = {
  /** Each steps() call runs about this long. */
  chunkMs: 250,
  /** New sample grids at most this often while training. */
  drawMs: 1000,
  /** A snapshot to resume from at most this often while training. */
  snapMs: 5000,
  /** The yardstick scores the models' samples after every this many ms of training time. */
  scoreMs: 15_000,
};

/** "Looks like garments": the training study's FD level (study.json's protocol.fd_level; a unit test checks). */
export const FD_LEVEL = 200;

/** One scoring, placed on the training-time axis. */
export type TimedScore<S = ScoreResult> = S & {
  /** seconds of training (steps only) when the samples were drawn */
  trainS: number;
};

/** What the loop needs of the worker: a call on whichever worker is active now, cancelled by `signal`. */
export type TrainCall<W = TrainWorkerApi> = <R>(fn: (api: Comlink.Remote<W>) => Promise<R>, options?: CallOptions) => Promise<R>;

/** The first training time (s) at which a model's FD was at or below FD_LEVEL, if it has been. */
export function reachedAt(scores: readonly TimedScore[], m: keyof ScoreResult['fd']): number | undefined {
  return scores.find((s) => s.fd[m] <= FD_LEVEL)?.trainS;
}

export type TrainPhase = 'ready' | 'running' | 'pausing' | 'paused';

export interface TrainingHost<W extends LoopWorker = TrainWorkerApi> {
  call: TrainCall<W>;
  /** Something the page shows changed. */
  changed(): void;
  /** A call failed (the host decides: ignore a cancel, leave a crash to the runner, or say it). */
  failed(e: unknown): void;
  now?: () => number;
  /** this page's own cadence where it differs from TIMING (the text page draws and scores less often: each costs a second) */
  timing?: Partial<typeof TIMING>;
  /** A new snapshot was taken (while training, and at each pause): the page may keep it (saved runs). */
  saved?(): void;
}

export class TrainingSession<W extends LoopWorker = TrainWorkerApi> {
  phase: TrainPhase = 'ready';
  step = 0;
  /** Every step's losses so far (from the snapshot after a restart). */
  history: StatsOf<W>[] = [];
  /** steps/s of the last chunk, in all and per model (undefined: the engine cannot time the parts). */
  speed?: number;
  partSpeed?: PartTimes;
  drawn?: Awaited<ReturnType<W['draw']>>;
  /** The last snapshot: where a fresh worker goes on from. */
  snapshot?: SnapshotOf<W>;
  /** Training images in use. */
  images = 0;
  /** ms the worker spent on steps so far (training time: drawing and scoring left out) */
  trainMs = 0;
  /** The yardstick's scores so far, in training time. */
  scores: TimedScore<ScoreOf<W>>[] = [];
  private lastScoreMs = 0;
  /** The visitor pressed start and not pause since: the loop resumes once a restarted worker is back. */
  wanted = false;
  /** Ends every call of this session (the page left, or the settings changed). */
  private readonly life = new AbortController();
  private loop?: Promise<void>;
  private readonly now: () => number;
  /** This loop's cadence (a page may shorten the chunks for a while: the NeRF page while its view is dragged). */
  readonly timing: typeof TIMING;

  constructor(private readonly host: TrainingHost<W>) {
    this.now = host.now ?? (() => performance.now());
    this.timing = { ...TIMING, ...host.timing };
  }

  private get options(): CallOptions {
    return { signal: this.life.signal };
  }

  /**
   * Resolves once training has come back with steps since this call, or once the loop has stood still for
   * `patienceMs` (a visitor who has not pressed Start): `auto` measures then, so the first steps a visitor asks
   * for wait neither for its scratch trainer nor for a worker compiling its pipelines. Rejects with AbortError
   * when `signal` fires.
   */
  async settled(signal: AbortSignal, patienceMs = SETTLED_PATIENCE_MS): Promise<void> {
    const from = this.step;
    let stillSince = this.now();
    for (;;) {
      if (this.step > from) return;
      const now = this.now();
      if (this.phase === 'running' || this.phase === 'pausing') stillSince = now;
      else if (now - stillSince >= patienceMs) return;
      await sleep(SETTLED_POLL_MS, signal);
    }
  }

  /** A worker stands at `step` (0, or the snapshot's it was given) with `images` images: draw, and go on if wanted. */
  async ready(at: { step: number; images?: number }): Promise<void> {
    if (at.images !== undefined) this.images = at.images;
    this.step = at.step;
    this.history = this.snapshot && at.step > 0 ? (this.snapshot.history.slice(0, at.step) as StatsOf<W>[]) : [];
    // a restart that went back some steps: their training time and scores go too
    if (this.step > at.step) this.trainMs *= at.step / this.step;
    this.scores = this.scores.filter((s) => s.step <= at.step);
    this.lastScoreMs = Math.min(this.lastScoreMs, this.trainMs);
    if (this.phase !== 'running') this.phase = 'ready';
    this.host.changed();
    await this.redraw();
    if (this.wanted) this.play();
  }

  play(): void {
    this.wanted = true;
    if (this.loop) return;
    this.phase = 'running';
    this.host.changed();
    this.loop = this.run().finally(() => {
      this.loop = undefined;
      if (this.phase === 'pausing' || this.phase === 'running') this.phase = 'paused';
      this.host.changed();
    });
  }

  /** Stops after the chunk in flight (its steps count); resolves once the loop has ended. */
  async pause(): Promise<void> {
    this.wanted = false;
    const loop = this.loop;
    if (loop) {
      this.phase = 'pausing';
      this.host.changed();
    }
    await loop;
    // where the pause left training is saved (a crash or a reload goes on from here)
    if (loop && this.step > 0 && this.snapshot?.step !== this.step && (await this.save())?.step === this.step) this.host.saved?.();
  }

  private async run(): Promise<void> {
    let [lastDraw, lastSnap, perStep] = [0, this.now(), 0];
    try {
      while (this.phase === 'running') {
        const n = perStep > 0 ? Math.max(1, Math.min(50, Math.round(this.timing.chunkMs / perStep))) : 1;
        const r = await this.host.call((api) => api.steps(n) as Promise<Awaited<ReturnType<W['steps']>>>, this.options);
        perStep = r.ms / n;
        this.absorb(r);
        this.host.changed(); // the new steps show now, not after the drawing below
        const now = this.now();
        if (now - lastDraw > this.timing.drawMs || this.drawn === undefined) {
          lastDraw = now;
          this.drawn = await this.host.call((api) => api.draw() as Promise<Awaited<ReturnType<W['draw']>>>, this.options);
        }
        if (now - lastSnap > this.timing.snapMs) {
          lastSnap = now;
          this.snapshot = await this.host.call((api) => api.snapshot() as Promise<SnapshotOf<W>>, this.options);
          this.host.saved?.();
        }
        if (this.trainMs - this.lastScoreMs >= this.timing.scoreMs) await this.score();
        this.host.changed();
      }
    } catch (e) {
      this.phase = 'paused';
      this.host.failed(e); // a crash or lost device: the runner restarts the worker, which resumes from the snapshot
    }
  }

  /**
   * Scores now, outside the loop (the text page's first point, at step 0). One that gave way to a Start
   * pressed meanwhile is due again at the loop's next chunk.
   */
  async scoreNow(): Promise<void> {
    try {
      if (!(await this.score())) this.lastScoreMs = Math.min(this.lastScoreMs, this.trainMs - this.timing.scoreMs);
      this.host.changed();
    } catch (e) {
      this.host.failed(e);
    }
  }

  /**
   * The yardstick's scores now; false when there are none (the classifier still starting, or the worker gave
   * way to steps): the loop's next chunk tries again.
   */
  private async score(): Promise<boolean> {
    const trainS = this.trainMs / 1000;
    const s = (await this.host.call((api) => api.score(), this.options)) as ScoreOf<W> | undefined;
    if (!s) return false;
    this.lastScoreMs = this.trainMs;
    this.scores.push({ ...s, trainS });
    return true;
  }

  private absorb({ stats, ms, partMs }: Awaited<ReturnType<W['steps']>>): void {
    this.trainMs += ms;
    this.history.push(...(stats as StatsOf<W>[]));
    this.step = stats.at(-1)?.step ?? this.step;
    if (!stats.length) return;
    const rate = (spent: number | undefined) => (spent ? (1000 * stats.length) / spent : undefined);
    this.speed = rate(Math.max(ms, 1));
    this.partSpeed = partMs && Object.fromEntries(Object.entries(partMs).map(([m, spent]) => [m, rate(spent)]));
  }

  async oneStep(): Promise<void> {
    if (this.loop) return;
    try {
      this.absorb(await this.host.call((api) => api.steps(1) as Promise<Awaited<ReturnType<W['steps']>>>, this.options));
      this.phase = 'paused';
      this.host.changed();
      await this.redraw();
    } catch (e) {
      this.host.failed(e);
    }
  }

  /** A new drawing; one that gave way to steps leaves the last in place (the loop draws after its chunk). */
  async redraw(): Promise<void> {
    try {
      const drawn = await this.host.call((api) => api.draw() as Promise<Awaited<ReturnType<W['draw']>>>, this.options);
      if (drawn !== undefined) this.drawn = drawn;
      this.host.changed();
    } catch (e) {
      this.host.failed(e);
    }
  }

  /** Back to the seed's first weights and an empty history. */
  async reset(): Promise<void> {
    await this.pause();
    Object.assign(this, { snapshot: undefined, history: [], step: 0, speed: undefined, partSpeed: undefined, phase: 'ready' });
    Object.assign(this, { trainMs: 0, scores: [], lastScoreMs: 0 });
    this.host.changed();
    try {
      await this.host.call((api) => api.reset(), this.options);
      await this.redraw();
    } catch (e) {
      this.host.failed(e);
    }
  }

  /** Takes a snapshot now (before an engine switch), keeping the last one if the worker cannot give one. */
  async save(): Promise<SnapshotOf<W> | undefined> {
    if (this.step === 0) return this.snapshot;
    this.snapshot = await this.host.call((api) => api.snapshot() as Promise<SnapshotOf<W>>, this.options).catch(() => this.snapshot);
    return this.snapshot;
  }

  /**
   * auto found a faster engine: the loop stops after its chunk, the old worker's snapshot goes into the new one,
   * and training goes on there once the runner has switched (ready() with the snapshot's step).
   */
  async handover(from: Comlink.Remote<W>, to: Comlink.Remote<W>): Promise<void> {
    const wanted = this.wanted;
    await this.pause();
    this.wanted = wanted;
    if (this.step === 0) return;
    const snap = (await from.snapshot()) as SnapshotOf<W>;
    this.snapshot = snap;
    await (to.restore as (s: SnapshotOf<W>) => Promise<number>)(snap);
  }

  /** The worker went away (crash, lost device): the loop has ended; what is kept and what is lost. */
  lost(): { kept: number; dropped: number } {
    const kept = this.snapshot?.step ?? 0;
    return { kept, dropped: this.step - kept };
  }

  /** The page left or starts over with other settings: every call still out is cancelled. */
  dispose(): void {
    this.wanted = false;
    this.phase = 'paused';
    this.life.abort();
  }
}
