// Op lowering of the graph engine: one small function per ONNX op type, each turning a node into CPU work
// (folded now or per call), an alias, or kernel dispatches, through the planner's NodeContext. The table's
// keys are the ops the engine runs; an op without an entry stops the engine at load, naming op and model.
import { matmulRef } from '../../kernels/matmul/matmul-reference';
import { type ConvShape, convOutSize } from '../../kernels/conv/conv-reference';
import { convDirectGrid, convGrid, convParams, packDirectWeights } from '../../kernels/conv/conv';
import type { Activation } from '../../kernels/elementwise/activation';
import { binaryParams, binaryShape, type BinaryOp, unaryParams } from '../../kernels/elementwise/elementwise';
import { binaryRef } from '../../kernels/elementwise/elementwise-reference';
import { flatGrid } from '../../kernels/gpu';
import { concatParams, splitParams, transposeParams, upsampleParams } from '../../kernels/layout/layout';
import { bmmGrid, gemmGrid, linearParams } from '../../kernels/matmul/matmul';
import { groupNormParams } from '../../kernels/norm/norm';
import type { Initializer } from '../onnx/onnx-reader';
import type { Fusions } from './fusion';
import type { NodeContext } from './plan-context';
import { axisOf, batchNormAffine, concatCpu, constantOf, hostOf, matmul2d, reshaped, size, splitSizes, type Value } from './values';

type Lowering = (c: NodeContext, fusions: Fusions) => void;

/** Same values under another shape (a GPU value keeps its slot: an alias). */
const alias: Lowering = (c) => {
  const x = c.a(0);
  c.p.define(c.out, { ...x, shape: reshaped(c.n, x.shape, c.ins[1]?.ints) });
};

const lowerGather: Lowering = (c) => {
  const [data, idx] = [c.a(0), c.a(1)];
  const axis = axisOf(c.attr('axis', 0), data.shape.length);
  if (data.ints && idx.ints) {
    const picked = idx.ints.map((i) => data.ints![i < 0 ? i + data.shape[0] : i]);
    c.p.define(c.out, { shape: idx.shape, ints: picked });
  } else if (axis === 0 && data.host && !idx.slot) {
    const row = size(data.shape.slice(1));
    c.fold([...idx.shape, ...data.shape.slice(1)], ([table, ids]) => {
      const y = new Float32Array(ids.length * row);
      ids.forEach((id, r) => {
        y.set(table.subarray(id * row, (id + 1) * row), r * row);
      });
      return y;
    });
  } else throw c.unsupported('Gather (other than rows of a constant table)');
};

/** Along channels on the GPU: one `concat` dispatch per input, each into its range of the output. */
const lowerConcat: Lowering = (c) => {
  const ins = c.ins as Value[];
  const axis = axisOf(c.attr('axis', 0), c.a(0).shape.length);
  if (ins.every((v) => v.ints)) {
    c.p.define(c.out, { shape: [ins.reduce((s, v) => s + v.shape[0], 0)], ints: ins.flatMap((v) => v.ints!) });
    return;
  }
  const shape = [...c.a(0).shape];
  shape[axis] = ins.reduce((s, v) => s + v.shape[axis], 0);
  if (c.onCpuCheap(size(shape))) {
    c.fold(shape, (xs) =>
      concatCpu(
        xs,
        ins.map((v) => v.shape),
        axis,
      ),
    );
    return;
  }
  if (ins.some((v) => v.shape.slice(0, axis).some((d, i) => d !== shape[i]))) throw c.unsupported('Concat (shapes)');
  const o = c.p.onGpu(shape);
  const outer = size(shape.slice(0, axis));
  const inner = size(shape.slice(axis + 1));
  let offset = 0;
  for (const v of ins) {
    const ch = v.shape[axis];
    const params = concatParams(outer, ch, inner, shape[axis], offset);
    c.p.dispatch(c.n, 'concat', { 1: c.p.gpu(v), 2: o.slot }, params, flatGrid(outer * ch * inner));
    offset += ch;
  }
  c.p.define(c.out, o);
};

const lowerSplit: Lowering = (c) => {
  const x = c.a(0);
  const axis = axisOf(c.attr('axis', 0), x.shape.length);
  const parts = splitSizes(c.n, x.shape, axis, c.ins[1]?.ints);
  const outer = size(x.shape.slice(0, axis));
  const inner = size(x.shape.slice(axis + 1));
  let offset = 0;
  parts.forEach((ch, i) => {
    const shape = [...x.shape];
    shape[axis] = ch;
    const o = c.p.onGpu(shape);
    c.p.dispatch(c.n, 'split', { 1: c.p.gpu(x), 2: o.slot }, splitParams(outer, ch, inner, x.shape[axis], offset), flatGrid(size(shape)));
    c.p.define(c.n.outputs[i], o);
    offset += ch;
  });
};

