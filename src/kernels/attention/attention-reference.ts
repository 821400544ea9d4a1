// CPU references of attention.wgsl (causal attention over a key/value cache) and softmax.wgsl, written for
// clarity (plain loops, f64 accumulation). Same layouts as the .wgsl files. No DOM.

export interface AttentionShape {
  /** heads, head size, cache slots, new tokens, slot of the first new token */
  H: number;
  D: number;
  C: number;
  T: number;
  pos: number;
}

/**
 * Causal attention of T new queries q [H, T, D] over cache slots keys [H, C, D] and values [H, C, D]:
 * row i sees slots 0..pos+i. Returns out [T, H·D] (heads merged) and probabilities [H, T, C]; with `rows`,
 * only those query rows are computed (the rest stay 0) — for checking long sequences.
 */
export function attentionRef(
  q: Float32Array,
  keys: Float32Array,
  values: Float32Array,
  s: AttentionShape,
  rows?: readonly number[],
): { out: Float32Array; probs: Float32Array } {
  const { H, D, C, T, pos } = s;
  const out = new Float32Array(T * H * D);
  const probs = new Float32Array(H * T * C);
  const scale = 1 / Math.sqrt(D);
  for (let h = 0; h < H; h++) {
    for (const i of rows ?? Array.from({ length: T }, (_, k) => k)) {
      const seen = pos + i + 1;
      const scores = new Float64Array(seen);
      let max = -Infinity;
      for (let j = 0; j < seen; j++) {
        let dot = 0;
        for (let d = 0; d < D; d++) dot += q[(h * T + i) * D + d] * keys[(h * C + j) * D + d];
        scores[j] = dot * scale;
        max = Math.max(max, scores[j]);
      }
      let sum = 0;
      for (let j = 0; j < seen; j++) {
        scores[j] = Math.exp(scores[j] - max);
        sum += scores[j];
      }
      for (let j = 0; j < seen; j++) probs[(h * T + i) * C + j] = scores[j] / sum;
      for (let d = 0; d < D; d++) {
        let acc = 0;
        for (let j = 0; j < seen; j++) acc += scores[j] * values[(h * C + j) * D + d];
        out[i * H * D + h * D + d] = acc / sum;
      }
    }
  }
  return { out, probs };
}

/** Softmax over the last axis of x [rows, n]. */
export function softmaxRef(x: Float32Array, rows: number, n: number): Float32Array {
  const y = new Float32Array(rows * n);
  for (let r = 0; r < rows; r++) {
    let m = -Infinity;
    for (let i = 0; i < n; i++) m = Math.max(m, x[r * n + i]);
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.exp(x[r * n + i] - m);
    for (let i = 0; i < n; i++) y[r * n + i] = Math.exp(x[r * n + i] - m) / s;
  }
  return y;
}
