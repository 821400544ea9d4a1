// The live GPT exported as ONNX: stock onnxruntime (wasm, in Node) opens the file as written; a whole window
// from slot 0 gives the page's logits within 1e-4, and so does the same text fed a character at a time
// through the key/value cache (the way the transformer demo runs it); the attention rows are probabilities
// over the slots filled so far; the file has the shipped gpt.onnx's inputs and outputs, carries its
// description, and passes onnx's checker (Python).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { maxAbsDiff as maxDiff } from '../../kernels/test-compare';
import { readGraph, readMetadata } from '../onnx/onnx-reader';
import { encodeText } from '../text/text-corpus';
import { cpuExecutor } from './cpu-executor';
import { exportedInfo } from './export-info';
import { exportGpt } from './gpt-export';
import { readBlocks } from './plan';
import { spreadWindows, TextTrainer } from './text-trainer';

const vocabFile = JSON.parse(readFileSync(new URL('../../../public/models/transformer/vocab.json', import.meta.url), 'utf8'));
const text = inflateSync(readFileSync(new URL('../../../public/models/text/fortunes-train.txt.z', import.meta.url))).toString('utf8');
const s = { vocab: vocabFile.chars.length as number, context: 16, layers: 2, heads: 2, embd: 16, batch: 4, lr: 3e-3 };
const D = s.embd / s.heads;

let trainer: TextTrainer;
let session: ort.InferenceSession;
let bytes: Uint8Array;
beforeAll(async () => {
  ort.env.wasm.numThreads = 1;
  const train = encodeText(text.slice(0, 50_000), vocabFile.chars).ids;
  const windows = spreadWindows(train, s.context + 1, 4);
  trainer = await TextTrainer.create(cpuExecutor, { train, heldOut: windows, trainWindows: windows }, 5, s);
  await trainer.steps(30);
  const net = trainer.plan.blocks[0]!;
  const states = await readBlocks(trainer.exec, trainer.plan);
  const info = {
    sizes: { layers: s.layers, heads: s.heads, embd: s.embd, context: s.context, vocab: s.vocab },
    settings: { seed: 5, batch: s.batch, learningRate: s.lr },
    step: trainer.step,
    data: 'fortunes',
    characters: train.length,
    figures: {},
    vocab: { chars: vocabFile.chars, aliases: vocabFile.aliases },
  };
  bytes = exportGpt(info, net, states[net.name]!, trainer.settings).files[0]!.bytes;
  session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
}, 60_000);

const emptyCache = () => new Float32Array(s.layers * 2 * s.context * s.embd);

async function step(ids: number[], pos: number, past: Float32Array) {
  const out = await session.run({
    tokens: new ort.Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, ids.length]),
    pos: new ort.Tensor('int64', BigInt64Array.of(BigInt(pos)), [1]),
    past_kv: new ort.Tensor('float32', past, [s.layers, 2, s.heads, s.context, D]),
  });
  return {
    logits: out.logits!.data as Float32Array,
    logitDims: [...out.logits!.dims],
    present: out.present_kv!.data as Float32Array,
    attention: out.attention!.data as Float32Array,
    attentionDims: [...out.attention!.dims],
  };
}

const window = Array.from(encodeText('Wer anderen eine', vocabFile.chars).ids);

describe('the live GPT exported as ONNX', () => {
  it('gives the page’s logits for a whole window from slot 0', async () => {
    const page = await trainer.windowLogits(window);
    const r = await step(window, 0, emptyCache());
    expect(r.logitDims).toEqual([1, window.length, s.vocab]);
    expect(r.attentionDims).toEqual([s.layers, s.heads, window.length, s.context]);
    const diff = maxDiff(r.logits, page);
    console.log(`gpt, whole window: max |onnxruntime − page| = ${diff.toExponential(2)}`);
    expect(diff).toBeLessThan(1e-4);
    // each new token's attention: probabilities over the slots up to its own, none after
    const T = window.length;
    for (let row = 0; row < s.layers * s.heads * T; row++) {
      const t = row % T;
      const p = r.attention.subarray(row * s.context, (row + 1) * s.context);
      expect(p.slice(0, t + 1).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(p.slice(t + 1).every((v) => v === 0)).toBe(true);
    }
  });

  it('gives the same logits a character at a time through the cache', async () => {
    const page = await trainer.windowLogits(window);
    const V = s.vocab;
    let past: Float32Array<ArrayBufferLike> = emptyCache();
    let worst = 0;
    const first = await step(window.slice(0, 5), 0, past); // a prompt of five, then one at a time
    past = first.present;
    worst = Math.max(worst, maxDiff(first.logits, page.subarray(0, 5 * V)));
    for (let i = 5; i < window.length; i++) {
      const r = await step([window[i]!], i, past);
      past = r.present;
      worst = Math.max(worst, maxDiff(r.logits, page.subarray(i * V, (i + 1) * V)));
    }
    console.log(`gpt, cached steps: max |onnxruntime − page| = ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-4);
  });

  it('has the shipped file’s inputs, outputs and weight names, carries its description and passes onnx’s checker', () => {
    const ours = readGraph(bytes);
    const shipped = readGraph(new Uint8Array(readFileSync(new URL('../../../public/models/transformer/gpt.onnx', import.meta.url))));
    const io = (g: typeof ours) => [g.inputs.map((i) => i.name), g.outputs.map((o) => o.name)];
    expect(io(ours)).toEqual(io(shipped));
    const weights = (g: typeof ours) =>
      [...g.initializers.keys()].filter((n) => n.startsWith('gpt.')).map((n) => n.replace(/\.float16$/, ''));
    // the shipped file has 4 blocks, ours 2: the names of blocks 0 and 1 and of the rest are the same
    expect(weights(ours).sort()).toEqual(
      weights(shipped)
        .filter((n) => !/blocks\.[23]\./.test(n))
        .sort(),
    );
    const info = exportedInfo(readMetadata(bytes));
    expect(info.model).toBe('gpt');
    const dir = mkdtempSync(join(tmpdir(), 'gpt-export-'));
    const path = join(dir, 'gpt.onnx');
    writeFileSync(path, bytes);
    const python = process.env.PYTHON ?? '/usr/bin/python3';
    const script = 'import sys, onnx\nonnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True)\nprint("ok")';
    expect(execFileSync(python, ['-c', script, path], { encoding: 'utf8' }).trim()).toBe('ok');
  });
});
