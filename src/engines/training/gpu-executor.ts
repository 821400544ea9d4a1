// Runs a training plan (plan.ts) on WebGPU with train.wgsl: one storage buffer per tensor and four per
// parameter block (parameters, gradient, Adam's two moments), every op one dispatch, and each step one command
// buffer with one compute pass per model (the VAE's, then the GAN's), timestamped where the device has timestamp
// queries: that is how the page gives steps/s per model on the GPU. Weights stay on the GPU; a batch of steps
// reads back only its statistics (copied per step into a history buffer, read once) and its timestamps, and a
// draw only the tensors asked for. No DOM.
import { compileKernels, type Dispatch, encodePass, type KernelsOf, readBytes, readFloats, storage, upload } from '../../kernels/gpu';
import {
  actCall,
  actGradCall,
  adamCall,
  addCall,
  biasGradCall,
  gatherCall,
  inputGradCall,
  linearCall,
  lossCall,
  mixCall,
  reparamCall,
  reparamGradCall,
  sinusoidCall,
  statCall,
  TRAIN_KERNELS,
  type TrainCall,
  weightGradCall,
} from '../../kernels/train/train';
import {
  attentionCall,
  attentionGradCalls,
  embeddingGradCall,
  layerNormCall,
  layerNormGradCall,
  layerNormParamGradCall,
  SEQUENCE_KERNELS,
  softmaxXentCall,
} from '../../kernels/train/sequence';
import {
  type BlockState,
  type Executor,
  isSequenceOp,
  type Op,
  type PartTimes,
  type Plan,
  type Ref,
  type SequenceOp,
  type StepPart,
  type StepsOutput,
} from './plan';

/** Every kernel a plan can use: train.wgsl's and sequence.wgsl's. */
const KERNELS = { ...TRAIN_KERNELS, ...SEQUENCE_KERNELS };
type Entry = keyof typeof KERNELS;

/** The kernels each op dispatches (a plan compiles only the ones it uses: compiling is slow on a software GPU). */
const ENTRIES: Record<Op['op'], readonly Entry[]> = {
  gather: ['gather'],
  linear: ['matmul'],
  act: ['act'],
  actGrad: ['actGrad'],
  inputGrad: ['matmul'],
  paramGrad: ['matmul', 'colsum'],
  bce: ['loss'],
  mse: ['loss'],
  reparam: ['reparam'],
  reparamGrad: ['reparamGrad'],
  add: ['add'],
  mix: ['mix'],
  sinusoid: ['sinusoid'],
  adam: ['adam'],
  stat: ['stat'],
  layerNorm: ['layerNorm'],
  layerNormGrad: ['layerNormGrad'],
  layerNormParamGrad: ['layerNormParamGrad'],
  embed: ['gather'],
  embedGrad: ['embeddingGrad'],
  xent: ['softmaxXent'],
  attention: ['attention'],
  attentionGrad: ['attentionGradQ', 'attentionGradKv'],
};

interface BlockBuffers {
  p: GPUBuffer;
  g: GPUBuffer;
  m: GPUBuffer;
  v: GPUBuffer;
}

class GpuExecutor implements Executor {
  private readonly tensors = new Map<string, GPUBuffer>();
  private readonly blocks = new Map<string, BlockBuffers>();
  private readonly stats: GPUBuffer;
  private history: GPUBuffer | undefined;
  private historySteps = 0;
  /** timestamps: a begin and an end per part per step of the largest batch so far, and where they resolve to */
  private queries: { set: GPUQuerySet; resolved: GPUBuffer; steps: number } | undefined;
  private readonly timed: boolean;
  private readonly stepParts: { model: StepPart['model']; ops: Dispatch[] }[];
  private readonly drawOps: Dispatch[];
  private readonly groups = new Map<string, Dispatch[]>();
  /** the Adam step number the next recorded step uses */
  private adamStep = 1;

