// The character GPT of the text-training page (#/train-text), written forward only on the tape (tape.ts): the
// shipped model's architecture (training/transformer.py: pre-LN blocks, causal multi-head attention, a 4×
// GELU MLP, learned position embeddings, GPT-2's initialisation) at a size a browser tab can train.
//
//   x = tok[ids] + pos[0..T−1]
//   per block: x += proj(attention(qkv(LN₁(x))));  x += out(GELU(fc(LN₂(x))))
//   logits = head(LN_f(x)); loss = mean softmax cross-entropy against the next character
//
// Three groups of ops over the same weights: the training step (B windows of T characters), `eval` (the
// held-out loss over EVAL_ROWS windows at a time, forward only) and `sample` (one window, forward only: the
// next character's logits at every position; the trainer reads the one it needs). No DOM, no GPU.
import { block, type Block, type LayerSpec, type Plan, PlanBuilder } from './plan';
import { Tape, type Value } from './tape';

export interface GptSettings {
  /** characters the model tells apart (the vocabulary) */
  vocab: number;
  /** positions it sees: the window length */
  context: number;
  layers: number;
  heads: number;
  /** width of the residual stream (a multiple of heads) */
  embd: number;
  /** windows per training step */
  batch: number;
  lr: number;
}

/**
 * 117 k parameters. Batch and learning rate picked by a 2-minute run of each on this VM's CPU path (Node, one
 * thread, fortunes, held-out loss on 48 windows): 16 windows at 2e-3 reached 2.45 nats/char, 16 at 4e-3 2.46,
 * 8 at 3e-3 2.37 (twice the steps; a step of 8 windows takes ~0.25 s here).
 */
export const GPT_DEFAULTS: Omit<GptSettings, 'vocab'> = { context: 64, layers: 2, heads: 4, embd: 64, batch: 8, lr: 3e-3 };

/** Windows per pass of the held-out loss. */
export const EVAL_ROWS = 16;

const LN = (n: number): LayerSpec => ({ in: 1, out: n, init: 'norm' });

/** The layers of the one parameter block, in order; `layers` of them per transformer block. */
function layerSpecs(s: GptSettings): LayerSpec[] {
  const E = s.embd;
  const residual = 0.02 / Math.sqrt(2 * s.layers); // GPT-2: the projections into the residual stream, scaled by depth
  const perBlock: LayerSpec[] = [
    LN(E),
    { in: E, out: 3 * E, init: 'normal' },
    { in: E, out: E, init: 'normal', std: residual },
    LN(E),
    { in: E, out: 4 * E, init: 'normal' },
    { in: 4 * E, out: E, init: 'normal', std: residual },
  ];
  return [
    { in: E, out: s.vocab, init: 'normal' }, // token table: a row per character
    { in: E, out: s.context, init: 'normal' }, // position table
    ...Array.from({ length: s.layers }, () => perBlock).flat(),
    LN(E),
    { in: E, out: s.vocab, init: 'normal' }, // head
  ];
}

/** Trained parameters (embedding tables without the bias slot the block layout gives every layer). */
export function gptParameterCount(s: GptSettings): number {
  return layerSpecs(s).reduce((n, l, i) => n + l.in * l.out + (i < 2 ? 0 : l.out), 0);
}

/** Multiply-adds of one character's forward pass at full context (the time estimate's unit). */
export function gptMacsPerChar(s: GptSettings): number {
  const E = s.embd;
  return s.layers * (12 * E * E + s.context * E) + E * s.vocab;
}

export function checkGpt(s: GptSettings): void {
  if (s.embd % s.heads) throw new Error(`the width ${s.embd} does not split into ${s.heads} heads`);
  if (s.vocab < 2 || s.vocab > 256) throw new Error(`a vocabulary of ${s.vocab} characters is outside 2..256`);
}

/** The GPT's plan: the training step, `eval` and `sample`, and the names of the tensors the trainer reads and writes. */
export function gptPlan(s: GptSettings): { plan: Plan; names: GptTensors } {
  checkGpt(s);
  const b = new PlanBuilder();
  const net = block('gpt', layerSpecs(s), { lr: s.lr, beta1: 0.9, beta2: 0.99, eps: 1e-8 });
  const step = new Tape(b, 'gpt.');
  const train = forward(step, net, s, s.batch, '');
  const loss = step.loss(
    'xent',
    train.logits,
    step.input(b.tensor('target', s.batch * s.context), s.batch * s.context),
    s.batch * s.context,
    s.vocab,
    1 / (s.batch * s.context),
  );
  step.stat(loss.rows, 'gpt.loss', 'sum', 1 / (s.batch * s.context));
  const stepOps = step.update([loss], [net]);

  const ev = new Tape(b, 'eval.');
  const evalOut = forward(ev, net, s, EVAL_ROWS, 'eval.');
  const n = EVAL_ROWS * s.context;
  const evalLoss = ev.loss('xent', evalOut.logits, ev.input(b.tensor('eval.target', n), n), n, s.vocab, 1);
  const sm = new Tape(b, 'sample.');
  const sampled = forward(sm, net, s, 1, 'sample.');
  const plan: Plan = {
    tensors: b.tensors,
    blocks: [net],
    step: [{ model: 'gpt', ops: stepOps }],
    draw: [],
    extra: { eval: ev.take(), sample: sm.take() },
    stats: b.stats,
  };
  return { plan, names: { evalRows: evalLoss.rows.ref.t, sampleLogits: sampled.logits.ref.t } };
}

export interface GptTensors {
  /** the held-out pass's loss per position (nats) */
  evalRows: string;
  /** the sampling pass's logits [context, vocab] */
  sampleLogits: string;
}

/** The forward pass over `rows` windows whose ids and positions are in the tensors `${p}idx` and `${p}pos`. */
function forward(tape: Tape, net: Block, s: GptSettings, rows: number, p: string): { logits: Value } {
  const b = tape.b;
  const [M, E] = [rows * s.context, s.embd];
  const layers = [...net.layers];
  const next = () => layers.shift()!;
  const [tok, pos] = [next(), next()];
  const ids = tape.input(b.tensor(`${p}idx`, M), M);
  const positions = tape.input(b.tensor(`${p}pos`, M), M);
  let x = tape.add(tape.embed(tok, ids, M), tape.embed(pos, positions, M));
  const shape = { B: rows, T: s.context, C: E, H: s.heads };
  for (let l = 0; l < s.layers; l++) {
    const [ln1, qkv, proj, ln2, fc, out] = [next(), next(), next(), next(), next(), next()];
    const a = tape.attention(tape.linear(tape.layerNorm(x, ln1, M, E), qkv, M), shape);
    x = tape.add(x, tape.linear(a, proj, M));
    const h = tape.act(tape.linear(tape.layerNorm(x, ln2, M, E), fc, M), 'gelu');
    x = tape.add(x, tape.linear(h, out, M));
  }
  const [lnf, head] = [next(), next()];
  return { logits: tape.linear(tape.layerNorm(x, lnf, M, E), head, M) };
}
