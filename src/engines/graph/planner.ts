// The graph planner: for one set of input shapes, turns the parsed ONNX graph into a plan — what the CPU
// computes per call, which slots the GPU tensors use, and the list of dispatches (kernel name, buffers,
// typed params, grid). Pure: no GPU objects, so the plans of the shipped models are checked in Node; the
// runner (graph-runner.ts) makes the buffers and bind groups from it. Its parts: fusion.ts (which nodes run
// inside another's dispatch), lowering.ts (one function per op), plan-context.ts (the state they share),
// slots.ts (buffer reuse).
//   - shapes are worked out here; what depends on constants only is folded here (shape arithmetic, weight
//     reshapes, the discriminator's spectral norm); small tensors computed from the inputs alone (the U-Net's
//     timestep and label embeddings: a few hundred numbers) are computed on the CPU each call, in float64;
//   - every other node becomes one kernel dispatch (or none, when fusion.ts put it inside another's).
import { flatGrid } from '../../kernels/gpu';
import { unaryParams } from '../../kernels/elementwise/elementwise';
import { groupNormParams } from '../../kernels/norm/norm';
import type { GraphNode, OnnxGraph } from '../onnx/onnx-reader';
import { fuse, type Fusions, type GroupNormFusion } from './fusion';
import { LOWERING } from './lowering';
import { NodeContext, type PlannedDispatch, Planner, UnsupportedOpError } from './plan-context';
import { size } from './values';

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
  p.dispatch(
    g.nodes[index],
    'groupNorm',
    { 1: x.slot, 2: gamma.host, 3: beta.host, 4: o.slot },
    groupNormParams(C, size(x.shape.slice(2)), groups, f.eps, f.act),
    [groups, x.shape[0]],
  );
  p.define(f.out, o);
  // The [N, G, −1] alias was read by the InstanceNormalization folded in here: that read is done now.
  p.slots.readDone(grouped.slot);
  p.releaseInputs([f.x], index);
}

/** A SiLU Mul (its Sigmoid skipped): one `unary` dispatch, or on the CPU when x is there. */
function emitSilu(p: Planner, index: number, xName: string): void {
  const n = p.graph.nodes[index];
  const x = p.get(xName);
  if (x.slot === undefined) {
    p.fold1(n.outputs[0], x, (v) => v / (1 + Math.exp(-v)));
    return;
  }
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
  const { cpuSteps, uploads, dispatches } = p;
  return { inputs, cpuSteps, uploads, dispatches, outputs, slotBytes: p.slots.bytes, placement, fusions };
}
