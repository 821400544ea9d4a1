// CPU references of matmul.wgsl (the linear layer, torch weight layout) and bmm.wgsl (batched matmul),
// written for clarity (plain loops). No DOM.

/** y[M, N] = x[M, K] · w[N, K]ᵀ + b (+ residual). */
export function matmulRef(
  x: Float32Array,
  w: Float32Array,
  b: Float32Array,
  M: number,
  N: number,
  K: number,
  residual?: Float32Array,
): Float32Array {
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

/** y[b] = a[b] · c[b] for a [B, M, K], c [B, K, N]. */
export function bmmRef(a: Float32Array, c: Float32Array, B: number, M: number, K: number, N: number): Float32Array {
  const y = new Float32Array(B * M * N);
  for (let b = 0; b < B; b++) {
    for (let m = 0; m < M; m++) {
      for (let n = 0; n < N; n++) {
        let acc = 0;
        for (let k = 0; k < K; k++) acc += a[(b * M + m) * K + k] * c[(b * K + k) * N + n];
        y[(b * M + m) * N + n] = acc;
      }
    }
  }
  return y;
}
