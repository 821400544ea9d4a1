// Fusion passes of the graph engine: pure functions over the parsed ONNX graph (onnx-reader.ts) that say
// which nodes run inside another node's dispatch. The planner (planner.ts) emits one dispatch for each fused
// group and nothing for the nodes it absorbed. No GPU, no shapes: only the graph's wiring and constants.
import type { Activation } from '../../kernels/elementwise/activation';
import type { GraphNode, OnnxGraph } from '../onnx/onnx-reader';

/** How the graph is wired: readers of each tensor name, the node writing it, and a name's only reader. */
export class Wiring {
  private readonly readers = new Map<string, number>();
  private readonly producers = new Map<string, number>();

  constructor(readonly graph: OnnxGraph) {
    for (const n of graph.nodes) for (const x of n.inputs) this.readers.set(x, (this.readers.get(x) ?? 0) + 1);
    graph.nodes.forEach((n, i) => {
      n.outputs.forEach((o) => {
        this.producers.set(o, i);
      });
    });
  }

  /** How many node inputs read `name` (a node reading it twice counts twice). */
  readersOf(name: string): number {
    return this.readers.get(name) ?? 0;
  }

  producer(name: string): number {
    return this.producers.get(name) ?? -1;
  }

  /** Index of the node that alone reads `name`, or −1. */
  soleReader(name: string): number {
    return this.readers.get(name) === 1 ? this.graph.nodes.findIndex((m) => m.inputs.includes(name)) : -1;
  }
}

/** SiLU written out as x · sigmoid(x): `muls` maps each such Mul to its x; `sigmoids` are the absorbed Sigmoids. */
export interface SiluFusion {
  muls: Map<number, string>;
  sigmoids: Set<number>;
}

/** SiLU as torch exports it — a Sigmoid read only by a Mul that also reads the Sigmoid's input — runs as one dispatch. */
export function fuseSilu(w: Wiring): SiluFusion {
  const nodes = w.graph.nodes;
  const muls = new Map<number, string>();
  const sigmoids = new Set<number>();
  nodes.forEach((n, i) => {
    if (n.op !== 'Sigmoid' || w.readersOf(n.outputs[0]) !== 1) return;
    const j = nodes.findIndex((m, at) => at > i && m.op === 'Mul' && m.inputs.includes(n.outputs[0]));
    const mul = nodes[j];
    if (mul?.inputs.includes(n.inputs[0]) && mul.inputs.length === 2) {
      muls.set(j, n.inputs[0]);
      sigmoids.add(i);
    }
  });
  return { muls, sigmoids };
}

/** The Mul of a fused SiLU whose x is `x`, if any. */
const siluOf = (silu: SiluFusion, x: string) => [...silu.muls.entries()].find(([, v]) => v === x)?.[0];

export interface GroupNormFusion {
  /** The InstanceNormalization node: the group count is read from its input's shape [N, G, −1] when planning. */
  norm: number;
  x: string;
  gamma: string;
  beta: string;
  /** The tensor the group's last node writes. */
  out: string;
  act: 'none' | 'silu';
  eps: number;
  /** Nodes absorbed, the InstanceNormalization first; the dispatch is emitted at the last. */
  nodes: number[];
}

/**
 * Group norm as torch exports it — Reshape to [N, G, −1] → InstanceNormalization (scale 1, bias 0) → Reshape
 * back → Mul by the weight → Add the bias (→ SiLU) — runs as one group-norm dispatch. The first Reshape stays
 * (an alias, no dispatch). `taken` holds nodes earlier passes absorbed (the SiLU's Sigmoids).
 */
