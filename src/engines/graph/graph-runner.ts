// Our `wgsl` engine for the image models: runs an ONNX graph on our own kernels (src/kernels/conv-kernels.ts).
// The graph is read from the same .onnx file onnxruntime runs. A plan is made once per input shape:
//   - shapes are worked out on the CPU; what depends on constants only is folded there (shape arithmetic,
//     weight reshapes); small tensors computed from the inputs alone (the U-Net's timestep and label
//     embeddings: a few hundred numbers) are computed on the CPU each call, in float64, before the GPU pass;
//   - every other node becomes one kernel dispatch, its result in a GPU buffer that is reused once the last
//     reader has run;
//   - each call uploads the inputs and records the whole forward pass into one command buffer.
// An op without a kernel stops the engine at load with an error naming the op and the model. No DOM.
import { type Dispatch, encodePass, readFloats, storage, upload } from '../../kernels/gpu';
import { type Activation, type BinaryOp, binaryRef, type ConvShape, convOutSize } from '../../kernels/image/conv-reference';
import { binaryParams, bmmGrid, concatParams, ConvKernels, convDirectGrid, convGrid, convParams, flatGrid, gemmGrid, gemmParams, groupNormParams, packDirectWeights, splitParams,
  transposeParams, type UnaryOp, unaryParams, upsampleParams } from '../../kernels/image/conv-kernels';
import type { Kernel } from '../../kernels/gpu';
import { matmulRef } from '../../kernels/transformer/reference';
import { type GraphNode, type Initializer, type OnnxGraph, readGraph } from '../onnx/onnx-reader';

export class UnsupportedOpError extends Error {
  override name = 'UnsupportedOpError';
  constructor(readonly model: string, readonly op: string, node: string) {
    super(`The wgsl engine cannot run ${model}: it has no kernel for the ONNX op "${op}" (node ${node || 'unnamed'}).`);
  }
}

/** Ops the engine runs (on a kernel, or on the CPU where they only touch shapes or a few numbers). */
export const SUPPORTED_OPS = ['Constant', 'Shape', 'Gather', 'Unsqueeze', 'Squeeze', 'Reshape', 'Cast', 'Concat', 'Split', 'Gemm', 'MatMul',
  'Conv', 'ConvTranspose', 'Relu', 'Sigmoid', 'Tanh', 'Sin', 'Cos', 'Add', 'Sub', 'Mul', 'Div', 'BatchNormalization',
  'InstanceNormalization', 'Transpose', 'Softmax', 'Resize', 'Flatten', 'LeakyRelu'] as const;
const UNARY: Record<string, UnaryOp> = { Relu: 'relu', Sigmoid: 'sigmoid', Tanh: 'tanh', Sin: 'sin', Cos: 'cos', LeakyRelu: 'leaky' };
const UNARY_CPU: Record<string, (v: number) => number> = { Relu: (v) => Math.max(v, 0), Sigmoid: (v) => 1 / (1 + Math.exp(-v)), Tanh: Math.tanh, Sin: Math.sin, Cos: Math.cos };
const BINARY: Record<string, BinaryOp> = { Add: 'add', Sub: 'sub', Mul: 'mul', Div: 'div' };
/** Largest tensor computed on the CPU each call instead of on the GPU. */
const CPU_MAX = 1 << 14;

interface Value {
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

interface Plan {
  /** CPU values of a call: the inputs first, then what `cpuSteps` compute. */
  inputs: { name: string; cpu: number; size: number }[];
  cpuSteps: ((env: Float32Array[]) => void)[];
  uploads: { cpu: number; slot: number }[];
  dispatches: Dispatch[];
  outputs: { name: string; slot: number; shape: number[] }[];
  buffers: GPUBuffer[];
}

type Pending = { kernel: Kernel; buffers: Record<number, number | Float32Array>; params: number[]; grid: number[] };
const size = (shape: readonly number[]) => shape.reduce((p, d) => p * d, 1);
const axisOf = (axis: number, rank: number) => (axis < 0 ? axis + rank : axis);

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

  get inputNames(): string[] {
    return this.graph.inputs.map((i) => i.name);
  }

