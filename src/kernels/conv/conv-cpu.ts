// The cpu engine's convolution: the same function as convRef (conv-reference.ts), made fast for the small
// image models by turning it into row-by-row multiply-adds over whole planes (as conv.wgsl turns it into a
// GEMM): a plain convolution copies each tap's shifted input into a column buffer (im2col) and sums weighted
// rows of it; a transposed one sums weighted input planes per (output channel, tap) and then adds each such
// plane into the output at the tap's offset (col2im). Four rows are summed per pass over a plane. Sums in float32, in another order than convRef's
// (differences of a few ulp); conv-cpu.test.ts holds it to convRef. No DOM.
import { type ConvShape, convOutSize } from './conv-reference';

/** The indices [from, to) of a row whose positions i·stride + offset lie inside [0, limit). */
function validRange(count: number, stride: number, offset: number, limit: number): [number, number] {
  const from = Math.max(0, Math.ceil(-offset / stride));
  const to = Math.min(count, Math.floor((limit - 1 - offset) / stride) + 1);
  return [from, Math.max(from, to)];
}

/**
 * out[o .. o+len) += Σ_j a[j] · src[i + j·step ..] over `count` rows of src (`step` apart), with a[j] =
 * weights[w + j·wStep]: four rows per pass over out, so each output is loaded and stored a quarter as often.
 */
function addRows(
  out: Float32Array,
  o: number,
  src: Float32Array,
  i: number,
  step: number,
  weights: Float32Array,
  w: number,
  wStep: number,
  count: number,
  len: number,
): void {
  let j = 0;
  for (; j + 4 <= count; j += 4) {
    const [w0, w1, w2, w3] = [
      weights[w + j * wStep]!,
      weights[w + (j + 1) * wStep]!,
      weights[w + (j + 2) * wStep]!,
      weights[w + (j + 3) * wStep]!,
    ];
    const [s0, s1, s2, s3] = [i + j * step, i + (j + 1) * step, i + (j + 2) * step, i + (j + 3) * step];
    for (let k = 0; k < len; k++) out[o + k] += w0 * src[s0 + k]! + w1 * src[s1 + k]! + w2 * src[s2 + k]! + w3 * src[s3 + k]!;
  }
  for (; j < count; j++) {
    const wj = weights[w + j * wStep]!;
    const sj = i + j * step;
    for (let k = 0; k < len; k++) out[o + k] += wj * src[sj + k]!;
  }
}

/**
 * Convolution or transposed convolution (NCHW; weights [Cout, Cin, KH, KW], transposed [Cin, Cout, KH, KW]),
 * bias added: convRef's result.
 */
export function convCpu(x: Float32Array, w: Float32Array, b: Float32Array, s: ConvShape): Float32Array {
  const { oh, ow } = convOutSize(s);
  const y = new Float32Array(s.batch * s.cout * oh * ow);
  for (let co = 0; co < s.batch * s.cout; co++) y.fill(b[co % s.cout] ?? 0, co * oh * ow, (co + 1) * oh * ow);
  // per tap row ky / column kx: the rows and columns it touches (of the output for a gather, the input for a scatter)
  const rows = Array.from({ length: s.kh }, (_, ky) =>
    s.transposed ? validRange(s.h, s.stride, ky - s.pad, oh) : validRange(oh, s.stride, ky - s.pad, s.h),
  );
  const cols = Array.from({ length: s.kw }, (_, kx) =>
    s.transposed ? validRange(s.w, s.stride, kx - s.pad, ow) : validRange(ow, s.stride, kx - s.pad, s.w),
  );
  (s.transposed ? scatter : gather)(x, w, y, s, oh, ow, rows, cols);
  return y;
}

type Ranges = [number, number][];

/** Plain convolution: im2col per image, then y[co] += w[co, r] · column r for every r = (ci, ky, kx). */
function gather(x: Float32Array, w: Float32Array, y: Float32Array, s: ConvShape, oh: number, ow: number, rows: Ranges, cols: Ranges): void {
  const plane = oh * ow;
  const depth = s.cin * s.kh * s.kw;
  const col = new Float32Array(depth * plane); // zero where a tap falls on padding
  for (let n = 0; n < s.batch; n++) {
    for (let ci = 0; ci < s.cin; ci++) {
      const inp = (n * s.cin + ci) * s.h * s.w;
      for (let ky = 0; ky < s.kh; ky++) {
        const [r0, r1] = rows[ky]!;
        for (let kx = 0; kx < s.kw; kx++) {
          const [c0, c1] = cols[kx]!;
          const base = ((ci * s.kh + ky) * s.kw + kx) * plane;
          for (let oy = r0; oy < r1; oy++) {
            const xRow = inp + (oy * s.stride - s.pad + ky) * s.w - s.pad + kx;
            for (let ox = c0; ox < c1; ox++) col[base + oy * ow + ox] = x[xRow + ox * s.stride]!;
          }
        }
      }
    }
    for (let co = 0; co < s.cout; co++) {
      const out = (n * s.cout + co) * plane;
      addRows(y, out, col, 0, plane, w, co * depth, 1, depth, plane);
    }
  }
}

/** Transposed convolution: part[co, tap] = Σ_ci w[ci, co, tap] · x[ci], then each part added at its tap's offset. */
function scatter(
  x: Float32Array,
  w: Float32Array,
  y: Float32Array,
  s: ConvShape,
  oh: number,
  ow: number,
  rows: Ranges,
  cols: Ranges,
): void {
  const inPlane = s.h * s.w;
  const taps = s.kh * s.kw;
  const parts = new Float32Array(s.cout * taps * inPlane);
  for (let n = 0; n < s.batch; n++) {
    parts.fill(0);
    // part r = Σ_ci w[ci, r] · x[n, ci]: the input planes are rows of x, weighted down w's column r
    for (let r = 0; r < s.cout * taps; r++)
      addRows(parts, r * inPlane, x, n * s.cin * inPlane, inPlane, w, r, s.cout * taps, s.cin, inPlane);
    for (let co = 0; co < s.cout; co++) {
      const out = (n * s.cout + co) * oh * ow;
      for (let ky = 0; ky < s.kh; ky++) {
        const [r0, r1] = rows[ky]!;
        for (let kx = 0; kx < s.kw; kx++) {
          const [c0, c1] = cols[kx]!;
          const part = ((co * s.kh + ky) * s.kw + kx) * inPlane;
          for (let iy = r0; iy < r1; iy++) {
            const yRow = out + (iy * s.stride - s.pad + ky) * ow - s.pad + kx;
            for (let ix = c0; ix < c1; ix++) y[yRow + ix * s.stride] += parts[part + iy * s.w + ix]!;
          }
        }
      }
    }
  }
}
