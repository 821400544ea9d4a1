// Our `wgsl` engine for the image models: runs an ONNX graph on our own kernels (src/kernels/conv-kernels.ts).
// The graph is read from the same .onnx file onnxruntime runs; a plan is made once per input shape — shapes
// worked out on the CPU, constants folded, a kernel dispatch per node, every intermediate in a GPU buffer that
// is reused once its last reader has run — and each call records the whole forward pass into one command
// buffer. An op without a kernel stops the engine at load with an error naming the op and the model. No DOM.
import { type Dispatch, encodePass, readFloats, storage, upload } from '../kernels/gpu';
import { type Activation, type BinaryOp, type ConvShape, convOutSize } from '../kernels/conv-reference';
import { binaryParams, ConvKernels, convGrid, convParams, flatGrid, gemmGrid, gemmParams, type UnaryOp, unaryParams } from '../kernels/conv-kernels';
import { type GraphNode, type Initializer, type OnnxGraph, readGraph } from './onnx-initializers';

export class UnsupportedOpError extends Error {
  override name = 'UnsupportedOpError';
  constructor(readonly model: string, readonly op: string, node: string) {
    super(`The wgsl engine cannot run ${model}: it has no kernel for the ONNX op "${op}" (node ${node || 'unnamed'}).`);
  }
}

/** Ops with a kernel (or folded on the CPU). */
export const SUPPORTED_OPS = ['Constant', 'Reshape', 'Gemm', 'Conv', 'ConvTranspose', 'Relu', 'Sigmoid', 'Tanh', 'Add', 'Sub', 'Mul', 'Div',
  'BatchNormalization'] as const;
const UNARY: Record<string, UnaryOp> = { Relu: 'relu', Sigmoid: 'sigmoid', Tanh: 'tanh' };
const BINARY: Record<string, BinaryOp> = { Add: 'add', Sub: 'sub', Mul: 'mul', Div: 'div' };

interface Value {
  shape: number[];
  /** Known on the CPU (weights, constants): uploaded once when a kernel reads it. */
  host?: Float32Array;
  /** CPU integers (Reshape targets). */
  ints?: number[];
  /** Index of the GPU buffer slot that holds it at run time. */
  slot?: number;
}

interface Plan {
  dispatches: Dispatch[];
  inputs: { name: string; slot: number; size: number }[];
  outputs: { name: string; slot: number; shape: number[] }[];
  buffers: GPUBuffer[];
}

const size = (shape: number[]) => shape.reduce((p, d) => p * d, 1);

export class GraphRunner {
  private readonly plans = new Map<string, Plan>();
  private readonly uploaded = new Map<Float32Array, GPUBuffer>();

  private constructor(readonly device: GPUDevice, readonly model: string, private readonly graph: OnnxGraph, private readonly k: ConvKernels) {}

  /** Reads the graph; throws UnsupportedOpError for the first op without a kernel. */
  static async create(device: GPUDevice, model: string, onnx: Uint8Array, kernels?: ConvKernels): Promise<GraphRunner> {
    const graph = readGraph(onnx);
    for (const n of graph.nodes) if (!(SUPPORTED_OPS as readonly string[]).includes(n.op)) throw new UnsupportedOpError(model, n.op, n.name);
    return new GraphRunner(device, model, graph, kernels ?? await ConvKernels.create(device));
  }

  /** Runs the graph on `inputs` (name → data and shape); resolves to every graph output. */
  async run(inputs: Record<string, { data: Float32Array; dims: number[] }>): Promise<Record<string, { data: Float32Array; dims: number[] }>> {
    const key = this.graph.inputs.map((i) => `${i.name}:${inputs[i.name]?.dims.join('x')}`).join(',');
    let plan = this.plans.get(key);
    if (!plan) {
      plan = this.plan(Object.fromEntries(Object.entries(inputs).map(([n, t]) => [n, t.dims])));
      this.plans.set(key, plan);
    }
    for (const i of plan.inputs) {
      const t = inputs[i.name];
      if (!t || t.data.length !== i.size) throw new Error(`${this.model}: input ${i.name} needs ${i.size} values`);
      upload(this.device, plan.buffers[i.slot], t.data);
    }
    const encoder = this.device.createCommandEncoder({ label: `${this.model} forward` });
    encodePass(encoder, `${this.model} forward`, plan.dispatches);
    this.device.queue.submit([encoder.finish()]);
    const out: Record<string, { data: Float32Array; dims: number[] }> = {};
    for (const o of plan.outputs) out[o.name] = { data: await readFloats(this.device, plan.buffers[o.slot], size(o.shape)), dims: o.shape };
    return out;
  }

