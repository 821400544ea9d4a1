// Text generation against a fake worker: the characters stream in order with the time and attention of their
// call, stop ends it with no call after, the window moves when the cache is full, a stale cache starts again
// from the text so far (and the text does not notice), and other errors reach the caller.
import type * as Comlink from 'comlink';
import { describe, expect, it, vi } from 'vitest';
import { AbortError, StaleSequenceError, WorkerCrashedError } from '../../core/any-thread/errors';
import { mulberry32 } from '../../core/any-thread/seeded-random';
import { THUMB_CHARACTERS, TRANSFORMER } from './entry';
import { generate, type GenerateOptions, type Piece, type TransformerCall } from './generate';
import { sampleToken } from './sampling';
import { nextWindow } from './text-run';
import type { StepResult, TransformerWorkerApi } from './worker';

const V = 16;
const SHAPE = { layers: 2, heads: 2 };

/**
 * A worker with a cache of `context` slots like the real one: start() fills it from slot 0, step() appends one
 * token to the text it names and refuses another. Its logits favour (last token + 1) mod V, with a slope over
 * the other tokens, so sampling at a temperature spreads but stays reproducible.
 */
class FakeWorker {
  calls: string[] = [];
  cache: number[] = [];
  sequence = '';
  private started = 0;
  /** The next step() fails with this (once). */
  failNext?: Error;
  /** While set, calls wait for it (a call in flight). */
  gate?: Promise<void>;
  constructor(readonly context: number) {}

  readonly api = {
    start: async (tokens: number[]): Promise<StepResult> => {
      this.calls.push(`start ${tokens.join(',')}`);
      await this.gate;
      if (tokens.length < 1 || tokens.length > this.context) throw new Error(`start with ${tokens.length} tokens`);
      this.cache = [...tokens];
      this.sequence = `fake:${++this.started}`;
      return this.result(tokens.length);
    },
    step: async (token: number, seq?: string): Promise<StepResult> => {
      this.calls.push(`step ${token}`);
      await this.gate;
      const fail = this.failNext;
      this.failNext = undefined;
      if (fail) throw fail;
      if (seq !== this.sequence) throw new StaleSequenceError('another text');
      if (this.cache.length >= this.context) throw new Error('the context is full');
      this.cache.push(token);
      return this.result(1);
    },
  };

  /** Another engine's worker took over, or auto measured on this one: the cache holds another text now. */
  forget(): void {
    this.cache = [9];
    this.sequence = 'other';
  }

  private result(T: number): StepResult {
    const last = this.cache[this.cache.length - 1];
    const logits = Float32Array.from({ length: V }, (_, v) => (v === (last + 1) % V ? 1 : -((v - last + V) % V) * 0.1));
    const C = this.context;
    const attention = new Float32Array(SHAPE.layers * SHAPE.heads * T * C).fill(this.cache.length);
    return { logits, attention, T, ms: this.cache.length, sequence: this.sequence };
  }

  /** The page's call: rejects with AbortError once the signal fires, and never starts after it has. */
  readonly call: TransformerCall = <R>(
    fn: (api: Comlink.Remote<TransformerWorkerApi>) => Promise<R>,
    options?: { signal?: AbortSignal },
  ) => {
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(new AbortError());
    return new Promise<R>((resolve, reject) => {
      signal?.addEventListener('abort', () => reject(new AbortError()), { once: true });
      fn(this.api as unknown as Comlink.Remote<TransformerWorkerApi>).then(resolve, reject);
    });
  };
}

const greedy = (length: number, context = 32): GenerateOptions => ({ sampling: { temperature: 0, topK: 0, seed: 1, length }, context });

async function collect(pieces: AsyncIterable<Piece>): Promise<Piece[]> {
  const out: Piece[] = [];
  for await (const p of pieces) out.push(p);
  return out;
}

