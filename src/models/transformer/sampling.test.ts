import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../core/any-thread/seeded-random';
import { probabilities, sampleToken } from './sampling';

const logits = Float32Array.from([1.0, 3.0, 2.0, -1.0, 2.5]);

function histogram(temperature: number, topK: number, n = 20000): number[] {
  const u = mulberry32(4);
  const h = new Array<number>(logits.length).fill(0);
  for (let i = 0; i < n; i++) h[sampleToken(logits, temperature, topK, u)]++;
  return h.map((c) => c / n);
}

describe('sampleToken', () => {
  it('temperature 0 is greedy', () => {
    expect(sampleToken(logits, 0, 0, () => 0.99)).toBe(1);
  });

  it('draws with the softmax probabilities at temperature 1', () => {
    const p = probabilities(logits);
    histogram(1, 0).forEach((f, i) => {
      expect(f).toBeCloseTo(p[i], 1.7);
    });
  });

  it('top-k keeps only the k most likely tokens, renormalised', () => {
    const h = histogram(1, 2);
    expect(h[0] + h[2] + h[3]).toBe(0);
    const e = Math.exp(3) + Math.exp(2.5);
    expect(h[1]).toBeCloseTo(Math.exp(3) / e, 1.7);
  });

  it('a low temperature sharpens, a high one flattens', () => {
    expect(histogram(0.3, 0)[1]).toBeGreaterThan(histogram(1, 0)[1]);
    expect(histogram(3, 0)[3]).toBeGreaterThan(histogram(1, 0)[3]);
  });

  it('the same seed draws the same sequence', () => {
    const a = mulberry32(9),
      b = mulberry32(9);
    const draw = (u: () => number) => Array.from({ length: 50 }, () => sampleToken(logits, 1, 3, u));
    expect(draw(a)).toEqual(draw(b));
  });
});
