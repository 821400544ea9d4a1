import { describe, expect, it } from 'vitest';
import { maxAbsDiff } from '../test-compare';
import { TestRandom } from '../test-random';
import { convCpu } from './conv-cpu';
import { type ConvShape, convRef } from './conv-reference';

describe('convCpu (the cpu engine’s convolution) against convRef', () => {
  const shapes: ConvShape[] = [
    { batch: 2, cin: 3, h: 7, w: 5, cout: 4, kh: 3, kw: 3, stride: 2, pad: 1 },
    { batch: 1, cin: 5, h: 6, w: 9, cout: 3, kh: 2, kw: 3, stride: 1, pad: 0 },
    { batch: 2, cin: 4, h: 7, w: 7, cout: 3, kh: 4, kw: 4, stride: 2, pad: 1, transposed: true },
    { batch: 1, cin: 3, h: 5, w: 6, cout: 2, kh: 3, kw: 2, stride: 3, pad: 2, transposed: true },
    { batch: 1, cin: 2, h: 4, w: 4, cout: 2, kh: 5, kw: 5, stride: 1, pad: 3 },
  ];
  it.each(shapes)('agrees within 1e-5 on %o', (s) => {
    const rng = new TestRandom(`convCpu ${JSON.stringify(s)}`);
    const wCount = s.cout * s.cin * s.kh * s.kw;
    const [x, w, b] = [rng.uniform(s.batch * s.cin * s.h * s.w), rng.uniform(wCount), rng.uniform(s.cout)];
    const ref = convRef(x, w, b, s);
    const ours = convCpu(x, w, b, s);
    expect(ours.length).toBe(ref.length);
    expect(maxAbsDiff(ours, ref), rng.note).toBeLessThan(1e-5);
  });
});
