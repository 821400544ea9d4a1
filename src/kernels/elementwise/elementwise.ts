// Host side of elementwise.wgsl (`unary`: an activation; `binary`: add/sub/mul/div with broadcasting) and
// gelu.wgsl: the Params declarations, their packing from shapes, the specs to compile. CPU references:
// activate() in activation.ts and elementwise-reference.ts.
import elementwiseWgsl from './elementwise.wgsl?raw';
import geluWgsl from './gelu.wgsl?raw';
import { kernelSpec } from '../gpu';
import { declareEnum, declareParams, type ParamsOf } from '../params';
import { ACTIVATION, ACTIVATION_WGSL, type Activation } from './activation';

export const BINARY_OP = declareEnum('BIN', ['add', 'sub', 'mul', 'div']);
export type BinaryOp = (typeof BINARY_OP.names)[number];

export const ELEMENTWISE_PARAMS = declareParams(
  {
    // y's shape, leading 1s for fewer dimensions (binary only)
    d0: 'u32',
    d1: 'u32',
    d2: 'u32',
    d3: 'u32',
    // a's and b's strides, 0 where broadcast (binary only)
    sa0: 'u32',
    sa1: 'u32',
    sa2: 'u32',
    sa3: 'u32',
    sb0: 'u32',
    sb1: 'u32',
    sb2: 'u32',
    sb3: 'u32',
    /** unary: an ACTIVATION; binary: a BINARY_OP */
    op: 'u32',
    count: 'u32',
    /** leaky ReLU's slope for x < 0 */
    alpha: 'f32',
  },
  [ACTIVATION_WGSL, BINARY_OP.wgsl],
);
export type ElementwiseParams = ParamsOf<typeof ELEMENTWISE_PARAMS>;

export const UNARY = kernelSpec('elementwise', elementwiseWgsl, 'unary', ELEMENTWISE_PARAMS);
export const BINARY = kernelSpec('elementwise', elementwiseWgsl, 'binary', ELEMENTWISE_PARAMS);

/** `unary` params: the activation over `count` values (shape and strides unused: a flat [count], stride 1). */
export function unaryParams(act: Activation, count: number, alpha = 0): ElementwiseParams {
  return {
    d0: 1,
    d1: 1,
    d2: 1,
    d3: count,
    sa0: 0,
    sa1: 0,
    sa2: 0,
    sa3: 1,
    sb0: 0,
    sb1: 0,
    sb2: 0,
    sb3: 1,
    op: ACTIVATION.values[act],
    count,
    alpha,
  };
}

/** `binary` params: y's shape and a's and b's strides (0 where broadcast). */
export function binaryParams(op: BinaryOp, aShape: number[], bShape: number[]): ElementwiseParams {
  const pad = (s: number[]) => [...new Array(4 - s.length).fill(1), ...s];
  if (aShape.length > 4 || bShape.length > 4) {
    throw new Error(`elementwise: at most 4 dimensions (got ${aShape.length} and ${bShape.length})`);
  }
  const [as, bs] = [pad(aShape), pad(bShape)];
  const shape = as.map((d, i) => {
    if (d !== bs[i] && d !== 1 && bs[i] !== 1) throw new Error(`elementwise: shapes [${aShape}] and [${bShape}] do not broadcast`);
    return Math.max(d, bs[i]);
  });
  const strides = (s: number[]) => {
    const out = [0, 0, 0, 0];
    let acc = 1;
    for (let d = 3; d >= 0; d--) {
      out[d] = s[d] === 1 ? 0 : acc;
      acc *= s[d];
    }
    return out;
  };
  const [sa, sb] = [strides(as), strides(bs)];
  return {
    d0: shape[0],
    d1: shape[1],
    d2: shape[2],
    d3: shape[3],
    sa0: sa[0],
    sa1: sa[1],
    sa2: sa[2],
    sa3: sa[3],
    sb0: sb[0],
    sb1: sb[1],
    sb2: sb[2],
    sb3: sb[3],
    op: BINARY_OP.values[op],
    count: shape.reduce((p, d) => p * d, 1),
    alpha: 0,
  };
}

/** The broadcast shape of a `binary` dispatch, as many dimensions as the larger operand has. */
export function binaryShape(p: ElementwiseParams, rank: number): number[] {
  return [p.d0, p.d1, p.d2, p.d3].slice(4 - rank);
}

export const GELU_PARAMS = declareParams({ n: 'u32' });
export const GELU = kernelSpec('gelu', geluWgsl, 'main', GELU_PARAMS);
