// The texts #/train-text learns from, made ready for both of its models: decompressed, normalised as the
// fortunes were (NFC, then the alias table of transformer/vocab.json), turned into ids, and split into what
// is trained on and what is held out. The limits a visitor's own text must keep are here, each with the
// reason a page can say. No DOM.
import { inflate } from '../../core/any-thread/inflate';
import { encodeText, vocabularyOf } from './text-corpus';

export const TEXT_SOURCES = ['fortunes', 'article', 'own'] as const;
export type TextSource = (typeof TEXT_SOURCES)[number];

/** What your own text must keep: enough to hold some out and train on, not more than a tab can count, few enough different characters. */
export const OWN_TEXT = { minChars: 500, maxChars: 2_000_000, maxVocab: 128 } as const;

/** The share of an article or your own text held out (at least two windows of it). */
export const HELD_OUT_SHARE = 0.1;

export type TextProblem = 'short' | 'long' | 'vocab' | 'outside';

/** A text that cannot be trained on, with what is wrong (a page turns `problem` and `params` into words). */
export class TextSourceError extends Error {
  override name = 'TextSourceError';
  constructor(
    readonly problem: TextProblem,
    readonly params: Record<string, string | number>,
  ) {
    super(`${problem}: ${JSON.stringify(params)}`);
  }
}

export interface ShippedVocab {
  chars: string[];
  aliases: Record<string, string>;
}

export interface PreparedText {
  vocab: string[];
  train: Uint8Array;
  heldOut: Uint8Array;
}

/** NFC, then the alias table (typographic quotes and dashes onto plain ones, tabs to spaces, ...). */
export function normaliseText(text: string, aliases: Record<string, string>): string {
  const nfc = text.normalize('NFC');
  // one character (code point) at a time, as the table is read: a key of more than one never applies
  const keys = Object.keys(aliases).filter((k) => [...k].length === 1);
  if (!keys.length) return nfc;
  // the regular expression's native replace, not a loop adding a character at a time: 2.7 M characters of
  // fortunes took 0.45–0.6 s that way in Node, about half of the text page's start
  const pattern = new RegExp(keys.map((k) => k.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')).join('|'), 'gu');
  return nfc.replace(pattern, (ch) => aliases[ch] ?? ch);
}

/** UTF-8 text from zlib-compressed bytes (as the shipped text files are). */
export async function inflateText(bytes: Uint8Array): Promise<string> {
  return new TextDecoder().decode(await inflate(bytes));
}

/** The last HELD_OUT_SHARE of ids (at least two windows of `context + 1`), the rest before it. */
export function splitHeldOut(ids: Uint8Array, context: number): { train: Uint8Array; heldOut: Uint8Array } {
  const n = Math.max(Math.ceil(ids.length * HELD_OUT_SHARE), 2 * (context + 1));
  return { train: ids.subarray(0, ids.length - n), heldOut: ids.subarray(ids.length - n) };
}

/** Checks your own text against OWN_TEXT (after normalising); throws a TextSourceError that says what is wrong. */
export function checkOwnText(text: string, aliases: Record<string, string>): { text: string; vocab: string[] } {
  const normal = normaliseText(text, aliases);
  const chars = [...normal].length;
  if (chars < OWN_TEXT.minChars) throw new TextSourceError('short', { chars, min: OWN_TEXT.minChars });
  if (chars > OWN_TEXT.maxChars) throw new TextSourceError('long', { chars, max: OWN_TEXT.maxChars });
  const vocab = vocabularyOf(normal);
  if (vocab.length > OWN_TEXT.maxVocab) {
    const counts = new Map<string, number>();
    for (const ch of normal) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    const rare = [...counts]
      .sort((a, b) => a[1] - b[1])
      .slice(0, 12)
      .map(([ch]) => ch);
    throw new TextSourceError('vocab', { count: vocab.length, max: OWN_TEXT.maxVocab, examples: rare.join(' ') });
  }
  return { text: normal, vocab };
}

/**
 * The ids a source trains on and holds out: the fortunes with the study's held-out 5 % (`val`), the article
 * and your own text with their last tenth held out. The shipped vocabulary for the first two (characters
 * outside it are refused: they cannot happen in the shipped files), the text's own for yours.
 */
export function prepareText(
  source: TextSource,
  texts: { train: string; val?: string },
  shipped: ShippedVocab,
  context: number,
): PreparedText {
  if (source === 'own') {
    const own = checkOwnText(texts.train, shipped.aliases);
    return { vocab: own.vocab, ...splitHeldOut(encodeText(own.text, own.vocab).ids, context) };
  }
  const encode = (text: string) => {
    const e = encodeText(normaliseText(text, shipped.aliases), shipped.chars);
    if (e.outside.length) throw new TextSourceError('outside', { examples: e.outside.slice(0, 12).join(' ') });
    return e.ids;
  };
  if (source === 'fortunes') {
    if (texts.val === undefined) throw new Error('the fortunes come with their held-out part');
    return { vocab: shipped.chars, train: encode(texts.train), heldOut: encode(texts.val) };
  }
  return { vocab: shipped.chars, ...splitHeldOut(encode(texts.train), context) };
}
