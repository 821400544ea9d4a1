// What one training step of the live models does (the VAE, GAN and diffusion model of #/train, the GPT of #/train-text), written once as a list of operations on named
// tensors, which two executors run: the CPU one (cpu-executor.ts, the kernels' CPU references on typed
// arrays) and the WebGPU one (gpu-executor.ts, one compute pass of train.wgsl dispatches). Writing the step
// once is what makes "same seed, same first steps" hold between the engines: they cannot drift apart in
// the order of updates, a forgotten scale or a different loss. No DOM, no GPU here.
import type { Activation } from '../../kernels/elementwise/activation';
import type { AdamSettings } from '../../kernels/train/train-reference';
import type { AttentionShape } from '../../kernels/train/sequence-reference';

/** Every tensor and parameter block starts on a multiple of this many floats (256 bytes: WebGPU's binding offset alignment). */
export const ALIGN = 64;
const aligned = (n: number) => Math.ceil(n / ALIGN) * ALIGN;

export interface LayerSpec {
  readonly in: number;
  readonly out: number;
  /**
   * How the trainer draws its first values: `uniform` as torch's nn.Linear (weights and bias in ±1/√in);
   * `normal` as GPT-2 (weights N(0, std²), bias 0: linear layers and embedding tables, whose rows are the
   * weight [out = rows, in = width]); `norm` a layer norm's γ = 1 (the weight, in = 1) and β = 0 (the bias).
   */
  readonly init?: 'uniform' | 'normal' | 'norm';
  /** the standard deviation of `normal` (0.02 if not given) */
  readonly std?: number;
}

/** A linear layer inside a parameter block: weight [out, in] at `w`, bias [out] at `b` (float offsets). */
export interface Layer extends LayerSpec {
  readonly block: string;
  readonly w: number;
  readonly b: number;
}

/** The parameters of one network, trained by one Adam: one flat array (with gradient, m and v beside it). */
export interface Block {
  readonly name: string;
  readonly layers: readonly Layer[];
  readonly size: number;
  readonly adam: AdamSettings;
}

export function block(name: string, specs: readonly LayerSpec[], adam: AdamSettings): Block {
  let at = 0;
  const layers = specs.map((s) => {
    const w = at;
    const b = aligned(w + s.out * s.in);
    at = aligned(b + s.out);
    return { ...s, block: name, w, b };
  });
  return { name, layers, size: at, adam };
}

/** A block's first parameters, drawn from `uniform` (numbers in [0, 1)) layer by layer as each layer's `init` says. */
export function initialParams(b: Block, uniform: () => number): Float32Array {
  const p = new Float32Array(b.size);
  for (const l of b.layers) {
    const n = l.out * l.in;
    if (l.init === 'norm') {
      p.fill(1, l.w, l.w + n);
    } else if (l.init === 'normal') {
      const std = l.std ?? 0.02;
      for (let i = 0; i < n; i++)
        p[l.w + i] = std * Math.sqrt(-2 * Math.log(Math.max(uniform(), 1e-12))) * Math.cos(2 * Math.PI * uniform());
    } else {
      const bound = 1 / Math.sqrt(l.in);
      for (let i = 0; i < n; i++) p[l.w + i] = (2 * uniform() - 1) * bound;
      for (let i = 0; i < l.out; i++) p[l.b + i] = (2 * uniform() - 1) * bound;
    }
  }
  return p;
}

/** A tensor and an element offset into it (a view: rows of a batch). */
export interface Ref {
  readonly t: string;
  readonly at?: number;
}

