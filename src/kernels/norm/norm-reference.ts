// CPU references of groupnorm.wgsl and layernorm.wgsl, written for clarity (plain loops, two passes). No DOM.
import { type Activation, activate } from '../elementwise/activation';

/** Group norm of x [N, C, S] with G groups and per-channel gamma, beta (G = C: instance norm). */
export function groupNormRef(
  x: Float32Array,
  gamma: Float32Array,
  beta: Float32Array,
  batch: number,
  channels: number,
  spatial: number,
  groups: number,
  eps = 1e-5,
  act: Activation = 'none',
): Float32Array {
  const y = new Float32Array(x.length);
  const per = channels / groups;
  for (let n = 0; n < batch; n++) {
    for (let g = 0; g < groups; g++) {
      const base = (n * channels + g * per) * spatial;
      const count = per * spatial;
      let mean = 0;
      for (let i = 0; i < count; i++) mean += x[base + i];
      mean /= count;
      let v = 0;
      for (let i = 0; i < count; i++) v += (x[base + i] - mean) ** 2;
      const inv = 1 / Math.sqrt(v / count + eps);
      for (let i = 0; i < count; i++) {
        const c = g * per + Math.floor(i / spatial);
        y[base + i] = activate((x[base + i] - mean) * inv * gamma[c] + beta[c], act);
      }
    }
  }
  return y;
}

export function layerNormRef(x: Float32Array, gamma: Float32Array, beta: Float32Array, rows: number, E: number, eps = 1e-5): Float32Array {
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
