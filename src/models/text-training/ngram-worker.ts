// The text-training page's n-gram worker: counts the visitor's training text (order and discount chosen on its
// last 10 %, then counted on all of it), scores the page's evaluation windows at every order, and writes text.
// Counting 2.7 M characters takes seconds, so it runs off the main thread like the GPT's training.
import * as Comlink from 'comlink';
import { mulberry32 } from '../../core/any-thread/seeded-random';
import { loadText, type TextArgs } from './text-args';
import { NGRAM_MAX_ORDER, type NGramCounts, type NGramTuning, sampleNGram, tuneAndFit } from '../../engines/text/ngram';

export interface NGramFitArgs {
  /** the training text as ids; its last 10 % is held out to choose the order and discount */
  train: Uint8Array;
  vocab: number;
  /** windows of windowLength ids laid end to end, each scored alone (its history starts inside it) */
  evalWindows: Uint8Array;
  windowLength: number;
}

export interface NGramReport {
  order: number;
  discount: number;
  /** mean nats/char of every window's window[1..] at orders 1..6, at the chosen discount */
  orderLosses: number[];
  grid: NGramTuning['grid'];
  /** ms spent counting (on the first 90 %, then on all) */
  countMs: number;
  /** memory of the count tables */
  bytes: number;
  trainChars: number;
}

/** Share of the training text held out to choose the order and discount. */
const DEV_SHARE = 0.1;

let fitted: { model: NGramCounts; order: number; discount: number } | undefined;

/** Mean nats/char per order over windows scored one by one (all the same length, so the mean of means). */
function windowLosses(model: NGramCounts, windows: Uint8Array, length: number, discount: number): number[] {
  if (!Number.isInteger(length) || length < 2) throw new RangeError(`evaluation windows of ${length} characters: use 2 or more`);
  if (windows.length % length !== 0) throw new RangeError(`${windows.length} evaluation ids are not whole windows of ${length}`);
  const count = windows.length / length;
  const sums = new Array<number>(model.maxOrder).fill(0);
  for (let w = 0; w < count; w++) {
    for (const [i, l] of model.losses(windows.subarray(w * length, (w + 1) * length), discount).entries()) sums[i]! += l;
  }
  return sums.map((s) => (count ? s / count : NaN));
}

export const ngramApi = {
  /** Prepares the text as the GPT's worker does (text-args.ts) and counts it: the same held-out windows for both. */
  async fitText(args: TextArgs): Promise<NGramReport & { prompt: Uint8Array; vocab: string[] }> {
    const text = await loadText(args);
    const report = await ngramApi.fit({
      train: text.train,
      vocab: text.vocab.length,
      evalWindows: text.heldOutWindows,
      windowLength: args.context + 1,
    });
    return { ...report, prompt: text.prompt, vocab: text.vocab };
  },

  async fit(args: NGramFitArgs): Promise<NGramReport> {
    fitted = undefined;
    const cut = Math.round((1 - DEV_SHARE) * args.train.length);
    const tuned = tuneAndFit(args.train.subarray(0, cut), args.train.subarray(cut), args.vocab, NGRAM_MAX_ORDER);
    fitted = tuned;
    return {
      order: tuned.order,
      discount: tuned.discount,
      orderLosses: windowLosses(tuned.model, args.evalWindows, args.windowLength, tuned.discount),
      grid: tuned.grid,
      countMs: tuned.countMs,
      bytes: tuned.model.bytes,
      trainChars: args.train.length,
    };
  },

  /** `n` ids after `prompt` from the fitted model at its chosen order and discount. */
  async sample(prompt: Uint8Array, n: number, seed: number, temperature: number): Promise<Uint8Array> {
    if (!fitted) throw new Error('The n-gram model has not been counted yet: call fit with the training text first.');
    const out = sampleNGram(fitted.model, prompt, n, fitted.order, fitted.discount, mulberry32(seed), temperature);
    return Comlink.transfer(out, [out.buffer]);
  },
};

export type NGramWorkerApi = typeof ngramApi;
