// Runs a training plan (plan.ts) on the CPU: every op is the CPU reference of its kernel
// (kernels/train/train-reference.ts) on Float32Arrays. This is the training page's fallback engine without
// WebGPU, and what the WebGPU engine is checked against. No DOM.
import {
  activateAll,
  activateGrad,
  adam,
  addAll,
  bceLogits,
  linearForward,
  linearInputGrad,
  linearParamGrad,
  mixRows,
  mse,
  reparam,
  reparamGrad,
  sinusoid,
} from '../../kernels/train/train-reference';
import {
  attention,
  attentionGrad,
  embeddingGrad,
  layerNorm,
  layerNormInputGrad,
  layerNormParamGrad,
  softmaxCrossEntropy,
} from '../../kernels/train/sequence-reference';
import { type Block, type Executor, isSequenceOp, type Op, type PartTimes, type Plan, type Ref, type SequenceOp } from './plan';

export interface BlockArrays {
  p: Float32Array;
  g: Float32Array;
  m: Float32Array;
  v: Float32Array;
}

export class CpuExecutor {
  readonly tensors = new Map<string, Float32Array>();
  readonly blocks = new Map<string, BlockArrays>();
  readonly stats: Float32Array;

  constructor(readonly plan: Plan) {
    for (const [name, size] of plan.tensors) this.tensors.set(name, new Float32Array(size));
    for (const b of plan.blocks) {
      this.blocks.set(b.name, {
        p: new Float32Array(b.size),
        g: new Float32Array(b.size),
        m: new Float32Array(b.size),
        v: new Float32Array(b.size),
      });
    }
    this.stats = new Float32Array(plan.stats.length);
  }

  /** The array of `r`, starting at its offset. */
  view(r: Ref): Float32Array {
    const t = this.tensors.get(r.t);
    if (!t) throw new Error(`the plan has no tensor ${r.t}`);
    return r.at ? t.subarray(r.at) : t;
  }

  block(b: Block | string): BlockArrays {
    const found = this.blocks.get(typeof b === 'string' ? b : b.name);
    if (!found) throw new Error(`the plan has no block ${typeof b === 'string' ? b : b.name}`);
    return found;
  }

  /** Runs `ops`; `adamStep` is the step number (from 1) the Adam updates use. */
  run(ops: readonly Op[], adamStep: number): void {
    for (const o of ops) this.one(o, adamStep);
  }

  private one(o: Op, adamStep: number): void {
    if (isSequenceOp(o)) {
      this.sequence(o);
      return;
    }
    const v = (r: Ref) => this.view(r);
    switch (o.op) {
      case 'gather': {
        const data = v(o.data);
        const idx = v(o.idx);
        const out = v(o.out);
        for (let r = 0; r < o.rows; r++) out.set(data.subarray(idx[r] * o.cols, (idx[r] + 1) * o.cols), r * o.cols);
        return;
      }
      case 'linear': {
        const p = this.block(o.layer.block).p;
        linearForward(v(o.x), p.subarray(o.layer.w), p.subarray(o.layer.b), v(o.y), o.M, o.layer.out, o.layer.in);
        return;
      }
      case 'act':
        activateAll(v(o.x), v(o.y), o.n, o.act, o.alpha);
        return;
      case 'actGrad':
        activateGrad(v(o.pre), v(o.dy), v(o.dx), o.n, o.act, o.alpha);
        return;
      case 'inputGrad': {
        const p = this.block(o.layer.block).p;
        linearInputGrad(v(o.dy), p.subarray(o.layer.w), v(o.dx), o.M, o.layer.out, o.layer.in);
        return;
      }
      case 'paramGrad': {
        const g = this.block(o.layer.block).g;
        linearParamGrad(v(o.dy), v(o.x), g.subarray(o.layer.w), g.subarray(o.layer.b), o.M, o.layer.out, o.layer.in);
        return;
      }
      case 'bce':
      case 'mse':
        (o.op === 'bce' ? bceLogits : mse)(v(o.y), v(o.target), v(o.grad), v(o.rowLoss), o.M, o.N, o.scale);
        return;
      case 'reparam':
        reparam(v(o.enc), v(o.eps), v(o.z), v(o.rowKl), o.M, o.Z);
        return;
      case 'reparamGrad':
        reparamGrad(v(o.enc), v(o.eps), v(o.dz), v(o.denc), o.M, o.Z, o.klScale);
        return;
      case 'add':
        addAll(v(o.a), v(o.b), v(o.y), o.n);
        return;
      case 'mix':
        mixRows(v(o.x), v(o.e), v(o.coef), v(o.y), o.M, o.N);
        return;
      case 'sinusoid':
        sinusoid(v(o.t), v(o.y), o.M, o.N, o.maxPeriod);
        return;
      case 'adam': {
        const a = this.block(o.block);
        adam(a.p, a.g, a.m, a.v, o.block.size, adamStep, o.block.adam);
        return;
      }
      case 'stat': {
        const src = v(o.src);
        let sum = 0;
        for (let i = 0; i < o.count; i++) sum += o.fn === 'sigmoid' ? 1 / (1 + Math.exp(-src[i])) : src[i];
        this.stats[o.slot] = sum * o.scale;
        return;
      }
    }
  }

