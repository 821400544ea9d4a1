// What both training workers need around their calls: one at a time (Comlink starts each call as it arrives,
// and a step must not run while reset() swaps the trainer), a GPU call that failed because the device went
// away said as such (the page leaves it to the runner), and snapshots handed over without copying. No DOM.
import * as Comlink from 'comlink';
import { DeviceLostError } from '../../core/any-thread/errors';
import type { BlockState } from '../../engines/training/plan';

/** A look at the model that stopped for the visitor's steps (see SerialCalls.look). */
class GaveWay extends Error {}

/** How often a look that may give way lets the worker take the messages that came meanwhile. */
const YIELD_MS = 20;

/** Ends the current task: messages that came meanwhile (a visitor's call) are taken before it goes on. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
}

export class SerialCalls {
  private tail: Promise<unknown> = Promise.resolve();
  /** Why the GPU device was lost (undefined while it is fine, or on the CPU). */
  lostReason: () => string | undefined = () => undefined;
  /** Steps asked for and not begun (see look()). */
  private stepsWaiting = 0;
  /**
   * The trainer has taken no step since it was made, reset or restored: the page's looks at it now (its first
   * drawing and score at ready) give way to steps asked for meanwhile. The worker sets it.
   */
  fresh = true;
  private lastYield = 0;

  run<T>(fn: () => Promise<T>): Promise<T> {
    const guarded = () =>
      fn().catch((e: unknown) => {
        const lost = this.lostReason();
        throw lost === undefined ? e : new DeviceLostError(`GPU device lost: ${lost}`);
      });
    const next = this.tail.then(guarded, guarded);
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** The visitor's steps, in turn; counted as waiting from the moment they are asked for (see look()). */
  steps<T>(fn: () => Promise<T>): Promise<T> {
    this.stepsWaiting++;
    let waiting = true;
    const begun = () => {
      if (!waiting) return;
      waiting = false;
      this.stepsWaiting--;
    };
    return this.run(() => {
      begun();
      this.fresh = false;
      return fn();
    }).finally(begun);
  }

  /**
   * A drawing or a score, in turn. On a fresh trainer it gives way: `fn` calls `checkpoint` between its passes,
   * which lets the worker take the messages that came, and the call ends with undefined once steps wait (a
   * Start pressed at ready then waits for one pass, not for a whole sample and score). Later looks run to
   * their end: a drawing while training must not be dropped for the loop's next chunk.
   */
  look<T>(fn: (checkpoint: () => Promise<void>) => Promise<T>): Promise<T | undefined> {
    return this.run(async () => {
      if (!this.fresh) return fn(async () => undefined);
      try {
        return await fn(() => this.checkpoint());
      } catch (e) {
        if (e instanceof GaveWay) return undefined;
        throw e;
      }
    });
  }

  private async checkpoint(): Promise<void> {
    if (performance.now() - this.lastYield >= YIELD_MS) {
      await nextTask();
      this.lastYield = performance.now();
    }
    if (this.stepsWaiting > 0) throw new GaveWay();
  }

  /**
   * Times `runs` steps of a scratch trainer (after one warm-up step), each step a call of its own in the
   * queue: a visitor's call that arrives meanwhile (Start, one step) waits for one step at most, not for the
   * whole measurement that `auto` runs in the background.
   */
  async timeSteps(make: () => Promise<ScratchTrainer>, runs: number): Promise<number[]> {
    const scratch = await this.run(make);
    try {
      await this.run(() => scratch.steps(1));
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        times.push(
          await this.run(async () => {
            const t0 = performance.now();
            await scratch.steps(1);
            return performance.now() - t0;
          }),
        );
      }
      return times;
    } finally {
      scratch.destroy();
    }
  }
}

/** What timeSteps needs of a trainer. */
export interface ScratchTrainer {
  steps(n: number): Promise<unknown>;
  destroy(): void;
}

/** A snapshot marked for transfer: its weight and moment arrays move to the page instead of being copied. */
export function transferSnapshot<S extends { blocks: Record<string, BlockState> }>(snap: S): S {
  const buffers = Object.values(snap.blocks).flatMap((b) => [b.p.buffer, b.m.buffer, b.v.buffer]);
  return Comlink.transfer(snap, buffers as ArrayBuffer[]);
}