export type Op =
  /** out[r, :] = data[idx[r], :] for `rows` rows of `cols` values (the batch from the data set). */
  | { op: 'gather'; data: Ref; idx: Ref; out: Ref; rows: number; cols: number }
  /** y[M, out] = x[M, in] · wᵀ + b */
  | { op: 'linear'; x: Ref; layer: Layer; y: Ref; M: number }
  | { op: 'act'; x: Ref; y: Ref; n: number; act: Activation; alpha: number }
  /** dx = dy · f'(pre) */
  | { op: 'actGrad'; pre: Ref; dy: Ref; dx: Ref; n: number; act: Activation; alpha: number }
  /** dx[M, in] = dy[M, out] · w */
  | { op: 'inputGrad'; dy: Ref; layer: Layer; dx: Ref; M: number }
  /** the layer's weight and bias gradients (in its block's gradient array) from dy and the layer's input x */
  | { op: 'paramGrad'; dy: Ref; x: Ref; layer: Layer; M: number }
  | { op: 'bce' | 'mse'; y: Ref; target: Ref; grad: Ref; rowLoss: Ref; M: number; N: number; scale: number }
  | { op: 'reparam'; enc: Ref; eps: Ref; z: Ref; rowKl: Ref; M: number; Z: number }
  | { op: 'reparamGrad'; enc: Ref; eps: Ref; dz: Ref; denc: Ref; M: number; Z: number; klScale: number }
  /** y = a + b, element-wise (a residual, a time embedding joining a layer, or two gradients of one value summed) */
  | { op: 'add'; a: Ref; b: Ref; y: Ref; n: number }
  /** y[r, :] = a·x[r, :] + b·e[r, :] + c with (a, b, c) per row in coef: noising, a DDIM step, rescaling (no gradient) */
  | { op: 'mix'; x: Ref; e: Ref; coef: Ref; y: Ref; M: number; N: number }
  /** y[M, N]: a sinusoidal embedding of each row's position or time step t[r] (no gradient) */
  | { op: 'sinusoid'; t: Ref; y: Ref; M: number; N: number; maxPeriod: number }
  /** one Adam update of the block (its step count is the trainer's, passed at run time) */
  | { op: 'adam'; block: Block }
  /** y = (x − μ)/σ·γ + β per row of N, γ and β the layer `ln` (its weight and bias, in = 1), x̂ kept for dγ, dβ */
  | { op: 'layerNorm'; x: Ref; ln: Layer; y: Ref; xhat: Ref; M: number; N: number; eps: number }
  | { op: 'layerNormGrad'; x: Ref; ln: Layer; dy: Ref; dx: Ref; M: number; N: number; eps: number }
  /** dγ and dβ into the block's gradient */
  | { op: 'layerNormParamGrad'; dy: Ref; xhat: Ref; ln: Layer; M: number; N: number }
  /** out[r, :] = row idx[r] of an embedding table (the weight [rows, width] of the layer `table`) */
  | { op: 'embed'; table: Layer; idx: Ref; out: Ref; rows: number }
  /** the table's gradient from the looked-up rows' gradients (written whole: rows never looked up get 0) */
  | { op: 'embedGrad'; dy: Ref; idx: Ref; table: Layer; rows: number }
  /** softmax cross-entropy of M rows of N logits against class ids, times scale; writes the gradient and row losses */
  | { op: 'xent'; y: Ref; target: Ref; grad: Ref; rowLoss: Ref; M: number; N: number; scale: number }
  /** causal multi-head self-attention of qkv [B·T, 3C] into y [B·T, C], the weights p [B, H, T, T] kept */
  | { op: 'attention'; qkv: Ref; y: Ref; p: Ref; shape: AttentionShape }
  /** its gradient dqkv from dy (scratch: B·H·T floats) */
  | { op: 'attentionGrad'; qkv: Ref; p: Ref; dy: Ref; dqkv: Ref; scratch: Ref; shape: AttentionShape }
  /** stats[slot] = scale · Σ f(src[i]) over `count` values, f = identity or the logistic sigmoid */
  | { op: 'stat'; src: Ref; count: number; slot: number; fn: 'sum' | 'sigmoid'; scale: number };

/** The ops of the sequence models (sequence.wgsl): each executor runs them in a method of their own. */
export const SEQUENCE_OPS = [
  'layerNorm',
  'layerNormGrad',
  'layerNormParamGrad',
  'embed',
  'embedGrad',
  'xent',
  'attention',
  'attentionGrad',
] as const;
export type SequenceOp = Extract<Op, { op: (typeof SEQUENCE_OPS)[number] }>;
export const isSequenceOp = (o: Op): o is SequenceOp => (SEQUENCE_OPS as readonly string[]).includes(o.op);

