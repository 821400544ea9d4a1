import { describe, expect, it } from 'vitest';
import { TestRandom } from '../test-random';
import { convAt, convOutSize, convRef, type ConvShape } from './conv-reference';

describe('convAt (one output, for spot checks of big layers)', () => {
  it('agrees with convRef at every output of odd-sized layers with stride and padding', () => {
    const rng = new TestRandom('convAt vs convRef');
    for (const s of [
      { batch: 2, cin: 3, h: 7, w: 5, cout: 4, kh: 3, kw: 3, stride: 2, pad: 1 },
      { batch: 1, cin: 5, h: 6, w: 9, cout: 3, kh: 2, kw: 3, stride: 1, pad: 0 },
    ] as ConvShape[]) {
      const [x, w, b] = [rng.uniform(s.batch * s.cin * s.h * s.w), rng.uniform(s.cout * s.cin * s.kh * s.kw), rng.uniform(s.cout)];
      const ref = convRef(x, w, b, s);
      const { oh, ow } = convOutSize(s);
      for (let n = 0; n < s.batch; n++)
        for (let co = 0; co < s.cout; co++)
          for (let oy = 0; oy < oh; oy++)
            for (let ox = 0; ox < ow; ox++) {
              expect(convAt(x, w, b, s, n, co, oy, ox), rng.note).toBeCloseTo(ref[((n * s.cout + co) * oh + oy) * ow + ox], 5);
            }
    }
  });

  it('sums the taps by hand: a 2×2 kernel of ones over a 3×3 ramp, no padding', () => {
    const s: ConvShape = { batch: 1, cin: 1, h: 3, w: 3, cout: 1, kh: 2, kw: 2, stride: 1, pad: 0 };
    const x = Float32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(convAt(x, new Float32Array(4).fill(1), Float32Array.from([0.5]), s, 0, 0, 1, 1)).toBe(4 + 5 + 7 + 8 + 0.5);
  });
});
