// The diffusion demo's playback, without DOM: the trajectory shown and how far it is computed, the state shown,
// play/pause, a step back or forward, scrubbing over the recorded states, and the grid of eight images at once.
// The page renders what this holds, forwards its buttons here, and hands in the worker call; every call of a run
// gets that run's signal, so a new run (or leaving the page) cancels the old one's calls and drops their results.
//
// Three kinds of cancellable run, each with its own AbortController: 'run' (the trajectory shown: a new one
// aborts it), 'play' (a playback over it) and 'grid' (eight images at once).
import { Runs } from '../../core/any-thread/runs';
import type * as Comlink from 'comlink';
import { throwIfAborted } from '../../core/any-thread/errors';
import { sleep } from '../../core/any-thread/sleep';
import type { CallOptions } from '../../core/main-thread/worker-bridge';
import { type SamplerKind, type Schedule, Trajectory, type TrajectoryState } from './sampler';
import type { DiffusionWorkerApi } from './worker';

/** Values per image (28×28). */
export const SIZE = 28 * 28;
/** Images of the grid, seeds seed … seed + 7. */
export const GRID = 8;
/** Replaying recorded states: ms per frame. */
export const FRAME_MS = 60;

/** What a run is made with (the defaults: DIFFUSION_DEFAULTS in entry.ts). */
export interface RunSettings {
  /** The class asked for (0..9). */
  label: number;
  /** Classifier-free guidance weight. */
  guidance: number;
  steps: number;
  sampler: SamplerKind;
  seed: number;
}

/** A call on whichever worker is active now; `signal` cancels it (it rejects with AbortError at once). */
export type DiffusionCall = <R>(fn: (api: Comlink.Remote<DiffusionWorkerApi>) => Promise<R>, options?: CallOptions) => Promise<R>;

export interface PlaybackHost {
  call: DiffusionCall;
  /** Something the page shows changed. */
  changed(): void;
  /** A call failed (the host decides: leave a crash to the runner, or say it). Cancelled calls never come here. */
  failed(e: unknown): void;
  /** One U-Net call of the run shown took `ms`. */
  timed?(ms: number): void;
  /** ms per frame of a replay (FRAME_MS unless given). */
  frameMs?: number;
}

/** Eight images at once: their trajectory, the step reached and the summed ms of its calls. */
export interface GridRun {
  run: Trajectory;
  step: number;
  ms: number;
}

type RunKind = 'run' | 'play' | 'grid';

const keyOf = (s: RunSettings): string => [s.label, s.guidance, s.steps, s.sampler, s.seed].join('|');

export class Playback {
  /** The trajectory shown; its states are recorded in place as they are computed (`computed` counts them). */
  run?: Trajectory;
  /** The settings `run` was made with. */
  settings?: Readonly<RunSettings>;
  computed = 0;
  /** The state shown (0 = pure noise, steps = finished image). */
  position = 0;
  /** ms of each U-Net call of the run. */
  stepMs: number[] = [];
  /** A playback runs, or the first run plays forward on its own. */
  playing = false;
  grid?: GridRun;
  /** How far the current run should be computed. */
  private target = 0;
  /** While true, the view jumps to each newly computed state. */
  private follow = true;
  /** The signal of the run shown ('run'). */
  private runSignal?: AbortSignal;
  /** The loop computing the run's states, if one runs; later callers share it. */
  private pumping?: { run: Trajectory; done: Promise<void> };
  private readonly runs = new Runs<RunKind>();

  constructor(private readonly host: PlaybackHost) {}

  /** The state shown, if there is a run. */
  get shown(): TrajectoryState | undefined {
    return this.run?.states[this.position];
  }

  /** Every call of the run was made and timed here (none interrupted by a crash or an engine switch). */
  get complete(): boolean {
    return !!this.run?.done && this.stepMs.length === this.run.steps;
  }

  /**
   * After start, an engine change, recovery or a new link: a new run if the settings changed (shown up to `step`,
   * else played to the end), else go to `step`, else finish what a crash or an engine switch interrupted.
   */
  async refresh(schedule: Schedule, settings: RunSettings, step?: number): Promise<void> {
    if (!this.run || !this.settings || this.runSignal?.aborted || keyOf(settings) !== keyOf(this.settings)) {
      await this.start(schedule, settings, step ?? settings.steps);
    } else if (step !== undefined) {
      await this.goTo(step);
    } else {
      await this.pump();
    }
  }

  /** A new run (the old one's calls, playback and grid are cancelled), computed and shown up to state `to`. */
  async start(schedule: Schedule, settings: RunSettings, to: number): Promise<void> {
    const signal = this.runs.begin('run');
    this.runs.abort('play');
    this.runs.abort('grid');
    this.runSignal = signal;
    this.settings = { ...settings };
    this.run = new Trajectory(schedule, { sampler: settings.sampler, steps: settings.steps, seed: settings.seed, size: SIZE });
    this.computed = 0;
    this.stepMs = [];
    this.position = 0;
    this.target = 0;
    this.grid = undefined;
    // The first run plays forward on its own; Pause stops it like any other playback.
    this.playing = to > 0;
    this.host.changed();
    await this.goTo(to);
    if (!signal.aborted) this.halt();
  }

