// The live GPT training of #/train-text on either executor (CPU or WebGPU): seeded first weights, the windows
// each step learns from, the held-out loss, sampling, and snapshots to resume from. Everything random is drawn
// here from seeded streams, so the same seed gives the same first steps on either engine. No DOM.
import type { Mulberry32 } from '../../core/any-thread/seeded-random';
import { EVAL_ROWS, GPT_DEFAULTS, type GptSettings, type GptTensors, gptPlan } from './gpt';
import { type BlockState, type Executor, initialParams, type PartTimes, type Plan, readBlocks, writeBlocks } from './plan';
import { type ExecutorFactory, stream } from './trainer';

export interface TextStepStats {
  step: number;
  /** the step's mean cross-entropy (nats per character) on its training windows */
  loss: number;
}

export interface TextTrainerSnapshot {
  seed: number;
  step: number;
  history: TextStepStats[];
  /** where the window-picking stream stands */
  streams: [number];
  blocks: Record<string, BlockState>;
}

/** The text a trainer learns from, as ids, and the windows its losses are measured on. */
export interface TextData {
  train: Uint8Array;
  /** held-out windows of context + 1 ids each (inputs, then the last target) */
  heldOut: Uint8Array;
  /** as many windows of the training text, picked once: the training loss measured the same way */
  trainWindows: Uint8Array;
}

/** `count` windows of `length` ids spread evenly over `ids` (whole windows only: fewer when the text is short). */
export function spreadWindows(ids: Uint8Array, length: number, count: number): Uint8Array {
  const fit = Math.floor(ids.length / length);
  const n = Math.min(count, fit);
  const out = new Uint8Array(n * length);
  for (let w = 0; w < n; w++) {
    const start = Math.floor((w * fit) / n) * length;
    out.set(ids.subarray(start, start + length), w * length);
  }
  return out;
}

export class TextTrainer {
  step = 0;
  readonly history: TextStepStats[] = [];
  lastPartMs: PartTimes | undefined;
  private readonly pick: Mulberry32;
  private readonly positions: Float32Array;

  private constructor(
    readonly exec: Executor,
    readonly plan: Plan,
    readonly names: GptTensors,
    readonly settings: GptSettings,
    readonly data: TextData,
    readonly seed: number,
  ) {
    this.pick = stream(seed, 1);
    this.positions = Float32Array.from({ length: settings.context }, (_, i) => i);
  }

  static async create(
    make: ExecutorFactory,
    data: TextData,
    seed: number,
    settings: Partial<GptSettings> & { vocab: number },
  ): Promise<TextTrainer> {
    const s: GptSettings = { ...GPT_DEFAULTS, ...settings };
    if (data.train.length < s.context + 2)
      throw new Error(`${data.train.length} characters are too few for one window of ${s.context + 1}`);
    const { plan, names } = gptPlan(s);
    const exec = await make(plan);
    const t = new TextTrainer(exec, plan, names, s, data, seed);
    const rows = (n: number) => {
      const p = new Float32Array(n * s.context);
      for (let r = 0; r < n; r++) p.set(t.positions, r * s.context);
      return p;
    };
    exec.write('pos', rows(s.batch));
    exec.write('eval.pos', rows(EVAL_ROWS));
    exec.write('sample.pos', rows(1));
    const init = stream(seed, 0);
    for (const b of plan.blocks)
      exec.setParams(
        b.name,
        initialParams(b, () => init.next()),
      );
    return t;
  }

  /** The next step's windows: B random starts in the training text, inputs and next-character targets. */
  private nextInputs(): Record<string, Float32Array> {
    const { batch: B, context: T } = this.settings;
    const text = this.data.train;
    const idx = new Float32Array(B * T);
    const target = new Float32Array(B * T);
    for (let r = 0; r < B; r++) {
      const start = Math.min(text.length - T - 1, Math.floor(this.pick.next() * (text.length - T)));
      for (let j = 0; j < T; j++) {
        idx[r * T + j] = text[start + j]!;
        target[r * T + j] = text[start + j + 1]!;
      }
    }
    return { idx, target };
  }

