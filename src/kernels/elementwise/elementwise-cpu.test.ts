import { describe, expect, it } from 'vitest';
import { TestRandom } from '../test-random';
import type { BinaryOp } from './elementwise';
import { binaryCpu } from './elementwise-cpu';
import { binaryRef } from './elementwise-reference';

describe('binaryCpu (the cpu engine’s broadcasting arithmetic) against binaryRef', () => {
  const cases: [number[], number[]][] = [
    [
      [2, 3, 4, 5],
      [2, 3, 4, 5],
    ],
    [
      [2, 3, 4, 5],
      [2, 3, 1, 1],
    ],
    [
      [2, 3, 4, 5],
      [3, 1, 1],
    ],
    [
      [2, 1, 4, 1],
      [1, 3, 1, 5],
    ],
    [[4, 5], [5]],
    [[5], [2, 3, 5]],
    [[], [2, 3]],
    [[2, 3], []],
    [[1, 1], [1]],
  ];
  it.each(cases)('gives binaryRef’s values and shape for %o ∘ %o', (aShape, bShape) => {
    const rng = new TestRandom(`binaryCpu ${aShape} ${bShape}`);
    const a = rng.uniform(aShape.reduce((p, d) => p * d, 1));
    const b = rng.uniform(bShape.reduce((p, d) => p * d, 1)).map((v) => v + 2); // no division by ~0
    for (const op of ['add', 'sub', 'mul', 'div'] as BinaryOp[]) {
      const ref = binaryRef(a, aShape, b, bShape, op);
      const ours = binaryCpu(a, aShape, b, bShape, op);
      expect(ours.shape, rng.note).toEqual(ref.shape);
      expect(Array.from(ours.y), `${op} ${rng.note}`).toEqual(Array.from(ref.y));
    }
  });
});
