// The `cpu` engine against stock onnxruntime (wasm, in Node) on the shipped gpt.onnx: a teacher-forced run of
// 200 characters of held-out text, one cached step at a time with the window moved when the context fills
// (as the demo runs it), gives the same logits within 1e-4 and the same attention; and a 60-character sample
// for a seed, written by the demo's own generate(), is the same text on both.
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { maxAbsDiff } from '../../kernels/test-compare';
import { generate } from './generate';
import { nextWindow } from './text-run';
import type { StepResult } from './worker';
import { decodeIds, encodeText } from '../../engines/text/text-corpus';
import { CpuGpt } from '../../engines/gpt/gpt-cpu';

const models = new URL('../../../public/models/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', models), 'utf8'));
const cfg = manifest.models.transformer.config;
const vocab: string[] = JSON.parse(readFileSync(new URL('transformer/vocab.json', models), 'utf8')).chars;
const bytes = new Uint8Array(readFileSync(new URL('transformer/gpt.onnx', models)));
const L = Number(cfg.n_layer);
const H = Number(cfg.n_head);
const E = Number(cfg.n_embd);
const C = Number(cfg.context);

type Step = { logits: Float32Array; attention: Float32Array };
type Backend = (tokens: number[], pos: number) => Promise<Step>;

let session: ort.InferenceSession;
/** onnxruntime with the cache passed in and out, as the worker's OrtBackend. */
function ortBackend(): Backend {
  let past: Float32Array<ArrayBufferLike> = new Float32Array(L * 2 * C * E);
  return async (tokens, pos) => {
    if (pos === 0) past.fill(0);
    const out = await session.run({
      tokens: new ort.Tensor('int64', BigInt64Array.from(tokens.map(BigInt)), [1, tokens.length]),
      pos: new ort.Tensor('int64', BigInt64Array.of(BigInt(pos)), [1]),
      past_kv: new ort.Tensor('float32', past, [L, 2, H, C, E / H]),
    });
    past = out.present_kv!.data as Float32Array;
    return { logits: out.logits!.data as Float32Array, attention: out.attention!.data as Float32Array };
  };
}

function cpuBackend(): Backend {
  const gpt = CpuGpt.create(bytes, H);
  return async (tokens, pos) => gpt.run(tokens, pos);
}

beforeAll(async () => {
  ort.env.wasm.numThreads = 1;
  session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
}, 60_000);

/** Feeds `ids` one character at a time after the first, moving the window as generate() does; the logits after each. */
async function teacherForced(run: Backend, ids: ArrayLike<number>): Promise<Step[]> {
  const steps: Step[] = [];
  let start = 0;
  steps.push(await run([ids[0]!], 0));
  for (let i = 1; i < ids.length; i++) {
    if (i - start >= C) {
      const moved = nextWindow(i + 1, C);
      start = moved.start;
      const r = await run(Array.from(ids).slice(start, i + 1), 0);
      steps.push({ logits: r.logits.slice(-vocab.length), attention: r.attention });
    } else steps.push(await run([ids[i]!], i - start));
  }
  return steps;
}

/** A generate() call against one backend, with the worker's start/step contract. */
function callOn(run: Backend) {
  let pos = 0;
  const api = {
    start: async (tokens: number[]): Promise<StepResult> => {
      const r = await run(tokens, 0);
      pos = tokens.length;
      return { logits: r.logits.slice(-vocab.length), attention: r.attention, T: tokens.length, ms: 0, sequence: 's' };
    },
    step: async (token: number): Promise<StepResult> => {
      const r = await run([token], pos++);
      return { logits: r.logits, attention: r.attention, T: 1, ms: 0, sequence: 's' };
    },
  };
  // biome-ignore lint/suspicious/noExplicitAny: the two calls generate() makes, without a worker in between
  return (fn: (a: any) => Promise<any>) => fn(api);
}

describe('the cpu GPT engine', () => {
  it('gives onnxruntime’s logits within 1e-4 and its attention on a 200-character teacher-forced run', async () => {
    const text = inflateSync(readFileSync(new URL('text/fortunes-train.txt.z', models))).toString('utf8');
    const ids = encodeText(text.slice(10_000, 10_200), vocab).ids;
    expect(ids.length).toBe(200);
    const [ours, theirs] = [await teacherForced(cpuBackend(), ids), await teacherForced(ortBackend(), ids)];
    let logits = 0;
    let attention = 0;
    for (let i = 0; i < ids.length; i++) {
      logits = Math.max(logits, maxAbsDiff(ours[i]!.logits, theirs[i]!.logits));
      attention = Math.max(attention, maxAbsDiff(ours[i]!.attention, theirs[i]!.attention));
    }
    console.log(`cpu GPT vs onnxruntime, 200 characters: logits ${logits.toExponential(2)}, attention ${attention.toExponential(2)}`);
    expect(logits).toBeLessThan(1e-4);
    expect(attention).toBeLessThan(1e-5);
  }, 60_000);

  it('writes the same 60 characters as onnxruntime for a seed', async () => {
    const prompt = Array.from(encodeText('Wer anderen eine Grube gräbt, ', vocab).ids);
    const write = async (run: Backend) => {
      const out: number[] = [];
      const sampling = { temperature: 0.8, topK: 20, seed: 7, length: 60 };
      for await (const piece of generate(callOn(run), prompt, { sampling, context: C })) out.push(piece.id);
      return decodeIds(out, vocab);
    };
    const ours = await write(cpuBackend());
    expect(ours).toHaveLength(60);
    expect(ours).toBe(await write(ortBackend()));
  }, 30_000);

  it('refuses tokens that do not fit', () => {
    const gpt = CpuGpt.create(bytes, H);
    expect(() => gpt.run([vocab.length], 0)).toThrow(/outside the vocabulary/);
    expect(() => gpt.run([1, 2], C - 1)).toThrow(/do not fit/);
  });
});
