// Seeded random inputs for the kernel and graph-engine tests: fresh numbers each run, yet replayable. The
// run's seed comes from VITE_TEST_SEED when set (to replay a failure), else from the clock; every failure
// message carries it (`note`). Each test mixes in its own label, so a test draws the same numbers for a
// given run seed however many other tests run before it.
import { mulberry32 } from '../core/any-thread/seeded-random';

const fromEnv = Number(import.meta.env?.VITE_TEST_SEED);
/** This run's seed. */
export const RUN_SEED = Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : Date.now() % 2147483647;

/** FNV-1a of a label, to give each test its own stream. */
function hash(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class TestRandom {
  readonly seed: number;
  private readonly next: () => number;

  constructor(readonly label: string) {
    this.seed = (RUN_SEED ^ hash(label)) >>> 0;
    this.next = mulberry32(this.seed);
  }

  /** For failure messages: how to draw these numbers again. */
  get note(): string {
    return `seed ${RUN_SEED} (replay: VITE_TEST_SEED=${RUN_SEED}), test "${this.label}"`;
  }

  /** Uniform in [0, 1). */
  unit(): number {
    return this.next();
  }

  /** `n` uniform numbers in [−scale, scale). */
  uniform(n: number, scale = 1): Float32Array {
    return Float32Array.from({ length: n }, () => (this.next() * 2 - 1) * scale);
  }

  /** `n` standard normal numbers (Box-Muller). */
  normal(n: number): Float32Array {
    return Float32Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next()));
  }

  /** An integer in [0, max). */
  int(max: number): number {
    return Math.floor(this.next() * max);
  }
}
