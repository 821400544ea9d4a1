// The `wgsl` engine of the transformer: our GPT forward pass on our own kernels (src/kernels/transformer-kernels.ts), with the
// weights read from the same gpt.onnx onnxruntime runs. The key/value cache stays on the GPU between
// calls; every call is one command buffer: embedding, then per layer layer norm → qkv → cache write →
// attention (prefill or decode) → attention probabilities → projection + residual → layer norm → MLP
// (matmul, GELU, matmul + residual), then the final layer norm and the head.
import { type Dispatch, readFloats, storage, submit, upload } from '../../kernels/gpu';
import { attentionGrid, attentionParams, probabilitiesGrid } from '../../kernels/attention/attention';
import { linearParams } from '../../kernels/matmul/matmul';
import { linearKernel, TransformerKernels } from '../../kernels/transformer-kernels';
import { type Initializer, readInitializers } from '../onnx/onnx-reader';

export interface GptShape {
  layers: number;
  heads: number;
  embd: number;
  context: number;
  vocab: number;
}

export interface GptStep {
  /** Logits after each new token, [T, V]. */
  logits: Float32Array;
  /** Attention probabilities of the new tokens over the cache slots, [L, H, T, C] (as gpt.onnx's output). */
  attention: Float32Array;
}

const PREFIX = 'gpt.';

/** The model's shape from its initializers (`heads` is not visible in the weights; it comes from the manifest). */
export function gptShape(weights: Map<string, Initializer>, heads: number): GptShape {
  const tok = weights.get(`${PREFIX}tok_emb.weight`);
  const pos = weights.get(`${PREFIX}pos_emb.weight`);
  if (!tok || !pos) throw new Error('gpt.onnx: the token and position embeddings (gpt.tok_emb.weight, gpt.pos_emb.weight) are missing');
  let layers = 0;
  while (weights.has(`${PREFIX}blocks.${layers}.ln1.weight`)) layers++;
  const [vocab, embd] = tok.dims;
  if (embd % heads !== 0) throw new Error(`gpt.onnx: ${embd} channels do not split into ${heads} heads`);
  return { layers, heads, embd, context: pos.dims[0], vocab };
}

export class WgslGpt {
  private readonly k: TransformerKernels;
  private readonly w = new Map<string, GPUBuffer>();
  private readonly buf: Record<'ids' | 'x' | 'h' | 'qkv' | 'q' | 'att' | 'f' | 'logits' | 'stats' | 'probs' | 'cache', GPUBuffer>;
  private readonly plans = new Map<number, Dispatch[]>();
  private pos = 0;

  private constructor(
    readonly device: GPUDevice,
    readonly shape: GptShape,
    weights: Map<string, Initializer>,
    kernels: TransformerKernels,
  ) {
    const { layers: L, heads: H, embd: E, context: C, vocab: V } = shape;
    this.k = kernels;
    for (const [name, t] of weights) {
      if (name.startsWith(PREFIX) && t.data) this.w.set(name.slice(PREFIX.length), storage(device, name, t.data));
    }
    const f = 4;
    this.buf = {
      ids: storage(device, 'token ids', C * 4),
      x: storage(device, 'residual stream x', C * E * f),
      h: storage(device, 'normalised h', C * E * f),
      qkv: storage(device, 'qkv', C * 3 * E * f),
      q: storage(device, 'queries', C * E * f),
      att: storage(device, 'attention output', C * E * f),
      f: storage(device, 'mlp hidden', C * 4 * E * f),
      logits: storage(device, 'logits', C * V * f),
      stats: storage(device, 'softmax stats', H * C * 2 * f),
      probs: storage(device, 'attention probabilities', L * H * C * C * f),
      cache: storage(device, 'kv cache', L * 2 * H * C * (E / H) * f),
    };
  }

  static async create(onnx: Uint8Array, heads: number, device: GPUDevice): Promise<WgslGpt> {
    const weights = readInitializers(onnx);
    const shape = gptShape(weights, heads);
    return new WgslGpt(device, shape, weights, await TransformerKernels.create(device, shape.embd / shape.heads));
  }

  private weight(name: string): GPUBuffer {
    const b = this.w.get(name);
    if (!b) throw new Error(`gpt.onnx has no initializer ${PREFIX}${name}`);
    return b;
  }

