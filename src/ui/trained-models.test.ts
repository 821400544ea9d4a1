// Files dropped or picked onto a demo: an export of ours opens; a description that claims sizes no demo should
// build, a vocabulary the tokenizer cannot take, weights that do not match their description, and anyone
// else's file are refused with the reason, before anything of the model on show changes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exportGpt } from '../engines/training/gpt-export';
import { type GptSettings, gptPlan } from '../engines/training/gpt';
import { initialParams } from '../engines/training/plan';
import { PickedFilesError, readPickedFiles } from './trained-models';

const s: GptSettings = { vocab: 4, context: 16, layers: 1, heads: 2, embd: 8, batch: 1, lr: 0 };
const net = gptPlan(s).plan.blocks[0]!;
const state = { p: initialParams(net, () => 0.3), m: new Float32Array(0), v: new Float32Array(0) };
const about = (sizes: Partial<GptSettings> = {}, chars = ['a', 'b', 'c', ' ']) => ({
  sizes: { layers: 1, heads: 2, embd: 8, context: 16, vocab: 4, ...sizes },
  settings: { seed: 1, batch: 1, learningRate: 0 },
  step: 3,
  data: 'a test',
  characters: 100,
  figures: { heldOut: 1.2 },
  vocab: { chars, aliases: { '\t': ' ' } },
});
const file = (bytes: Uint8Array, name = 'gpt.onnx') => new File([bytes as Uint8Array<ArrayBuffer>], name);
const gpt = (info: ReturnType<typeof about>) => file(exportGpt(info, net, state, s).files[0]!.bytes);

async function refusal(files: File[]): Promise<string> {
  try {
    await readPickedFiles(files, 'gpt');
  } catch (e) {
    if (e instanceof PickedFilesError) return e.reason;
    throw e;
  }
  return 'opened';
}

describe('picked model files', () => {
  it('opens an export of ours and refuses what is not, or does not match itself', async () => {
    const m = await readPickedFiles([gpt(about())], 'gpt');
    expect(m.info.model).toBe('gpt');
    expect(m.files.gpt?.byteLength).toBeGreaterThan(1000);
    expect(await refusal([gpt(about({ context: 100_000 }))])).toBe('not-ours'); // no demo builds a cache that long
    expect(await refusal([gpt(about({}, ['a', 'a', 'c', ' ']))])).toBe('not-ours'); // a character twice
    expect(await refusal([gpt(about({}, ['ab', 'b', 'c', ' ']))])).toBe('not-ours'); // two characters as one token
    expect(await refusal([gpt(about({ context: 32 }))])).toBe('damaged'); // the weights have 16 positions
    expect(await refusal([gpt(about({ layers: 2 }))])).toBe('damaged'); // and one block
    const shipped = new Uint8Array(readFileSync(new URL('../../public/models/transformer/gpt.onnx', import.meta.url)));
    expect(await refusal([file(shipped)])).toBe('not-ours');
    expect(await refusal([file(new Uint8Array([1, 2, 3, 4]))])).toBe('not-ours');
    expect(await refusal([file(new Uint8Array(0), 'notes.json')])).toBe('missing');
  });
});