  /** The sequence models' ops (sequence-reference.ts). */
  private sequence(o: SequenceOp): void {
    const v = (r: Ref) => this.view(r);
    switch (o.op) {
      case 'layerNorm': {
        const p = this.block(o.ln.block).p;
        layerNorm(v(o.x), p.subarray(o.ln.w), p.subarray(o.ln.b), v(o.y), v(o.xhat), o.M, o.N, o.eps);
        return;
      }
      case 'layerNormGrad':
        layerNormInputGrad(v(o.x), this.block(o.ln.block).p.subarray(o.ln.w), v(o.dy), v(o.dx), o.M, o.N, o.eps);
        return;
      case 'layerNormParamGrad': {
        const g = this.block(o.ln.block).g;
        layerNormParamGrad(v(o.dy), v(o.xhat), g.subarray(o.ln.w), g.subarray(o.ln.b), o.M, o.N);
        return;
      }
      case 'embed': {
        const p = this.block(o.table.block).p;
        const [idx, out, D] = [v(o.idx), v(o.out), o.table.in];
        for (let r = 0; r < o.rows; r++) out.set(p.subarray(o.table.w + idx[r]! * D, o.table.w + (idx[r]! + 1) * D), r * D);
        return;
      }
      case 'embedGrad':
        embeddingGrad(v(o.dy), v(o.idx), this.block(o.table.block).g.subarray(o.table.w), o.rows, o.table.out, o.table.in);
        return;
      case 'xent':
        softmaxCrossEntropy(v(o.y), v(o.target), v(o.grad), v(o.rowLoss), o.M, o.N, o.scale);
        return;
      case 'attention':
        attention(v(o.qkv), v(o.y), v(o.p), o.shape);
        return;
      case 'attentionGrad':
        attentionGrad(v(o.qkv), v(o.p), v(o.dy), v(o.dqkv), o.shape);
        return;
    }
  }
}

/** The plan's extra group of ops called `name`. */
export function groupOf(plan: Plan, name: string): readonly Op[] {
  const ops = plan.extra?.[name];
  if (!ops) throw new Error(`the plan has no group of ops called ${name}`);
  return ops;
}

/** The CPU executor behind the Executor interface. */
export async function cpuExecutor(plan: Plan): Promise<Executor> {
  const cpu = new CpuExecutor(plan);
  return {
    write: (tensor, data) => cpu.view({ t: tensor }).set(data),
    setParams: (block, params, moments) => {
      const b = cpu.block(block);
      b.p.set(params);
      if (moments) {
        b.m.set(moments.m);
        b.v.set(moments.v);
      } else {
        b.m.fill(0);
        b.v.fill(0);
      }
    },
    steps: async (inputs, first) => {
      const partMs: PartTimes = {};
      const stats = inputs.map((inp, i) => {
        for (const [k, v] of Object.entries(inp)) cpu.view({ t: k }).set(v);
        for (const part of plan.step) {
          const t0 = performance.now();
          cpu.run(part.ops, first + i);
          partMs[part.model] = (partMs[part.model] ?? 0) + performance.now() - t0;
        }
        return cpu.stats.slice();
      });
      return { stats, partMs };
    },
    draw: async (read, group) => {
      cpu.run(group ? groupOf(plan, group) : plan.draw, 1);
      return Object.fromEntries(Object.entries(read).map(([k, n]) => [k, cpu.view({ t: k }).slice(0, n)]));
    },
    state: async (block) => {
      const b = cpu.block(block);
      return { p: b.p.slice(), m: b.m.slice(), v: b.v.slice() };
    },
    destroy: () => {},
  };
}
