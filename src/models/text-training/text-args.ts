// What both workers of #/train-text are given about the text, and how each makes the same ids, windows and
// prompt from it: the GPT and the n-gram are measured on the very same held-out characters. No DOM.
import { inflateText, prepareText, type PreparedText, type ShippedVocab, type TextSource } from '../../engines/text/text-source';
import { spreadWindows } from '../../engines/training/text-trainer';

/** Windows of the held-out text (and of the training text) each loss is measured on. */
export const EVAL_WINDOWS = 48;
/** Characters of the held-out text both models continue when they write. */
export const PROMPT_CHARS = 12;

export interface TextArgs {
  source: TextSource;
  /** the shipped files as fetched (compressed): the fortunes' training and held-out parts, or the article */
  files: { train?: Uint8Array; val?: Uint8Array };
  /** your own text (source `own`) */
  own?: string;
  shipped: ShippedVocab;
  context: number;
}

export interface LoadedText extends PreparedText {
  /** EVAL_WINDOWS windows of context + 1 ids of the held-out text, and as many of the training text */
  heldOutWindows: Uint8Array;
  trainWindows: Uint8Array;
  prompt: Uint8Array;
}

export async function loadText(a: TextArgs): Promise<LoadedText> {
  const train = a.source === 'own' ? (a.own ?? '') : await inflateText(need(a.files.train));
  const val = a.source === 'fortunes' ? await inflateText(need(a.files.val)) : undefined;
  const p = prepareText(a.source, { train, val }, a.shipped, a.context);
  const L = a.context + 1;
  return {
    ...p,
    heldOutWindows: spreadWindows(p.heldOut, L, EVAL_WINDOWS),
    trainWindows: spreadWindows(p.train, L, EVAL_WINDOWS),
    prompt: p.heldOut.slice(0, PROMPT_CHARS),
  };
}

function need(bytes: Uint8Array | undefined): Uint8Array {
  if (!bytes) throw new Error('the text file was not fetched');
  return bytes;
}