describe('generate', () => {
  it('streams each new character in order, with the time of its call, one call per character', async () => {
    const worker = new FakeWorker(32);
    const pieces = await collect(generate(worker.call, [1, 2, 3], greedy(5)));
    expect(pieces.map((p) => p.id)).toEqual([4, 5, 6, 7, 8]);
    expect(pieces.map((p) => p.index)).toEqual([3, 4, 5, 6, 7]);
    expect(pieces.map((p) => p.ms)).toEqual([3, 4, 5, 6, 7]); // the fake's ms: characters in its cache
    // no call after the last character: it is written, not fed in
    expect(worker.calls).toEqual(['start 1,2,3', 'step 4', 'step 5', 'step 6', 'step 7']);
    expect(pieces.every((p) => p.attention === undefined && p.moved === undefined)).toBe(true);
  });

  it('yields the attention of each call when asked: the prompt first, then one character per step', async () => {
    const worker = new FakeWorker(32);
    const pieces = await collect(generate(worker.call, [1, 2, 3], { ...greedy(3), attention: true }));
    const att = pieces.map((p) => ({ first: p.attention!.first, T: p.attention!.T, windowStart: p.attention!.windowStart }));
    expect(att).toEqual([
      { first: 0, T: 3, windowStart: 0 },
      { first: 3, T: 1, windowStart: 0 },
      { first: 4, T: 1, windowStart: 0 },
    ]);
    expect(pieces[1].attention!.weights.length).toBe(SHAPE.layers * SHAPE.heads * 1 * 32);
  });

  it('samples at a temperature from its seed: the same seed writes the same text, another seed another', async () => {
    const text = async (seed: number) =>
      (
        await collect(generate(new FakeWorker(32).call, [1], { sampling: { temperature: 1.5, topK: 8, seed, length: 20 }, context: 32 }))
      ).map((p) => p.id);
    const first = await text(7);
    expect(await text(7)).toEqual(first);
    expect(await text(8)).not.toEqual(first);
  });

  it('reads the settings at every character: a change while the text streams counts from the next one', async () => {
    const worker = new FakeWorker(32);
    const live = { temperature: 0, topK: 0, seed: 1, length: 100 };
    const got: number[] = [];
    for await (const p of generate(worker.call, [1], { sampling: live, context: 32 })) {
      got.push(p.id);
      if (got.length === 3) live.length = 5; // the visitor asked for fewer characters meanwhile
    }
    expect(got).toEqual([2, 3, 4, 5, 6]);
    expect(worker.calls).toHaveLength(5);
  });

  it('stops between characters once the signal fires, and no call runs after', async () => {
    const worker = new FakeWorker(32);
    const stop = new AbortController();
    const got: number[] = [];
    for await (const p of generate(worker.call, [1], greedy(100), stop.signal)) {
      got.push(p.id);
      if (got.length === 3) stop.abort();
    }
    expect(got).toEqual([2, 3, 4]);
    expect(worker.calls).toEqual(['start 1', 'step 2', 'step 3']);
  });

  it('stops at once when the signal fires during a call: the call is dropped and none follows', async () => {
    const worker = new FakeWorker(32);
    const stop = new AbortController();
    const pieces = generate(worker.call, [1], greedy(100), stop.signal);
    const got: number[] = [];
    let open!: () => void;
    const done = (async () => {
      for await (const p of pieces) {
        got.push(p.id);
        if (got.length === 2) worker.gate = new Promise((r) => (open = r)); // the next call hangs
      }
    })();
    await vi.waitFor(() => expect(worker.calls).toEqual(['start 1', 'step 2', 'step 3']));
    stop.abort();
    await done; // ends quietly: the cancel is not an error
    open();
    await Promise.resolve();
    expect(got).toEqual([2, 3]);
    expect(worker.calls).toHaveLength(3);
  });

  it('does not start when the signal has fired already', async () => {
    const worker = new FakeWorker(32);
    expect(await collect(generate(worker.call, [1], greedy(5), AbortSignal.abort()))).toEqual([]);
    expect(worker.calls).toEqual([]);
  });

  it('moves the window when the cache is full: the last characters run again from a fresh cache', async () => {
    const C = 8;
    const worker = new FakeWorker(C);
    const prompt = [0, 1, 2, 3];
    const pieces = await collect(generate(worker.call, prompt, { ...greedy(12, C), attention: true }));
    const ids = [...prompt, ...pieces.map((p) => p.id)];
    expect(pieces.map((p) => p.id)).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    // the cache holds 8 characters once ids[0..7] are in; the 9th (ids[8] = 8) is written, then the window moves
    const w = nextWindow(9, C);
    expect(w).toEqual({ start: 3, keep: 6 });
    const moves = pieces.filter((p) => p.moved);
    expect(moves[0].moved).toEqual(w);
    expect(moves[0].index).toBe(9);
    expect(moves[0].attention).toMatchObject({ first: 3, T: 6, windowStart: 3 });
    expect(worker.calls).toContain(`start ${ids.slice(3, 9).join(',')}`);
    // every call fit the cache, and the steps after the move count from the new window
    expect(pieces.at(-1)!.attention!.windowStart).toBeGreaterThan(0);
    const starts = worker.calls.filter((c) => c.startsWith('start'));
    expect(starts.length).toBe(1 + moves.length);
  });

  it('starts again from the text so far when the cache holds another text, and the text does not notice', async () => {
    const options: GenerateOptions = { sampling: { temperature: 0.9, topK: 6, seed: 3, length: 10 }, context: 32, attention: true };
    const reference = (await collect(generate(new FakeWorker(32).call, [1, 2], options))).map((p) => p.id);
    const worker = new FakeWorker(32);
    const got: Piece[] = [];
    for await (const p of generate(worker.call, [1, 2], options)) {
      got.push(p);
      if (got.length === 4) worker.forget();
    }
    expect(got.map((p) => p.id)).toEqual(reference);
    const text = [1, 2, ...reference];
    // the refused step, then the whole text so far (the newest character included) into a fresh cache
    const i = worker.calls.indexOf(`start ${text.slice(0, 6).join(',')}`);
    expect(i).toBeGreaterThan(0);
    expect(worker.calls[i - 1]).toBe(`step ${text[5]}`);
    expect(got[4].attention).toMatchObject({ first: 0, T: 6, windowStart: 0 });
    expect(got[5].attention).toMatchObject({ first: 6, T: 1, windowStart: 0 });
  });

  it('hands any other error to the caller, and calls no more', async () => {
    const worker = new FakeWorker(32);
    const got: number[] = [];
    const run = async () => {
      for await (const p of generate(worker.call, [1], greedy(10))) {
        got.push(p.id);
        if (got.length === 2) worker.failNext = new WorkerCrashedError('the worker died');
      }
    };
    await expect(run()).rejects.toBeInstanceOf(WorkerCrashedError);
    expect(got).toEqual([2, 3]);
    expect(worker.calls).toEqual(['start 1', 'step 2', 'step 3']);
  });

  it('hands an AbortError of someone else to the caller while its own signal has not fired', async () => {
    const worker = new FakeWorker(32);
    worker.failNext = new AbortError('not ours');
    await expect(collect(generate(worker.call, [1], greedy(5), new AbortController().signal))).rejects.toBeInstanceOf(AbortError);
  });
});

