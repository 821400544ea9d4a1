import { describe, expect, it } from 'vitest';
import { decodeStripImage, latentFromMap, projectLatent, samplePrior } from './latent';

// A 3-d latent with orthonormal axes, so projection and inverse can be checked by hand.
const pca = {
  mean: [0.5, -0.5, 0],
  axes: [
    [1, 0, 0],
    [0, 0.6, 0.8],
  ],
  explained_variance: [0.5, 0.2],
  points: [] as [number, number, number][],
};

describe('latent map numerics', () => {
  it('projects onto the principal axes and back onto their plane', () => {
    const z = latentFromMap(1.25, -0.5, pca);
    expect(Array.from(z)).toEqual([1.75, expect.closeTo(-0.8, 6), expect.closeTo(-0.4, 6)]);
    const [a, b] = projectLatent(z, pca);
    expect(a).toBeCloseTo(1.25, 6);
    expect(b).toBeCloseTo(-0.5, 6);
  });

  it('clamps map points that fall outside the slider range', () => {
    expect(Math.max(...latentFromMap(100, 0, pca))).toBe(3);
  });

  it('samples the prior with mean ~0 and sd ~1, inside the range', () => {
    const z = samplePrior(20_000);
    const mean = z.reduce((s, v) => s + v, 0) / z.length;
    const sd = Math.sqrt(z.reduce((s, v) => s + (v - mean) ** 2, 0) / z.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(sd).toBeGreaterThan(0.95);
    expect(sd).toBeLessThan(1.02);
    expect(Math.max(...z)).toBeLessThanOrEqual(3);
  });

  it('decodes strip pixels to [0,1]', () => {
    expect(Array.from(decodeStripImage(btoa(String.fromCharCode(0, 255, 51))))).toEqual([0, 1, expect.closeTo(0.2, 6)]);
  });
});
