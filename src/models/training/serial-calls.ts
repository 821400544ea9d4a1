// What both training workers need around their calls: one at a time (Comlink starts each call as it arrives,
// and a step must not run while reset() swaps the trainer), a GPU call that failed because the device went
// away said as such (the page leaves it to the runner), and snapshots handed over without copying. No DOM.
import * as Comlink from 'comlink';
import { DeviceLostError } from '../../core/any-thread/errors';
import type { BlockState } from '../../engines/training/plan';

export class SerialCalls {
  private tail: Promise<unknown> = Promise.resolve();
  /** Why the GPU device was lost (undefined while it is fine, or on the CPU). */
  lostReason: () => string | undefined = () => undefined;

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
