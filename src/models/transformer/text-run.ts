// One generated text and the attention behind every character of it. The model sees a window of at most C
// characters (its cache slots); when the window moves, slot j means a different character, so each row
// is stored with the window start it was computed in. No DOM.

export interface RunShape {
  layers: number;
  heads: number;
  context: number;
}

export class TextRun {
  readonly ids: number[];
  /** Per character: its attention row over the cache slots for every layer and head, [L, H, C]. */
  private rows: (Float32Array | undefined)[] = [];
  private starts: number[] = [];

  constructor(
    readonly shape: RunShape,
    prompt: readonly number[],
    readonly promptLength = prompt.length,
  ) {
    this.ids = [...prompt];
  }

  /**
   * Stores a model call's attention [L, H, T, C] for the characters at indices first..first+T-1, computed
   * with cache slot 0 holding character `windowStart`.
   */
  record(first: number, T: number, windowStart: number, attention: Float32Array): void {
    const { layers: L, heads: H, context: C } = this.shape;
    if (attention.length !== L * H * T * C) throw new Error(`attention has ${attention.length} values, expected ${L * H * T * C}`);
    for (let t = 0; t < T; t++) {
      const row = new Float32Array(L * H * C);
      for (let lh = 0; lh < L * H; lh++) row.set(attention.subarray((lh * T + t) * C, (lh * T + t + 1) * C), lh * C);
      this.rows[first + t] = row;
      this.starts[first + t] = windowStart;
    }
  }

  has(i: number): boolean {
    return this.rows[i] !== undefined;
  }

  /** How much character i attends to each character 0..i in one layer and head (0 outside its window). */
  weights(i: number, layer: number, head: number): Float32Array {
    const out = new Float32Array(i + 1);
    const row = this.rows[i];
    if (!row) return out;
    const { heads: H, context: C } = this.shape;
    const start = this.starts[i];
    const base = (layer * H + head) * C;
    for (let j = Math.max(0, start); j <= i && j - start < C; j++) out[j] = row[base + j - start];
    return out;
  }
}

/** Where the window starts after the cache filled up: the last `keep` characters are run again. */
export function nextWindow(length: number, context: number): { start: number; keep: number } {
  const keep = Math.max(1, Math.min(length, context - Math.max(1, context >> 2)));
  return { start: length - keep, keep };
}
