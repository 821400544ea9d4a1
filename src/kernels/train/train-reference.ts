// CPU references of the training kernels (train.wgsl): the backward passes of a linear layer, activation
// derivatives, the losses, the VAE's reparameterisation with its KL term, and Adam. They are also what the
// CPU training engine runs, so the loops are ordered for contiguous access (row-major, innermost index
// last), and the three matrix products work on two rows against four at a time (each load serves several
// sums: half the time of one row at a time on a training step here); they take float64 arrays too, for
// checks by finite differences. Layouts as in matmul-reference.ts: a linear layer's weight is [N, K] (torch's
// [out, in]) and y[M, N] = x[M, K] · wᵀ + b. No DOM.
import { type Activation, activate, GELU_C } from '../elementwise/activation';

/** Float32 storage as the engines use it, or float64 for gradient checks by finite differences. */
export type Floats = Float32Array | Float64Array;

/** y[M, N] = x[M, K] · w[N, K]ᵀ + b, written into `y` (the forward pass the trainers share). */
export function linearForward(x: Floats, w: Floats, b: Floats, y: Floats, M: number, N: number, K: number): void {
  let m = 0;
  // two rows of x against four of w: each load serves two or four of the eight sums (same order of summing)
  for (; m + 2 <= M; m += 2) {
    const x0 = m * K;
    const x1 = x0 + K;
    let n = 0;
    for (; n + 4 <= N; n += 4) {
      const w0 = n * K;
      const w1 = w0 + K;
      const w2 = w1 + K;
      const w3 = w2 + K;
      let a00 = 0;
      let a01 = 0;
      let a02 = 0;
      let a03 = 0;
      let a10 = 0;
      let a11 = 0;
      let a12 = 0;
      let a13 = 0;
      for (let k = 0; k < K; k++) {
        const u = x[x0 + k];
        const v = x[x1 + k];
        const c0 = w[w0 + k];
        const c1 = w[w1 + k];
        const c2 = w[w2 + k];
        const c3 = w[w3 + k];
        a00 += u * c0;
        a01 += u * c1;
        a02 += u * c2;
        a03 += u * c3;
        a10 += v * c0;
        a11 += v * c1;
        a12 += v * c2;
        a13 += v * c3;
      }
      const y0 = m * N + n;
      const y1 = y0 + N;
      y[y0] = a00 + b[n];
      y[y0 + 1] = a01 + b[n + 1];
      y[y0 + 2] = a02 + b[n + 2];
      y[y0 + 3] = a03 + b[n + 3];
      y[y1] = a10 + b[n];
      y[y1 + 1] = a11 + b[n + 1];
      y[y1 + 2] = a12 + b[n + 2];
      y[y1 + 3] = a13 + b[n + 3];
    }
    for (; n < N; n++) {
      y[m * N + n] = dotRow(x, x0, w, n * K, K) + b[n];
      y[(m + 1) * N + n] = dotRow(x, x1, w, n * K, K) + b[n];
    }
  }
  for (; m < M; m++) for (let n = 0; n < N; n++) y[m * N + n] = dotRow(x, m * K, w, n * K, K) + b[n];
}

/** Σₖ a[i + k]·b[j + k] for k < K. */
function dotRow(a: Floats, i: number, b: Floats, j: number, K: number): number {
  let acc = 0;
  for (let k = 0; k < K; k++) acc += a[i + k] * b[j + k];
  return acc;
}

/** Four rows of a matrix `src` (from s0 on) and their coefficients for one or two rows of the result. */
interface FourRows {
  src: Floats;
  s0: number;
  K: number;
}

/**
 * dst[d + k] += Σⱼ a[j]·src[s0 + j·K + k] for k < K, and the same with `b` into dst[e + k] when e ≥ 0: four
 * rows of `src` scaled and added to one or two rows of `dst` in one pass, so each loaded element of `src` serves
 * both rows and each element of `dst` is read and written once for four rows (both backward passes below are
 * sums of scaled rows).
 */
function addFourRows(dst: Floats, d: number, e: number, rows: FourRows, a: Floats, ai: number, b: Floats, bi: number, step: number): void {
  const { src, s0, K } = rows;
  const s1 = s0 + K;
  const s2 = s1 + K;
  const s3 = s2 + K;
  const a0 = a[ai];
  const a1 = a[ai + step];
  const a2 = a[ai + 2 * step];
  const a3 = a[ai + 3 * step];
  if (e < 0) {
    for (let k = 0; k < K; k++) dst[d + k] += a0 * src[s0 + k] + a1 * src[s1 + k] + a2 * src[s2 + k] + a3 * src[s3 + k];
    return;
  }
  const b0 = b[bi];
  const b1 = b[bi + step];
  const b2 = b[bi + 2 * step];
  const b3 = b[bi + 3 * step];
  for (let k = 0; k < K; k++) {
    const c0 = src[s0 + k];
    const c1 = src[s1 + k];
    const c2 = src[s2 + k];
    const c3 = src[s3 + k];
    dst[d + k] += a0 * c0 + a1 * c1 + a2 * c2 + a3 * c3;
    dst[e + k] += b0 * c0 + b1 * c1 + b2 * c2 + b3 * c3;
  }
}