  constructor(
    readonly device: GPUDevice,
    readonly plan: Plan,
    readonly k: Partial<KernelsOf<typeof KERNELS>>,
  ) {
    for (const [name, size] of plan.tensors) this.tensors.set(name, storage(device, `train ${name}`, size * 4));
    for (const b of plan.blocks) {
      const make = (what: string) => storage(device, `train ${b.name} ${what}`, b.size * 4);
      this.blocks.set(b.name, { p: make('parameters'), g: make('gradient'), m: make('adam m'), v: make('adam v') });
    }
    this.stats = storage(device, 'train stats', Math.max(1, plan.stats.length) * 4);
    this.timed = device.features.has('timestamp-query');
    this.stepParts = plan.step.map((p) => ({
      model: p.model,
      ops: p.ops.flatMap((o, i) => this.dispatches(o, `step ${p.model} ${i}`)),
    }));
    this.drawOps = plan.draw.flatMap((o, i) => this.dispatches(o, `draw ${i}`));
    for (const [name, ops] of Object.entries(plan.extra ?? {}))
      this.groups.set(
        name,
        ops.flatMap((o, i) => this.dispatches(o, `${name} ${i}`)),
      );
  }

  private tensor(r: Ref | string): GPUBuffer {
    const name = typeof r === 'string' ? r : r.t;
    const t = this.tensors.get(name);
    if (!t) throw new Error(`the plan has no tensor ${name}`);
    return t;
  }

  private block(name: string): BlockBuffers {
    const b = this.blocks.get(name);
    if (!b) throw new Error(`the plan has no block ${name}`);
    return b;
  }

  private bind(entry: Entry, label: string, buffers: Record<number, GPUBuffer>, c: TrainCall | (() => TrainCall)): Dispatch {
    const get = typeof c === 'function' ? c : () => c;
    const kernel = this.k[entry];
    if (!kernel) throw new Error(`the ${entry} kernel was not compiled for this plan`);
    return kernel.bind(
      `${label}: ${entry}`,
      buffers,
      () => get().params,
      () => get().grid,
    );
  }

