// Host side of conv.wgsl: the Params declaration and its packing from a ConvShape, the dispatch grids of
// the tiled implicit GEMM (`main`) and the direct entry, and the weight packing `direct` reads.
// CPU reference: conv-reference.ts.
import convWgsl from './conv.wgsl?raw';
import { flatGrid, kernelSpec } from '../gpu';
import { declareParams, type ParamsOf } from '../params';
import { ACTIVATION, ACTIVATION_WGSL, type Activation } from '../elementwise/activation';
import { type ConvShape, convOutSize } from './conv-reference';

/** conv.wgsl's TILE: outputs per workgroup side. */
export const CONV_TILE = 16;

export const CONV_PARAMS = declareParams(
  {
    batch: 'u32',
    cin: 'u32',
    h: 'u32',
    w: 'u32',
    cout: 'u32',
    oh: 'u32',
    ow: 'u32',
    kh: 'u32',
    kw: 'u32',
    stride: 'u32',
    pad: 'u32',
    /** 1: a transposed convolution (weights [Cin, Cout, KH, KW]) */
    transposed: 'u32',
    /** the ACTIVATION applied to each output */
    act: 'u32',
    /** element offsets of x and y inside their buffers */
    x_offset: 'u32',
    y_offset: 'u32',
    /** leaky ReLU's slope, when act is leaky */
    alpha: 'f32',
  },
  [ACTIVATION_WGSL],
);
export type ConvParams = ParamsOf<typeof CONV_PARAMS>;

export const CONV = kernelSpec('conv', convWgsl, 'main', CONV_PARAMS);
export const CONV_DIRECT = kernelSpec('conv', convWgsl, 'direct', CONV_PARAMS);

/** conv.wgsl's params for shape `s` (x and y may sit at element offsets inside larger buffers). */
export function convParams(s: ConvShape, act: Activation = 'none', xOffset = 0, yOffset = 0): ConvParams {
  const { oh, ow } = convOutSize(s);
  return {
    batch: s.batch,
    cin: s.cin,
    h: s.h,
    w: s.w,
    cout: s.cout,
    oh,
    ow,
    kh: s.kh,
    kw: s.kw,
    stride: s.stride,
    pad: s.pad,
    transposed: s.transposed ? 1 : 0,
    act: ACTIVATION.values[act],
    x_offset: xOffset,
    y_offset: yOffset,
    alpha: 0,
  };
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
  for (let ci = 0; ci < s.cin; ci++)
    for (let co = 0; co < s.cout; co++)
      for (let t = 0; t < taps; t++) {
        out[(ci * taps + t) * width + co] = w[(s.transposed ? ci * s.cout + co : co * s.cin + ci) * taps + t];
      }
  return out;
}
