// The `cpu` engine for the image models (VAE, GAN, the diffusion U-Net): the ONNX graph run node by node on
// our kernels' CPU references, made fast where the time goes (convCpu, binaryCpu, linearForward), with the
// same run() as onnxruntime's OrtModel. Shapes are worked out as the graph runs (Shape, Gather, Concat on
// whole numbers).
// It needs no runtime download, so a demo is ready on it at once while `auto` fetches and measures the
// others in the background. Ops outside its small set stop it at load, naming the op and the model
// (UnsupportedOpError), as the wgsl engine does. No DOM.
import { convCpu } from '../../kernels/conv/conv-cpu';
import { convOutSize } from '../../kernels/conv/conv-reference';
import { softmaxRef } from '../../kernels/attention/attention-reference';
import { binaryCpu } from '../../kernels/elementwise/elementwise-cpu';
import { transposeRef, upsampleNearestRef } from '../../kernels/layout/layout-reference';
import { bmmRef } from '../../kernels/matmul/matmul-reference';
import { groupNormRef } from '../../kernels/norm/norm-reference';
import { linearForward } from '../../kernels/train/train-reference';
import { type GraphNode, type Initializer, type OnnxGraph, readGraph } from '../onnx/onnx-reader';
import type { InputData, TensorData } from '../onnxruntime';
import { UnsupportedOpError } from './plan-context';
import { axisOf, concatCpu, matmul2d, reshaped, size, splitSizes } from './values';

interface Tensor {
  data: Float32Array;
  dims: number[];
  /** Integer values (shapes), where the tensor holds them. */
  ints?: number[];
}

/** One node: its output, or its outputs in order (Split). */
type Op = (n: GraphNode, x: (i: number) => Tensor) => Tensor | Tensor[];

const attr = (n: GraphNode, name: string, fallback: number): number => (n.attributes[name] as number | undefined) ?? fallback;
const ints = (n: GraphNode, name: string): number[] | undefined => n.attributes[name] as number[] | undefined;

const unary =
  (f: (v: number) => number): Op =>
  (_, x) => {
    const { data, dims } = x(0);
    const y = new Float32Array(data.length);
    for (let i = 0; i < data.length; i++) y[i] = f(data[i]!);
    return { data: y, dims };
  };

/** A tensor of whole numbers (a shape, an index), kept as such so Reshape and Gather can read it. */
const intTensor = (ints: number[], dims: number[]): Tensor => ({ data: Float32Array.from(ints), dims, ints });

const binary =
  (op: 'add' | 'sub' | 'mul' | 'div'): Op =>
  (_, x) => {
    const [a, b] = [x(0), x(1)];
    const r = binaryCpu(a.data, a.dims, b.data, b.dims, op);
    // shape arithmetic (a head size from two dimensions) stays whole
    if (a.ints && b.ints && op !== 'div') return intTensor(Array.from(r.y), r.shape);
    return { data: r.y, dims: r.shape };
  };

/** Gemm: y = alpha·A·B(ᵀ) + beta·C, for B stored [N, K] (transB = 1, as torch exports a linear layer). */
const gemm: Op = (n, x) => {
  const [a, w, c] = [x(0), x(1), n.inputs[2] ? x(2) : undefined];
  if (attr(n, 'transA', 0) !== 0 || attr(n, 'transB', 0) !== 1 || attr(n, 'alpha', 1) !== 1 || attr(n, 'beta', 1) !== 1)
    throw new UnsupportedOpError('cpu', 'Gemm (other than a linear layer: transB = 1, alpha = beta = 1)', n.name);
  const [M, K] = a.dims;
  const N = w.dims[0];
  const bias = c ? (c.data.length === N ? c.data : undefined) : new Float32Array(N);
  if (!bias) throw new UnsupportedOpError('cpu', 'Gemm (with a bias other than one per output)', n.name);
  const y = new Float32Array(M * N);
  linearForward(a.data, w.data, bias, y, M, N, K);
  return { data: y, dims: [M, N] };
};

