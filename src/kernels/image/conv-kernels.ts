// The WGSL kernels the image models (VAE decoder, GAN generator, diffusion U-Net) need, compiled once per
// device, with the parameter packing and dispatch grid of each. CPU references: conv-reference.ts.
import convWgsl from './conv.wgsl?raw';
import elementwiseWgsl from './elementwise.wgsl?raw';
import groupNormWgsl from './groupnorm.wgsl?raw';
import layoutWgsl from './layout.wgsl?raw';
import matmulWgsl from '../transformer/matmul.wgsl?raw';
import bmmWgsl from './bmm.wgsl?raw';
import softmaxWgsl from './softmax.wgsl?raw';
import { Kernel, type ParamType } from '../gpu';
import { type Activation, type BinaryOp, type ConvShape, convOutSize } from './conv-reference';

const U16: ParamType[] = new Array(16).fill('u32');
/** conv.wgsl's TILE: outputs per workgroup side. */
export const CONV_TILE = 16;
const CONV_ACT: Record<Activation, number> = { none: 0, relu: 1, silu: 2, tanh: 3, sigmoid: 4 };
export const UNARY_OPS = { relu: 0, sigmoid: 1, tanh: 2, silu: 3, copy: 4, sin: 5, cos: 6, leaky: 7 } as const;
export type UnaryOp = keyof typeof UNARY_OPS;
const BINARY_OPS: Record<BinaryOp, number> = { add: 0, sub: 1, mul: 2, div: 3 };
const NORM_ACT: Partial<Record<Activation, number>> = { none: 0, silu: 1, relu: 2 };

export class ConvKernels {
  private constructor(readonly conv: Kernel, readonly unary: Kernel, readonly binary: Kernel, readonly groupNorm: Kernel,
    readonly upsample: Kernel, readonly concat: Kernel, readonly matmul: Kernel, readonly split: Kernel, readonly gather: Kernel,
    readonly transpose: Kernel, readonly bmm: Kernel, readonly softmax: Kernel, readonly convDirect: Kernel) {}

  /** Compiles every kernel (in parallel, off the thread); rejects with the compiler's messages if one fails. */
  static async create(device: GPUDevice): Promise<ConvKernels> {
    const k = await Promise.all([
      Kernel.create(device, 'conv', convWgsl, 'main', U16),
      Kernel.create(device, 'elementwise', elementwiseWgsl, 'unary', U16),
      Kernel.create(device, 'elementwise', elementwiseWgsl, 'binary', U16),
      Kernel.create(device, 'groupnorm', groupNormWgsl, 'main', ['u32', 'u32', 'u32', 'u32', 'f32', 'u32', 'u32', 'u32']),
      Kernel.create(device, 'layout', layoutWgsl, 'upsample_nearest', new Array(8).fill('u32')),
      Kernel.create(device, 'layout', layoutWgsl, 'concat_channels', new Array(8).fill('u32')),
      Kernel.create(device, 'matmul', matmulWgsl, 'main', new Array(8).fill('u32')),
      Kernel.create(device, 'layout', layoutWgsl, 'split_channels', new Array(8).fill('u32')),
      Kernel.create(device, 'layout', layoutWgsl, 'gather_rows', new Array(8).fill('u32')),
      Kernel.create(device, 'layout', layoutWgsl, 'transpose', new Array(8).fill('u32')),
      Kernel.create(device, 'bmm', bmmWgsl, 'main', ['u32', 'u32', 'u32', 'u32']),
      Kernel.create(device, 'softmax', softmaxWgsl, 'main', ['u32', 'u32', 'u32', 'u32']),
      Kernel.create(device, 'conv', convWgsl, 'direct', U16),
    ]);
    return new ConvKernels(...(k as [Kernel, Kernel, Kernel, Kernel, Kernel, Kernel, Kernel, Kernel, Kernel, Kernel, Kernel, Kernel, Kernel]));
  }
}

/** conv.wgsl's params for shape `s` (x and y may sit at element offsets inside larger buffers). */
export function convParams(s: ConvShape, act: Activation = 'none', xOffset = 0, yOffset = 0): number[] {
  const { oh, ow } = convOutSize(s);
  return [s.batch, s.cin, s.h, s.w, s.cout, oh, ow, s.kh, s.kw, s.stride, s.pad, s.transposed ? 1 : 0, CONV_ACT[act], xOffset, yOffset, 0];
}

export function convGrid(s: ConvShape): [number, number] {
  const { oh, ow } = convOutSize(s);
  return [Math.ceil(s.cout / CONV_TILE), Math.ceil((s.batch * oh * ow) / CONV_TILE)];
}

/** conv.wgsl `direct`: one thread per output pixel and sixteen output channels. */
export function convDirectGrid(s: ConvShape): [number, number] {
  const { oh, ow } = convOutSize(s);
  return flatGrid(s.batch * oh * ow * Math.ceil(s.cout / 16));
}

