// The transformer in the registry: the GPT with its key/value cache and the character vocabulary, and the
// settings the demo starts with (its link's fallbacks too).
import { json, type ModelEntry } from '../model-entry';
import { generate } from './generate';
import { Tokenizer, type VocabFile } from './tokenizer';
import type { TransformerLoadArgs, TransformerWorkerApi } from './worker';
import './model.strings';

/** Characters a home-page thumbnail writes after its prompt. */
export const THUMB_CHARACTERS = 60;
const THUMB_PROMPT = 'Wer ';

/** The settings the demo's visitor chooses. */
export interface TransformerSettings {
  prompt: string;
  temperature: number;
  topK: number;
  seed: number;
  /** Characters Generate writes. */
  length: number;
}

/** What the demo starts with, and what its link leaves out (written once: the link table and the page read it). */
export const TRANSFORMER_DEFAULTS: Readonly<TransformerSettings> = {
  prompt: 'Wer anderen eine Grube gräbt, ',
  temperature: 0.8,
  topK: 20,
  seed: 1,
  length: 300,
};

export const transformerTokenizer = (files: Record<string, Uint8Array>): Tokenizer => new Tokenizer(json<VocabFile>(files.vocab));

export const TRANSFORMER: ModelEntry<TransformerLoadArgs, TransformerWorkerApi, 'transformer'> = {
  id: 'transformer',
  roles: ['gpt', 'vocab'],
  engines: ['webgpu', 'wasm', 'wgsl', 'cpu'],
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
  trainingData: (m) => ({ amount: Number(m.dataset.train_chars ?? 0), unit: 'characters' }),
  thumbnail: {
    size: 1,
    look: 'text',
    async draw(api, { args, files, text: show, seed, signal }) {
      const tokenizer = transformerTokenizer(files);
      let text = THUMB_PROMPT;
      show(text);
      const { temperature, topK } = TRANSFORMER_DEFAULTS;
      const options = { sampling: { temperature, topK, seed, length: THUMB_CHARACTERS }, context: args.context };
      for await (const piece of generate((fn) => fn(api), tokenizer.encode(THUMB_PROMPT).ids, options, signal)) {
        text += tokenizer.decode([piece.id]);
        show(text);
      }
      signal?.throwIfAborted(); // a cut-short line is not a finished thumbnail
    },
  },
};