  /** Runs the graph on `inputs` (name → values and shape; integer inputs as floats); resolves to every output. */
  async run(inputs: Record<string, { data: Float32Array; dims: number[] }>): Promise<Record<string, { data: Float32Array; dims: number[] }>> {
    const key = this.graph.inputs.map((i) => `${i.name}:${inputs[i.name]?.dims.join('x')}`).join(',');
    let plan = this.plans.get(key);
    if (!plan) {
      plan = this.plan(Object.fromEntries(Object.entries(inputs).map(([n, t]) => [n, t.dims])));
      this.plans.set(key, plan);
    }
    const env: Float32Array[] = [];
    for (const i of plan.inputs) {
      const t = inputs[i.name];
      if (!t || t.data.length !== i.size) throw new Error(`${this.model}: input ${i.name} needs ${i.size} values`);
      env[i.cpu] = t.data;
    }
    for (const step of plan.cpuSteps) step(env);
    for (const u of plan.uploads) upload(this.device, plan.buffers[u.slot], env[u.cpu]);
    const encoder = this.device.createCommandEncoder({ label: `${this.model} forward` });
    encodePass(encoder, `${this.model} forward`, plan.dispatches);
    this.device.queue.submit([encoder.finish()]);
    const out: Record<string, { data: Float32Array; dims: number[] }> = {};
    for (const o of plan.outputs) out[o.name] = { data: await readFloats(this.device, plan.buffers[o.slot], size(o.shape)), dims: o.shape };
    return out;
  }

  /** Kernel dispatches of the last plan made (for the kernels page and the tests). */
  get lastPlanDispatches(): number {
    return [...this.plans.values()].at(-1)?.dispatches.length ?? 0;
  }

  private gpuConstant(data: Float32Array): GPUBuffer {
    let b = this.uploaded.get(data);
    if (!b) { b = storage(this.device, `${this.model} constant`, data); this.uploaded.set(data, b); }
    return b;
  }