/** x·Wᵀ + b only (what torch's Linear exports). */
const lowerGemm: Lowering = (c) => {
  const [x, w] = [c.a(0), c.a(1)];
  const b = c.ins[2] ? hostOf(c.a(2)) : new Float32Array(w.shape[0]);
  const plain =
    c.attr<number>('transB', 0) === 1 &&
    !c.attr<number>('transA', 0) &&
    c.attr<number>('alpha', 1) === 1 &&
    c.attr<number>('beta', 1) === 1;
  if (!plain) {
    throw c.unsupported('Gemm (other than x·Wᵀ + b)');
  }
  const [M, K] = x.shape;
  const N = w.shape[0];
  if (c.onCpuCheap(M * N)) {
    c.fold([M, N], ([xv, wv]) => matmulRef(xv, wv, b, M, N, K));
    return;
  }
  const o = c.gpuOut([M, N]);
  c.p.dispatch(c.n, 'matmul', { 1: c.p.gpu(x), 2: c.p.gpu(w), 3: b, 4: o.slot }, linearParams(M, N, K), gemmGrid(M, N));
};

const lowerMatMul: Lowering = (c) => {
  const [x, y] = [c.a(0), c.a(1)];
  const [B, M, K] = x.shape.length === 3 ? x.shape : [1, ...x.shape];
  const N = y.shape[y.shape.length - 1];
  if (c.onCpu && x.shape.length <= 2 && y.shape.length <= 2) {
    // e.g. spectral norm's power iteration on weights
    // numpy rules: a 1-D first operand is a row, a 1-D second operand a column; those axes are dropped
    const [m, kk] = x.shape.length === 1 ? [1, x.shape[0]] : x.shape;
    const nn = y.shape.length === 1 ? 1 : y.shape[1];
    const shape = [...(x.shape.length === 2 ? [m] : []), ...(y.shape.length === 2 ? [nn] : [])];
    if (c.onCpuCheap(m * nn)) {
      c.fold(shape, ([u, v]) => matmul2d(u, v, m, kk, nn));
      return;
    }
  }
  if (y.shape.length === 3 && y.shape[0] !== B) throw c.unsupported('MatMul (broadcast batches)');
  const o = c.gpuOut(x.shape.length === 3 ? [B, M, N] : [M, N]);
  c.p.dispatch(c.n, 'bmm', { 1: c.p.gpu(x), 2: c.p.gpu(y), 3: o.slot }, { M, N, K }, bmmGrid(B, M, N));
};

/** The convolution's shape from its node, or UnsupportedOpError for what conv.wgsl does not do. */
function convShapeOf(c: NodeContext, x: Value, w: Value): ConvShape {
  const transposed = c.n.op === 'ConvTranspose';
  const [kh, kw] = c.attr<number[]>('kernel_shape', w.shape.slice(2));
  const pads = c.attr<number[]>('pads', [0, 0, 0, 0]);
  const strides = c.attr<number[]>('strides', [1, 1]);
  const dilated = c.attr<number[]>('dilations', [1, 1]).some((d) => d !== 1);
  const uneven = pads.some((p) => p !== pads[0]) || strides[0] !== strides[1];
  if (c.attr<number>('group', 1) !== 1 || uneven || dilated || c.n.attributes.output_padding) {
    throw c.unsupported(`${c.n.op} (groups, dilation, output padding or uneven padding/strides)`);
  }
  return {
    batch: x.shape[0],
    cin: x.shape[1],
    h: x.shape[2],
    w: x.shape[3],
    cout: transposed ? w.shape[1] : w.shape[0],
    kh,
    kw,
    stride: strides[0],
    pad: pads[0],
    transposed,
  };
}