/** dx[M, K] = dy[M, N] · w[N, K]: the gradient a linear layer passes to its input (row m of dx is Σₙ dy[m, n]·w[n]). */
export function linearInputGrad(dy: Floats, w: Floats, dx: Floats, M: number, N: number, K: number): void {
  dx.fill(0, 0, M * K);
  for (let m = 0; m < M; m += 2) {
    const pair = m + 1 < M;
    const xo = m * K;
    const yo = m * N;
    let n = 0;
    for (; n + 4 <= N; n += 4) addFourRows(dx, xo, pair ? xo + K : -1, { src: w, s0: n * K, K }, dy, yo + n, dy, yo + N + n, 1);
    for (; n < N; n++) {
      const wo = n * K;
      for (let r = m; r < (pair ? m + 2 : m + 1); r++) {
        const g = dy[r * N + n];
        for (let k = 0; k < K; k++) dx[r * K + k] += g * w[wo + k];
      }
    }
  }
}

/**
 * dw[N, K] = dy[M, N]ᵀ · x[M, K] and db[N] = Σ_m dy[m, n]: the gradients of a linear layer's parameters (row n of
 * dw is Σₘ dy[m, n]·x[m]).
 */
export function linearParamGrad(dy: Floats, x: Floats, dw: Floats, db: Floats, M: number, N: number, K: number): void {
  dw.fill(0, 0, N * K);
  for (let n = 0; n < N; n += 2) {
    const pair = n + 1 < N;
    const wo = n * K;
    let m = 0;
    for (; m + 4 <= M; m += 4) addFourRows(dw, wo, pair ? wo + K : -1, { src: x, s0: m * K, K }, dy, m * N + n, dy, m * N + n + 1, N);
    for (; m < M; m++) {
      const xo = m * K;
      for (let c = n; c < (pair ? n + 2 : n + 1); c++) {
        const g = dy[m * N + c];
        for (let k = 0; k < K; k++) dw[c * K + k] += g * x[xo + k];
      }
    }
  }
  for (let c = 0; c < N; c++) {
    let bias = 0;
    for (let r = 0; r < M; r++) bias += dy[r * N + c];
    db[c] = bias;
  }
}

/** f'(v) for the activations a trainer uses, at the pre-activation v. */
export function activationGrad(v: number, act: Activation, alpha = 0): number {
  switch (act) {
    case 'relu':
      return v > 0 ? 1 : 0;
    case 'leaky':
      return v >= 0 ? 1 : alpha;
    case 'sigmoid': {
      const s = 1 / (1 + Math.exp(-v));
      return s * (1 - s);
    }
    case 'tanh': {
      const t = Math.tanh(v);
      return 1 - t * t;
    }
    case 'silu': {
      const s = 1 / (1 + Math.exp(-v));
      return s * (1 + v * (1 - s));
    }
    case 'gelu': {
      const t = Math.tanh(GELU_C * (v + 0.044715 * v * v * v));
      return 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * GELU_C * (1 + 3 * 0.044715 * v * v);
    }
    case 'clip':
      return Math.abs(v) < 1 ? 1 : 0;
    case 'none':
      return 1;
    default:
      throw new Error(`no derivative for the activation ${act}`);
  }
}

/** h = f(pre), element-wise over `count` values. */
export function activateAll(pre: Floats, h: Floats, count: number, act: Activation, alpha = 0): void {
  for (let i = 0; i < count; i++) h[i] = activate(pre[i], act, alpha);
}

/** dpre = dh · f'(pre), element-wise. */
export function activateGrad(pre: Floats, dh: Floats, dpre: Floats, count: number, act: Activation, alpha = 0): void {
  for (let i = 0; i < count; i++) dpre[i] = dh[i] * activationGrad(pre[i], act, alpha);
}

/** log(1 + e^v) without overflow. */
export function softplus(v: number): number {
  return v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v));
}

/**
 * Binary cross-entropy on logits l[M, N] against targets t[M, N] in [0, 1]: per row the sum over its N
 * values of softplus(l) − t·l (= −t·log σ(l) − (1 − t)·log(1 − σ(l))), into rowLoss[M]; the gradient of
 * scale · Σ rows into grad: scale · (σ(l) − t). Returns the sum of the row losses.
 */
export function bceLogits(l: Floats, t: Floats, grad: Floats, rowLoss: Floats, M: number, N: number, scale: number): number {
  let total = 0;
  for (let m = 0; m < M; m++) {
    let row = 0;
    for (let j = m * N; j < (m + 1) * N; j++) {
      row += softplus(l[j]) - t[j] * l[j];
      grad[j] = scale * (1 / (1 + Math.exp(-l[j])) - t[j]);
    }
    rowLoss[m] = row;
    total += row;
  }
  return total;
}

