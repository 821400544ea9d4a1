// The n-gram model against hand-computed probabilities on a tiny text, and against the training study's figure
// (public/models/study.json, model "ngram" on all of the fortunes: 1.4025 nats/char at order 6, D 0.8) on the
// shipped fortunes split.
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../core/any-thread/seeded-random';
import { NGramCounts, sampleNGram, tuneAndFit } from './ngram';
import { decodeIds, encodeText, vocabularyOf } from './text-corpus';

const ids = (...xs: number[]) => Uint8Array.from(xs);
const readText = (path: string) => inflateSync(readFileSync(path)).toString('utf8');

describe('n-gram counts on a tiny text', () => {
  // "ababa" over {a, b, c}: N(·) 5, F 2, N(a) 3, N(b) 2; after a: b twice; after b: a twice; after ab: a twice;
  // after ba: b once. With D = 0.5:
  //   p1(a) = (3 − .5 + .5·2·⅓)/5 = 17/30, p1(b) = 11/30, p1(c) = 2/30
  //   p2(b|a) = (2 − .5 + .5·1·11/30)/2 = 101/120, p2(a|b) = 107/120, p2(c|a) = .5·1·(2/30)/2 = 1/60
  //   p3(a|ab) = (2 − .5 + .5·1·107/120)/2 = 467/480 (the last a has no follower: N(a·) is 2, not 3)
  const model = new NGramCounts(ids(0, 1, 0, 1, 0), 3, 3);

  it('gives the hand-computed p at orders 1 and 2, and keeps the lower order where the history is short or unseen', () => {
    const [p1, p2, p3] = model.probs(ids(0, 1, 0, 2), 0.5);
    const close = (got: Float64Array | undefined, want: number[]) => {
      for (const [i, w] of want.entries()) expect(got![i]).toBeCloseTo(w, 12);
    };
    close(p1, [11 / 30, 17 / 30, 2 / 30]);
    close(p2, [101 / 120, 107 / 120, 1 / 60]);
    // first target: one character of history, so order 2's p; c after "ba": N(ba·) 1, F 1, so .5·1·(1/60)/1
    close(p3, [101 / 120, 467 / 480, 1 / 120]);
    const [, q2] = model.probs(ids(2, 0), 0.5); // c never had a follower: order 1's p
    expect(q2![0]).toBeCloseTo(17 / 30, 12);
    const losses = model.losses(ids(0, 1, 0, 2), 0.5);
    expect(losses[1]).toBeCloseTo(-(Math.log(101 / 120) + Math.log(107 / 120) + Math.log(1 / 60)) / 3, 12);
  });

  it('has distributions that sum to 1 and agree with probs, for seen, unseen and short histories', () => {
    for (const history of [ids(), ids(0), ids(2), ids(0, 1), ids(1, 0), ids(2, 2, 2), ids(0, 1, 0, 1)]) {
      for (const order of [1, 2, 3]) {
        for (const d of [0.5, 0.9]) {
          const p = model.distribution(history, order, d);
          expect(Math.abs(p.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-9);
          if (history.length) {
            for (let c = 0; c < 3; c++) {
              const text = ids(...history, c);
              expect(p[c]).toBeCloseTo(model.probs(text, d)[order - 1]![text.length - 2]!, 12);
            }
          }
        }
      }
    }
  });

  it('samples the same ids from the same seed', () => {
    const draw = (seed: number, t = 1) => sampleNGram(model, ids(0), 40, 3, 0.8, mulberry32(seed), t);
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7, 0.5)).toEqual(draw(7, 0.5));
    expect(draw(7)).not.toEqual(draw(8));
    expect(draw(3).every((c) => c < 3)).toBe(true);
  });

  it('encodes and decodes by code point, listing characters outside the vocabulary', () => {
    const vocab = vocabularyOf('baß😀a');
    expect(vocab).toEqual(['a', 'b', 'ß', '😀']);
    const { ids: encoded, outside } = encodeText('ab😀xßyx', vocab);
    expect([...encoded]).toEqual([0, 1, 3, 2]);
    expect(outside).toEqual(['x', 'y']);
    expect(decodeIds(encoded, vocab)).toBe('ab😀ß');
  });
});

describe('n-gram model on the fortunes', () => {
  it('reaches the study’s validation loss (1.40 nats/char) at the order and discount it chooses', () => {
    const vocab: string[] = JSON.parse(readFileSync('public/models/transformer/vocab.json', 'utf8')).chars;
    const train = encodeText(readText('public/models/text/fortunes-train.txt.z'), vocab);
    const val = encodeText(readText('public/models/text/fortunes-val.txt.z'), vocab);
    expect([train.outside, val.outside]).toEqual([[], []]);

    // the last 10 % of the fortunes (each ends with "%\n" on a line of its own) are held out to choose with
    const nl = vocab.indexOf('\n');
    const pct = vocab.indexOf('%');
    const ends: number[] = [];
    const t = train.ids;
    for (let i = 2; i < t.length; i++) if (t[i] === nl && t[i - 1] === pct && t[i - 2] === nl) ends.push(i + 1);
    const cut = ends[Math.round(0.9 * ends.length) - 1]!;

    const tuned = tuneAndFit(t.subarray(0, cut), t.subarray(cut), vocab.length);
    const t0 = performance.now();
    const loss = tuned.model.losses(val.ids, tuned.discount)[tuned.order - 1]!;
    const scoreMs = performance.now() - t0;
    console.log(
      `n-gram on ${t.length} chars (${ends.length} fortunes, dev from ${cut}): order ${tuned.order}, D ${tuned.discount}, ` +
        `val ${loss.toFixed(4)} nats/char; counting ${tuned.countMs.toFixed(0)} ms (both passes), scoring val ${scoreMs.toFixed(0)} ms, ` +
        `tables ${(tuned.model.bytes / 2 ** 20).toFixed(1)} MiB`,
    );
    expect([5, 6]).toContain(tuned.order);
    expect(Math.abs(loss - 1.4025)).toBeLessThan(0.02);
  }, 60_000);
});