  /** The dispatches of one op (a parameter gradient is two: weights, then bias). */
  private dispatches(o: Op, label: string): Dispatch[] {
    if (isSequenceOp(o)) return this.sequenceDispatches(o, label);
    const t = (r: Ref) => this.tensor(r);
    const off = (r: Ref) => r.at ?? 0;
    switch (o.op) {
      case 'gather':
        return [
          this.bind(
            'gather',
            label,
            { 1: t(o.data), 2: t(o.idx), 4: t(o.out) },
            gatherCall(o.rows, o.cols, { data: off(o.data), idx: off(o.idx), out: off(o.out) }),
          ),
        ];
      case 'linear': {
        const { p } = this.block(o.layer.block);
        const c = linearCall(o.M, o.layer.out, o.layer.in, { x: off(o.x), w: o.layer.w, b: o.layer.b, y: off(o.y) });
        return [this.bind('matmul', label, { 1: t(o.x), 2: p, 3: p, 4: t(o.y) }, c)];
      }
      case 'act':
        return [this.bind('act', label, { 1: t(o.x), 4: t(o.y) }, actCall(o.n, o.act, o.alpha, { x: off(o.x), y: off(o.y) }))];
      case 'actGrad': {
        const c = actGradCall(o.n, o.act, o.alpha, { pre: off(o.pre), dy: off(o.dy), dx: off(o.dx) });
        return [this.bind('actGrad', label, { 1: t(o.pre), 2: t(o.dy), 4: t(o.dx) }, c)];
      }
      case 'inputGrad': {
        const { p } = this.block(o.layer.block);
        const c = inputGradCall(o.M, o.layer.out, o.layer.in, { dy: off(o.dy), w: o.layer.w, dx: off(o.dx) });
        return [this.bind('matmul', label, { 1: t(o.dy), 2: p, 3: p, 4: t(o.dx) }, c)];
      }
      case 'paramGrad': {
        const { g } = this.block(o.layer.block);
        const [M, N, K] = [o.M, o.layer.out, o.layer.in];
        return [
          this.bind(
            'matmul',
            `${label} weights`,
            { 1: t(o.dy), 2: t(o.x), 3: t(o.x), 4: g },
            weightGradCall(M, N, K, { dy: off(o.dy), x: off(o.x), dw: o.layer.w }),
          ),
          this.bind('colsum', `${label} bias`, { 1: t(o.dy), 4: g }, biasGradCall(M, N, { dy: off(o.dy), db: o.layer.b })),
        ];
      }
      case 'bce':
      case 'mse': {
        const c = lossCall(o.op, o.M, o.N, o.scale, { y: off(o.y), target: off(o.target), grad: off(o.grad), row: off(o.rowLoss) });
        return [this.bind('loss', label, { 1: t(o.y), 2: t(o.target), 4: t(o.grad), 5: t(o.rowLoss) }, c)];
      }
      case 'reparam': {
        const c = reparamCall(o.M, o.Z, { enc: off(o.enc), eps: off(o.eps), z: off(o.z), row: off(o.rowKl) });
        return [this.bind('reparam', label, { 1: t(o.enc), 2: t(o.eps), 4: t(o.z), 5: t(o.rowKl) }, c)];
      }
      case 'reparamGrad': {
        const c = reparamGradCall(o.M, o.Z, o.klScale, { enc: off(o.enc), eps: off(o.eps), dz: off(o.dz), denc: off(o.denc) });
        return [this.bind('reparamGrad', label, { 1: t(o.enc), 2: t(o.eps), 3: t(o.dz), 4: t(o.denc) }, c)];
      }
      case 'add':
        return [this.bind('add', label, { 1: t(o.a), 2: t(o.b), 4: t(o.y) }, addCall(o.n, { a: off(o.a), b: off(o.b), y: off(o.y) }))];
      case 'mix': {
        const c = mixCall(o.M, o.N, { x: off(o.x), e: off(o.e), coef: off(o.coef), y: off(o.y) });
        return [this.bind('mix', label, { 1: t(o.x), 2: t(o.e), 3: t(o.coef), 4: t(o.y) }, c)];
      }
      case 'sinusoid':
        return [this.bind('sinusoid', label, { 1: t(o.t), 4: t(o.y) }, sinusoidCall(o.M, o.N, o.maxPeriod, { t: off(o.t), y: off(o.y) }))];
      case 'adam': {
        const b = this.block(o.block.name);
        return [this.bind('adam', label, { 1: b.g, 4: b.p, 5: b.m, 6: b.v }, () => adamCall(o.block.size, this.adamStep, o.block.adam))];
      }
      case 'stat':
        return [
          this.bind('stat', label, { 1: t(o.src), 4: this.stats }, statCall(o.count, o.fn, o.scale, { src: off(o.src), slot: o.slot })),
        ];
    }
  }

