// The transformer's worker: one GPT step at a time on one engine — onnxruntime (webgpu, wasm) with the
// key/value cache passed in and out of gpt.onnx, or our own kernels (wgsl) with the cache kept on the GPU.
// Sampling runs on the page (src/demos/transformer/sampling.ts), so the worker only turns tokens into logits.
import * as Comlink from 'comlink';
import { WgslGpt } from '../../engines/gpt/gpt-wgsl';
import { readFloats, relativeError, requestKernelDevice, storage, submit, upload } from '../../kernels/gpu';
import { attentionRef } from '../../kernels/transformer/reference';
import { attentionGrid, attentionParams, TransformerKernels } from '../../kernels/transformer/transformer-kernels';
import type { Engine } from '../../core/engine-choice';
import { OrtModel } from '../../engines/onnxruntime';
import { seededNormals } from '../../core/seeded-random';
import { type LoadReport, type ModelWorkerApi, openModels, type RunnableModel, timeRuns, wasmThreads, watchGpuDevice } from '../../engines/open-model';

export interface TransformerLoadArgs {
  gpt: Uint8Array;
  layers: number;
  heads: number;
  embd: number;
  context: number;
  vocab: number;
}

export interface StepResult {
  /** Next-token logits after the last new token, [V]. */
  logits: Float32Array;
  /** Attention of the new tokens over the cache slots, [L, H, T, C]. */
  attention: Float32Array;
  /** New tokens in this call. */
  T: number;
  /** ms for the model call. */
  ms: number;
  /** Which text the cache holds now: pass it to step(), which refuses to continue a different one. */
  sequence: string;
}

interface Backend {
  run(tokens: number[], pos: number): Promise<{ logits: Float32Array; attention: Float32Array }>;
}

/** gpt.onnx through onnxruntime: the cache goes in as past_kv and comes back as present_kv. */
class OrtBackend implements Backend {
  private past: Float32Array;
  constructor(private readonly model: RunnableModel, private readonly a: TransformerLoadArgs) {
    this.past = new Float32Array(a.layers * 2 * a.context * a.embd);
  }

  async run(tokens: number[], pos: number) {
    const { layers: L, heads: H, context: C, embd: E } = this.a;
    if (pos === 0) this.past.fill(0);
    const out = await this.model.run({
      tokens: { data: BigInt64Array.from(tokens, BigInt), dims: [1, tokens.length] },
      pos: { data: BigInt64Array.of(BigInt(pos)), dims: [1] },
      past_kv: { data: this.past, dims: [L, 2, H, C, E / H] },
    });
    this.past = out.present_kv.data;
    return { logits: out.logits.data, attention: out.attention.data };
  }
}

export interface AttentionBenchShape {
  H: number;
  D: number;
  /** query rows (1 = a decode step) */
  T: number;
  /** keys and values seen by the last query */
  S: number;
}

export interface AttentionBench {
  shape: AttentionBenchShape;
  /** ms per call: inputs from the CPU, attention, output back to the CPU */
  ms: number[];
  /** max |out - CPU reference| / max |reference| */
  relErr: number;
}

let backend: Backend | undefined;
let kernelDevice: GPUDevice | undefined;
let args: TransformerLoadArgs | undefined;
let pos = 0;
/** Names the text in the cache; unique across workers, so a step sent to a fresh worker is refused too. */
const workerId = Math.random().toString(36).slice(2, 10);
let started = 0;
let sequence = '';

/** step() was asked to continue a text this worker's cache no longer holds (another start, a new worker). */
function staleError(): Error {
  return Object.assign(new Error('The cache holds another text now; start again from the text so far.'), { name: 'StaleSequenceError' });
}

function need(): Backend {
  if (!backend || !args) throw new Error('The transformer worker has no model loaded yet; call load() first.');
  return backend;
}

/** A fixed prompt of token ids (warm-up, measurement, the engines' first-step comparison). */
function fixedPrompt(n: number, vocab: number): number[] {
  return Array.from({ length: n }, (_, i) => (i * 37 + 11) % vocab);
}

