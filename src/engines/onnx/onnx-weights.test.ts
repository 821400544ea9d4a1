// The ONNX weight reader against the committed transformer (its parameter count is in the manifest) and
// against broken files.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { gptShape } from '../gpt/gpt-wgsl';
import { OnnxFormatError, readInitializers } from './onnx-reader';

const MODELS = new URL('../../../public/models/', import.meta.url);
const manifest = JSON.parse(await readFile(new URL('manifest.json', MODELS), 'utf8'));
const bytes = new Uint8Array(await readFile(new URL('transformer/gpt.onnx', MODELS)));

describe('readInitializers', () => {
  it("finds every parameter of gpt.onnx by its torch name, with the manifest's total", () => {
    const w = readInitializers(bytes);
    const total = [...w.values()].reduce((s, t) => s + (t.data?.length ?? 0), 0);
    expect(total).toBe(manifest.models.transformer.params.total);
    const cfg = manifest.models.transformer.config;
    expect(w.get('gpt.blocks.0.attn.qkv.weight')?.dims).toEqual([3 * cfg.n_embd, cfg.n_embd]);
    expect(gptShape(w, cfg.n_head)).toEqual({
      layers: cfg.n_layer,
      heads: cfg.n_head,
      embd: cfg.n_embd,
      context: cfg.context,
      vocab: cfg.vocab_size,
    });
    const ln = w.get('gpt.ln_f.weight')!.data!;
    expect(ln.every(Number.isFinite)).toBe(true);
  });

  it('says what is wrong with a truncated or foreign file', () => {
    expect(() => readInitializers(bytes.subarray(0, bytes.length >> 1))).toThrow(OnnxFormatError);
    expect(() => readInitializers(new TextEncoder().encode('{"not": "onnx"}'))).toThrow(OnnxFormatError);
  });
});
