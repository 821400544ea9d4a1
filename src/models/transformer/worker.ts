// The transformer's worker: one GPT step at a time on one engine — onnxruntime (webgpu, wasm) with the
// key/value cache passed in and out of gpt.onnx, our own kernels (wgsl) with the cache kept on the GPU, or
// their CPU references (cpu) with the cache kept in place.
// Sampling runs on the page (src/models/transformer/sampling.ts), so the worker only turns tokens into logits.
import { DeviceLostError, StaleSequenceError } from '../../core/any-thread/errors';
import * as Comlink from 'comlink';
import { CpuGpt } from '../../engines/gpt/gpt-cpu';
import { type GptShape, WgslGpt } from '../../engines/gpt/gpt-wgsl';
import { requestKernelDevice } from '../../kernels/gpu';
import type { Engine } from '../../core/any-thread/engine-choice';
import {
  type LoadReport,
  type ModelWorkerApi,
  openModels,
  type RunnableModel,
  timeRuns,
  wasmThreads,
  watchGpuDevice,
} from '../../engines/open-model';

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
  constructor(
    private readonly model: RunnableModel,
    private readonly a: TransformerLoadArgs,
  ) {
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

let backend: Backend | undefined;
let args: TransformerLoadArgs | undefined;
let pos = 0;
/** Names the text in the cache; unique across workers, so a step sent to a fresh worker is refused too. */
const workerId = Math.random().toString(36).slice(2, 10);
let started = 0;
let sequence = '';

/** step() was asked to continue a text this worker's cache no longer holds (another start, a new worker). */
function staleError(): Error {
  return new StaleSequenceError('The cache holds another text now; start again from the text so far.');
}

function need(): Backend {
  if (!backend || !args) throw new Error('The transformer worker has no model loaded yet; call load() first.');
  return backend;
}

function checkShape(s: GptShape, a: TransformerLoadArgs): void {
  if (s.layers !== a.layers || s.embd !== a.embd || s.context !== a.context || s.vocab !== a.vocab) {
    throw new Error(`gpt.onnx's weights (${JSON.stringify(s)}) do not match the manifest's config`);
  }
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
      const device = await requestKernelDevice('transformer wgsl');
      const lostReason = watchGpuDevice(device, onDeviceLost);
      const gpt = await WgslGpt.create(a.gpt, a.heads, device);
      checkShape(gpt.shape, a);
      backend = {
        // A step that fails because the device went away says so (the runner restarts the worker on a fresh
        // device); the lost event can arrive just after the failed read-back, so wait for it briefly.
        run: async (tokens, p) => {
          try {
            return await gpt.run(tokens, p);
          } catch (e) {
            await Promise.race([device.lost, new Promise((r) => setTimeout(r, 200))]);
            const lost = lostReason();
            if (lost !== undefined) throw new DeviceLostError(`GPU device lost: ${lost}`);
            throw e;
          }
        },
      };
    } else if (a.engine === 'cpu') {
      const gpt = CpuGpt.create(a.gpt, a.heads);
      checkShape(gpt.shape, a);
      backend = { run: async (tokens, p) => gpt.run(tokens, p) };
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
    if (tokens.length < 1 || tokens.length > args!.context)
      throw new Error(`A prompt needs 1…${args!.context} tokens, got ${tokens.length}.`);
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
} satisfies ModelWorkerApi<TransformerLoadArgs> & Record<string, unknown>;

function result(out: { logits: Float32Array; attention: Float32Array }, T: number, ms: number): StepResult {
  const V = args!.vocab;
  const logits = out.logits.slice((T - 1) * V, T * V);
  return Comlink.transfer({ logits, attention: out.attention, T, ms, sequence }, [logits.buffer, out.attention.buffer]);
}

export type TransformerWorkerApi = typeof api;
