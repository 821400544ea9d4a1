// CPU references of the image-model kernels (conv.wgsl, elementwise.wgsl, groupnorm.wgsl, layout.wgsl),
// written for clarity — plain loops, float64 accumulation — in the kernels' layouts (NCHW). No DOM.

export interface ConvShape {
  batch: number;
  cin: number;
  h: number;
  w: number;
  cout: number;
  kh: number;
  kw: number;
  stride: number;
  pad: number;
  /** Transposed convolution (weights [Cin, Cout, KH, KW]) instead of convolution (weights [Cout, Cin, KH, KW]). */
  transposed?: boolean;
}

/** Output height and width, as ONNX Conv / ConvTranspose define them (no output padding, dilation 1). */
export function convOutSize(s: ConvShape): { oh: number; ow: number } {
  if (s.transposed) return { oh: (s.h - 1) * s.stride - 2 * s.pad + s.kh, ow: (s.w - 1) * s.stride - 2 * s.pad + s.kw };
  return { oh: Math.floor((s.h + 2 * s.pad - s.kh) / s.stride) + 1, ow: Math.floor((s.w + 2 * s.pad - s.kw) / s.stride) + 1 };
}

export type Activation = 'none' | 'relu' | 'silu' | 'tanh' | 'sigmoid';

export function activate(v: number, act: Activation): number {
  switch (act) {
    case 'relu': return Math.max(v, 0);
    case 'silu': return v / (1 + Math.exp(-v));
    case 'tanh': return Math.tanh(v);
    case 'sigmoid': return 1 / (1 + Math.exp(-v));
    default: return v;
  }
}

/** Convolution or transposed convolution, by scattering (transposed) or gathering (plain) — not the kernel's GEMM. */
export function convRef(x: Float32Array, w: Float32Array, b: Float32Array, s: ConvShape, act: Activation = 'none'): Float32Array {
  const { oh, ow } = convOutSize(s);
  const acc = new Float64Array(s.batch * s.cout * oh * ow);
  for (let n = 0; n < s.batch; n++) {
    for (let ci = 0; ci < s.cin; ci++) {
      for (let ky = 0; ky < s.kh; ky++) {
        for (let kx = 0; kx < s.kw; kx++) {
          for (let co = 0; co < s.cout; co++) {
            const wv = s.transposed ? w[((ci * s.cout + co) * s.kh + ky) * s.kw + kx] : w[((co * s.cin + ci) * s.kh + ky) * s.kw + kx];
            if (s.transposed) { // every input pixel scatters into the outputs its taps reach
              for (let iy = 0; iy < s.h; iy++) {
                const oy = iy * s.stride - s.pad + ky;
                if (oy < 0 || oy >= oh) continue;
                for (let ix = 0; ix < s.w; ix++) {
                  const ox = ix * s.stride - s.pad + kx;
                  if (ox < 0 || ox >= ow) continue;
                  acc[((n * s.cout + co) * oh + oy) * ow + ox] += wv * x[((n * s.cin + ci) * s.h + iy) * s.w + ix];
                }
              }
            } else {
              for (let oy = 0; oy < oh; oy++) {
                const iy = oy * s.stride - s.pad + ky;
                if (iy < 0 || iy >= s.h) continue;
                for (let ox = 0; ox < ow; ox++) {
                  const ix = ox * s.stride - s.pad + kx;
                  if (ix < 0 || ix >= s.w) continue;
                  acc[((n * s.cout + co) * oh + oy) * ow + ox] += wv * x[((n * s.cin + ci) * s.h + iy) * s.w + ix];
                }
              }
            }
          }
        }
      }
    }
  }
  const y = new Float32Array(acc.length);
  for (let i = 0; i < acc.length; i++) y[i] = activate(acc[i] + b[Math.floor(i / (oh * ow)) % s.cout], act);
  return y;
}

/**
 * One output of a (non-transposed) convolution, gathered tap by tap — for spot checks of layers too big for
 * convRef (the GPU benchmark's GPU-filling convolutions). Same rules as convRef, in float64.
 */