export function fuseGroupNorms(w: Wiring, silu: SiluFusion): GroupNormFusion[] {
  const nodes = w.graph.nodes;
  const taken = new Set(silu.sigmoids);
  const out: GroupNormFusion[] = [];
  nodes.forEach((n, i) => {
    if (n.op !== 'InstanceNormalization') return;
    const r1 = nodes[w.producer(n.inputs[0])];
    const r2 = nodes[w.soleReader(n.outputs[0])];
    const mul = r2?.op === 'Reshape' ? nodes[w.soleReader(r2.outputs[0])] : undefined;
    const add = mul?.op === 'Mul' ? nodes[w.soleReader(mul.outputs[0])] : undefined;
    if (r1?.op !== 'Reshape' || r2?.op !== 'Reshape' || mul?.op !== 'Mul' || add?.op !== 'Add') return;
    const gamma = mul.inputs.find((x) => x !== r2.outputs[0])!;
    const beta = add.inputs.find((x) => x !== mul.outputs[0])!;
    const chain = [i, nodes.indexOf(r2), nodes.indexOf(mul), nodes.indexOf(add)];
    let last = add.outputs[0];
    let act: 'none' | 'silu' = 'none';
    const sig = nodes.findIndex((m, at) => taken.has(at) && m.inputs[0] === last);
    const fusedMul = siluOf(silu, last);
    if (sig >= 0 && fusedMul !== undefined && w.readersOf(last) === 2) {
      act = 'silu';
      last = nodes[fusedMul].outputs[0];
      chain.push(fusedMul);
    }
    const eps = (n.attributes.epsilon as number | undefined) ?? 1e-5;
    out.push({ norm: i, x: r1.inputs[0], gamma, beta, out: last, act, eps, nodes: chain });
    for (const at of chain) taken.add(at);
  });
  return out;
}

export interface ConvEpilogue {
  /** A BatchNormalization with constant statistics, folded into the convolution's weights and bias. */
  bn?: GraphNode;
  act: Activation;
  /** The tensor the epilogue's last node writes: the convolution's output takes its name. */
  out: string;
  /** Nodes absorbed into the convolution. */
  nodes: number[];
}

const EPILOGUE_ACT: Record<string, Activation> = { Relu: 'relu', Tanh: 'tanh', Sigmoid: 'sigmoid' };

/**
 * Convolution epilogues: a BatchNormalization (constant statistics) that alone reads a convolution's output
 * is folded into its weights and bias, and a ReLU / tanh / sigmoid / SiLU after that runs in the
 * convolution's last step (GAN generator: 12 dispatches → 3 for its three convolutions). `taken`: nodes
 * earlier passes absorbed.
 */
export function fuseConvEpilogues(w: Wiring, silu: SiluFusion, taken: ReadonlySet<number>): Map<number, ConvEpilogue> {
  const { nodes, initializers } = w.graph;
  const used = new Set(taken);
  const out = new Map<number, ConvEpilogue>();
  nodes.forEach((n, i) => {
    if (n.op !== 'Conv' && n.op !== 'ConvTranspose') return;
    let last = n.outputs[0];
    let bn: GraphNode | undefined;
    let act: Activation = 'none';
    const absorbed: number[] = [];
    const r = nodes[w.soleReader(last)];
    if (r?.op === 'BatchNormalization' && r.inputs.slice(1).every((x) => initializers.has(x))) {
      bn = r;
      absorbed.push(nodes.indexOf(r));
      last = r.outputs[0];
    }
    const r2 = w.soleReader(last);
    const fusedMul = siluOf(silu, last);
    const plain = r2 >= 0 && EPILOGUE_ACT[nodes[r2].op] && !used.has(r2);
    const next = plain ? r2 : fusedMul !== undefined && w.readersOf(last) === 2 ? fusedMul : -1;
    if (next >= 0) {
      act = next === r2 ? EPILOGUE_ACT[nodes[r2].op] : 'silu';
      absorbed.push(next);
      last = nodes[next].outputs[0];
    }
    for (const at of absorbed) used.add(at);
    if (bn || act !== 'none') out.set(i, { bn, act, out: last, nodes: absorbed });
  });
  return out;
}

/** Every pass, in the order they claim nodes: SiLU, group norm, convolution epilogues. */
export interface Fusions {
  silu: SiluFusion;
  /** By the node at which each group norm is dispatched (its last). */
  groupNorms: Map<number, GroupNormFusion>;
  epilogues: Map<number, ConvEpilogue>;
  /** Nodes that emit nothing of their own (a group norm's last node emits the group norm). */
  skipped: Set<number>;
}

export function fuse(graph: OnnxGraph): Fusions {
  const w = new Wiring(graph);
  const silu = fuseSilu(w);
  const norms = fuseGroupNorms(w, silu);
  const skipped = new Set([...silu.sigmoids, ...norms.flatMap((g) => g.nodes)]);
  const epilogues = fuseConvEpilogues(w, silu, skipped);
  for (const e of epilogues.values()) for (const at of e.nodes) skipped.add(at);
  return { silu, groupNorms: new Map(norms.map((g) => [g.nodes[g.nodes.length - 1], g])), epilogues, skipped };
}
