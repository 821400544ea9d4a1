// CPU references of conv.wgsl (convolution and transposed convolution), written for clarity — plain loops,
// float64 accumulation — in the kernel's layout (NCHW). No DOM.
import { type Activation, activate } from '../elementwise/activation';

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
            if (s.transposed) {
              // every input pixel scatters into the outputs its taps reach
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
export function convAt(
  x: Float32Array,
  w: Float32Array,
  b: Float32Array,
  s: ConvShape,
  n: number,
  co: number,
  oy: number,
  ox: number,
): number {
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