/** Conv / ConvTranspose, with a fused epilogue (fusion.ts): batch norm folded into the weights, an activation. */
const lowerConv: Lowering = (c, fusions) => {
  const [x, w] = [c.a(0), c.a(1)];
  const s = convShapeOf(c, x, w);
  const { oh, ow } = convOutSize(s);
  // The tiled GEMM pays off once a layer has enough outputs to fill a GPU and enough taps and channels
  // to fill its tiles; every layer of our models runs faster direct (4× on SwiftShader for the U-Net's
  // 128 → 64 3×3 convolution at 14×14, measured per dispatch).
  // Weights computed at run time (not constants) are read as they are, by the tiled GEMM.
  const tiled = !w.host || (s.batch * oh * ow * s.cout >= 1 << 18 && s.cin * s.kh * s.kw >= 1024 && s.cout >= 64);
  let bias = c.ins[2] ? hostOf(c.a(2)) : new Float32Array(s.cout);
  let weights = w;
  const epi = fusions.epilogues.get(c.index);
  if (epi?.bn && w.host) {
    const { mul, add } = batchNormAffine(epi.bn, (name) => c.p.get(name));
    const taps = s.kh * s.kw;
    // weights [Cout, Cin, KH, KW] (conv) or [Cin, Cout, KH, KW] (transposed): scale each output channel's taps
    const channel = (i: number) => (s.transposed ? Math.floor(i / taps) % s.cout : Math.floor(i / (s.cin * taps)));
    weights = { shape: w.shape, host: w.host.map((v, i) => v * mul[channel(i)]) };
    bias = bias.map((v, ch) => v * mul[ch] + add[ch]);
  } else if (epi?.bn) throw c.unsupported(`${c.n.op} with batch norm on weights computed at run time`);
  const act: Activation = epi?.act ?? 'none';
  const o = c.p.onGpu([s.batch, s.cout, oh, ow]);
  if (tiled) c.p.dispatch(c.n, 'conv', { 1: c.p.gpu(x), 2: c.p.gpu(weights), 3: bias, 4: o.slot }, convParams(s, act), convGrid(s));
  else {
    const packed = packDirectWeights(hostOf(weights), s);
    c.p.dispatch(c.n, 'convDirect', { 1: c.p.gpu(x), 3: bias, 4: o.slot, 5: packed }, convParams(s, act), convDirectGrid(s));
  }
  c.p.define(epi?.out ?? c.out, o);
};

const lowerLeakyRelu: Lowering = (c) => {
  const x = c.a(0);
  const o = c.gpuOut(x.shape);
  const params = unaryParams('leaky', size(x.shape), c.attr<number>('alpha', 0.01));
  c.p.dispatch(c.n, 'unary', { 1: c.p.gpu(x), 3: o.slot }, params, flatGrid(size(x.shape)));
};

const UNARY: Record<string, Activation> = { Relu: 'relu', Sigmoid: 'sigmoid', Tanh: 'tanh', Sin: 'sin', Cos: 'cos' };
const UNARY_CPU: Record<string, (v: number) => number> = {
  Relu: (v) => Math.max(v, 0),
  Sigmoid: (v) => 1 / (1 + Math.exp(-v)),
  Tanh: Math.tanh,
  Sin: Math.sin,
  Cos: Math.cos,
};

const lowerUnary: Lowering = (c) => {
  const x = c.a(0);
  if (c.onCpuCheap(size(x.shape))) {
    c.fold(x.shape, ([v]) => v.map(UNARY_CPU[c.n.op]));
    return;
  }
  const o = c.gpuOut(x.shape);
  c.p.dispatch(c.n, 'unary', { 1: c.p.gpu(x), 3: o.slot }, unaryParams(UNARY[c.n.op], size(x.shape)), flatGrid(size(x.shape)));
};

const BINARY: Record<string, BinaryOp> = { Add: 'add', Sub: 'sub', Mul: 'mul', Div: 'div' };

const lowerBinary: Lowering = (c) => {
  const [x, y] = [c.a(0), c.a(1)];
  const op = BINARY[c.n.op];
  if (x.ints && y.ints) {
    const r = binaryRef(Float32Array.from(x.ints), x.shape, Float32Array.from(y.ints), y.shape, op);
    c.p.define(c.out, { shape: r.shape, ints: Array.from(r.y, Math.trunc) });
    return;
  }
  const params = binaryParams(op, x.shape, y.shape);
  const shape = binaryShape(params, Math.max(x.shape.length, y.shape.length));
  if (c.onCpuCheap(size(shape))) {
    c.fold(shape, ([u, v]) => binaryRef(u, x.shape, v, y.shape, op).y);
    return;
  }
  const o = c.gpuOut(shape);
  c.p.dispatch(c.n, 'binary', { 1: c.p.gpu(x), 2: c.p.gpu(y), 3: o.slot }, params, flatGrid(size(shape)));
};

/** Inference: a per-channel affine y = x·mul + add (after a convolution it is folded into it: fusion.ts). */
const lowerBatchNorm: Lowering = (c) => {
  const x = c.a(0);
  const { mul, add } = batchNormAffine(c.n, (name) => c.p.get(name));
  const per = [x.shape[1], ...x.shape.slice(2).map(() => 1)];
  if (c.onCpuCheap(size(x.shape))) {
    // e.g. after the GAN's first linear layer, itself on the CPU
    c.fold(x.shape, ([v]) => binaryRef(binaryRef(v, x.shape, mul, per, 'mul').y, x.shape, add, per, 'add').y);
    return;
  }
  const scaled = c.p.onGpu(x.shape);
  c.p.dispatch(c.n, 'binary', { 1: c.p.gpu(x), 2: mul, 3: scaled.slot }, binaryParams('mul', x.shape, per), flatGrid(size(x.shape)));
  const o = c.p.onGpu(x.shape);
  c.p.dispatch(c.n, 'binary', { 1: scaled.slot, 2: add, 3: o.slot }, binaryParams('add', x.shape, per), flatGrid(size(x.shape)));
  c.p.slots.release(scaled.slot);
  c.p.define(c.out, o);
};