/** Conv / ConvTranspose in 2-D: square strides and symmetric pads, one group, no dilation or output padding. */
const conv =
  (transposed: boolean): Op =>
  (n, x) => {
    const [input, w, b] = [x(0), x(1), n.inputs[2] ? x(2) : undefined];
    const strides = ints(n, 'strides') ?? [1, 1];
    const pads = ints(n, 'pads') ?? [0, 0, 0, 0];
    const plain =
      strides[0] === strides[1] &&
      pads.every((p) => p === pads[0]) &&
      attr(n, 'group', 1) === 1 &&
      (ints(n, 'dilations') ?? [1, 1]).every((d) => d === 1) &&
      (ints(n, 'output_padding') ?? [0, 0]).every((p) => p === 0);
    if (!plain) throw new UnsupportedOpError('cpu', `${n.op} (other than square strides, even pads, one group)`, n.name);
    const [batch, cin, h, wd] = input.dims;
    const cout = transposed ? w.dims[1] : w.dims[0];
    const s = { batch, cin, h, w: wd, cout, kh: w.dims[2], kw: w.dims[3], stride: strides[0], pad: pads[0], transposed };
    const { oh, ow } = convOutSize(s);
    return { data: convCpu(input.data, w.data, b?.data ?? new Float32Array(cout), s), dims: [batch, cout, oh, ow] };
  };

/**
 * numpy's matmul for operands of rank 1 or 2 (a 1-D first operand is a row, a 1-D second one a column), and
 * batches of equal rank-3 operands [B, M, K] · [B, K, N].
 */
const matmul: Op = (n, x) => {
  const [a, b] = [x(0), x(1)];
  if (a.dims.length === 3 && b.dims.length === 3 && a.dims[0] === b.dims[0] && a.dims[2] === b.dims[1]) {
    const [B, M, K] = a.dims as [number, number, number];
    const N = b.dims[2]!;
    return { data: bmmRef(a.data, b.data, B, M, K, N), dims: [B, M, N] };
  }
  if (a.dims.length > 2 || b.dims.length > 2)
    throw new UnsupportedOpError('cpu', 'MatMul (of rank above 2, other than two equal batches)', n.name);
  const [M, K] = a.dims.length === 1 ? [1, a.dims[0]!] : a.dims;
  const N = b.dims.length === 1 ? 1 : b.dims[1]!;
  const dims = [...(a.dims.length === 2 ? [M!] : []), ...(b.dims.length === 2 ? [N] : [])];
  return { data: matmul2d(a.data, b.data, M!, K!, N), dims };
};

/** Inference batch norm over channels of [N, C, …]: (x − mean)/√(var + eps)·scale + bias. */
const batchNorm: Op = (n, x) => {
  const [input, scale, bias, mean, variance] = [0, 1, 2, 3, 4].map(x);
  const eps = attr(n, 'epsilon', 1e-5);
  const [batch, channels] = input!.dims;
  const inner = size(input!.dims.slice(2));
  const y = new Float32Array(input!.data.length);
  for (let b = 0; b < batch!; b++) {
    for (let c = 0; c < channels!; c++) {
      const mul = scale!.data[c]! / Math.sqrt(variance!.data[c]! + eps);
      const add = bias!.data[c]! - mean!.data[c]! * mul;
      const o = (b * channels! + c) * inner;
      for (let i = 0; i < inner; i++) y[o + i] = input!.data[o + i]! * mul + add;
    }
  }
  return { data: y, dims: input!.dims };
};

/** Split along one axis into consecutive parts. */
const split: Op = (n, x) => {
  const input = x(0);
  const axis = axisOf((n.attributes.axis as number | undefined) ?? 0, input.dims.length);
  const outer = size(input.dims.slice(0, axis));
  const inner = size(input.dims.slice(axis + 1));
  const along = input.dims[axis]!;
  let offset = 0;
  return splitSizes(n, input.dims, axis, n.inputs[1] ? x(1).ints : undefined).map((part) => {
    const data = new Float32Array(outer * part * inner);
    for (let o = 0; o < outer; o++)
      data.set(input.data.subarray((o * along + offset) * inner, (o * along + offset + part) * inner), o * part * inner);
    offset += part;
    return { data, dims: input.dims.map((d, i) => (i === axis ? part : d)) };
  });
};

