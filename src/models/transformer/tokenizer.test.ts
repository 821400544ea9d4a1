// The tokenizer with the vocabulary shipped beside the model (public/models/transformer/vocab.json).
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { Tokenizer, VocabError, type VocabFile } from './tokenizer';

const vocab = JSON.parse(await readFile(new URL('../../../public/models/transformer/vocab.json', import.meta.url), 'utf8')) as VocabFile;
const tok = new Tokenizer(vocab);

describe('Tokenizer', () => {
  it('round-trips every character of the vocabulary, and German text', () => {
    const all = vocab.chars.join('');
    expect(tok.decode(tok.encode(all).ids)).toBe(all);
    const text = 'Wer anderen eine Grube gräbt, fällt selbst hinein.\nÄrger über Öl? Süßes!\n%\n';
    const enc = tok.encode(text);
    expect(enc.unknown).toEqual([]);
    expect(enc.ids.length).toBe(text.length);
    expect(tok.decode(enc.ids)).toBe(text);
  });

  it('maps typographic variants the way the training text was mapped', () => {
    const enc = tok.encode('„Zitat“ – sagt er… «ja»\tnein');
    expect(tok.decode(enc.ids)).toBe('"Zitat" - sagt er... "ja" nein');
    expect(enc.mapped).toBe(7);
  });

  it('composes decomposed umlauts (NFC) before looking them up', () => {
    expect(tok.decode(tok.encode('Mu\u0308ller').ids)).toBe('Müller');
  });

  it('leaves out characters outside the vocabulary and names each once', () => {
    const enc = tok.encode('a🙂b🙂cŁ');
    expect(tok.decode(enc.ids)).toBe('abc');
    expect(enc.unknown).toEqual(['🙂', 'Ł']);
  });

  it('refuses a broken vocabulary file', () => {
    expect(() => new Tokenizer({ chars: ['a', 'a', 'b'], aliases: {}, separator: '%\n' })).toThrow(VocabError);
    expect(() => new Tokenizer({ chars: ['ab', 'c'], aliases: {}, separator: '%\n' })).toThrow(/not one character/);
    expect(() => new Tokenizer({} as VocabFile)).toThrow(VocabError);
  });
});