/** Squared error ½ Σ (y − t)² per row into rowLoss, gradient scale · (y − t) into grad; returns the sum. */
export function mse(y: Floats, t: Floats, grad: Floats, rowLoss: Floats, M: number, N: number, scale: number): number {
  let total = 0;
  for (let m = 0; m < M; m++) {
    let row = 0;
    for (let j = m * N; j < (m + 1) * N; j++) {
      const d = y[j] - t[j];
      row += 0.5 * d * d;
      grad[j] = scale * d;
    }
    rowLoss[m] = row;
    total += row;
  }
  return total;
}

/**
 * The VAE's reparameterisation: enc[M, 2Z] holds μ then log σ² per row; z = μ + exp(½ log σ²) · eps, and per
 * row the KL divergence of N(μ, σ²) from N(0, 1), −½ Σ (1 + log σ² − μ² − σ²), into rowKl. Returns its sum.
 */
export function reparam(enc: Floats, eps: Floats, z: Floats, rowKl: Floats, M: number, Z: number): number {
  let total = 0;
  for (let m = 0; m < M; m++) {
    let kl = 0;
    for (let i = 0; i < Z; i++) {
      const mu = enc[m * 2 * Z + i];
      const logvar = enc[m * 2 * Z + Z + i];
      z[m * Z + i] = mu + Math.exp(0.5 * logvar) * eps[m * Z + i];
      kl += -0.5 * (1 + logvar - mu * mu - Math.exp(logvar));
    }
    rowKl[m] = kl;
    total += kl;
  }
  return total;
}

/**
 * The gradient into enc[M, 2Z] of a loss whose gradient at z is dz, plus klScale · Σ rows of KL:
 * dμ = dz + klScale · μ; d log σ² = dz · eps · ½ exp(½ log σ²) + klScale · ½ (σ² − 1).
 */
export function reparamGrad(enc: Floats, eps: Floats, dz: Floats, denc: Floats, M: number, Z: number, klScale: number): void {
  for (let m = 0; m < M; m++) {
    for (let i = 0; i < Z; i++) {
      const mu = enc[m * 2 * Z + i];
      const logvar = enc[m * 2 * Z + Z + i];
      const g = dz[m * Z + i];
      denc[m * 2 * Z + i] = g + klScale * mu;
      denc[m * 2 * Z + Z + i] = g * eps[m * Z + i] * 0.5 * Math.exp(0.5 * logvar) + klScale * 0.5 * (Math.exp(logvar) - 1);
    }
  }
}

export interface AdamSettings {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
}

/**
 * One Adam update of `count` parameters (step t counts from 1): m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
 * p ← p − lr · (m / (1−β₁ᵗ)) / (√(v / (1−β₂ᵗ)) + ε).
 */
export function adam(p: Floats, g: Floats, m: Floats, v: Floats, count: number, t: number, s: AdamSettings): void {
  const c1 = 1 - s.beta1 ** t;
  const c2 = 1 - s.beta2 ** t;
  for (let i = 0; i < count; i++) {
    m[i] = s.beta1 * m[i] + (1 - s.beta1) * g[i];
    v[i] = s.beta2 * v[i] + (1 - s.beta2) * g[i] * g[i];
    p[i] -= (s.lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + s.eps);
  }
}

/** y = a + b, element-wise over `count` values. */
export function addAll(a: Floats, b: Floats, y: Floats, count: number): void {
  for (let i = 0; i < count; i++) y[i] = a[i] + b[i];
}

/** y[r, :] = a·x[r, :] + b·e[r, :] + c with (a, b, c) = coef[3r ..] per row, for M rows of N values. */
export function mixRows(x: Floats, e: Floats, coef: Floats, y: Floats, M: number, N: number): void {
  for (let r = 0; r < M; r++) {
    const [a, b, c] = [coef[3 * r], coef[3 * r + 1], coef[3 * r + 2]];
    for (let j = r * N; j < (r + 1) * N; j++) y[j] = a * x[j] + b * e[j] + c;
  }
}

/**
 * A sinusoidal embedding (the transformer's positions, the diffusion model's time step) of N values (N even)
 * per position t[r]: sin(t·ω_j) for j < N/2, then cos(t·ω_j), ω_j = maxPeriod^(−j/(N/2)).
 */
export function sinusoid(t: Floats, y: Floats, M: number, N: number, maxPeriod: number): void {
  const half = N / 2;
  for (let r = 0; r < M; r++) {
    for (let j = 0; j < half; j++) {
      const a = t[r] * Math.exp((-Math.log(maxPeriod) * j) / half);
      y[r * N + j] = Math.sin(a);
      y[r * N + half + j] = Math.cos(a);
    }
  }
}