/** Gather along axis 0: rows of a table (an embedding) or entries of a shape. */
const gather: Op = (n, x) => {
  const [table, index] = [x(0), x(1)];
  if (((n.attributes.axis as number | undefined) ?? 0) !== 0)
    throw new UnsupportedOpError('cpu', 'Gather (along an axis other than 0)', n.name);
  const row = size(table.dims.slice(1));
  const rows = table.dims[0]!;
  const picks = Array.from(index.data, (i) => (i < 0 ? i + rows : i));
  const data = new Float32Array(picks.length * row);
  picks.forEach((r, i) => {
    data.set(table.data.subarray(r * row, (r + 1) * row), i * row);
  });
  const dims = [...index.dims, ...table.dims.slice(1)];
  return table.ints ? intTensor(Array.from(data), dims) : { data, dims };
};

const concat: Op = (n, x) => {
  const parts = n.inputs.map((_, i) => x(i));
  const axis = axisOf((n.attributes.axis as number | undefined) ?? 0, parts[0]!.dims.length);
  const dims = parts[0]!.dims.map((d, i) => (i === axis ? parts.reduce((s, p) => s + p.dims[axis]!, 0) : d));
  const data = concatCpu(
    parts.map((p) => p.data),
    parts.map((p) => p.dims),
    axis,
  );
  return parts.every((p) => p.ints) ? intTensor(Array.from(data), dims) : { data, dims };
};

/** Cast: to float (the value as it is) or to a whole number type (truncated, kept whole). */
const cast: Op = (n, x) => {
  const to = n.attributes.to as number;
  if (to === 1) return { data: x(0).data, dims: x(0).dims };
  if (to === 6 || to === 7) return intTensor(Array.from(x(0).data, Math.trunc), x(0).dims);
  throw new UnsupportedOpError('cpu', `Cast (to element type ${to})`, n.name);
};

/** Instance norm over [N, C, …] with a scale and bias per channel: group norm with one group per channel. */
const instanceNorm: Op = (n, x) => {
  const input = x(0);
  const [batch, channels] = input.dims as [number, number];
  const eps = attr(n, 'epsilon', 1e-5);
  const data = groupNormRef(input.data, x(1).data, x(2).data, batch, channels, size(input.dims.slice(2)), channels, eps);
  return { data, dims: input.dims };
};

/** Nearest-neighbour upsampling of [N, C, H, W] by one integer factor along height and width. */
const resize: Op = (n, x) => {
  const input = x(0);
  const scales = n.inputs[2] ? x(2).data : undefined;
  const f = scales?.[2] ?? 0;
  if (n.attributes.mode !== 'nearest' || !scales || scales[0] !== 1 || scales[1] !== 1 || scales[3] !== f || !Number.isInteger(f))
    throw new UnsupportedOpError('cpu', 'Resize (other than nearest by an integer factor)', n.name);
  const [B, C, H, W] = input.dims as [number, number, number, number];
  return { data: upsampleNearestRef(input.data, B, C, H, W, f), dims: [B, C, H * f, W * f] };
};

const transpose: Op = (n, x) => {
  const input = x(0);
  const perm = ints(n, 'perm') ?? [];
  if (input.dims.length !== 3 || perm.join() !== '0,2,1') throw new UnsupportedOpError('cpu', `Transpose (perm ${perm})`, n.name);
  const [B, H, W] = input.dims as [number, number, number];
  return { data: transposeRef(input.data, B, H, W), dims: [B, W, H] };
};

const softmax: Op = (n, x) => {
  const input = x(0);
  const last = input.dims.length - 1;
  if (axisOf(attr(n, 'axis', -1), input.dims.length) !== last)
    throw new UnsupportedOpError('cpu', 'Softmax (not over the last axis)', n.name);
  const width = input.dims[last]!;
  return { data: softmaxRef(input.data, input.data.length / width, width), dims: input.dims };
};