  /** Shapes, CPU steps, buffer slots and dispatches for one set of input shapes. */
  private plan(inputShapes: Record<string, number[]>): Plan {
    const g = this.graph;
    const model = this.model;
    const values = new Map<string, Value>();
    for (const [name, t] of g.initializers) values.set(name, constantOf(t, model));
    const slotBytes: number[] = [];
    const free: number[] = [];
    const pinned = new Set<number>(); // upload slots: written before the pass, so never shared
    const readers = new Map<number, number>();
    const lastUse = new Map<string, number>();
    g.nodes.forEach((n, i) => n.inputs.forEach((x) => lastUse.set(x, i)));
    for (const o of g.outputs) lastUse.set(o.name, Infinity);
    const alloc = (count: number, pin = false): number => {
      const bytes = Math.max(16, count * 4);
      const at = pin ? -1 : free.findIndex((s) => slotBytes[s] >= bytes && slotBytes[s] <= 2 * bytes);
      const slot = at >= 0 ? free.splice(at, 1)[0] : slotBytes.push(bytes) - 1;
      if (pin) pinned.add(slot);
      readers.set(slot, 0);
      return slot;
    };
    let cpuCount = 0;
    const cpuSteps: Plan['cpuSteps'] = [];
    const uploads: Plan['uploads'] = [];
    const uploadSlot = new Map<number, number>();
    const inputs = g.inputs.map((i) => {
      const shape = inputShapes[i.name];
      if (!shape) throw new Error(`${model}: no shape for input ${i.name}`);
      const cpu = cpuCount++;
      values.set(i.name, { shape, cpu });
      return { name: i.name, cpu, size: size(shape) };
    });
    const pending: Pending[] = [];
    const get = (name: string): Value => {
      const v = values.get(name);
      if (!v) throw new Error(`${model}: ${name} is read before it is written`);
      return v;
    };
    /** Where a GPU kernel finds a value: its slot, a constant buffer, or a slot the call uploads it to. */
    const gpu = (v: Value): number | Float32Array => {
      if (v.slot !== undefined) return v.slot;
      if (v.host) return v.host;
      if (v.ints) return Float32Array.from(v.ints);
      let slot = uploadSlot.get(v.cpu!);
      if (slot === undefined) {
        slot = alloc(size(v.shape), true);
        uploadSlot.set(v.cpu!, slot);
        uploads.push({ cpu: v.cpu!, slot });
      }
      return slot;
    };
    const define = (name: string, v: Value) => {
      values.set(name, v);
      if (v.slot !== undefined) readers.set(v.slot, (readers.get(v.slot) ?? 0) + 1);
    };
    const onGpu = (shape: number[]) => {
      const slot = alloc(size(shape));
      return { shape, slot };
    };
    const dispatch = (kernel: Kernel, buffers: Pending['buffers'], params: number[], grid: number[]) => pending.push({ kernel, buffers, params, grid });
    /** One reader of `slot` is done with it; once all are, the slot is free for the next nodes. */
    const readDone = (slot: number | undefined) => {
      if (slot === undefined || pinned.has(slot)) return;
      const left = (readers.get(slot) ?? 1) - 1;
      readers.set(slot, left);
      if (left === 0) free.push(slot);
    };
    /** Values read for the last time at node `index` release their slots. */
    const releaseInputs = (names: string[], index: number) => {
      for (const name of names) if (lastUse.get(name) === index) readDone(values.get(name)?.slot);
    };
    /** A CPU value computed element-wise from another (plan-time when that one is known, else each call). */
    const fold1 = (name: string, x: Value, f: (v: number) => number) => {
      if (x.host || x.ints) { define(name, { shape: x.shape, host: hostOf(x).map(f) }); return; }
      const cpu = cpuCount++;
      cpuSteps.push((env) => { env[cpu] = env[x.cpu!].map(f); });
      define(name, { shape: x.shape, cpu });
    };
    const k = this.k;
    // SiLU written out as x · sigmoid(x) (two nodes) runs as one SiLU dispatch: the Sigmoid whose only reader
    // is such a Mul is skipped, and the Mul becomes the SiLU.
    const readersOf = new Map<string, number>();
    for (const n of g.nodes) for (const x of n.inputs) readersOf.set(x, (readersOf.get(x) ?? 0) + 1);
    const siluMul = new Map<number, string>(); // Mul node index → x
    const skipped = new Set<number>();
    const fusedAt = new Map<number, number>(); // last node of a fused group norm → its InstanceNormalization
    g.nodes.forEach((n, i) => {
      if (n.op !== 'Sigmoid' || readersOf.get(n.outputs[0]) !== 1) return;
      const j = g.nodes.findIndex((m, at) => at > i && m.op === 'Mul' && m.inputs.includes(n.outputs[0]));
      const mul = g.nodes[j];
      if (mul && mul.inputs.includes(n.inputs[0]) && mul.inputs.length === 2) { siluMul.set(j, n.inputs[0]); skipped.add(i); }
    });

    // Group norm as torch exports it — Reshape to [N, G, −1] → InstanceNormalization (scale 1, bias 0) →
    // Reshape back → Mul by the weight → Add the bias (→ SiLU) — runs as one group-norm dispatch.
    const producer = new Map<string, number>();
    g.nodes.forEach((n, i) => n.outputs.forEach((o) => producer.set(o, i)));
    const soleReader = (name: string) => (readersOf.get(name) === 1 ? g.nodes.findIndex((m) => m.inputs.includes(name)) : -1);
    const groupNorms = new Map<number, { x: string; gamma: string; beta: string; out: string; act: 'none' | 'silu'; eps: number }>();
    g.nodes.forEach((n, i) => {
      if (n.op !== 'InstanceNormalization') return;
      const r1 = g.nodes[producer.get(n.inputs[0]) ?? -1];
      const r2 = g.nodes[soleReader(n.outputs[0])];
      const mul = r2?.op === 'Reshape' ? g.nodes[soleReader(r2.outputs[0])] : undefined;
      const add = mul?.op === 'Mul' ? g.nodes[soleReader(mul.outputs[0])] : undefined;
      if (r1?.op !== 'Reshape' || r2?.op !== 'Reshape' || mul?.op !== 'Mul' || add?.op !== 'Add') return;
      const gamma = mul.inputs.find((x) => x !== r2.outputs[0])!;
      const beta = add.inputs.find((x) => x !== mul.outputs[0])!;
      const chain = [producer.get(r1.outputs[0])!, i, g.nodes.indexOf(r2), g.nodes.indexOf(mul), g.nodes.indexOf(add)];
      let out = add.outputs[0];
      let act: 'none' | 'silu' = 'none';
      const sig = g.nodes.findIndex((m, at) => skipped.has(at) && m.inputs[0] === out);
      const fusedMul = [...siluMul.entries()].find(([, x]) => x === out)?.[0];
      if (sig >= 0 && fusedMul !== undefined && readersOf.get(out) === 2) { act = 'silu'; out = g.nodes[fusedMul].outputs[0]; chain.push(fusedMul); }
      // The first Reshape stays (an alias, no dispatch): the group count is read from its shape when planning.
      groupNorms.set(chain[1], { x: r1.inputs[0], gamma, beta, out, act, eps: (n.attributes.epsilon as number | undefined) ?? 1e-5 });
      for (const at of chain.slice(1)) skipped.add(at);
      fusedAt.set(chain[chain.length - 1], chain[1]);
    });

    // Convolution epilogues: a BatchNormalization (constant statistics) that alone reads a convolution's output
    // is folded into its weights and bias, and a ReLU / tanh / sigmoid / SiLU after that runs in the
    // convolution's last step (GAN generator: 12 dispatches → 3 for its three convolutions).
    const epilogues = new Map<number, { bn?: GraphNode; act: Activation; out: string }>();
    const FUSED_ACT: Record<string, Activation> = { Relu: 'relu', Tanh: 'tanh', Sigmoid: 'sigmoid' };
    g.nodes.forEach((n, i) => {
      if (n.op !== 'Conv' && n.op !== 'ConvTranspose') return;
      let out = n.outputs[0];
      let bn: GraphNode | undefined;
      let act: Activation = 'none';
      const r = g.nodes[soleReader(out)];
      if (r?.op === 'BatchNormalization' && r.inputs.slice(1).every((x) => g.initializers.has(x))) { bn = r; skipped.add(g.nodes.indexOf(r)); out = r.outputs[0]; }
      const r2 = soleReader(out);
      const silu = [...siluMul.entries()].find(([, x]) => x === out)?.[0];
      if (r2 >= 0 && FUSED_ACT[g.nodes[r2].op] && !skipped.has(r2)) { act = FUSED_ACT[g.nodes[r2].op]; skipped.add(r2); out = g.nodes[r2].outputs[0]; }
      else if (silu !== undefined && readersOf.get(out) === 2) { act = 'silu'; skipped.add(silu); out = g.nodes[silu].outputs[0]; }
      if (bn || act !== 'none') epilogues.set(i, { bn, act, out });
    });

    g.nodes.forEach((n, index) => {
      const gnAt = fusedAt.get(index);
      if (gnAt !== undefined) {
        const f = groupNorms.get(gnAt)!;
        const x = get(f.x);
        const grouped = get(g.nodes[gnAt].inputs[0]); // [N, G, −1]
        const [gamma, beta] = [get(f.gamma), get(f.beta)];
        if (x.slot === undefined || !gamma.host || !beta.host || gamma.host.length !== x.shape[1] || beta.host.length !== x.shape[1]) {
          throw new UnsupportedOpError(model, 'group norm (with these inputs)', g.nodes[gnAt].name);
        }
        const C = x.shape[1];
        const o = onGpu(x.shape);
        dispatch(k.groupNorm, { 1: x.slot, 2: gamma.host, 3: beta.host, 4: o.slot }, groupNormParams(C, size(x.shape.slice(2)), grouped.shape[1], f.eps, f.act), [grouped.shape[1], x.shape[0]]);
        define(f.out, o);
        // The [N, G, −1] alias was read by the InstanceNormalization folded in here: that read is done now.
        readDone(grouped.slot);
        releaseInputs([f.x], index);
        return;
      }
      if (skipped.has(index)) return;
      const silu = siluMul.get(index);
      if (silu !== undefined && get(silu).slot !== undefined) {
        const x = get(silu);
        const o = onGpu(x.shape);
        dispatch(k.unary, { 1: x.slot!, 3: o.slot }, unaryParams('silu', size(x.shape)), flatGrid(size(x.shape)));
        define(n.outputs[0], o);
        releaseInputs([silu], index);
        return;
      }
      if (silu !== undefined) { // on the CPU after all: compute the skipped Sigmoid's product directly
        fold1(n.outputs[0], get(silu), (v) => v / (1 + Math.exp(-v)));
        return;
      }
      const ins = n.inputs.map((name) => (name ? get(name) : undefined));
      const a = (i: number) => {
        const v = ins[i];
        if (!v) throw new Error(`${model}: node ${n.name} needs input ${i}`);
        return v;
      };
      const out = n.outputs[0];
      const onCpu = ins.every((v) => !v || v.slot === undefined);
      const known = ins.every((v) => !v || v.host || v.ints);
      // Constants only: folded once at plan time, whatever their size (e.g. the discriminator's spectrally
      // normalised weights). Values computed from the inputs run on the CPU only while they are small.
      const onCpuCheap = (count: number) => known || (onCpu && count <= CPU_MAX);
      const fold = (shape: number[], compute: (xs: Float32Array[]) => Float32Array) => {
        // Constants only: compute now. Otherwise each call, on the CPU, from the call's values.
        if (known) { define(out, { shape, host: compute(ins.map((v) => (v ? hostOf(v) : new Float32Array(0)))) }); return; }
        const slots = ins.map((v) => v);
        const cpu = cpuCount++;
        cpuSteps.push((env) => { env[cpu] = compute(slots.map((v) => (!v ? new Float32Array(0) : v.cpu !== undefined ? env[v.cpu] : hostOf(v)))); });
        define(out, { shape, cpu });
      };
      const attr = <T>(name: string, fallback: T): T => (n.attributes[name] as T | undefined) ?? fallback;

      switch (n.op) {
        case 'Constant':
          define(out, constantOf(n.attributes.value as Initializer, model));
          break;
        case 'Shape':
          define(out, { shape: [a(0).shape.length], ints: [...a(0).shape] });
          break;
        case 'Cast':
        case 'Flatten':
        case 'Reshape':
        case 'Unsqueeze':
        case 'Squeeze': {
          const x = a(0);
          const shape = reshaped(n, x.shape, ins[1]?.ints);
          define(out, { ...x, shape }); // same values (a GPU value keeps its slot: an alias)
          break;
        }
        case 'Gather': {
          const [data, idx] = [a(0), a(1)];
          const axis = axisOf(attr('axis', 0), data.shape.length);
          if (data.ints && idx.ints) {
            const picked = idx.ints.map((i) => data.ints![i < 0 ? i + data.shape[0] : i]);
            define(out, { shape: idx.shape, ints: picked });
          } else if (axis === 0 && data.host && !idx.slot) {
            const row = size(data.shape.slice(1));
            const shape = [...idx.shape, ...data.shape.slice(1)];
            fold(shape, ([table, ids]) => {
              const y = new Float32Array(ids.length * row);
              ids.forEach((id, r) => y.set(table.subarray(id * row, (id + 1) * row), r * row));
              return y;
            });
          } else throw new UnsupportedOpError(model, 'Gather (other than rows of a constant table)', n.name);
          break;
        }
        case 'Concat': {
          const axis = axisOf(attr('axis', 0), a(0).shape.length);
          if (ins.every((v) => v?.ints)) { define(out, { shape: [ins.reduce((s, v) => s + v!.shape[0], 0)], ints: ins.flatMap((v) => v!.ints!) }); break; }
          const shape = [...a(0).shape];
          shape[axis] = ins.reduce((s, v) => s + v!.shape[axis], 0);
          if (onCpuCheap(size(shape))) { fold(shape, (xs) => concatCpu(xs, ins.map((v) => v!.shape), axis)); break; }
          if (ins.some((v) => v!.shape.slice(0, axis).some((d, i) => d !== shape[i]))) throw new UnsupportedOpError(model, 'Concat (shapes)', n.name);
          const o = onGpu(shape);
          const outer = size(shape.slice(0, axis));
          const inner = size(shape.slice(axis + 1));
          let offset = 0;
          for (const v of ins) {
            const c = v!.shape[axis];
            dispatch(k.concat, { 1: gpu(v!), 2: o.slot }, concatParams(outer, c, inner, shape[axis], offset), flatGrid(outer * c * inner));
            offset += c;
          }
          define(out, o);
          break;
        }
        case 'Split': {
          const x = a(0);
          const axis = axisOf(attr('axis', 0), x.shape.length);
          const parts = ins[1]?.ints ?? (attr<number[] | undefined>('split', undefined)) ?? new Array(n.outputs.length).fill(x.shape[axis] / n.outputs.length);
          const outer = size(x.shape.slice(0, axis));
          const inner = size(x.shape.slice(axis + 1));
          let offset = 0;
          parts.forEach((c, i) => {
            const shape = [...x.shape];
            shape[axis] = c;
            const o = onGpu(shape);
            dispatch(k.split, { 1: gpu(x), 2: o.slot }, splitParams(outer, c, inner, x.shape[axis], offset), flatGrid(size(shape)));
            define(n.outputs[i], o);
            offset += c;
          });
          break;
        }
        case 'Gemm': {
          const [x, w] = [a(0), a(1)];
          const b = ins[2] ? hostOf(a(2)) : new Float32Array(w.shape[0]);
          if (attr<number>('transB', 0) !== 1 || attr<number>('transA', 0) || attr<number>('alpha', 1) !== 1 || attr<number>('beta', 1) !== 1) throw new UnsupportedOpError(model, 'Gemm (other than x·Wᵀ + b)', n.name);
          const [M, K] = x.shape;
          const N = w.shape[0];
          if (onCpuCheap(M * N)) {
            fold([M, N], ([xv, wv]) => matmulRef(xv, wv, b, M, N, K));
            break;
          }
          const o = onGpu([M, N]);
          dispatch(k.matmul, { 1: gpu(x), 2: gpu(w), 3: b, 4: o.slot }, gemmParams(M, N, K), gemmGrid(M, N));
          define(out, o);
          break;
        }
        case 'MatMul': {
          const [x, y] = [a(0), a(1)];
          const [B, M, K] = x.shape.length === 3 ? x.shape : [1, ...x.shape];
          const N = y.shape[y.shape.length - 1];
          if (onCpu && x.shape.length <= 2 && y.shape.length <= 2) { // e.g. spectral norm's power iteration on weights
            // numpy rules: a 1-D first operand is a row, a 1-D second operand a column; those axes are dropped
            const [m, kk] = x.shape.length === 1 ? [1, x.shape[0]] : x.shape;
            const nn = y.shape.length === 1 ? 1 : y.shape[1];
            const shape = [...(x.shape.length === 2 ? [m] : []), ...(y.shape.length === 2 ? [nn] : [])];
            if (onCpuCheap(m * nn)) {
              fold(shape, ([u, v]) => {
                const o = new Float32Array(m * nn);
                for (let r = 0; r < m; r++) for (let j = 0; j < nn; j++) {
                  let s = 0;
                  for (let i = 0; i < kk; i++) s += u[r * kk + i] * v[i * nn + j];
                  o[r * nn + j] = s;
                }
                return o;
              });
              break;
            }
          }
          if (y.shape.length === 3 && y.shape[0] !== B) throw new UnsupportedOpError(model, 'MatMul (broadcast batches)', n.name);
          const o = onGpu(x.shape.length === 3 ? [B, M, N] : [M, N]);
          dispatch(k.bmm, { 1: gpu(x), 2: gpu(y), 3: o.slot }, [M, N, K, 0], bmmGrid(B, M, N));
          define(out, o);
          break;
        }
        case 'Conv':
        case 'ConvTranspose': {
          const [x, w] = [a(0), a(1)];
          const transposed = n.op === 'ConvTranspose';
          const [kh, kw] = attr<number[]>('kernel_shape', w.shape.slice(2));
          const pads = attr<number[]>('pads', [0, 0, 0, 0]);
          const strides = attr<number[]>('strides', [1, 1]);
          if (attr<number>('group', 1) !== 1 || pads.some((p) => p !== pads[0]) || strides[0] !== strides[1] || attr<number[]>('dilations', [1, 1]).some((d) => d !== 1) || n.attributes.output_padding) {
            throw new UnsupportedOpError(model, `${n.op} (groups, dilation, output padding or uneven padding/strides)`, n.name);
          }
          const s: ConvShape = { batch: x.shape[0], cin: x.shape[1], h: x.shape[2], w: x.shape[3], cout: transposed ? w.shape[1] : w.shape[0], kh, kw, stride: strides[0], pad: pads[0], transposed };
          const { oh, ow } = convOutSize(s);
          const o = onGpu([s.batch, s.cout, oh, ow]);
          // The tiled GEMM pays off once a layer has enough outputs to fill a GPU and enough taps and channels
          // to fill its tiles; every layer of our models runs faster direct (4× on SwiftShader for the U-Net's
          // 128 → 64 3×3 convolution at 14×14, measured per dispatch).
          // Weights computed at run time (not constants) are read as they are, by the tiled GEMM.
          const tiled = !w.host || (s.batch * oh * ow * s.cout >= 1 << 18 && s.cin * kh * kw >= 1024 && s.cout >= 64);
          let bias = ins[2] ? hostOf(a(2)) : new Float32Array(s.cout);
          let weights = w;
          const epi = epilogues.get(index);
          if (epi?.bn && w.host) {
            const { mul, add } = batchNormAffine(epi.bn, get);
            const taps = kh * kw;
            weights = { shape: w.shape, host: w.host.map((v, i) => v * mul[transposed ? Math.floor(i / taps) % s.cout : Math.floor(i / (s.cin * taps))]) };
            bias = bias.map((v, c) => v * mul[c] + add[c]);
          } else if (epi?.bn) throw new UnsupportedOpError(model, `${n.op} with batch norm on weights computed at run time`, n.name);
          const act = epi?.act ?? 'none';
          if (tiled) dispatch(k.conv, { 1: gpu(x), 2: gpu(weights), 3: bias, 4: o.slot }, convParams(s, act), convGrid(s));
          else dispatch(k.convDirect, { 1: gpu(x), 3: bias, 4: o.slot, 5: packDirectWeights(hostOf(weights), s) }, convParams(s, act), convDirectGrid(s));
          define(epi?.out ?? out, o);
          break;
        }
        case 'LeakyRelu': {
          const x = a(0);
          const alpha = attr<number>('alpha', 0.01);
          const o = onGpu(x.shape);
          dispatch(k.unary, { 1: gpu(x), 3: o.slot }, unaryParams('leaky', size(x.shape), alpha), flatGrid(size(x.shape)));
          define(out, o);
          break;
        }
        case 'Relu':
        case 'Sigmoid':
        case 'Tanh':
        case 'Sin':
        case 'Cos': {
          const x = a(0);
          if (onCpuCheap(size(x.shape))) { fold(x.shape, ([v]) => v.map(UNARY_CPU[n.op])); break; }
          const o = onGpu(x.shape);
          dispatch(k.unary, { 1: gpu(x), 3: o.slot }, unaryParams(UNARY[n.op], size(x.shape)), flatGrid(size(x.shape)));
          define(out, o);
          break;
        }
        case 'Add':
        case 'Sub':
        case 'Mul':
        case 'Div': {
          const [x, y] = [a(0), a(1)];
          if (x.ints && y.ints) {
            const r = binaryRef(Float32Array.from(x.ints), x.shape, Float32Array.from(y.ints), y.shape, BINARY[n.op]);
            define(out, { shape: r.shape, ints: Array.from(r.y, Math.trunc) });
            break;
          }
          const params = binaryParams(BINARY[n.op], x.shape, y.shape);
          const shape = params.slice(4 - Math.max(x.shape.length, y.shape.length), 4);
          if (onCpuCheap(size(shape))) { fold(shape, ([u, v]) => binaryRef(u, x.shape, v, y.shape, BINARY[n.op]).y); break; }
          const o = onGpu(shape);
          dispatch(k.binary, { 1: gpu(x), 2: gpu(y), 3: o.slot }, params, flatGrid(size(shape)));
          define(out, o);
          break;
        }
        case 'BatchNormalization': { // inference: a per-channel affine y = x·mul + add (after a convolution: folded into it)
          const x = a(0);
          const { mul, add } = batchNormAffine(n, get);
          const C = x.shape[1];
          const per = [C, ...x.shape.slice(2).map(() => 1)];
          if (onCpuCheap(size(x.shape))) { // e.g. after the GAN's first linear layer, itself on the CPU
            fold(x.shape, ([v]) => binaryRef(binaryRef(v, x.shape, mul, per, 'mul').y, x.shape, add, per, 'add').y);
            break;
          }
          const scaled = onGpu(x.shape);
          dispatch(k.binary, { 1: gpu(x), 2: mul, 3: scaled.slot }, binaryParams('mul', x.shape, per), flatGrid(size(x.shape)));
          const o = onGpu(x.shape);
          dispatch(k.binary, { 1: scaled.slot, 2: add, 3: o.slot }, binaryParams('add', x.shape, per), flatGrid(size(x.shape)));
          free.push(scaled.slot);
          define(out, o);
          break;
        }
        case 'InstanceNormalization': { // over [N, C, …]: group norm with one group per channel
          const x = a(0);
          const C = x.shape[1];
          const spatial = size(x.shape.slice(2));
          const o = onGpu(x.shape);
          dispatch(k.groupNorm, { 1: gpu(x), 2: hostOf(a(1)), 3: hostOf(a(2)), 4: o.slot }, groupNormParams(C, spatial, C, attr('epsilon', 1e-5)), [C, x.shape[0]]);
          define(out, o);
          break;
        }
        case 'Transpose': {
          const x = a(0);
          const perm = attr<number[]>('perm', []);
          if (x.shape.length !== 3 || perm.join() !== '0,2,1') throw new UnsupportedOpError(model, `Transpose (perm ${perm})`, n.name);
          const o = onGpu([x.shape[0], x.shape[2], x.shape[1]]);
          dispatch(k.transpose, { 1: gpu(x), 2: o.slot }, transposeParams(x.shape[0], x.shape[1], x.shape[2]), flatGrid(size(x.shape)));
          define(out, o);
          break;
        }
        case 'Softmax': {
          const x = a(0);
          if (axisOf(attr('axis', -1), x.shape.length) !== x.shape.length - 1) throw new UnsupportedOpError(model, 'Softmax (not over the last axis)', n.name);
          const last = x.shape[x.shape.length - 1];
          const rows = size(x.shape) / last;
          const o = onGpu(x.shape);
          dispatch(k.softmax, { 1: gpu(x), 2: o.slot }, [rows, last, 0, 0], [rows]);
          define(out, o);
          break;
        }
        case 'Resize': {
          const x = a(0);
          const scales = ins[2]?.host ?? (ins[2]?.ints ? Float32Array.from(ins[2].ints) : undefined);
          const f = scales?.[2];
          if (attr<string>('mode', 'nearest') !== 'nearest' || !scales || scales[0] !== 1 || scales[1] !== 1 || scales[3] !== f || !Number.isInteger(f)) {
            throw new UnsupportedOpError(model, 'Resize (other than nearest by an integer factor)', n.name);
          }
          const [B, C, H, W] = x.shape;
          const o = onGpu([B, C, H * f!, W * f!]);
          dispatch(k.upsample, { 1: gpu(x), 2: o.slot }, upsampleParams(B, C, H, W, f!), flatGrid(size(o.shape)));
          define(out, o);
          break;
        }
        default:
          throw new UnsupportedOpError(model, n.op, n.name);
      }
      releaseInputs(n.inputs, index);
    });

    const buffers = slotBytes.map((bytes, i) => this.device.createBuffer({ label: `${model} tensor slot ${i}`, size: Math.ceil(bytes / 16) * 16,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST }));
    const dispatches = pending.map((p, i) => {
      const bound: Record<number, GPUBuffer> = {};
      for (const [binding, b] of Object.entries(p.buffers)) bound[Number(binding)] = typeof b === 'number' ? buffers[b] : this.gpuConstant(b);
      return p.kernel.bind(`${model} dispatch ${i}`, bound, () => p.params, () => p.grid as [number, number?, number?]);
    });
    const outputs = g.outputs.map((o) => {
      const v = get(o.name);
      if (v.slot === undefined) throw new Error(`${model}: output ${o.name} does not come from the GPU`);
      return { name: o.name, slot: v.slot, shape: v.shape };
    });
    return { inputs, cpuSteps, uploads, dispatches, outputs, buffers };
  }
}

