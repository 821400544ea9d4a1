// The state of one planning run (planner.ts): the values known so far, the slots, the CPU steps and the
// dispatches recorded, and the view of one node that each op's lowering (lowering.ts) works through. No GPU.
import type { Grid } from '../../kernels/gpu';
import type { ImageKernelName, ImageKernelParams } from '../../kernels/image-kernels';
import type { ParamValues } from '../../kernels/params';
import type { GraphNode, OnnxGraph } from '../onnx/onnx-reader';
import { SlotAllocator } from './slots';
import { constantOf, hostOf, size, type Value } from './values';

export class UnsupportedOpError extends Error {
  override name = 'UnsupportedOpError';
  constructor(
    readonly model: string,
    readonly op: string,
    node: string,
  ) {
    super(`The wgsl engine cannot run ${model}: it has no kernel for the ONNX op "${op}" (node ${node || 'unnamed'}).`);
  }
}

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

/** The state of one planning run, shared by the lowering functions of every node. */
export class Planner {
  readonly values = new Map<string, Value>();
  readonly slots = new SlotAllocator();
  readonly cpuSteps: ((env: Float32Array[]) => void)[] = [];
  readonly uploads: { cpu: number; slot: number }[] = [];
  readonly dispatches: PlannedDispatch[] = [];
  private readonly uploadSlot = new Map<number, number>();
  private readonly lastUse = new Map<string, number>();
  private cpuCount = 0;

  constructor(
    readonly graph: OnnxGraph,
    readonly model: string,
  ) {
    for (const [name, t] of graph.initializers) this.values.set(name, constantOf(t, model));
    graph.nodes.forEach((n, i) => {
      n.inputs.forEach((x) => {
        this.lastUse.set(x, i);
      });
    });
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

  dispatch<K extends ImageKernelName>(
    node: GraphNode,
    kernel: K,
    buffers: Record<number, BufferSource>,
    params: ImageKernelParams<K>,
    grid: Grid,
  ): void {
    this.dispatches.push({ kernel, node: node.name, buffers, params, grid });
  }

  /** Values read for the last time at node `index` release their slots. */
  releaseInputs(names: string[], index: number): void {
    for (const name of names) if (this.lastUse.get(name) === index) this.slots.readDone(this.values.get(name)?.slot);
  }

  /** A CPU value computed element-wise from another (plan-time when that one is known, else each call). */
  fold1(name: string, x: Value, f: (v: number) => number): void {
    if (x.host || x.ints) {
      this.define(name, { shape: x.shape, host: hostOf(x).map(f) });
      return;
    }
    const cpu = this.nextCpu();
    this.cpuSteps.push((env) => {
      env[cpu] = env[x.cpu!].map(f);
    });
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

  constructor(
    readonly p: Planner,
    readonly n: GraphNode,
    readonly index: number,
  ) {
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
   * Whether to compute this node on the CPU. Constants only: folded once at plan time, whatever their size (e.g.
   * the discriminator's spectrally normalised weights). Values computed from the inputs run on the CPU only while
   * they are small, and never for a graph output, which the runner reads from the GPU (a small all-dense model,
   * such as the ones trained on #/train, would otherwise end on the CPU).
   */
  onCpuCheap(count: number): boolean {
    return this.known || (this.onCpu && count <= CPU_MAX && !this.p.graph.outputs.some((o) => o.name === this.out));
  }

  /** The output computed on the CPU: now from constants, else each call from the call's values. */
  fold(shape: number[], compute: (xs: Float32Array[]) => Float32Array): void {
    const none = new Float32Array(0);
    if (this.known) {
      this.p.define(this.out, { shape, host: compute(this.ins.map((v) => (v ? hostOf(v) : none))) });
      return;
    }
    const ins = this.ins;
    const cpu = this.p.nextCpu();
    this.p.cpuSteps.push((env) => {
      env[cpu] = compute(ins.map((v) => (!v ? none : v.cpu !== undefined ? env[v.cpu] : hostOf(v))));
    });
    this.p.define(this.out, { shape, cpu });
  }

  /** A GPU output of `shape` under `name` (the node's output unless a fused epilogue renames it). */
  gpuOut(shape: number[], name = this.out): { shape: number[]; slot: number } {
    const o = this.p.onGpu(shape);
    this.p.define(name, o);
    return o;
  }
}