  togglePlay(): void {
    if (this.playing) this.pause();
    else void this.play();
  }

  /** Replays the recorded states from the one shown (from the start at the end), computing the rest as it goes. */
  async play(): Promise<void> {
    const run = this.run;
    if (!run) return;
    const signal = this.runs.begin('play');
    this.playing = true;
    if (this.position >= run.steps) this.position = 0;
    this.host.changed();
    try {
      while (this.position < run.steps) {
        if (this.position + 1 < run.states.length) {
          await sleep(this.host.frameMs ?? FRAME_MS, signal);
          this.position++;
          this.host.changed();
        } else {
          this.follow = true;
          this.target = Math.max(this.target, this.position + 1);
          const before = run.states.length;
          await this.pump();
          throwIfAborted(signal); // the computing loop is the run's, not ours: it ends on its own signal
          if (run.states.length === before) break; // failed (said so already)
        }
      }
      this.halt();
    } catch (e) {
      this.report(e, signal); // cancelled: Pause, a step, a new run (or leaving) stopped it already
    }
  }

  /** Pause holds the state shown; computing stops after the call in flight, whose state is kept but not shown. */
  pause(): void {
    if (!this.playing) return;
    this.halt();
    this.follow = false;
    if (this.run) this.target = this.run.states.length - 1;
  }

  stepBack(): void {
    this.halt();
    this.follow = false;
    this.position = Math.max(0, this.position - 1);
    this.host.changed();
  }

  async stepForward(): Promise<void> {
    this.halt();
    if (!this.run || this.position >= this.run.steps) return;
    await this.goTo(this.position + 1);
  }

  /** Shows recorded state `n` (a state not computed yet: the last one that is). */
  scrub(n: number): void {
    this.halt();
    this.follow = false;
    this.position = Math.max(0, Math.min(n, (this.run?.states.length ?? 1) - 1));
    this.host.changed();
  }

  /** Eight images at once with the settings given, seeds seed … seed + 7 (a new grid cancels the one before). */
  async generateGrid(schedule: Schedule, settings: RunSettings): Promise<void> {
    const signal = this.runs.begin('grid');
    const { sampler, steps, seed } = settings;
    const grid: GridRun = { run: new Trajectory(schedule, { sampler, steps, seed, size: SIZE, count: GRID }), step: 0, ms: 0 };
    this.grid = grid;
    this.host.changed();
    try {
      while (!grid.run.done) {
        grid.ms += await this.advance(grid.run, settings, signal);
        grid.step = grid.run.states.length - 1;
        this.host.changed();
      }
    } catch (e) {
      this.report(e, signal);
    }
  }

  /** The page left: every run is cancelled (a later refresh starts a new one). */
  dispose(): void {
    this.runs.abortAll();
    this.playing = false;
  }

  /** Shows state n, computing up to it first if needed (the view follows along). */
  async goTo(n: number): Promise<void> {
    const run = this.run;
    if (!run) return;
    n = Math.max(0, Math.min(n, run.steps));
    if (n < run.states.length) {
      this.position = n;
      this.host.changed();
      return;
    }
    this.follow = true;
    this.target = Math.max(this.target, n);
    await this.pump();
  }

  /** Stops a playback (or the first run's own) where it is. */
  private halt(): void {
    this.runs.abort('play');
    if (!this.playing) return;
    this.playing = false;
    this.host.changed();
  }

  /** Computes states until `target` is reached; one loop per run, later callers share it. Never rejects. */
  private pump(): Promise<void> {
    const { run, settings, runSignal: signal } = this;
    if (!run || !settings || !signal) return Promise.resolve();
    if (this.pumping?.run === run) return this.pumping.done;
    const done = (async () => {
      try {
        while (run.states.length - 1 < Math.min(this.target, run.steps)) {
          const ms = await this.advance(run, settings, signal);
          this.stepMs = [...this.stepMs, ms];
          this.host.timed?.(ms);
          this.computed = run.states.length - 1;
          if (this.follow) this.position = this.computed;
          this.host.changed();
        }
      } catch (e) {
        if (!signal.aborted) this.halt();
        this.report(e, signal);
      } finally {
        if (this.pumping?.run === run) this.pumping = undefined;
      }
    })();
    this.pumping = { run, done };
    return done;
  }

  /** One guided U-Net call on the worker for all images of `run`; records the new state, returns the call's ms. */
  private async advance(run: Trajectory, { label, guidance }: RunSettings, signal: AbortSignal): Promise<number> {
    let ms = 0;
    await run.advance(async (x, t) => {
      const r = await this.host.call((api) => api.denoise(x, t, label, guidance, run.count), { signal });
      ms = r.ms;
      return r.eps;
    });
    return ms;
  }

  /** Passes an error on, unless its run was cancelled (then nobody wants its result or its error). */
  private report(e: unknown, signal: AbortSignal): void {
    if (!signal.aborted) this.host.failed(e);
  }
}