  async steps(n = 1): Promise<TextStepStats[]> {
    const inputs = Array.from({ length: n }, () => this.nextInputs());
    const { stats, partMs } = await this.exec.steps(inputs, this.step + 1);
    this.lastPartMs = partMs;
    const slot = this.plan.stats.indexOf('gpt.loss');
    const out = stats.map((s, i) => ({ step: this.step + i + 1, loss: s[slot]! }));
    this.step += n;
    this.history.push(...out);
    return out;
  }

  /**
   * Mean nats per character over windows of context + 1 ids (each window's characters predicted from inside it).
   * `between` is awaited before each group of windows (it may end the call by throwing).
   */
  async loss(windows: Uint8Array, between?: () => Promise<void>): Promise<number> {
    const T = this.settings.context;
    const L = T + 1;
    const count = windows.length / L;
    if (count < 1 || !Number.isInteger(count)) throw new Error(`the windows must be whole windows of ${L} ids`);
    let total = 0;
    for (let g = 0; g < count; g += EVAL_ROWS) {
      await between?.();
      const idx = new Float32Array(EVAL_ROWS * T);
      const target = new Float32Array(EVAL_ROWS * T);
      const real = Math.min(EVAL_ROWS, count - g); // the last group's other rows stay zeros and are not counted
      for (let r = 0; r < real; r++) {
        const w = windows.subarray((g + r) * L, (g + r + 1) * L);
        for (let j = 0; j < T; j++) {
          idx[r * T + j] = w[j]!;
          target[r * T + j] = w[j + 1]!;
        }
      }
      this.exec.write('eval.idx', idx);
      this.exec.write('eval.target', target);
      const rows = (await this.exec.draw({ [this.names.evalRows]: real * T }, 'eval'))[this.names.evalRows]!;
      for (const v of rows) total += v;
    }
    return total / (count * T);
  }

  /**
   * `n` characters after `prompt`, each drawn from the model's next-character distribution at `temperature`
   * with a stream of its own seed (the same seed and weights give the same text on either engine, up to ties).
   * `between` is awaited before each character (it may end the call by throwing).
   */
  async sample(prompt: Uint8Array, n: number, seed: number, temperature = 0.8, between?: () => Promise<void>): Promise<Uint8Array> {
    const { context: T, vocab: V } = this.settings;
    const rng = stream(seed, 7);
    const text = Array.from(prompt.length ? prompt : [0]);
    const start = text.length;
    for (let k = 0; k < n; k++) {
      await between?.();
      const window = text.slice(-T);
      const logits = await this.windowLogits(window);
      text.push(drawFrom(logits.subarray((window.length - 1) * V, window.length * V), temperature, rng.next()));
    }
    return Uint8Array.from(text.slice(start));
  }

  /** The next-character logits after each id of `window` (at most the context), [window.length, vocab]. */
  async windowLogits(window: ArrayLike<number>): Promise<Float32Array> {
    const idx = new Float32Array(this.settings.context);
    idx.set(window);
    this.exec.write('sample.idx', idx);
    const n = window.length * this.settings.vocab;
    return (await this.exec.draw({ [this.names.sampleLogits]: n }, 'sample'))[this.names.sampleLogits]!;
  }

  async snapshot(): Promise<TextTrainerSnapshot> {
    const blocks = await readBlocks(this.exec, this.plan);
    return { seed: this.seed, step: this.step, history: this.history.slice(), streams: [this.pick.state], blocks };
  }

  restore(snap: TextTrainerSnapshot): void {
    if (snap.seed !== this.seed) throw new Error(`a snapshot of seed ${snap.seed} cannot resume a trainer of seed ${this.seed}`);
    writeBlocks(this.exec, this.plan, snap.blocks);
    [this.pick.state] = snap.streams;
    this.step = snap.step;
    this.history.length = 0;
    this.history.push(...snap.history);
  }

  destroy(): void {
    this.exec.destroy();
  }
}

/** An index drawn from softmax(logits / temperature) with the uniform number u. */
export function drawFrom(logits: Float32Array, temperature: number, u: number): number {
  let max = -Infinity;
  for (const v of logits) max = Math.max(max, v);
  const p = Array.from(logits, (v) => Math.exp((v - max) / temperature));
  let r = u * p.reduce((a, b) => a + b, 0);
  for (let i = 0; i < p.length; i++) {
    r -= p[i]!;
    if (r <= 0) return i;
  }
  return p.length - 1;
}