/**
 * The weights as conv.wgsl `direct` reads them: [Cin·KH·KW taps, Cout rounded up to 16] (zeros past Cout),
 * from [Cout, Cin, KH, KW] (a convolution) or [Cin, Cout, KH, KW] (a transposed convolution).
 */
export function packDirectWeights(w: Float32Array, s: ConvShape): Float32Array {
  const taps = s.kh * s.kw;
  const width = Math.ceil(s.cout / 16) * 16;
  const out = new Float32Array(s.cin * taps * width);
  for (let ci = 0; ci < s.cin; ci++) for (let co = 0; co < s.cout; co++) for (let t = 0; t < taps; t++) {
    out[(ci * taps + t) * width + co] = w[(s.transposed ? ci * s.cout + co : co * s.cin + ci) * taps + t];
  }
  return out;
}

/** A 2-D grid of 64-wide workgroups covering `count` threads (one dimension stops at 65,535 groups). */
export function flatGrid(count: number): [number, number] {
  const groups = Math.max(1, Math.ceil(count / 64));
  const x = Math.min(groups, 65535);
  return [x, Math.ceil(groups / x)];
}

/** elementwise.wgsl `unary` params; `alpha` is leaky ReLU's slope (passed as its float32 bits). */
export function unaryParams(op: UnaryOp, count: number, alpha = 0): number[] {
  const bits = new Uint32Array(new Float32Array([alpha]).buffer)[0];
  return [1, 1, 1, count, 0, 0, 0, 1, 0, 0, 0, 1, UNARY_OPS[op], count, bits, 0];
}

/** elementwise.wgsl's `binary` params: y's shape and a's and b's strides (0 where broadcast). */
export function binaryParams(op: BinaryOp, aShape: number[], bShape: number[]): number[] {
  const pad = (s: number[]) => [...new Array(4 - s.length).fill(1), ...s];
  if (aShape.length > 4 || bShape.length > 4) throw new Error(`elementwise: at most 4 dimensions (got ${aShape.length} and ${bShape.length})`);
  const [as, bs] = [pad(aShape), pad(bShape)];
  const shape = as.map((d, i) => {
    if (d !== bs[i] && d !== 1 && bs[i] !== 1) throw new Error(`elementwise: shapes [${aShape}] and [${bShape}] do not broadcast`);
    return Math.max(d, bs[i]);
  });
  const strides = (s: number[]) => {
    const out = [0, 0, 0, 0];
    let acc = 1;
    for (let d = 3; d >= 0; d--) { out[d] = s[d] === 1 ? 0 : acc; acc *= s[d]; }
    return out;
  };
  return [...shape, ...strides(as), ...strides(bs), BINARY_OPS[op], shape.reduce((p, d) => p * d, 1), 0, 0];
}

export function groupNormParams(channels: number, spatial: number, groups: number, eps = 1e-5, act: Activation = 'none'): number[] {
  if (channels % groups) throw new Error(`groupnorm: ${channels} channels do not split into ${groups} groups`);
  const a = NORM_ACT[act];
  if (a === undefined) throw new Error(`groupnorm: activation ${act} cannot be fused`);
  return [channels, spatial, groups, a, eps, 0, 0, 0];
}

export function upsampleParams(batch: number, channels: number, h: number, w: number, factor: number): number[] {
  return [batch, channels, h, w, factor, 0, 0, batch * channels * h * w * factor * factor];
}

export function concatParams(batch: number, channels: number, spatial: number, outChannels: number, offset: number): number[] {
  return [batch, channels, 1, spatial, 1, outChannels, offset, batch * channels * spatial];
}

/** matmul.wgsl's params and grid for y[M, N] = x[M, K] · w[N, K]ᵀ + b (a Gemm with transB = 1). */
export function gemmParams(M: number, N: number, K: number): number[] {
  return [M, N, K, 0, 0, 0, 0, 0];
}

export function gemmGrid(M: number, N: number): [number, number] {
  return [Math.ceil(N / 16), Math.ceil(M / 16)];
}

/** layout.wgsl `split_channels`: channels [offset, offset + channels) of x [batch, total, spatial]. */
export function splitParams(batch: number, channels: number, spatial: number, total: number, offset: number): number[] {
  return [batch, channels, 1, spatial, 1, total, offset, batch * channels * spatial];
}

/** layout.wgsl `gather_rows`: `rows` ids (first in the buffer) pick rows of `width` from the table at `tableAt`. */
export function gatherParams(rows: number, width: number, tableAt: number): number[] {
  return [rows, 1, 1, width, 1, 0, tableAt, rows * width];
}

/** layout.wgsl `transpose`: x [batch, h, w] → y [batch, w, h]. */
export function transposeParams(batch: number, h: number, w: number): number[] {
  return [batch, 1, h, w, 1, 0, 0, batch * h * w];
}

export function bmmGrid(batch: number, M: number, N: number): [number, number, number] {
  return [Math.ceil(N / 16), Math.ceil(M / 16), batch];
}
