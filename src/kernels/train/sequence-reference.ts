// CPU references of the sequence-model training kernels (sequence.wgsl): layer norm, an embedding table's
// lookup and its gradient, softmax cross-entropy over a vocabulary, and causal multi-head self-attention,
// each forward and backward. The text trainer (#/train-text) builds a GPT from them and the ops of
// train-reference.ts; they take float64 arrays too, for checks by finite differences. Row-major, innermost
// index last. No DOM.
import type { Floats } from './train-reference';

/** Mean and 1/√(σ² + eps) of the N values of x from `o` (σ² the biased variance). */
function rowStats(x: Floats, o: number, N: number, eps: number): [number, number] {
  let mean = 0;
  for (let j = 0; j < N; j++) mean += x[o + j]!;
  mean /= N;
  let v = 0;
  for (let j = 0; j < N; j++) v += (x[o + j]! - mean) ** 2;
  return [mean, 1 / Math.sqrt(v / N + eps)];
}

/**
 * y = (x − μ)/√(σ² + eps)·γ + β per row of N (σ² the biased variance, as torch's LayerNorm), and the
 * normalised x̂ (kept for the parameters' gradient).
 */
export function layerNorm(x: Floats, gamma: Floats, beta: Floats, y: Floats, xhat: Floats, M: number, N: number, eps: number): void {
  for (let r = 0; r < M; r++) {
    const o = r * N;
    const [mean, rstd] = rowStats(x, o, N, eps);
    for (let j = 0; j < N; j++) {
      const h = (x[o + j]! - mean) * rstd;
      xhat[o + j] = h;
      y[o + j] = h * gamma[j]! + beta[j]!;
    }
  }
}

/** dx of layer norm from x (its statistics recomputed), γ and dy: rstd·(g − mean(g) − x̂·mean(g·x̂)), g = dy·γ. */
export function layerNormInputGrad(x: Floats, gamma: Floats, dy: Floats, dx: Floats, M: number, N: number, eps: number): void {
  for (let r = 0; r < M; r++) {
    const o = r * N;
    const [mean, rstd] = rowStats(x, o, N, eps);
    let [mg, mgx] = [0, 0];
    for (let j = 0; j < N; j++) {
      const g = dy[o + j]! * gamma[j]!;
      mg += g;
      mgx += g * (x[o + j]! - mean) * rstd;
    }
    [mg, mgx] = [mg / N, mgx / N];
    for (let j = 0; j < N; j++) {
      const h = (x[o + j]! - mean) * rstd;
      dx[o + j] = rstd * (dy[o + j]! * gamma[j]! - mg - h * mgx);
    }
  }
}

/** dγ = Σ_rows dy·x̂ and dβ = Σ_rows dy. */
export function layerNormParamGrad(dy: Floats, xhat: Floats, dgamma: Floats, dbeta: Floats, M: number, N: number): void {
  dgamma.fill(0, 0, N);
  dbeta.fill(0, 0, N);
  for (let r = 0; r < M; r++) {
    for (let j = 0; j < N; j++) {
      dgamma[j]! += dy[r * N + j]! * xhat[r * N + j]!;
      dbeta[j]! += dy[r * N + j]!;
    }
  }
}

/**
 * The gradient of an embedding table [V, D] from the gradient of its lookups out[r, :] = table[idx[r], :]:
 * each row v sums dy over the rows that looked it up (in row order: deterministic, as the WGSL kernel).
 */
export function embeddingGrad(dy: Floats, idx: Floats, dtable: Floats, M: number, V: number, D: number): void {
  dtable.fill(0, 0, V * D);
  for (let r = 0; r < M; r++) {
    const v = idx[r]!;
    for (let j = 0; j < D; j++) dtable[v * D + j]! += dy[r * D + j]!;
  }
}

/**
 * Softmax cross-entropy of logits [M, V] against target indices: per row log Σ exp(l) − l[target] into
 * rowLoss, and the gradient of scale · Σ rows, scale·(softmax(l) − onehot(target)), into grad. Returns the sum.
 */
