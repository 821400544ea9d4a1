// normaliseText against the plain reading of its rule (NFC, then each character through the alias table, one
// at a time): the same text for the shipped fortunes and the article, and for the awkward cases (characters
// outside the BMP, combining marks NFC joins, aliases to nothing and to several characters, regex syntax).
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { normaliseText } from './text-source';

const shipped = JSON.parse(readFileSync(new URL('../../../public/models/transformer/vocab.json', import.meta.url), 'utf8')) as {
  aliases: Record<string, string>;
};

/** The rule read literally: one code point at a time. */
function byHand(text: string, aliases: Record<string, string>): string {
  let out = '';
  for (const ch of text.normalize('NFC')) out += aliases[ch] ?? ch;
  return out;
}

describe('normaliseText', () => {
  it('gives the shipped texts exactly as the rule read literally does', () => {
    for (const name of ['fortunes-val', 'article']) {
      const text = inflateSync(readFileSync(new URL(`../../../public/models/text/${name}.txt.z`, import.meta.url))).toString('utf8');
      expect(normaliseText(text, shipped.aliases) === byHand(text, shipped.aliases), name).toBe(true);
    }
  });

  it('keeps to the rule in the awkward cases', () => {
    const aliases = { ...shipped.aliases, '.': '!', $: '€', '😀': ':)', ab: 'never', 'e\u0301': 'É' };
    const text = 'Cafe\u0301 «quoted» … a.b $5 😀 𝄞 ab\t\r\u00ad end';
    expect(normaliseText(text, aliases)).toBe(byHand(text, aliases));
    expect(normaliseText(text, {})).toBe(text.normalize('NFC'));
  });
});
