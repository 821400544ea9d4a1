// What the graph planner knows about each tensor of an ONNX graph, and the small CPU computations on
// such values (shape arithmetic, concatenation, batch norm's affine). No GPU, no DOM.
import type { GraphNode, Initializer } from '../onnx/onnx-reader';

/** One tensor of the graph while planning: its shape, and where its values live. */
export interface Value {
  shape: number[];
  /** Known when planning (weights, folded constants). */
  host?: Float32Array;
  /** Integers known when planning (shapes, axes). */
  ints?: number[];
  /** Computed on the CPU at each call: index into the call's list of CPU values. */
  cpu?: number;
  /** In a GPU buffer: its slot. */
  slot?: number;
}

export const size = (shape: readonly number[]) => shape.reduce((p, d) => p * d, 1);
export const axisOf = (axis: number, rank: number) => (axis < 0 ? axis + rank : axis);

export function constantOf(t: Initializer, model: string): Value {
  if (t.data) return { shape: t.dims, host: t.data };
  if (t.ints) return { shape: t.dims, ints: t.ints };
  throw new Error(`${model}: tensor ${t.name} has an unsupported element type (${t.dataType})`);
}

export function hostOf(v: Value): Float32Array {
  if (v.host) return v.host;
  if (v.ints) return Float32Array.from(v.ints);
  throw new Error('a value needed on the CPU lives on the GPU');
}

/** Inference batch norm as a per-channel affine: y = x·mul + add. */
export function batchNormAffine(n: GraphNode, get: (name: string) => Value): { mul: Float32Array; add: Float32Array } {
  const [scale, bias, mean, variance] = [1, 2, 3, 4].map((i) => hostOf(get(n.inputs[i])));
  const eps = (n.attributes.epsilon as number | undefined) ?? 1e-5;
  const mul = scale.map((s, c) => s / Math.sqrt(variance[c] + eps));
  return { mul, add: bias.map((b, c) => b - mean[c] * mul[c]) };
}

/** Output shape of Reshape / Flatten / Unsqueeze / Squeeze / Cast. */
export function reshaped(n: GraphNode, shape: number[], second?: number[]): number[] {
  if (n.op === 'Cast') return shape;
  if (n.op === 'Flatten') {
    const axis = axisOf((n.attributes.axis as number | undefined) ?? 1, shape.length);
    return [size(shape.slice(0, axis)), size(shape.slice(axis))];
  }
  if (n.op === 'Reshape') {
    const target = second ?? [];
    const dims = target.map((d, i) => (d === 0 ? shape[i] : d));
    const known = dims.filter((d) => d !== -1).reduce((p, d) => p * d, 1);
    return dims.map((d) => (d === -1 ? size(shape) / known : d));
  }
  const axes = second ?? (n.attributes.axes as number[] | undefined);
  if (n.op === 'Unsqueeze') {
    const rank = shape.length + (axes?.length ?? 0);
    const at = new Set((axes ?? []).map((x) => axisOf(x, rank)));
    const out: number[] = [];
    let j = 0;
    for (let i = 0; i < rank; i++) out.push(at.has(i) ? 1 : shape[j++]);
    return out;
  }
  const drop = new Set((axes ?? shape.map((d, i) => (d === 1 ? i : -1)).filter((i) => i >= 0)).map((x) => axisOf(x, shape.length)));
  return shape.filter((_, i) => !drop.has(i));
}

/** Concatenation on the CPU along `axis`. */
export function concatCpu(xs: Float32Array[], shapes: number[][], axis: number): Float32Array {
  const outer = size(shapes[0].slice(0, axis));
  const inners = shapes.map((s) => size(s.slice(axis)));
  const total = inners.reduce((p, q) => p + q, 0);
  const y = new Float32Array(outer * total);
  for (let o = 0; o < outer; o++) {
    let at = o * total;
    xs.forEach((x, i) => {
      y.set(x.subarray(o * inners[i], (o + 1) * inners[i]), at);
      at += inners[i];
    });
  }
  return y;
}

/** numpy's matmul of two operands of rank ≤ 2 on the CPU: a 1-D first operand is a row, a 1-D second one a column. */
export function matmul2d(u: Float32Array, v: Float32Array, m: number, kk: number, nn: number): Float32Array {
  const o = new Float32Array(m * nn);
  for (let r = 0; r < m; r++)
    for (let j = 0; j < nn; j++) {
      let s = 0;
      for (let i = 0; i < kk; i++) s += u[r * kk + i] * v[i * nn + j];
      o[r * nn + j] = s;
    }
  return o;
}

/** The sizes along `axis` of Split's outputs: its second input, the older `split` attribute, or equal parts. */
export function splitSizes(n: GraphNode, shape: readonly number[], axis: number, given?: number[]): number[] {
  return given ?? (n.attributes.split as number[] | undefined) ?? new Array(n.outputs.length).fill(shape[axis]! / n.outputs.length);
}
