// CPU references of our transformer kernels, written for clarity (plain loops, f64 accumulation), against
// which every WGSL kernel is validated. Same layouts as the .wgsl files.

/** y[M, N] = x[M, K] · w[N, K]ᵀ + b (+ residual). */
export function matmulRef(x: Float32Array, w: Float32Array, b: Float32Array, M: number, N: number, K: number,
  residual?: Float32Array): Float32Array {
  const y = new Float32Array(M * N);
  for (let m = 0; m < M; m++) {
    for (let n = 0; n < N; n++) {
      let acc = 0;
      for (let k = 0; k < K; k++) acc += x[m * K + k] * w[n * K + k];
      y[m * N + n] = acc + b[n] + (residual ? residual[m * N + n] : 0);
    }
  }
  return y;
}

export function layerNormRef(x: Float32Array, gamma: Float32Array, beta: Float32Array, rows: number, E: number,
  eps = 1e-5): Float32Array {
  const y = new Float32Array(rows * E);
  for (let r = 0; r < rows; r++) {
    let mean = 0;
    for (let i = 0; i < E; i++) mean += x[r * E + i];
    mean /= E;
    let v = 0;
    for (let i = 0; i < E; i++) v += (x[r * E + i] - mean) ** 2;
    const inv = 1 / Math.sqrt(v / E + eps);
    for (let i = 0; i < E; i++) y[r * E + i] = (x[r * E + i] - mean) * inv * gamma[i] + beta[i];
  }
  return y;
}

export function geluRef(x: Float32Array): Float32Array {
  return x.map((v) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3))));
}

export function embeddingRef(ids: ArrayLike<number>, tok: Float32Array, pos: Float32Array, E: number, first: number): Float32Array {
  const x = new Float32Array(ids.length * E);
  for (let t = 0; t < ids.length; t++) {
    for (let e = 0; e < E; e++) x[t * E + e] = tok[ids[t] * E + e] + pos[(first + t) * E + e];
  }
  return x;
}

export interface AttentionShape {
  /** heads, head size, cache slots, new tokens, slot of the first new token */
  H: number; D: number; C: number; T: number; pos: number;
}

/**
 * Causal attention of T new queries q [H, T, D] over cache slots keys [H, C, D] and values [H, C, D]:
 * row i sees slots 0..pos+i. Returns out [T, H·D] (heads merged) and probabilities [H, T, C]; with `rows`,
 * only those query rows are computed (the rest stay 0) — for checking long sequences.
 */
export function attentionRef(q: Float32Array, keys: Float32Array, values: Float32Array, s: AttentionShape,
  rows?: readonly number[]): { out: Float32Array; probs: Float32Array } {
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
      for (let j = 0; j < seen; j++) { scores[j] = Math.exp(scores[j] - max); sum += scores[j]; }
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
