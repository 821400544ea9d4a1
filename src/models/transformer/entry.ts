// The transformer in the registry: the GPT with its key/value cache and the character vocabulary.
import { mulberry32 } from '../../core/seeded-random';
import { json, type ModelEntry } from '../model-entry';
import { sampleToken } from './sampling';
import { Tokenizer, type VocabFile } from './tokenizer';
import type { TransformerLoadArgs, TransformerWorkerApi } from './worker';
import './model.strings';

/** Characters a home-page thumbnail writes after its prompt. */
export const THUMB_CHARACTERS = 60;
const THUMB_PROMPT = 'Wer ';

export const transformerTokenizer = (files: Record<string, Uint8Array>): Tokenizer => new Tokenizer(json<VocabFile>(files.vocab));

export const TRANSFORMER: ModelEntry<TransformerLoadArgs, TransformerWorkerApi, 'transformer'> = {
  id: 'transformer',
  roles: ['gpt', 'vocab'],
  engines: ['webgpu', 'wasm', 'wgsl'],
  createWorker: () => new Worker(new URL('../../workers/transformer.worker.ts', import.meta.url), { type: 'module', name: 'transformer' }),
  loadArgs: (files, model) => {
    const vocab = transformerTokenizer(files).size;
    const c = model.config ?? {};
    if (Number(c.vocab_size) !== vocab) throw new Error(`vocab.json has ${vocab} characters, the manifest says ${String(c.vocab_size)}`);
    return {
      gpt: files.gpt,
      layers: Number(c.n_layer),
      heads: Number(c.n_head),
      embd: Number(c.n_embd),
      context: Number(c.context),
      vocab,
    };
  },
  // a short line of text: 64 characters, one cached step each
  sample: { perMeasured: 64 },
  trainingData: (m) => ({ amount: Number((m.dataset as unknown as Record<string, unknown>).train_chars ?? 0), unit: 'characters' }),
  thumbnail: {
    size: 1,
    look: 'text',
    async draw(api, { files, text: show, seed, signal }) {
      const tokenizer = transformerTokenizer(files);
      const random = mulberry32(seed);
      let text = THUMB_PROMPT;
      show(text);
      let r = await api.start(tokenizer.encode(THUMB_PROMPT).ids);
      for (let i = 0; i < THUMB_CHARACTERS; i++) {
        signal?.throwIfAborted();
        const next = sampleToken(r.logits, 0.8, 20, random);
        text += tokenizer.decode([next]);
        show(text);
        r = await api.step(next, r.sequence);
      }
    },
  },
};