  private constant(t: Initializer): Value {
    if (t.data) return { shape: t.dims, host: t.data };
    if (t.ints) return { shape: t.dims, ints: t.ints };
    throw new Error(`${this.model}: initializer ${t.name} has an unsupported type (${t.dataType})`);
  }

  private gpuConstant(data: Float32Array): GPUBuffer {
    let b = this.uploaded.get(data);
    if (!b) { b = storage(this.device, `${this.model} weights`, data); this.uploaded.set(data, b); }
    return b;
  }

  /** Shapes, buffer slots and dispatches for one set of input shapes. */
  private plan(inputShapes: Record<string, number[]>): Plan {
    const g = this.graph;
    const values = new Map<string, Value>();
    for (const [name, t] of g.initializers) values.set(name, this.constant(t));
    // Slots: a GPU buffer each, reused once the last reader of what it holds has been recorded.
    const slotBytes: number[] = [];
    const free: number[] = [];
    const lastUse = new Map<string, number>();
    g.nodes.forEach((n, i) => n.inputs.forEach((x) => lastUse.set(x, i)));
    for (const o of g.outputs) lastUse.set(o.name, Infinity);
    const readers = new Map<number, number>(); // slot → values still to be read from it (aliases share a slot)
    const alloc = (count: number): number => {
      const bytes = Math.max(16, count * 4);
      const at = free.findIndex((s) => slotBytes[s] >= bytes && slotBytes[s] <= 2 * bytes);
      const slot = at >= 0 ? free.splice(at, 1)[0] : slotBytes.push(bytes) - 1;
      readers.set(slot, 0);
      return slot;
    };
    const inputs = g.inputs.map((i) => {
      const shape = inputShapes[i.name];
      if (!shape) throw new Error(`${this.model}: no shape for input ${i.name}`);
      const slot = alloc(size(shape));
      values.set(i.name, { shape, slot });
      return { name: i.name, slot, size: size(shape) };
    });
    type Pending = { kernel: 'conv' | 'unary' | 'binary' | 'gemm'; buffers: Record<number, number | Float32Array>; params: number[]; grid: [number, number] };
    const pending: Pending[] = [];
    const get = (name: string) => {
      const v = values.get(name);
      if (!v) throw new Error(`${this.model}: ${name} is read before it is written`);
      return v;
    };
    const gpu = (v: Value) => (v.slot !== undefined ? v.slot : v.host!);
    const define = (name: string, v: Value) => {
      values.set(name, v);
      if (v.slot !== undefined) readers.set(v.slot, (readers.get(v.slot) ?? 0) + 1);
    };

    g.nodes.forEach((n, index) => {
      const out = n.outputs[0];
      const a = (i: number) => get(n.inputs[i]);
      switch (n.op) {
        case 'Constant':
          define(out, this.constant(n.attributes.value as Initializer));
          break;
        case 'Reshape': {
          const x = a(0);
          const target = a(1).ints ?? [];
          const shape = target.map((d, i) => (d === 0 ? x.shape[i] : d));
          const known = shape.filter((d) => d !== -1).reduce((p, d) => p * d, 1);
          define(out, { ...x, shape: shape.map((d) => (d === -1 ? size(x.shape) / known : d)) });
          break;
        }
        case 'Gemm': {
          const [x, w, b] = [a(0), a(1), a(2)];
          if (n.attributes.transB !== 1 || (n.attributes.alpha ?? 1) !== 1 || (n.attributes.beta ?? 1) !== 1 || n.attributes.transA) throw new UnsupportedOpError(this.model, 'Gemm (other than x·Wᵀ + b)', n.name);
          const [M, K] = x.shape;
          const N = w.shape[0];
          const slot = alloc(M * N);
          pending.push({ kernel: 'gemm', buffers: { 1: gpu(x), 2: gpu(w), 3: gpu(b), 4: slot }, params: gemmParams(M, N, K), grid: gemmGrid(M, N) });
          define(out, { shape: [M, N], slot });
          break;
        }
        case 'Conv':
        case 'ConvTranspose': {
          const [x, w] = [a(0), a(1)];
          const transposed = n.op === 'ConvTranspose';
          const [kh, kw] = n.attributes.kernel_shape as number[];
          const pads = (n.attributes.pads as number[] | undefined) ?? [0, 0, 0, 0];
          const strides = (n.attributes.strides as number[] | undefined) ?? [1, 1];
          if ((n.attributes.group ?? 1) !== 1 || pads.some((p) => p !== pads[0]) || strides[0] !== strides[1] || ((n.attributes.dilations as number[] | undefined) ?? [1, 1]).some((d) => d !== 1) || n.attributes.output_padding) {
            throw new UnsupportedOpError(this.model, `${n.op} (groups, dilation, output padding or uneven padding/strides)`, n.name);
          }
          const s: ConvShape = { batch: x.shape[0], cin: x.shape[1], h: x.shape[2], w: x.shape[3], cout: transposed ? w.shape[1] : w.shape[0], kh, kw, stride: strides[0], pad: pads[0], transposed };
          const { oh, ow } = convOutSize(s);
          const bias = n.inputs[2] ? a(2).host! : new Float32Array(s.cout);
          const slot = alloc(s.batch * s.cout * oh * ow);
          pending.push({ kernel: 'conv', buffers: { 1: gpu(x), 2: gpu(w), 3: bias, 4: slot }, params: convParams(s, 'none' as Activation), grid: convGrid(s) });
          define(out, { shape: [s.batch, s.cout, oh, ow], slot });
          break;
        }
        case 'Relu':
        case 'Sigmoid':
        case 'Tanh': {
          const x = a(0);
          const slot = alloc(size(x.shape));
          pending.push({ kernel: 'unary', buffers: { 1: gpu(x), 3: slot }, params: unaryParams(UNARY[n.op], size(x.shape)), grid: flatGrid(size(x.shape)) });
          define(out, { shape: x.shape, slot });
          break;
        }
        case 'Add':
        case 'Sub':
        case 'Mul':
        case 'Div': {
          const [x, y] = [a(0), a(1)];
          const params = binaryParams(BINARY[n.op], x.shape, y.shape);
          const shape = params.slice(0, 4).slice(4 - Math.max(x.shape.length, y.shape.length));
          const slot = alloc(size(shape));
          pending.push({ kernel: 'binary', buffers: { 1: gpu(x), 2: gpu(y), 3: slot }, params, grid: flatGrid(size(shape)) });
          define(out, { shape, slot });
          break;
        }
        case 'BatchNormalization': { // inference: a per-channel affine y = x·scale' + shift', both folded on the CPU
          const [x, scale, bias, mean, variance] = [0, 1, 2, 3, 4].map(a);
          const eps = (n.attributes.epsilon as number | undefined) ?? 1e-5;
          const C = x.shape[1];
          const mul = new Float32Array(C);
          const add = new Float32Array(C);
          for (let c = 0; c < C; c++) {
            mul[c] = scale.host![c] / Math.sqrt(variance.host![c] + eps);
            add[c] = bias.host![c] - mean.host![c] * mul[c];
          }
          const per = [C, ...x.shape.slice(2).map(() => 1)];
          const scaled = alloc(size(x.shape));
          pending.push({ kernel: 'binary', buffers: { 1: gpu(x), 2: mul, 3: scaled }, params: binaryParams('mul', x.shape, per), grid: flatGrid(size(x.shape)) });
          const slot = alloc(size(x.shape));
          pending.push({ kernel: 'binary', buffers: { 1: scaled, 2: add, 3: slot }, params: binaryParams('add', x.shape, per), grid: flatGrid(size(x.shape)) });
          free.push(scaled);
          define(out, { shape: x.shape, slot });
          break;
        }
        default:
          throw new UnsupportedOpError(this.model, n.op, n.name);
      }
      // Slots whose values have all been read for the last time become free for the next nodes.
      for (const name of n.inputs) {
        const v = values.get(name);
        if (v?.slot === undefined || lastUse.get(name) !== index) continue;
        const left = (readers.get(v.slot) ?? 1) - 1;
        readers.set(v.slot, left);
        if (left === 0 && !inputs.some((i) => i.slot === v.slot)) free.push(v.slot);
      }
    });

    const buffers = slotBytes.map((bytes, i) => this.device.createBuffer({ label: `${this.model} tensor slot ${i}`, size: Math.ceil(bytes / 16) * 16,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST }));
    const kernels = { conv: this.k.conv, unary: this.k.unary, binary: this.k.binary, gemm: this.k.matmul };
    const dispatches = pending.map((p, i) => {
      const bound: Record<number, GPUBuffer> = {};
      for (const [binding, b] of Object.entries(p.buffers)) bound[Number(binding)] = typeof b === 'number' ? buffers[b] : this.gpuConstant(b);
      return kernels[p.kernel].bind(`${this.model} node ${i}`, bound, () => p.params, () => p.grid);
    });
    const outputs = g.outputs.map((o) => {
      const v = get(o.name);
      if (v.slot === undefined) throw new Error(`${this.model}: output ${o.name} is a constant`);
      return { name: o.name, slot: v.slot, shape: v.shape };
    });
    return { dispatches, inputs, outputs, buffers };
  }
}

export type { GraphNode };
