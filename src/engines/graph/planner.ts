// The graph planner: for one set of input shapes, turns the parsed ONNX graph into a plan — what the CPU
// computes per call, which slots the GPU tensors use, and the list of dispatches (kernel name, buffers,
// typed params, grid). Pure: no GPU objects, so the plans of the shipped models are checked in Node; the
// runner (graph-runner.ts) makes the buffers and bind groups from it.
//   - shapes are worked out here; what depends on constants only is folded here (shape arithmetic, weight
//     reshapes, the discriminator's spectral norm); small tensors computed from the inputs alone (the U-Net's
//     timestep and label embeddings: a few hundred numbers) are computed on the CPU each call, in float64;
//   - every other node becomes one kernel dispatch (or none, when fusion.ts put it inside another's).
import { flatGrid, type Grid } from '../../kernels/gpu';
import { unaryParams } from '../../kernels/elementwise/elementwise';
import { groupNormParams } from '../../kernels/norm/norm';
import type { ImageKernelName, ImageKernelParams } from '../../kernels/image-kernels';
import type { ParamValues } from '../../kernels/params';
import type { GraphNode, OnnxGraph } from '../onnx/onnx-reader';
import { fuse, type Fusions, type GroupNormFusion } from './fusion';
import { LOWERING, UnsupportedOpError } from './lowering';
import { SlotAllocator } from './slots';
import { constantOf, hostOf, size, type Value } from './values';

/** Largest tensor computed on the CPU each call instead of on the GPU. */
export const CPU_MAX = 1 << 14;

/** Where a kernel reads a buffer from: a slot of the plan, or a constant uploaded once. */
export type BufferSource = number | Float32Array;

export interface PlannedDispatch {
  kernel: ImageKernelName;
  /** The node it was emitted for (the last of a fused group). */
  node: string;
  buffers: Record<number, BufferSource>;
  params: ParamValues<Record<string, 'u32' | 'i32' | 'f32'>>;
  grid: Grid;
}

/** How a node ended up: folded when planning, computed on the CPU per call, dispatched, an alias, or fused. */
export type Placement = 'plan-time' | 'per-call' | 'gpu' | 'alias' | 'fused';

export interface GraphPlan {
  /** CPU values of a call: the inputs first, then what `cpuSteps` compute. */
  inputs: { name: string; cpu: number; size: number }[];
  cpuSteps: ((env: Float32Array[]) => void)[];
  uploads: { cpu: number; slot: number }[];
  dispatches: PlannedDispatch[];
  outputs: { name: string; slot: number; shape: number[] }[];
  /** Bytes of each buffer slot. */
  slotBytes: number[];
  /** Per node, in graph order. */
  placement: Placement[];
  fusions: Fusions;
}

/** The state of one planning run, shared by the lowering functions of every node. */
export class Planner {
  readonly values = new Map<string, Value>();
  readonly slots = new SlotAllocator();
  readonly cpuSteps: GraphPlan['cpuSteps'] = [];
  readonly uploads: GraphPlan['uploads'] = [];
  readonly dispatches: PlannedDispatch[] = [];
  private readonly uploadSlot = new Map<number, number>();
  private readonly lastUse = new Map<string, number>();
  private cpuCount = 0;

  constructor(readonly graph: OnnxGraph, readonly model: string) {
    for (const [name, t] of graph.initializers) this.values.set(name, constantOf(t, model));
    graph.nodes.forEach((n, i) => n.inputs.forEach((x) => this.lastUse.set(x, i)));
    for (const o of graph.outputs) this.lastUse.set(o.name, Infinity);
  }

  get(name: string): Value {
    const v = this.values.get(name);
    if (!v) throw new Error(`${this.model}: ${name} is read before it is written`);
    return v;
  }

  /** Binds `name` to `v` (a GPU value's slot gains a reader). */
  define(name: string, v: Value): void {
    this.values.set(name, v);
    if (v.slot !== undefined) this.slots.bind(v.slot);
  }

  /** A new CPU value of the call's list. */
  nextCpu(): number {
    return this.cpuCount++;
  }

