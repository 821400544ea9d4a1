// Fixed inputs for warm-up, auto's measurement and benchmarks: reproducible, and never zeros
// (zeros hide bugs and can take fast paths that real inputs don't).

/** mulberry32 with its one word of state in sight, so a snapshot can carry where a stream stands. */
export class Mulberry32 {
  constructor(public state: number) {
    this.state = state >>> 0;
  }

  /** The next uniform number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

/** mulberry32: a small, fast, seedable generator of uniform numbers in [0, 1); the same stream everywhere. */
export function mulberry32(seed: number): () => number {
  const g = new Mulberry32(seed);
  return () => g.next();
}

/** `n` normal numbers (Box-Muller) from a uniform stream in [0, 1): never zeros. */
export function normalsFrom(uniform: () => number, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const u = Math.max(uniform(), 1e-12);
    out[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  }
  return out;
}

/** Deterministic pseudo-random normal numbers (mulberry32 + Box-Muller) for warm-up and benchmark inputs: never zeros. */
export function seededNormals(n: number, seed = 1): Float32Array {
  return normalsFrom(mulberry32(seed), n);
}