export function softmaxCrossEntropy(l: Floats, target: Floats, grad: Floats, rowLoss: Floats, M: number, V: number, scale: number): number {
  let total = 0;
  for (let r = 0; r < M; r++) {
    const o = r * V;
    let max = -Infinity;
    for (let j = 0; j < V; j++) max = Math.max(max, l[o + j]!);
    let sum = 0;
    for (let j = 0; j < V; j++) sum += Math.exp(l[o + j]! - max);
    const t = target[r]!;
    rowLoss[r] = Math.log(sum) + max - l[o + t]!;
    total += rowLoss[r]!;
    for (let j = 0; j < V; j++) grad[o + j] = scale * (Math.exp(l[o + j]! - max) / sum - (j === t ? 1 : 0));
  }
  return total;
}

/** Shapes of causal self-attention over B sequences of T positions, C channels in H heads. */
export interface AttentionShape {
  B: number;
  T: number;
  C: number;
  H: number;
}

/**
 * Causal multi-head self-attention: qkv [B·T, 3C] (q, then k, then v per row; head h uses columns h·C/H ..)
 * into y [B·T, C], keeping the attention weights p [B, H, T, T] (zero above the diagonal) for the backward pass.
 */
export function attention(qkv: Floats, y: Floats, p: Floats, s: AttentionShape): void {
  const { B, T, C, H } = s;
  const hd = C / H;
  const scale = 1 / Math.sqrt(hd);
  const row = new Float64Array(T);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      for (let i = 0; i < T; i++) {
        const q = (b * T + i) * 3 * C + h * hd;
        let max = -Infinity;
        for (let j = 0; j <= i; j++) {
          const k = (b * T + j) * 3 * C + C + h * hd;
          let dot = 0;
          for (let d = 0; d < hd; d++) dot += qkv[q + d]! * qkv[k + d]!;
          row[j] = dot * scale;
          max = Math.max(max, row[j]!);
        }
        let sum = 0;
        for (let j = 0; j <= i; j++) sum += row[j] = Math.exp(row[j]! - max);
        const po = ((b * H + h) * T + i) * T;
        for (let j = 0; j < T; j++) p[po + j] = j <= i ? row[j]! / sum : 0;
        const yo = (b * T + i) * C + h * hd;
        for (let d = 0; d < hd; d++) {
          let acc = 0;
          for (let j = 0; j <= i; j++) acc += p[po + j]! * qkv[(b * T + j) * 3 * C + 2 * C + h * hd + d]!;
          y[yo + d] = acc;
        }
      }
    }
  }
}

/**
 * dqkv of causal self-attention from qkv, the forward pass's weights p and dy: dv_j = Σ_i p_ij·dy_i;
 * ds_ij = p_ij·(dy_i·v_j − Σ_k p_ik·dy_i·v_k); dq_i = scale·Σ_j ds_ij·k_j; dk_j = scale·Σ_i ds_ij·q_i.
 */
export function attentionGrad(qkv: Floats, p: Floats, dy: Floats, dqkv: Floats, s: AttentionShape): void {
  const { B, T, C, H } = s;
  const hd = C / H;
  const scale = 1 / Math.sqrt(hd);
  dqkv.fill(0, 0, B * T * 3 * C);
  const ds = new Float64Array(T);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      for (let i = 0; i < T; i++) {
        const po = ((b * H + h) * T + i) * T;
        const dyo = (b * T + i) * C + h * hd;
        let dotsum = 0;
        for (let j = 0; j <= i; j++) {
          const v = (b * T + j) * 3 * C + 2 * C + h * hd;
          let dp = 0;
          for (let d = 0; d < hd; d++) dp += dy[dyo + d]! * qkv[v + d]!;
          ds[j] = dp;
          dotsum += p[po + j]! * dp;
        }
        const q = (b * T + i) * 3 * C + h * hd;
        for (let j = 0; j <= i; j++) {
          const g = p[po + j]! * (ds[j]! - dotsum) * scale;
          const k = (b * T + j) * 3 * C + C + h * hd;
          const v = k + C;
          for (let d = 0; d < hd; d++) {
            dqkv[q + d]! += g * qkv[k + d]!;
            dqkv[k + d]! += g * qkv[q + d]!;
            dqkv[v + d]! += p[po + j]! * dy[dyo + d]!;
          }
        }
      }
    }
  }
}