function constantOf(t: Initializer, model: string): Value {
  if (t.data) return { shape: t.dims, host: t.data };
  if (t.ints) return { shape: t.dims, ints: t.ints };
  throw new Error(`${model}: tensor ${t.name} has an unsupported element type (${t.dataType})`);
}

/** Inference batch norm as a per-channel affine: y = x·mul + add. */
function batchNormAffine(n: GraphNode, get: (name: string) => Value): { mul: Float32Array; add: Float32Array } {
  const [scale, bias, mean, variance] = [1, 2, 3, 4].map((i) => hostOf(get(n.inputs[i])));
  const eps = (n.attributes.epsilon as number | undefined) ?? 1e-5;
  const mul = scale.map((s, c) => s / Math.sqrt(variance[c] + eps));
  return { mul, add: bias.map((b, c) => b - mean[c] * mul[c]) };
}

function hostOf(v: Value): Float32Array {
  if (v.host) return v.host;
  if (v.ints) return Float32Array.from(v.ints);
  throw new Error('a value needed on the CPU lives on the GPU');
}

/** Output shape of Reshape / Flatten / Unsqueeze / Squeeze / Cast. */
function reshaped(n: GraphNode, shape: number[], second?: number[]): number[] {
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
function concatCpu(xs: Float32Array[], shapes: number[][], axis: number): Float32Array {
  const outer = size(shapes[0].slice(0, axis));
  const inners = shapes.map((s) => size(s.slice(axis)));
  const total = inners.reduce((p, q) => p + q, 0);
  const y = new Float32Array(outer * total);
  for (let o = 0; o < outer; o++) {
    let at = o * total;
    xs.forEach((x, i) => { y.set(x.subarray(o * inners[i], (o + 1) * inners[i]), at); at += inners[i]; });
  }
  return y;
}