  /** The dispatches of one forward pass over T new tokens (recorded once per T; positions are read at run time). */
  private plan(T: number): Dispatch[] {
    const cached = this.plans.get(T);
    if (cached) return cached;
    const { layers: L, heads: H, embd: E, context: C, vocab: V } = this.shape;
    const D = E / H;
    const k = this.k;
    const b = this.buf;
    const out: Dispatch[] = [];
    const linear = (label: string, name: string, x: GPUBuffer, y: GPUBuffer, N: number, K: number, accumulate: 0 | 1) => {
      const { kernel, grid } = linearKernel(k, T, N);
      return kernel.bind(
        label,
        { 1: x, 2: this.weight(`${name}.weight`), 3: this.weight(`${name}.bias`), 4: y },
        () => linearParams(T, N, K, accumulate),
        () => grid,
      );
    };
    const norm = (label: string, name: string, x: GPUBuffer, y: GPUBuffer) =>
      k.layerNorm.bind(
        label,
        { 1: x, 2: this.weight(`${name}.weight`), 3: this.weight(`${name}.bias`), 4: y },
        () => ({ rows: T, E, eps: 1e-5 }),
        () => [T],
      );
    out.push(
      k.embedding.bind(
        'embedding',
        { 1: b.ids, 2: this.weight('tok_emb.weight'), 3: this.weight('pos_emb.weight'), 4: b.x },
        () => ({ T, E, first: this.pos }),
        () => [Math.ceil((T * E) / 64)],
      ),
    );
    const kind = T === 1 ? 'decode' : 'prefill';
    for (let l = 0; l < L; l++) {
      const p = `blocks.${l}`;
      const kvBase = l * 2 * H * C * D;
      const att = () => attentionParams({ T, pos: this.pos, C, H, kvBase, probsBase: l * H * T * C, D });
      out.push(norm(`${p}.ln1`, `${p}.ln1`, b.x, b.h));
      out.push(linear(`${p}.qkv`, `${p}.attn.qkv`, b.h, b.qkv, 3 * E, E, 0));
      out.push(
        k.kvCache.bind(
          `${p}.kv-cache`,
          { 1: b.qkv, 2: b.q, 3: b.cache },
          () => ({ T, H, D, C, pos: this.pos, kv_base: kvBase }),
          () => [Math.ceil((T * E) / 64)],
        ),
      );
      out.push(
        (kind === 'decode' ? k.decode : k.prefill).bind(`${p}.attention`, { 1: b.q, 2: b.cache, 3: b.att, 4: b.stats }, att, () =>
          attentionGrid(kind, T, H),
        ),
      );
      out.push(
        k.probabilities.bind(`${p}.probabilities`, { 1: b.q, 2: b.cache, 4: b.stats, 5: b.probs }, att, () => probabilitiesGrid(C, T, H)),
      );
      out.push(linear(`${p}.proj`, `${p}.attn.proj`, b.att, b.x, E, E, 1));
      out.push(norm(`${p}.ln2`, `${p}.ln2`, b.x, b.h));
      out.push(linear(`${p}.fc`, `${p}.fc`, b.h, b.f, 4 * E, E, 0));
      out.push(
        k.gelu.bind(
          `${p}.gelu`,
          { 1: b.f },
          () => ({ n: T * 4 * E }),
          () => [Math.ceil((T * 4 * E) / 64)],
        ),
      );
      out.push(linear(`${p}.out`, `${p}.out`, b.f, b.x, E, 4 * E, 1));
    }
    out.push(norm('ln_f', 'ln_f', b.x, b.h));
    out.push(linear('head', 'head', b.h, b.logits, V, E, 0));
    this.plans.set(T, out);
    return out;
  }

  /**
   * Runs `tokens` into cache slots pos..pos+T-1 (pos = 0 starts a new text; slots ≥ pos are overwritten
   * or ignored). Returns the logits and the attention probabilities of the new tokens.
   */
  async run(tokens: ArrayLike<number>, pos: number): Promise<GptStep> {
    const { layers: L, heads: H, context: C, vocab: V } = this.shape;
    const T = tokens.length;
    if (T < 1 || pos < 0 || pos + T > C) throw new Error(`wgsl GPT: ${T} tokens at position ${pos} do not fit the context of ${C}`);
    for (let i = 0; i < T; i++) {
      if (!(tokens[i] >= 0 && tokens[i] < V)) throw new Error(`wgsl GPT: token id ${tokens[i]} is outside the vocabulary (0…${V - 1})`);
    }
    this.pos = pos;
    upload(this.device, this.buf.ids, Uint32Array.from(tokens));
    submit(this.device, `gpt forward T=${T}`, this.plan(T));
    const [logits, attention] = await Promise.all([
      readFloats(this.device, this.buf.logits, T * V),
      readFloats(this.device, this.buf.probs, L * H * T * C),
    ]);
    return { logits, attention };
  }

  destroy(): void {
    for (const b of [...this.w.values(), ...Object.values(this.buf)]) b.destroy();
  }
}