  /** A fresh GPU value of `shape`. */
  onGpu(shape: number[]): { shape: number[]; slot: number } {
    return { shape, slot: this.slots.alloc(size(shape)) };
  }

  /** Where a GPU kernel finds a value: its slot, a constant buffer, or a slot the call uploads it to. */
  gpu(v: Value): BufferSource {
    if (v.slot !== undefined) return v.slot;
    if (v.host) return v.host;
    if (v.ints) return Float32Array.from(v.ints);
    let slot = this.uploadSlot.get(v.cpu!);
    if (slot === undefined) {
      slot = this.slots.alloc(size(v.shape), true);
      this.uploadSlot.set(v.cpu!, slot);
      this.uploads.push({ cpu: v.cpu!, slot });
    }
    return slot;
  }

  dispatch<K extends ImageKernelName>(node: GraphNode, kernel: K, buffers: Record<number, BufferSource>, params: ImageKernelParams<K>, grid: Grid): void {
    this.dispatches.push({ kernel, node: node.name, buffers, params, grid });
  }

  /** Values read for the last time at node `index` release their slots. */
  releaseInputs(names: string[], index: number): void {
    for (const name of names) if (this.lastUse.get(name) === index) this.slots.readDone(this.values.get(name)?.slot);
  }

  /** A CPU value computed element-wise from another (plan-time when that one is known, else each call). */
  fold1(name: string, x: Value, f: (v: number) => number): void {
    if (x.host || x.ints) { this.define(name, { shape: x.shape, host: hostOf(x).map(f) }); return; }
    const cpu = this.nextCpu();
    this.cpuSteps.push((env) => { env[cpu] = env[x.cpu!].map(f); });
    this.define(name, { shape: x.shape, cpu });
  }
}

/** One node being lowered: its inputs, attributes, and the ways to define its output. */
export class NodeContext {
  readonly ins: (Value | undefined)[];
  readonly out: string;
  /** Every input is on the CPU (known or computed per call). */
  readonly onCpu: boolean;
  /** Every input is known when planning. */
  readonly known: boolean;

  constructor(readonly p: Planner, readonly n: GraphNode, readonly index: number) {
    this.ins = n.inputs.map((name) => (name ? p.get(name) : undefined));
    this.out = n.outputs[0];
    this.onCpu = this.ins.every((v) => !v || v.slot === undefined);
    this.known = this.ins.every((v) => !v || v.host || v.ints);
  }

  get model(): string {
    return this.p.model;
  }

  a(i: number): Value {
    const v = this.ins[i];
    if (!v) throw new Error(`${this.model}: node ${this.n.name} needs input ${i}`);
    return v;
  }

  attr<T>(name: string, fallback: T): T {
    return (this.n.attributes[name] as T | undefined) ?? fallback;
  }

  unsupported(what: string): UnsupportedOpError {
    return new UnsupportedOpError(this.model, what, this.n.name);
  }

  /**
   * Constants only: folded once at plan time, whatever their size (e.g. the discriminator's spectrally
   * normalised weights). Values computed from the inputs run on the CPU only while they are small.
   */
  onCpuCheap(count: number): boolean {
    return this.known || (this.onCpu && count <= CPU_MAX);
  }

  /** The output computed on the CPU: now from constants, else each call from the call's values. */
  fold(shape: number[], compute: (xs: Float32Array[]) => Float32Array): void {
    if (this.known) { this.p.define(this.out, { shape, host: compute(this.ins.map((v) => (v ? hostOf(v) : new Float32Array(0)))) }); return; }
    const ins = this.ins;
    const cpu = this.p.nextCpu();
    this.p.cpuSteps.push((env) => { env[cpu] = compute(ins.map((v) => (!v ? new Float32Array(0) : v.cpu !== undefined ? env[v.cpu] : hostOf(v)))); });
    this.p.define(this.out, { shape, cpu });
  }

  /** A GPU output of `shape` under `name` (the node's output unless a fused epilogue renames it). */
  gpuOut(shape: number[], name = this.out): { shape: number[]; slot: number } {
    const o = this.p.onGpu(shape);
    this.p.define(name, o);
    return o;
  }
}

