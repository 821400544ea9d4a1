// The NeRF view's frame loop, without DOM: while the view changes it asks the worker for centred frames, one in
// flight at a time, always of the latest view; once the view rests it asks for the still: on wgsl, jittered
// frames the worker averages into a sharper image; on cpu, one exact frame after the quick moving ones. It keeps what the page shows about them (frame times, frames/s, the
// samples of the last frame, the refinement count) and tells the page at most every NUMBERS_MS while the view
// moves. The reference check (our frame against the reference path's) lives here too.
import type * as Comlink from 'comlink';
import type { Engine } from '../../core/any-thread/engine-choice';
import { median } from '../../core/any-thread/engine-choice';
import type { CallOptions } from '../../core/main-thread/worker-bridge';
import { movingSize } from '../../engines/nerf/cpu-frame';
import { toBytes } from '../../engines/nerf/nerf-reference';
import { psnr, type View } from '../../kernels/volume/volume-reference';
import { CENTRED, type FrameJitter, type FrameStats } from '../../kernels/volume/volume-renderer';
import type { FrameResult, NerfWorkerApi } from './worker';

/** Jittered frames averaged into a still image (the centred first frame counts). */
export const REFINE_FRAMES = 16;
/** While the view moves, the page hears of new frames at most this often (the frames themselves are the worker's). */
export const NUMBERS_MS = 150;
/** The reference check renders at most this size (it is slow). */
export const CHECK_MAX = 128;
/** Frame times kept (for the median) and arrival times kept (for frames/s). */
const KEEP_TIMES = 30;
const KEEP_STAMPS = 10;

/** A call on whichever NeRF worker is active now, cancelled by `signal`. */
export type NerfCall = <R>(fn: (api: Comlink.Remote<NerfWorkerApi>) => Promise<R>, options?: CallOptions) => Promise<R>;

export interface FrameHost {
  call: NerfCall;
  /** The engine frames are drawn on now, or undefined while none can draw (loading, failed, page left). */
  engine(): Engine | undefined;
  /** The view on screen now (read for every frame). */
  view(): View;
  /** A signal for one run of the loop (leaving the page fires it). */
  signal(): AbortSignal;
  /** Something the page shows changed. */
  changed(): void;
  /** A call failed (the host decides: ignore a cancel, leave a crash to the runner, or say it). */
  failed(e: unknown): void;
  now?: () => number;
}

/** The i-th element of the Halton sequence in `base` (low-discrepancy jitter for refinement frames). */
export function halton(i: number, base: number): number {
  let f = 1;
  let r = 0;
  for (let n = i; n > 0; n = Math.floor(n / base)) {
    f /= base;
    r += f * (n % base);
  }
  return r;
}

/** The jitter of refinement frame `frame` (> 0): sub-pixel offsets and the sample offset along the ray. */
export function refineJitter(frame: number): FrameJitter {
  return { frame, jx: halton(frame, 2), jy: halton(frame, 3), u: halton(frame, 5) };
}

/**
 * The cpu engine asks for its still (a few hundred ms that a frame in flight cannot cut short) only once the
 * view has rested this long: pointer moves come every 10–20 ms while dragging, and a moving frame takes about
 * as long, so without the wait a drag would keep starting stills between its moves.
 */
export const STILL_AFTER_MS = 150;

/** The cpu engine's still: frame 1, centred (the exact picture after the moving frames). */
export const CPU_STILL: FrameJitter = { ...CENTRED, frame: 1 };

/**
 * Frames of a still view of `size`² on `engine`, the first (centred) one included: on cpu a second, exact
 * one only where the moving frame was drawn smaller.
 */
export function stillFrames(engine: Engine, size: number): number {
  return engine === 'wgsl' ? REFINE_FRAMES : engine === 'cpu' && movingSize(size) < size ? 2 : 1;
}

/** The frame `engine` shows of a view at rest: what the reference check compares. */
export function stillJitter(engine: Engine): FrameJitter {
  return engine === 'cpu' ? CPU_STILL : CENTRED;
}

export class FrameLoop {
  /** The refinement frame shown (0: the centred first frame). */
  frame = 0;
  /** Worker ms of the last frames, and when they arrived (for frames/s). */
  frameTimes: number[] = [];
  stamps: number[] = [];
  stats?: FrameStats;
  /** Frames drawn so far. */
  drawn = 0;
  /** The view changed since the last frame was asked for. */
  private dirty = true;
  private looping = false;
  private lastShown = -Infinity;
  private readonly now: () => number;