  /** The dispatches of a sequence model's op (sequence.wgsl). */
  private sequenceDispatches(o: SequenceOp, label: string): Dispatch[] {
    const t = (r: Ref) => this.tensor(r);
    const off = (r: Ref) => r.at ?? 0;
    switch (o.op) {
      case 'layerNorm': {
        const { p } = this.block(o.ln.block);
        const c = layerNormCall(o.M, o.N, o.eps, { x: off(o.x), gamma: o.ln.w, beta: o.ln.b, y: off(o.y), xhat: off(o.xhat) });
        return [this.bind('layerNorm', label, { 1: t(o.x), 2: p, 4: t(o.y), 5: t(o.xhat) }, c)];
      }
      case 'layerNormGrad': {
        const { p } = this.block(o.ln.block);
        const c = layerNormGradCall(o.M, o.N, o.eps, { x: off(o.x), gamma: o.ln.w, dy: off(o.dy), dx: off(o.dx) });
        return [this.bind('layerNormGrad', label, { 1: t(o.x), 2: p, 3: t(o.dy), 4: t(o.dx) }, c)];
      }
      case 'layerNormParamGrad': {
        const { g } = this.block(o.ln.block);
        const c = layerNormParamGradCall(o.M, o.N, { dy: off(o.dy), xhat: off(o.xhat), dgamma: o.ln.w, dbeta: o.ln.b });
        return [this.bind('layerNormParamGrad', label, { 1: t(o.dy), 2: t(o.xhat), 4: g }, c)];
      }
      case 'embed': {
        const { p } = this.block(o.table.block);
        const c = gatherCall(o.rows, o.table.in, { data: o.table.w, idx: off(o.idx), out: off(o.out) });
        return [this.bind('gather', label, { 1: p, 2: t(o.idx), 4: t(o.out) }, c)];
      }
      case 'embedGrad': {
        const { g } = this.block(o.table.block);
        const c = embeddingGradCall(o.rows, o.table.out, o.table.in, { dy: off(o.dy), idx: off(o.idx), dtable: o.table.w });
        return [this.bind('embeddingGrad', label, { 1: t(o.dy), 2: t(o.idx), 4: g }, c)];
      }
      case 'xent': {
        const c = softmaxXentCall(o.M, o.N, o.scale, { logits: off(o.y), target: off(o.target), grad: off(o.grad), row: off(o.rowLoss) });
        return [this.bind('softmaxXent', label, { 1: t(o.y), 2: t(o.target), 4: t(o.grad), 5: t(o.rowLoss) }, c)];
      }
      case 'attention': {
        const c = attentionCall(o.shape, { qkv: off(o.qkv), y: off(o.y), p: off(o.p) });
        return [this.bind('attention', label, { 1: t(o.qkv), 4: t(o.y), 5: t(o.p) }, c)];
      }
      case 'attentionGrad': {
        const [q, kv] = attentionGradCalls(o.shape, {
          qkv: off(o.qkv),
          p: off(o.p),
          dy: off(o.dy),
          dqkv: off(o.dqkv),
          scratch: off(o.scratch),
        });
        const buffers = { 1: t(o.qkv), 2: t(o.p), 3: t(o.dy), 4: t(o.dqkv), 5: t(o.scratch) };
        return [this.bind('attentionGradQ', `${label} q`, buffers, q!), this.bind('attentionGradKv', `${label} k v`, buffers, kv!)];
      }
    }
  }

  write(tensor: string, data: Float32Array): void {
    upload(this.device, this.tensor(tensor), data);
  }

  setParams(block: string, params: Float32Array, moments?: { m: Float32Array; v: Float32Array }): void {
    const b = this.block(block);
    upload(this.device, b.p, params);
    const zeros = moments ? undefined : new Float32Array(params.length);
    upload(this.device, b.m, moments?.m ?? zeros!);
    upload(this.device, b.v, moments?.v ?? zeros!);
  }

  /** A buffer for the statistics of `n` steps, kept for later batches of the same size or smaller. */
  private historyFor(n: number): GPUBuffer {
    if (!this.history || this.historySteps < n) {
      this.history?.destroy();
      this.history = storage(this.device, 'train stats history', n * Math.max(1, this.plan.stats.length) * 4);
      this.historySteps = n;
    }
    return this.history;
  }

  /** A query set with room for the timestamps of `n` steps (kept for later batches of the same size or smaller). */
  private queriesFor(n: number): NonNullable<GpuExecutor['queries']> {
    if (!this.queries || this.queries.steps < n) {
      this.queries?.set.destroy();
      this.queries?.resolved.destroy();
      const count = 2 * this.stepParts.length * n;
      const set = this.device.createQuerySet({ label: 'train step timestamps', type: 'timestamp', count });
      const usage = GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC;
      const resolved = this.device.createBuffer({ label: 'train step timestamps resolved', size: count * 8, usage });
      this.queries = { set, resolved, steps: n };
    }
    return this.queries;
  }