/** Over [N, C, …]: group norm with one group per channel. */
const lowerInstanceNorm: Lowering = (c) => {
  const x = c.a(0);
  const C = x.shape[1];
  const o = c.gpuOut(x.shape);
  c.p.dispatch(
    c.n,
    'groupNorm',
    { 1: c.p.gpu(x), 2: hostOf(c.a(1)), 3: hostOf(c.a(2)), 4: o.slot },
    groupNormParams(C, size(x.shape.slice(2)), C, c.attr('epsilon', 1e-5)),
    [C, x.shape[0]],
  );
};

const lowerTranspose: Lowering = (c) => {
  const x = c.a(0);
  const perm = c.attr<number[]>('perm', []);
  if (x.shape.length !== 3 || perm.join() !== '0,2,1') throw c.unsupported(`Transpose (perm ${perm})`);
  const o = c.gpuOut([x.shape[0], x.shape[2], x.shape[1]]);
  const params = transposeParams(x.shape[0], x.shape[1], x.shape[2]);
  c.p.dispatch(c.n, 'transpose', { 1: c.p.gpu(x), 2: o.slot }, params, flatGrid(size(x.shape)));
};

const lowerSoftmax: Lowering = (c) => {
  const x = c.a(0);
  if (axisOf(c.attr('axis', -1), x.shape.length) !== x.shape.length - 1) throw c.unsupported('Softmax (not over the last axis)');
  const last = x.shape[x.shape.length - 1];
  const rows = size(x.shape) / last;
  const o = c.gpuOut(x.shape);
  c.p.dispatch(c.n, 'softmax', { 1: c.p.gpu(x), 2: o.slot }, { rows, n: last }, [rows]);
};

/** Nearest-neighbour upsampling by an integer factor, the same along height and width. */
const lowerResize: Lowering = (c) => {
  const x = c.a(0);
  const scales = c.ins[2]?.host ?? (c.ins[2]?.ints ? Float32Array.from(c.ins[2].ints) : undefined);
  const f = scales?.[2];
  const integer = !!scales && scales[0] === 1 && scales[1] === 1 && scales[3] === f && Number.isInteger(f);
  if (c.attr<string>('mode', 'nearest') !== 'nearest' || !integer) {
    throw c.unsupported('Resize (other than nearest by an integer factor)');
  }
  const [B, C, H, W] = x.shape;
  const o = c.gpuOut([B, C, H * f!, W * f!]);
  c.p.dispatch(c.n, 'upsample', { 1: c.p.gpu(x), 2: o.slot }, upsampleParams(B, C, H, W, f!), flatGrid(size(o.shape)));
};

/** Op type → its lowering: the ops the engine runs (on a kernel, or on the CPU where they only touch shapes or a few numbers). */
export const LOWERING: Readonly<Record<string, Lowering>> = {
  Constant: (c) => c.p.define(c.out, constantOf(c.n.attributes.value as Initializer, c.model)),
  Shape: (c) => c.p.define(c.out, { shape: [c.a(0).shape.length], ints: [...c.a(0).shape] }),
  Gather: lowerGather,
  Unsqueeze: alias,
  Squeeze: alias,
  Reshape: alias,
  Cast: alias,
  Concat: lowerConcat,
  Split: lowerSplit,
  Gemm: lowerGemm,
  MatMul: lowerMatMul,
  Conv: lowerConv,
  ConvTranspose: lowerConv,
  Relu: lowerUnary,
  Sigmoid: lowerUnary,
  Tanh: lowerUnary,
  Sin: lowerUnary,
  Cos: lowerUnary,
  Add: lowerBinary,
  Sub: lowerBinary,
  Mul: lowerBinary,
  Div: lowerBinary,
  BatchNormalization: lowerBatchNorm,
  InstanceNormalization: lowerInstanceNorm,
  Transpose: lowerTranspose,
  Softmax: lowerSoftmax,
  Resize: lowerResize,
  Flatten: alias,
  LeakyRelu: lowerLeakyRelu,
};

/** Ops the engine runs. */
export const SUPPORTED_OPS: readonly string[] = Object.keys(LOWERING);