/** Reshape, Flatten, Unsqueeze, Squeeze: the same values in another shape (whole numbers stay whole). */
const reshape: Op = (n, x) => {
  const input = x(0);
  const dims = reshaped(n, input.dims, n.inputs[1] ? x(1).ints : undefined);
  return { ...input, dims };
};

const OPS: Record<string, Op> = {
  MatMul: matmul,
  BatchNormalization: batchNorm,
  LeakyRelu: (n, x) => {
    const alpha = attr(n, 'alpha', 0.01);
    return { data: x(0).data.map((v) => (v >= 0 ? v : alpha * v)), dims: x(0).dims };
  },
  Gemm: gemm,
  Conv: conv(false),
  ConvTranspose: conv(true),
  Sigmoid: unary((v) => 1 / (1 + Math.exp(-v))), // as activate(v, 'sigmoid') computes it
  Relu: unary((v) => (v > 0 ? v : 0)),
  Tanh: unary(Math.tanh),
  Mul: binary('mul'),
  Add: binary('add'),
  Sub: binary('sub'),
  Div: binary('div'),
  Reshape: reshape,
  Flatten: reshape,
  Unsqueeze: reshape,
  Squeeze: reshape,
  Split: split,
  Shape: (_, x) => intTensor(x(0).dims, [x(0).dims.length]),
  Gather: gather,
  Concat: concat,
  Cast: cast,
  Sin: unary(Math.sin),
  Cos: unary(Math.cos),
  InstanceNormalization: instanceNorm,
  Resize: resize,
  Transpose: transpose,
  Softmax: softmax,
  Constant: (n) => tensorOf(n.attributes.value as Initializer),
};

/** The ops the cpu engine runs. */
export const CPU_OPS = Object.keys(OPS);

function tensorOf(t: Initializer): Tensor {
  if (t.data) return { data: t.data, dims: t.dims };
  if (t.ints) return { data: Float32Array.from(t.ints), dims: t.dims, ints: t.ints };
  throw new Error(`tensor ${t.name} has an element type the cpu engine does not read (${t.dataType})`);
}

export class CpuModel {
  readonly engine = 'cpu' as const;

  private constructor(
    private readonly graph: OnnxGraph,
    private readonly weights: Map<string, Tensor>,
  ) {}

  /** Reads the graph; throws UnsupportedOpError for the first op the cpu engine lacks. */
  static create(bytes: Uint8Array, model = 'model'): CpuModel {
    const graph = readGraph(bytes);
    for (const n of graph.nodes) if (!OPS[n.op]) throw new UnsupportedOpError(model, n.op, n.name);
    const weights = new Map([...graph.initializers].map(([name, t]) => [name, tensorOf(t)]));
    return new CpuModel(graph, weights);
  }

  /** Runs the graph (integer inputs become floats, which hold class labels exactly); every output. */
  async run(feeds: Record<string, InputData>): Promise<Record<string, TensorData>> {
    const values = new Map(this.weights);
    for (const i of this.graph.inputs) {
      const t = feeds[i.name];
      if (!t) throw new Error(`cpu engine: input ${i.name} is missing`);
      values.set(i.name, { data: t.data instanceof BigInt64Array ? Float32Array.from(t.data, Number) : t.data, dims: t.dims });
    }
    for (const n of this.graph.nodes) {
      const x = (i: number): Tensor => {
        const v = values.get(n.inputs[i]!);
        if (!v) throw new Error(`cpu engine: ${n.op} ${n.name} reads ${n.inputs[i]}, which nothing wrote`);
        return v;
      };
      const ys = OPS[n.op]!(n, x);
      (Array.isArray(ys) ? ys : [ys]).forEach((y, i) => {
        if (size(y.dims) !== y.data.length) throw new Error(`cpu engine: ${n.op} ${n.name} gave ${y.data.length} values for ${y.dims}`);
        values.set(n.outputs[i]!, y);
      });
    }
    const out: Record<string, TensorData> = {};
    for (const o of this.graph.outputs) {
      const v = values.get(o.name)!;
      out[o.name] = { data: new Float32Array(v.data), dims: v.dims };
    }
    return out;
  }
}