  async steps(inputs: readonly Record<string, Float32Array>[], firstAdamStep: number): Promise<StepsOutput> {
    const S = this.plan.stats.length;
    const P = this.stepParts.length;
    const history = this.historyFor(inputs.length);
    const q = this.timed && P ? this.queriesFor(inputs.length) : undefined;
    inputs.forEach((inp, i) => {
      for (const [name, data] of Object.entries(inp)) this.write(name, data);
      this.adamStep = firstAdamStep + i;
      const encoder = this.device.createCommandEncoder({ label: `train step ${this.adamStep}` });
      this.stepParts.forEach((part, j) => {
        const first = 2 * (i * P + j);
        const writes = q && { querySet: q.set, beginningOfPassWriteIndex: first, endOfPassWriteIndex: first + 1 };
        encodePass(encoder, `train step ${this.adamStep} ${part.model}`, part.ops, writes);
      });
      if (S) encoder.copyBufferToBuffer(this.stats, 0, history, i * S * 4, S * 4);
      if (q && i === inputs.length - 1) encoder.resolveQuerySet(q.set, 0, 2 * P * inputs.length, q.resolved, 0);
      this.device.queue.submit([encoder.finish()]);
    });
    const [all, stamps] = await Promise.all([
      readFloats(this.device, history, inputs.length * S),
      q ? readBytes(this.device, q.resolved, 16 * P * inputs.length) : undefined,
    ]);
    return { stats: inputs.map((_, i) => all.slice(i * S, (i + 1) * S)), partMs: stamps && this.partTimes(stamps) };
  }

  /** ms per model from resolved timestamps: a (begin, end) pair per pass, the parts in order, step after step. */
  private partTimes(stamps: ArrayBuffer): PartTimes {
    const ns = new BigUint64Array(stamps);
    const ms: PartTimes = {};
    for (let k = 0; k + 1 < ns.length; k += 2) {
      const model = this.stepParts[(k / 2) % this.stepParts.length]!.model;
      // a pass can read as ending before it began (timestamps are quantised, and some drivers reset them): 0
      const took = ns[k + 1]! > ns[k]! ? Number(ns[k + 1]! - ns[k]!) / 1e6 : 0;
      ms[model] = (ms[model] ?? 0) + took;
    }
    return ms;
  }

  async draw(read: Readonly<Record<string, number>>, group?: string): Promise<Record<string, Float32Array>> {
    const ops = group ? this.groups.get(group) : this.drawOps;
    if (!ops) throw new Error(`the plan has no group of ops called ${group}`);
    const encoder = this.device.createCommandEncoder({ label: `train ${group ?? 'draw'}` });
    encodePass(encoder, `train ${group ?? 'draw'}`, ops);
    this.device.queue.submit([encoder.finish()]);
    const entries = await Promise.all(
      Object.entries(read).map(async ([name, n]) => [name, await readFloats(this.device, this.tensor(name), n)] as const),
    );
    return Object.fromEntries(entries);
  }

  async state(block: string): Promise<BlockState> {
    const b = this.block(block);
    const n = this.plan.blocks.find((x) => x.name === block)!.size;
    const [p, m, v] = await Promise.all([b.p, b.m, b.v].map((buf) => readFloats(this.device, buf, n)));
    return { p: p!, m: m!, v: v! };
  }

  destroy(): void {
    for (const t of this.tensors.values()) t.destroy();
    for (const b of this.blocks.values()) for (const buf of Object.values(b)) buf.destroy();
    this.stats.destroy();
    this.history?.destroy();
    this.queries?.set.destroy();
    this.queries?.resolved.destroy();
  }
}

/** The WebGPU executor of `plan` on `device` (its kernels compiled first; rejects when one does not compile). */
export async function gpuExecutor(plan: Plan, device: GPUDevice): Promise<Executor> {
  const ops = [...plan.step.flatMap((p) => p.ops), ...plan.draw, ...Object.values(plan.extra ?? {}).flat()];
  const used = new Set(ops.flatMap((o) => ENTRIES[o.op]));
  const specs = Object.fromEntries(Object.entries(KERNELS).filter(([name]) => used.has(name as Entry))) as Partial<typeof KERNELS>;
  return new GpuExecutor(device, plan, (await compileKernels(device, specs as typeof KERNELS)) as Partial<KernelsOf<typeof KERNELS>>);
}
