// The live-training loop of #/train, without DOM: start, pause, one step, reset, and the snapshots that let
// training go on after a lost GPU device, a crashed worker or a switch of engine. The loop asks the worker for
// steps in chunks of about CHUNK_MS (so pause answers quickly and the page stays lively), for sample grids
// every DRAW_MS, for a snapshot every SNAP_MS, and for the yardstick's scores every SCORE_MS of training time
// (the worker's time on steps: scoring itself is not counted). The page renders what this holds and forwards
// its buttons.
import type * as Comlink from 'comlink';
import type { StepStats, TrainerSnapshot } from '../../engines/training/trainer';
import type { CallOptions } from '../../core/main-thread/worker-bridge';
import type { DrawResult, ScoreResult, StepsResult, TrainWorkerApi } from './worker';

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
export interface TimedScore extends ScoreResult {
  /** seconds of training (steps only) when the samples were drawn */
  trainS: number;
}

/** What the loop needs of the worker: a call on whichever worker is active now, cancelled by `signal`. */
export type TrainCall = <R>(fn: (api: Comlink.Remote<TrainWorkerApi>) => Promise<R>, options?: CallOptions) => Promise<R>;

export type TrainPhase = 'ready' | 'running' | 'pausing' | 'paused';

export interface TrainingHost {
  call: TrainCall;
  /** Something the page shows changed. */
  changed(): void;
  /** A call failed (the host decides: ignore a cancel, leave a crash to the runner, or say it). */
  failed(e: unknown): void;
  now?: () => number;
}

export class TrainingSession {
  phase: TrainPhase = 'ready';
  step = 0;
  /** Every step's losses so far (from the snapshot after a restart). */
  history: StepStats[] = [];
  /** steps/s of the last chunk, in all and per model (undefined: the engine cannot time the parts). */
  speed?: number;
  partSpeed?: { vae: number | undefined; gan: number | undefined; diffusion: number | undefined };
  drawn?: DrawResult;
  /** The last snapshot: where a fresh worker goes on from. */
  snapshot?: TrainerSnapshot;
  /** Training images in use. */
  images = 0;
  /** ms the worker spent on steps so far (training time: drawing and scoring left out) */
  trainMs = 0;
  /** The yardstick's scores so far, in training time. */
  scores: TimedScore[] = [];
  private lastScoreMs = 0;
  /** The visitor pressed start and not pause since: the loop resumes once a restarted worker is back. */
  wanted = false;
  /** Ends every call of this session (the page left, or the settings changed). */
  private readonly life = new AbortController();
  private loop?: Promise<void>;
  private readonly now: () => number;

  constructor(private readonly host: TrainingHost) {
    this.now = host.now ?? (() => performance.now());
  }

  private get options(): CallOptions {
    return { signal: this.life.signal };
  }

  /** A worker stands at `step` (0, or the snapshot's it was given) with `images` images: draw, and go on if wanted. */
  async ready(at: { step: number; images?: number }): Promise<void> {
    if (at.images !== undefined) this.images = at.images;
    this.step = at.step;
    this.history = this.snapshot && at.step > 0 ? this.snapshot.history.slice(0, at.step) : [];
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
    if (this.loop) {
      this.phase = 'pausing';
      this.host.changed();
    }
    await this.loop;
  }

  private async run(): Promise<void> {
    let [lastDraw, lastSnap, perStep] = [0, this.now(), 0];
    try {
      while (this.phase === 'running') {
        const n = perStep > 0 ? Math.max(1, Math.min(50, Math.round(TIMING.chunkMs / perStep))) : 1;
        const r = await this.host.call((api) => api.steps(n), this.options);
        perStep = r.ms / n;
        this.absorb(r);
        const now = this.now();
        if (now - lastDraw > TIMING.drawMs) {
          lastDraw = now;
          this.drawn = await this.host.call((api) => api.draw(), this.options);
        }
        if (now - lastSnap > TIMING.snapMs) {
          lastSnap = now;
          this.snapshot = await this.host.call((api) => api.snapshot(), this.options);
        }
        if (this.trainMs - this.lastScoreMs >= TIMING.scoreMs) await this.score();
        this.host.changed();
      }
    } catch (e) {
      this.phase = 'paused';
      this.host.failed(e); // a crash or lost device: the runner restarts the worker, which resumes from the snapshot
    }
  }

  /** The yardstick's scores now (skipped while the classifier is still starting: the next chunk tries again). */
  private async score(): Promise<void> {
    const trainS = this.trainMs / 1000;
    const s = await this.host.call((api) => api.score(), this.options);
    if (!s) return;
    this.lastScoreMs = this.trainMs;
    this.scores.push({ ...s, trainS });
  }

  /** The first training time (s) at which a model's FD was at or below FD_LEVEL, if it has been. */
  reached(m: keyof ScoreResult['fd']): number | undefined {
    return this.scores.find((s) => s.fd[m] <= FD_LEVEL)?.trainS;
  }

  private absorb({ stats, ms, partMs }: StepsResult): void {
    this.trainMs += ms;
    this.history.push(...stats);
    this.step = stats.at(-1)?.step ?? this.step;
    if (!stats.length) return;
    const rate = (spent: number | undefined) => (spent ? (1000 * stats.length) / spent : undefined);
    this.speed = rate(Math.max(ms, 1));
    this.partSpeed = partMs && { vae: rate(partMs.vae), gan: rate(partMs.gan), diffusion: rate(partMs.diffusion) };
  }

  async oneStep(): Promise<void> {
    if (this.loop) return;
    try {
      this.absorb(await this.host.call((api) => api.steps(1), this.options));
      this.phase = 'paused';
      this.host.changed();
      await this.redraw();
    } catch (e) {
      this.host.failed(e);
    }
  }

  async redraw(): Promise<void> {
    try {
      this.drawn = await this.host.call((api) => api.draw(), this.options);
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
  async save(): Promise<TrainerSnapshot | undefined> {
    if (this.step === 0) return this.snapshot;
    this.snapshot = await this.host.call((api) => api.snapshot(), this.options).catch(() => this.snapshot);
    return this.snapshot;
  }

  /**
   * auto found a faster engine: the loop stops after its chunk, the old worker's snapshot goes into the new one,
   * and training goes on there once the runner has switched (ready() with the snapshot's step).
   */
  async handover(from: Comlink.Remote<TrainWorkerApi>, to: Comlink.Remote<TrainWorkerApi>): Promise<void> {
    const wanted = this.wanted;
    await this.pause();
    this.wanted = wanted;
    if (this.step === 0) return;
    const snap = await from.snapshot();
    this.snapshot = snap;
    await to.restore(snap);
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