export const api = {
  async load(a: TransformerLoadArgs & { engine: Engine }, onDeviceLost: (reason: string) => void): Promise<LoadReport> {
    args = a;
    let adapter: string | undefined;
    if (a.engine === 'wgsl') {
      const device = (kernelDevice = await requestKernelDevice('transformer wgsl'));
      const lostReason = watchGpuDevice(device, onDeviceLost);
      const gpt = await WgslGpt.create(a.gpt, a.heads, device);
      const s = gpt.shape;
      if (s.layers !== a.layers || s.embd !== a.embd || s.context !== a.context || s.vocab !== a.vocab) {
        throw new Error(`gpt.onnx's weights (${JSON.stringify(s)}) do not match the manifest's config`);
      }
      backend = {
        // A step that fails because the device went away says so (the runner restarts the worker on a fresh
        // device); the lost event can arrive just after the failed read-back, so wait for it briefly.
        run: async (tokens, p) => {
          try {
            return await gpt.run(tokens, p);
          } catch (e) {
            await Promise.race([device.lost, new Promise((r) => setTimeout(r, 200))]);
            const lost = lostReason();
            if (lost !== undefined) throw Object.assign(new Error(`GPU device lost: ${lost}`), { name: 'DeviceLostError' });
            throw e;
          }
        },
      };
    } else {
      const opened = await openModels(a.engine, { gpt: a.gpt }, onDeviceLost);
      backend = new OrtBackend(opened.models.gpt, a);
      adapter = opened.adapter;
    }
    const t0 = performance.now();
    await api.start(fixedPrompt(16, a.vocab));
    await api.step(3);
    return { engine: a.engine, warmupMs: performance.now() - t0, threads: a.engine === 'wasm' ? wasmThreads() : 0, adapter };
  },

  /** Starts a new text: runs `tokens` (the prompt, at most the context) from cache slot 0. */
  async start(tokens: number[]): Promise<StepResult> {
    const b = need();
    if (tokens.length < 1 || tokens.length > args!.context) throw new Error(`A prompt needs 1…${args!.context} tokens, got ${tokens.length}.`);
    const t0 = performance.now();
    const out = await b.run(tokens, 0);
    const ms = performance.now() - t0;
    pos = tokens.length;
    sequence = `${workerId}:${++started}`;
    return result(out, tokens.length, ms);
  },

  /**
   * Appends one token to the text `seq` (from start()); the caller restarts with a shorter window when the
   * context is full, and from its text so far when the cache holds another text (StaleSequenceError).
   */
  async step(token: number, seq?: string): Promise<StepResult> {
    const b = need();
    if (seq !== undefined && seq !== sequence) throw staleError();
    if (pos >= args!.context) throw new Error(`The context of ${args!.context} characters is full; start again with a shorter window.`);
    const t0 = performance.now();
    const out = await b.run([token], pos);
    const ms = performance.now() - t0;
    pos += 1;
    return result(out, 1, ms);
  },

  /** Times `runs` single-token steps (after a 16-token prompt), restarting when the context fills. */
  async measure(runs: number): Promise<number[]> {
    const a = args!;
    await api.start(fixedPrompt(16, a.vocab));
    return timeRuns(runs, async () => {
      if (pos >= a.context) await api.start(fixedPrompt(16, a.vocab));
      await api.step(5);
    });
  },

  /**
   * Bench: causal attention alone on this worker's engine — our attention.wgsl (wgsl) or the attention-only
   * graph `graph` in onnxruntime (webgpu, wasm) — for each shape, `runs` timed calls after one warm-up.
   */
  async benchAttention(graph: Uint8Array, engine: Engine, shapes: AttentionBenchShape[], runs: number): Promise<AttentionBench[]> {
    const out: AttentionBench[] = [];
    const kernelsByHeadDim = new Map<number, TransformerKernels>();
    const ort = engine === 'wgsl' ? undefined : await OrtModel.create(graph, engine);
    for (const shape of shapes) {
      const { H, D, T, S } = shape;
      const q = seededNormals(H * T * D, 1), k = seededNormals(H * S * D, 2), v = seededNormals(H * S * D, 3);
      const ref = attentionRef(q, k, v, { H, D, C: S, T, pos: S - T }).out; // [T, H·D]
      const ms: number[] = [];
      let result: Float32Array<ArrayBufferLike> = new Float32Array(0);
      if (ort) {
        const feeds = { q: { data: q, dims: [H, T, D] }, k: { data: k, dims: [H, S, D] }, v: { data: v, dims: [H, S, D] },
          scale: { data: Float32Array.of(1 / Math.sqrt(D)), dims: [1] } };
        let o: Float32Array<ArrayBufferLike> = new Float32Array(0); // [H, T, D]
        for (let r = 0; r <= runs; r++) {
          const t0 = performance.now();
          o = (await ort.run(feeds)).out.data;
          if (r) ms.push(performance.now() - t0);
        }
        result = new Float32Array(T * H * D); // heads merged, as the reference
        for (let h = 0; h < H; h++) for (let i = 0; i < T; i++) result.set(o.subarray((h * T + i) * D, (h * T + i + 1) * D), i * H * D + h * D);
      } else {
        const device = kernelDevice ?? (kernelDevice = await requestKernelDevice('attention bench'));
        const kern = kernelsByHeadDim.get(D) ?? (await TransformerKernels.create(device, D));
        kernelsByHeadDim.set(D, kern);
        const cacheData = new Float32Array(2 * H * S * D);
        cacheData.set(k);
        cacheData.set(v, k.length);
        const qBuf = storage(device, 'bench q', q.length * 4), cache = storage(device, 'bench kv', cacheData.length * 4);
        const o = storage(device, 'bench out', T * H * D * 4), stats = storage(device, 'bench stats', H * T * 8);
        const kind = T === 1 ? 'decode' : 'prefill';
        const d = (kind === 'decode' ? kern.decode : kern.prefill).bind('bench attention', { 1: qBuf, 2: cache, 3: o, 4: stats },
          () => attentionParams({ T, pos: S - T, C: S, H, kvBase: 0, probsBase: 0, D }), () => attentionGrid(kind, T, H));
        for (let r = 0; r <= runs; r++) {
          const t0 = performance.now();
          upload(device, qBuf, q);
          upload(device, cache, cacheData);
          submit(device, 'bench attention', [d]);
          result = await readFloats(device, o, T * H * D);
          if (r) ms.push(performance.now() - t0);
        }
        for (const b of [qBuf, cache, o, stats]) b.destroy();
      }
      out.push({ shape, ms, relErr: relativeError(result, ref) });
    }
    await ort?.release();
    return out;
  },

  /** Logits after a fixed 32-token prompt: what the e2e test compares across engines. */
  async firstLogits(): Promise<Float32Array> {
    return (await api.start(fixedPrompt(32, args!.vocab))).logits;
  },
} satisfies ModelWorkerApi<TransformerLoadArgs> & Record<string, unknown>;

function result(out: { logits: Float32Array; attention: Float32Array }, T: number, ms: number): StepResult {
  const V = args!.vocab;
  const logits = out.logits.slice((T - 1) * V, T * V);
  return Comlink.transfer({ logits, attention: out.attention, T, ms, sequence }, [logits.buffer, out.attention.buffer]);
}

export type TransformerWorkerApi = typeof api;
