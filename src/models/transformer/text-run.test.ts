import { describe, expect, it } from 'vitest';
import { nextWindow, TextRun } from './text-run';

describe('TextRun', () => {
  it('keeps each row with the window it was computed in', () => {
    const shape = { layers: 2, heads: 2, context: 4 };
    const run = new TextRun(shape, [1, 2, 3]);
    // prefill of 3 characters: attention [L=2, H=2, T=3, C=4], value = 1000·l + 100·h + 10·t + slot
    const att = new Float32Array(2 * 2 * 3 * 4).map((_, i) => {
      const slot = i % 4,
        t = Math.floor(i / 4) % 3,
        h = Math.floor(i / 12) % 2,
        l = Math.floor(i / 24);
      return 1000 * l + 100 * h + 10 * t + slot;
    });
    run.record(0, 3, 0, att);
    expect(Array.from(run.weights(2, 1, 1))).toEqual([1120, 1121, 1122]);
    // later the window moved: character 5 computed with slot 0 = character 3
    run.record(5, 1, 3, new Float32Array(16).fill(0.5));
    expect(Array.from(run.weights(5, 0, 0))).toEqual([0, 0, 0, 0.5, 0.5, 0.5]);
    expect(run.has(4)).toBe(false);
    expect(() => run.record(0, 2, 0, att)).toThrow(/expected 32/);
  });

  it('moves the window by a quarter of the context', () => {
    expect(nextWindow(128, 128)).toEqual({ start: 32, keep: 96 });
    expect(nextWindow(300, 128)).toEqual({ start: 204, keep: 96 });
    expect(nextWindow(4, 4)).toEqual({ start: 1, keep: 3 });
  });
});