  constructor(private readonly host: FrameHost) {
    this.now = host.now ?? (() => performance.now());
  }

  /**
   * The view changed (or must be drawn again): draws it from its first frame. Starts the loop unless it runs
   * (the running loop picks the change up with its next frame); resolves when a loop started here ends.
   */
  request(): Promise<void> {
    this.dirty = true;
    return this.looping ? Promise.resolve() : this.run();
  }

  /** Frames/s of the frames drawn back to back lately (undefined: too few). */
  fps(): number | undefined {
    const s = this.stamps;
    if (s.length < 2) return undefined;
    const span = s[s.length - 1] - s[0];
    return span > 0 ? ((s.length - 1) * 1000) / span : undefined;
  }

  /** The view on show is as sharp as its engine draws it at rest, and no frame is in flight. */
  get still(): boolean {
    const engine = this.host.engine();
    return !this.looping && !this.dirty && this.drawn > 0 && !!engine && this.frame >= stillFrames(engine, this.host.view().size) - 1;
  }

  /** Worker ms of the last frame, and the median of the recent ones. */
  lastMs(): number | undefined {
    return this.frameTimes.at(-1);
  }

  medianMs(): number | undefined {
    return this.frameTimes.length ? median(this.frameTimes) : undefined;
  }

  /** Forgets the frame times (another resolution: the old ones say nothing about the new frames). */
  clearTimes(): void {
    this.frameTimes = [];
  }

  private async run(): Promise<void> {
    this.looping = true;
    // frames/s counts back-to-back frames only: a pause at rest is not a slow frame
    if (this.stamps.length) this.stamps = [this.now()];
    const signal = this.host.signal();
    try {
      for (let jitter = this.next(); jitter; jitter = this.next()) {
        if (jitter === CPU_STILL) {
          await new Promise((r) => setTimeout(r, STILL_AFTER_MS));
          if (this.dirty || signal.aborted) continue; // moved again: another moving frame first
        }
        const asked = jitter;
        this.record(await this.host.call((api) => api.render(this.host.view(), asked), { signal }));
      }
    } catch (e) {
      this.host.failed(e);
    } finally {
      this.looping = false;
      this.host.changed();
    }
    // asked again while a frame failed (auto moved to another engine and the old worker's frame was cancelled):
    // the new request still gets its frame
    if (this.dirty && this.host.engine()) await this.run();
  }

  /** The jitter of the next frame to ask for, or undefined when the still image is as sharp as it gets. */
  private next(): FrameJitter | undefined {
    const engine = this.host.engine();
    if (!engine) return undefined;
    if (this.dirty) {
      this.dirty = false;
      this.frame = 0;
      return CENTRED;
    }
    if (this.frame >= stillFrames(engine, this.host.view().size) - 1) return undefined;
    this.frame++;
    return engine === 'cpu' ? CPU_STILL : refineJitter(this.frame);
  }

  private record(r: FrameResult): void {
    const now = this.now();
    this.frameTimes = [...this.frameTimes.slice(1 - KEEP_TIMES), r.ms];
    this.stamps = [...this.stamps.slice(1 - KEEP_STAMPS), now];
    this.stats = r.stats;
    this.drawn++;
    // the last frame came while the view was still changing: its numbers may wait a little
    const moving = this.dirty;
    if (!moving || now - this.lastShown >= NUMBERS_MS) {
      this.lastShown = now;
      this.host.changed();
    }
  }
}

/** The size the reference check renders at for a view of `size`². */
export const checkSize = (size: number): number => Math.min(CHECK_MAX, size);

/**
 * Our frame of `view` as `engine` shows it at rest (drawn, read back) against the reference path's: PSNR in
 * dB, and the reference's ms.
 */
export async function compareWithReference(
  call: NerfCall,
  engine: Engine,
  view: View,
  options?: CallOptions,
): Promise<{ psnr: number; ms: number }> {
  const still = stillJitter(engine);
  const ours = await call((api) => api.render(view, still, true), options);
  const ref = await call((api) => api.reference(view), options);
  return { psnr: psnr(ours.pixels!, toBytes(ref.rgb), 255), ms: ref.ms };
}
