// Writing text with the GPT, without DOM: an async generator that samples one character at a time (temperature,
// top-k, a seeded generator) from the logits the worker returns, and yields each as it comes, with the time of
// the model call behind it and, when asked, that call's attention. It ends at the length limit or, quietly, once
// its signal fires (stop, a new generation, leaving the page; no worker call starts after that). The model sees
// at most its context of C characters: when the cache is full the window moves (the last characters are run
// again from a fresh cache), and when the worker's cache holds another text (auto measured on it, or switched
// to another engine's worker) it starts again from the text so far.
import type * as Comlink from 'comlink';
import { median } from '../../core/any-thread/engine-choice';
import { isAbort, StaleSequenceError } from '../../core/any-thread/errors';
import { mulberry32 } from '../../core/any-thread/seeded-random';
import type { CallOptions } from '../../core/main-thread/worker-bridge';
import { sampleToken } from './sampling';
import { nextWindow } from './text-run';
import type { StepResult, TransformerWorkerApi } from './worker';

/** A call on whichever transformer worker is active now, cancelled by its signal (ModelRunner.call). */
export type TransformerCall = <R>(fn: (api: Comlink.Remote<TransformerWorkerApi>) => Promise<R>, options?: CallOptions) => Promise<R>;

/**
 * What to write. Read at every character, so the page passes its live settings: a slider moved while the text
 * streams counts from the next character on (the seed counts at the start).
 */
export interface Sampling {
  /** 0 takes the most likely character. */
  readonly temperature: number;
  /** 0 keeps the whole vocabulary. */
  readonly topK: number;
  readonly seed: number;
  /** Characters to write at most. */
  readonly length: number;
}

export interface GenerateOptions {
  sampling: Sampling;
  /** The model's context: characters its cache holds. */
  context: number;
  /** Yield the attention of every model call (the page's heatmap). */
  attention?: boolean;
}

/** A model call's attention [L, H, T, C] over characters first…first+T-1, with cache slot 0 holding character `windowStart`. */
export interface CallAttention {
  first: number;
  T: number;
  windowStart: number;
  weights: Float32Array;
}

/** One new character and what the page shows with it. */
export interface Piece {
  /** The character's token id; it stands at `index` in the text (the prompt first). */
  id: number;
  index: number;
  /** ms of the model call that gave this character's logits. */
  ms: number;
  /** The window moved for this character: where it starts now and how many characters were run again. */
  moved?: { start: number; keep: number };
  /** With `attention`: that call's attention, for the characters it ran. */
  attention?: CallAttention;
}

/** A model call's result and where its characters stand in the text. */
interface Ran {
  r: StepResult;
  first: number;
  windowStart: number;
}

/**
 * Writes up to `sampling.length` characters after `prompt` (token ids, at most the context), one model call each.
 * Errors other than the cancel reach the caller.
 */
export async function* generate(
  call: TransformerCall,
  prompt: readonly number[],
  o: GenerateOptions,
  signal?: AbortSignal,
): AsyncGenerator<Piece, void, undefined> {
  const ids = [...prompt];
  const options = { signal };
  const s = o.sampling;
  const uniform = mulberry32(s.seed);
  /** Runs the text from `from` on into a fresh cache: the prompt, a moved window, or after a stale cache. */
  const prefill = async (from: number): Promise<Ran> => {
    const win = ids.slice(from);
    return { r: await call((api) => api.start(win), options), first: from, windowStart: from };
  };
  /** Feeds the newest character into the cache that holds the text so far, or starts again from the text so far. */
  const step = async (last: Ran): Promise<Ran> => {
    const next = ids[ids.length - 1];
    try {
      return { r: await call((api) => api.step(next, last.r.sequence), options), first: ids.length - 1, windowStart: last.windowStart };
    } catch (e) {
      if (!(e instanceof StaleSequenceError)) throw e;
      return prefill(last.windowStart);
    }
  };
  try {
    let ran = await prefill(0);
    let moved: Piece['moved'];
    for (let written = 1; ; written++) {
      const id = sampleToken(ran.r.logits, s.temperature, s.topK, uniform);
      ids.push(id);
      yield { id, index: ids.length - 1, ms: ran.r.ms, moved, attention: o.attention ? attentionOf(ran) : undefined };
      if (written >= s.length || signal?.aborted) return;
      // characters in the cache before the newest one
      const filled = ids.length - 1 - ran.windowStart;
      moved = filled >= o.context ? nextWindow(ids.length, o.context) : undefined;
      ran = moved ? await prefill(moved.start) : await step(ran);
    }
  } catch (e) {
    if (signal?.aborted && isAbort(e)) return;
    throw e;
  }
}

function attentionOf({ r, first, windowStart }: Ran): CallAttention {
  return { first, T: r.T, windowStart, weights: r.attention };
}

/**
 * Characters per second as the page and the bench give it: the inverse of the median model time per written
 * character (`Piece.ms`), so a page's drawing and a slow first call do not count.
 */
export function charactersPerSecond(ms: readonly number[]): number {
  return 1000 / median(ms);
}
