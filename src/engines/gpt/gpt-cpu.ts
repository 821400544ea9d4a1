// The `cpu` engine of the transformer: our GPT forward pass on the CPU references of our kernels
// (linearForward of train-reference.ts, layerNorm of sequence-reference.ts, GPT-2's tanh GELU), with the
// weights read from the same gpt.onnx and the key/value cache kept in place between calls. For a model this
// small one step is ~1.7 MFLOP: onnxruntime spends most of its time per call on dispatch, not arithmetic,
// and a plain loop over typed arrays without allocation per step beats it (bench: transformer-step rows).
// Same order of work as gpt-wgsl.ts: embedding, then per layer layer norm → qkv → cache write → attention
// over the cache → projection + residual → layer norm → MLP (+ residual), then the final layer norm and head.
import { GELU_C } from '../../kernels/elementwise/activation';
import { layerNorm } from '../../kernels/train/sequence-reference';
import { linearForward } from '../../kernels/train/train-reference';
import { type Initializer, readInitializers } from '../onnx/onnx-reader';
import { type GptShape, type GptStep, gptShape } from './gpt-wgsl';

const PREFIX = 'gpt.';

interface Layer {
  ln1: [Float32Array, Float32Array];
  qkv: [Float32Array, Float32Array];
  proj: [Float32Array, Float32Array];
  ln2: [Float32Array, Float32Array];
  fc: [Float32Array, Float32Array];
  out: [Float32Array, Float32Array];
}

/** GELU (tanh form) in place on the first n values: activate()'s 'gelu' without the switch per value. */
function geluInPlace(x: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    x[i] = 0.5 * v * (1 + Math.tanh(GELU_C * (v + 0.044715 * v * v * v)));
  }
}

/** a += b on the first n values (the residual adds). */
function addInPlace(a: Float32Array, b: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) a[i]! += b[i]!;
}

export class CpuGpt {
  private readonly tok: Float32Array;
  private readonly pos: Float32Array;
  private readonly layers: Layer[] = [];
  private readonly lnF: [Float32Array, Float32Array];
  private readonly head: [Float32Array, Float32Array];
  /** [L, 2, H, C, D]: keys then values per layer, as gpt.onnx's past_kv. */
  private readonly cache: Float32Array;
  // working buffers for up to C rows, allocated once
  private readonly x: Float32Array;
  private readonly h: Float32Array;
  private readonly xhat: Float32Array;
  private readonly qkv: Float32Array;
  private readonly att: Float32Array;
  private readonly tmp: Float32Array;
  private readonly f: Float32Array;
  private readonly scores: Float64Array;

  private constructor(
    readonly shape: GptShape,
    weights: Map<string, Initializer>,
  ) {
    const { layers: L, embd: E, context: C, heads: H } = shape;
    const w = (name: string): Float32Array => {
      const data = weights.get(PREFIX + name)?.data;
      if (!data) throw new Error(`gpt.onnx has no float initializer ${PREFIX}${name}`);
      return data;
    };
    const pair = (name: string): [Float32Array, Float32Array] => [w(`${name}.weight`), w(`${name}.bias`)];
    this.tok = w('tok_emb.weight');
    this.pos = w('pos_emb.weight');
    for (let l = 0; l < L; l++) {
      const p = `blocks.${l}`;
      this.layers.push({
        ln1: pair(`${p}.ln1`),
        qkv: pair(`${p}.attn.qkv`),
        proj: pair(`${p}.attn.proj`),
        ln2: pair(`${p}.ln2`),
        fc: pair(`${p}.fc`),
        out: pair(`${p}.out`),
      });
    }
    this.lnF = pair('ln_f');
    this.head = pair('head');
    this.cache = new Float32Array(L * 2 * C * E);
    this.x = new Float32Array(C * E);
    this.h = new Float32Array(C * E);
    this.xhat = new Float32Array(C * E);
    this.qkv = new Float32Array(C * 3 * E);
    this.att = new Float32Array(C * E);
    this.tmp = new Float32Array(C * E);
    this.f = new Float32Array(C * 4 * E);
    this.scores = new Float64Array(C);
    if (E % H !== 0) throw new Error(`gpt.onnx: ${E} channels do not split into ${H} heads`);
  }

  static create(onnx: Uint8Array, heads: number): CpuGpt {
    const weights = readInitializers(onnx);
    return new CpuGpt(gptShape(weights, heads), weights);
  }