/** The fused group norm, dispatched at the group's last node. */
function emitGroupNorm(p: Planner, index: number, f: GroupNormFusion): void {
  const g = p.graph;
  const x = p.get(f.x);
  const grouped = p.get(g.nodes[f.norm].inputs[0]); // [N, G, −1]
  const [gamma, beta] = [p.get(f.gamma), p.get(f.beta)];
  if (x.slot === undefined || !gamma.host || !beta.host || gamma.host.length !== x.shape[1] || beta.host.length !== x.shape[1]) {
    throw new UnsupportedOpError(p.model, 'group norm (with these inputs)', g.nodes[f.norm].name);
  }
  const C = x.shape[1];
  const o = p.onGpu(x.shape);
  const groups = grouped.shape[1];
  p.dispatch(g.nodes[index], 'groupNorm', { 1: x.slot, 2: gamma.host, 3: beta.host, 4: o.slot },
    groupNormParams(C, size(x.shape.slice(2)), groups, f.eps, f.act), [groups, x.shape[0]]);
  p.define(f.out, o);
  // The [N, G, −1] alias was read by the InstanceNormalization folded in here: that read is done now.
  p.slots.readDone(grouped.slot);
  p.releaseInputs([f.x], index);
}

/** A SiLU Mul (its Sigmoid skipped): one `unary` dispatch, or on the CPU when x is there. */
function emitSilu(p: Planner, index: number, xName: string): void {
  const n = p.graph.nodes[index];
  const x = p.get(xName);
  if (x.slot === undefined) { p.fold1(n.outputs[0], x, (v) => v / (1 + Math.exp(-v))); return; }
  const o = p.onGpu(x.shape);
  p.dispatch(n, 'unary', { 1: x.slot, 3: o.slot }, unaryParams('silu', size(x.shape)), flatGrid(size(x.shape)));
  p.define(n.outputs[0], o);
  p.releaseInputs([xName], index);
}

/** How node `index` came out, from what it emitted and the value it left. */
function placementOf(p: Planner, n: GraphNode, dispatched: boolean): Placement {
  if (dispatched) return 'gpu';
  const v = p.values.get(n.outputs[0]);
  if (v?.host || v?.ints) return 'plan-time';
  return v?.cpu !== undefined ? 'per-call' : 'alias';
}

/** The plan of `graph` for these input shapes (name → dims). Throws UnsupportedOpError for what has no lowering. */
export function planGraph(graph: OnnxGraph, model: string, inputShapes: Record<string, number[]>): GraphPlan {
  const p = new Planner(graph, model);
  const fusions = fuse(graph);
  const inputs = graph.inputs.map((i) => {
    const shape = inputShapes[i.name];
    if (!shape) throw new Error(`${model}: no shape for input ${i.name}`);
    const cpu = p.nextCpu();
    p.values.set(i.name, { shape, cpu });
    return { name: i.name, cpu, size: size(shape) };
  });
  const placement: Placement[] = graph.nodes.map((n, index) => {
    const before = p.dispatches.length;
    const norm = fusions.groupNorms.get(index);
    if (norm) emitGroupNorm(p, index, norm);
    else if (fusions.skipped.has(index)) return 'fused';
    else if (fusions.silu.muls.has(index)) emitSilu(p, index, fusions.silu.muls.get(index)!);
    else {
      const lower = LOWERING[n.op];
      if (!lower) throw new UnsupportedOpError(model, n.op, n.name);
      lower(new NodeContext(p, n, index), fusions);
      p.releaseInputs(n.inputs, index);
    }
    return placementOf(p, n, p.dispatches.length > before);
  });
  const outputs = graph.outputs.map((o) => {
    const v = p.get(o.name);
    if (v.slot === undefined) throw new Error(`${model}: output ${o.name} does not come from the GPU`);
    return { name: o.name, slot: v.slot, shape: v.shape };
  });
  return { inputs, cpuSteps: p.cpuSteps, uploads: p.uploads, dispatches: p.dispatches, outputs, slotBytes: p.slots.bytes, placement, fusions };
}