/** What Adam trains in one block: the parameters and the two moments. */
export interface BlockState {
  p: Float32Array;
  m: Float32Array;
  v: Float32Array;
}

/** One model's share of the step: its ops, timed on their own (steps/s per model). */
export interface StepPart {
  readonly model: 'vae' | 'gan' | 'diffusion' | 'gpt';
  readonly ops: readonly Op[];
}

export interface Plan {
  readonly tensors: ReadonlyMap<string, number>;
  readonly blocks: readonly Block[];
  /** the step, as each model's ops in the order they run (the VAE's, then the GAN's) */
  readonly step: readonly StepPart[];
  /** the samples and reconstructions drawn for the page */
  readonly draw: readonly Op[];
  /** other forward-only groups of ops, run by name (the GPT's held-out loss and its one-row sampling pass) */
  readonly extra?: Readonly<Record<string, readonly Op[]>>;
  /** what each stats slot holds */
  readonly stats: readonly string[];
}

/** Every block's parameters and Adam moments as the engine holds them now (a snapshot's weights). */
export async function readBlocks(exec: Executor, plan: Plan): Promise<Record<string, BlockState>> {
  const blocks: Record<string, BlockState> = {};
  for (const b of plan.blocks) blocks[b.name] = await exec.state(b.name);
  return blocks;
}

/** Puts a snapshot's weights and moments back; refuses one taken from networks of another shape. */
export function writeBlocks(exec: Executor, plan: Plan, blocks: Readonly<Record<string, BlockState>>): void {
  for (const b of plan.blocks) {
    const st = blocks[b.name];
    if (!st || st.p.length !== b.size) throw new Error(`the snapshot does not fit the ${b.name} network`);
    exec.setParams(b.name, st.p, st);
  }
}

/** Collects tensors (name → floats) while the ops are written. */
export class PlanBuilder {
  readonly tensors = new Map<string, number>();
  readonly stats: string[] = [];

  tensor(name: string, size: number): Ref {
    const had = this.tensors.get(name);
    if (had !== undefined && had !== aligned(size)) throw new Error(`tensor ${name} declared with ${had} and ${size} floats`);
    this.tensors.set(name, aligned(size));
    return { t: name };
  }

  slot(name: string): number {
    this.stats.push(name);
    return this.stats.length - 1;
  }
}

/** r shifted by `by` elements. */
export function at(r: Ref, by: number): Ref {
  return { t: r.t, at: (r.at ?? 0) + by };
}

/** ms per model over a batch of steps */
export type PartTimes = Partial<Record<StepPart['model'], number>>;

/** What a batch of steps gave: each step's stats (plan.stats order) and how long each model's part took. */
export interface StepsOutput {
  stats: Float32Array[];
  /** ms per model over the whole batch: the clock around its ops on the CPU, GPU timestamps around its compute
   * pass on WebGPU; undefined where the device cannot tell (a GPU without timestamp queries) */
  partMs: PartTimes | undefined;
}

/** What an engine has to do: hold the plan's tensors and blocks, run steps, give back what the page draws. */
export interface Executor {
  /** Writes floats into a tensor (from its start). */
  write(tensor: string, data: Float32Array): void;
  /** Sets a block's parameters and its Adam moments (zeroed when not given). */
  setParams(block: string, params: Float32Array, moments?: { m: Float32Array; v: Float32Array }): void;
  /** Runs the plan's step once per entry of `inputs` (tensor → floats written before that step); resolves
   * with each step's stats and the models' times. `firstAdamStep` numbers the first of them, from 1. */
  steps(inputs: readonly Record<string, Float32Array>[], firstAdamStep: number): Promise<StepsOutput>;
  /** Runs the plan's draws (or the named extra group) and reads back the named tensors (their first `count` floats). */
  draw(read: Readonly<Record<string, number>>, group?: string): Promise<Record<string, Float32Array>>;
  /** A block's parameters and Adam moments as they are now (a snapshot to resume from, on this engine or another). */
  state(block: string): Promise<BlockState>;
  destroy(): void;
}