  /**
   * Runs `tokens` into cache slots pos..pos+T-1 (pos = 0 starts a new text; slots ≥ pos are overwritten or
   * ignored), as WgslGpt.run. Returns the logits [T, V] and the attention of the new tokens [L, H, T, C].
   */
  run(tokens: ArrayLike<number>, pos: number): GptStep {
    const { layers: L, heads: H, embd: E, context: C, vocab: V } = this.shape;
    const T = tokens.length;
    if (T < 1 || pos < 0 || pos + T > C) throw new Error(`cpu GPT: ${T} tokens at position ${pos} do not fit the context of ${C}`);
    for (let i = 0; i < T; i++) {
      if (!(tokens[i]! >= 0 && tokens[i]! < V)) throw new Error(`cpu GPT: token id ${tokens[i]} is outside the vocabulary (0…${V - 1})`);
    }
    const { x, h, xhat, qkv, att, tmp, f } = this;
    for (let i = 0; i < T; i++) {
      const t = tokens[i]! * E;
      const p = (pos + i) * E;
      for (let e = 0; e < E; e++) x[i * E + e] = this.tok[t + e]! + this.pos[p + e]!;
    }
    const attention = new Float32Array(L * H * T * C);
    for (let l = 0; l < L; l++) {
      const w = this.layers[l]!;
      layerNorm(x, w.ln1[0], w.ln1[1], h, xhat, T, E, 1e-5);
      linearForward(h, w.qkv[0], w.qkv[1], qkv, T, 3 * E, E);
      this.writeCache(l, T, pos);
      this.attend(l, T, pos, attention);
      linearForward(att, w.proj[0], w.proj[1], tmp, T, E, E);
      addInPlace(x, tmp, T * E);
      layerNorm(x, w.ln2[0], w.ln2[1], h, xhat, T, E, 1e-5);
      linearForward(h, w.fc[0], w.fc[1], f, T, 4 * E, E);
      geluInPlace(f, T * 4 * E);
      linearForward(f, w.out[0], w.out[1], tmp, T, E, 4 * E);
      addInPlace(x, tmp, T * E);
    }
    layerNorm(x, this.lnF[0], this.lnF[1], h, xhat, T, E, 1e-5);
    const logits = new Float32Array(T * V);
    linearForward(h, this.head[0], this.head[1], logits, T, V, E);
    return { logits, attention };
  }

  /** The new tokens' keys and values from qkv [T, 3E] into the cache's slots pos.. of layer l. */
  private writeCache(l: number, T: number, pos: number): void {
    const { heads: H, embd: E, context: C } = this.shape;
    const D = E / H;
    const keys = l * 2 * H * C * D;
    const values = keys + H * C * D;
    for (let i = 0; i < T; i++) {
      for (let hd = 0; hd < H; hd++) {
        const src = i * 3 * E + hd * D;
        const dst = (hd * C + pos + i) * D;
        for (let d = 0; d < D; d++) {
          this.cache[keys + dst + d] = this.qkv[src + E + d]!;
          this.cache[values + dst + d] = this.qkv[src + 2 * E + d]!;
        }
      }
    }
  }

  /**
   * Causal attention of the T new queries over cache slots 0..pos+i (attentionRef of attention-reference.ts
   * on the cache in place): heads merged into att [T, E], probabilities into attention [L, H, T, C].
   */
  private attend(l: number, T: number, pos: number, attention: Float32Array): void {
    const { heads: H, embd: E, context: C } = this.shape;
    const D = E / H;
    const scale = 1 / Math.sqrt(D);
    const keys = l * 2 * H * C * D;
    const values = keys + H * C * D;
    const { cache, qkv, att, scores } = this;
    for (let hd = 0; hd < H; hd++) {
      for (let i = 0; i < T; i++) {
        const q = i * 3 * E + hd * D;
        const seen = pos + i + 1;
        let max = -Infinity;
        for (let j = 0; j < seen; j++) {
          const k = keys + (hd * C + j) * D;
          let dot = 0;
          for (let d = 0; d < D; d++) dot += qkv[q + d]! * cache[k + d]!;
          const s = dot * scale;
          scores[j] = s;
          if (s > max) max = s;
        }
        let sum = 0;
        for (let j = 0; j < seen; j++) sum += scores[j] = Math.exp(scores[j]! - max);
        const probs = ((l * H + hd) * T + i) * C;
        for (let j = 0; j < seen; j++) attention[probs + j] = scores[j]! / sum;
        const o = i * E + hd * D;
        for (let d = 0; d < D; d++) att[o + d] = 0;
        for (let j = 0; j < seen; j++) {
          const p = scores[j]! / sum;
          const v = values + (hd * C + j) * D;
          for (let d = 0; d < D; d++) att[o + d]! += p * cache[v + d]!;
        }
      }
    }
  }
}