describe('the home-page thumbnail', () => {
  const chars = [...'Wer anditsoulch.'];
  const files = { vocab: new TextEncoder().encode(JSON.stringify({ chars, aliases: {}, separator: '\n' })) };
  const args = { gpt: new Uint8Array(0), layers: SHAPE.layers, heads: SHAPE.heads, embd: 8, context: 128, vocab: V };
  const draw = (worker: FakeWorker, text: (s: string) => void, signal?: AbortSignal) =>
    TRANSFORMER.thumbnail.draw(worker.api as unknown as Comlink.Remote<TransformerWorkerApi>, {
      args,
      files,
      canvas: undefined as unknown as HTMLCanvasElement,
      text,
      seed: 5,
      signal,
    });

  it('writes the line it wrote before generate() took over its loop: same seed, same sampling', async () => {
    const shown: string[] = [];
    await draw(new FakeWorker(128), (s) => shown.push(s));
    // the loop the thumbnail had: start, then sample and step with temperature 0.8 and top-k 20
    const worker = new FakeWorker(128);
    const random = mulberry32(5);
    let text = 'Wer ';
    let r = await worker.api.start([...text].map((c) => chars.indexOf(c)));
    for (let i = 0; i < THUMB_CHARACTERS; i++) {
      const next = sampleToken(r.logits, 0.8, 20, random);
      text += chars[next];
      r = await worker.api.step(next, r.sequence);
    }
    expect(shown[0]).toBe('Wer ');
    expect(shown).toHaveLength(1 + THUMB_CHARACTERS);
    expect(shown.at(-1)).toBe(text);
  });

  it('stops when its page goes, and says so by throwing', async () => {
    const stop = new AbortController();
    const shown: string[] = [];
    await expect(
      draw(
        new FakeWorker(128),
        (s) => {
          shown.push(s);
          if (shown.length === 3) stop.abort();
        },
        stop.signal,
      ),
    ).rejects.toThrow();
    expect(shown).toHaveLength(3);
  });
});