export function convAt(x: Float32Array, w: Float32Array, b: Float32Array, s: ConvShape, n: number, co: number, oy: number, ox: number): number {
  if (s.transposed) throw new Error('convAt: plain convolutions only');
  let acc = b[co];
  for (let ci = 0; ci < s.cin; ci++) {
    for (let ky = 0; ky < s.kh; ky++) {
      const iy = oy * s.stride - s.pad + ky;
      if (iy < 0 || iy >= s.h) continue;
      for (let kx = 0; kx < s.kw; kx++) {
        const ix = ox * s.stride - s.pad + kx;
        if (ix < 0 || ix >= s.w) continue;
        acc += w[((co * s.cin + ci) * s.kh + ky) * s.kw + kx] * x[((n * s.cin + ci) * s.h + iy) * s.w + ix];
      }
    }
  }
  return acc;
}

/** Group norm of x [N, C, S] with G groups and per-channel gamma, beta (G = C: instance norm). */
export function groupNormRef(x: Float32Array, gamma: Float32Array, beta: Float32Array, batch: number, channels: number,
  spatial: number, groups: number, eps = 1e-5, act: Activation = 'none'): Float32Array {
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

export type BinaryOp = 'add' | 'sub' | 'mul' | 'div';

/** a ∘ b with numpy broadcasting; shapes of up to 4 dimensions. */
export function binaryRef(a: Float32Array, aShape: number[], b: Float32Array, bShape: number[], op: BinaryOp): { y: Float32Array; shape: number[] } {
  const rank = Math.max(aShape.length, bShape.length);
  const pad = (s: number[]) => [...new Array(rank - s.length).fill(1), ...s];
  const [as, bs] = [pad(aShape), pad(bShape)];
  const shape = as.map((d, i) => Math.max(d, bs[i]));
  const count = shape.reduce((p, d) => p * d, 1);
  const y = new Float32Array(count);
  const index = (s: number[], idx: number[]) => idx.reduce((acc, v, i) => acc * s[i] + (s[i] === 1 ? 0 : v), 0);
  for (let i = 0; i < count; i++) {
    const idx: number[] = [];
    let r = i;
    for (let d = rank - 1; d >= 0; d--) { idx[d] = r % shape[d]; r = Math.floor(r / shape[d]); }
    const u = a[index(as, idx)];
    const v = b[index(bs, idx)];
    y[i] = op === 'add' ? u + v : op === 'sub' ? u - v : op === 'mul' ? u * v : u / v;
  }
  return { y, shape };
}

export function upsampleNearestRef(x: Float32Array, batch: number, channels: number, h: number, w: number, f: number): Float32Array {
  const y = new Float32Array(batch * channels * h * w * f * f);
  for (let nc = 0; nc < batch * channels; nc++) {
    for (let oy = 0; oy < h * f; oy++) {
      for (let ox = 0; ox < w * f; ox++) y[(nc * h * f + oy) * w * f + ox] = x[(nc * h + Math.floor(oy / f)) * w + Math.floor(ox / f)];
    }
  }
  return y;
}

/** Concatenation along channels of tensors [N, C_i, S]. */
export function concatChannelsRef(parts: { x: Float32Array; channels: number }[], batch: number, spatial: number): Float32Array {
  const total = parts.reduce((s, p) => s + p.channels, 0);
  const y = new Float32Array(batch * total * spatial);
  for (let n = 0; n < batch; n++) {
    let offset = 0;
    for (const p of parts) {
      y.set(p.x.subarray(n * p.channels * spatial, (n + 1) * p.channels * spatial), (n * total + offset) * spatial);
      offset += p.channels;
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

/** x [B, H, W] → [B, W, H]. */
export function transposeRef(x: Float32Array, B: number, H: number, W: number): Float32Array {
  const y = new Float32Array(B * H * W);
  for (let b = 0; b < B; b++) for (let r = 0; r < H; r++) for (let c = 0; c < W; c++) y[(b * W + c) * H + r] = x[(b * H + r) * W + c];
  return y;
}
