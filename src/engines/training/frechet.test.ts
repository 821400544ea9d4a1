// FMNIST-FD in TypeScript against training/metrics.py: the same number on a fixture written by
// `python3 -m training.real_stats`, and the shipped test-image statistics read back and scored against themselves.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fixture from './fixtures/fd.json';
import { featureStats, frechetDistance, parseFeatureStats, symmetricEigen } from './frechet';

const flat = (rows: number[][]) => Float64Array.from(rows.flat());

describe('Fréchet distance', () => {
  it('equals metrics.py’s fd_between on the fixture', () => {
    const d = fixture.a[0]!.length;
    const fd = frechetDistance(featureStats(flat(fixture.a), fixture.a.length, d), featureStats(flat(fixture.b), fixture.b.length, d));
    expect(Math.abs(fd - fixture.fd) / fixture.fd).toBeLessThan(1e-9);
  });

  it('decomposes a symmetric matrix: A·v = λ·v for every eigenpair', () => {
    const d = 5;
    const a = new Float64Array(d * d);
    for (let i = 0; i < d; i++) for (let j = 0; j <= i; j++) a[i * d + j] = a[j * d + i] = Math.sin(1 + i * 7 + j * 3);
    const { values, v } = symmetricEigen(a, d);
    for (let k = 0; k < d; k++) {
      for (let i = 0; i < d; i++) {
        let av = 0;
        for (let j = 0; j < d; j++) av += a[i * d + j]! * v[j * d + k]!;
        expect(Math.abs(av - values[k]! * v[i * d + k]!)).toBeLessThan(1e-10);
      }
    }
  });

  it('reads the shipped test-image statistics: 128 features, a distance of 0 to themselves, |δ|² to a shifted copy', () => {
    const bytes = readFileSync(new URL('../../../public/models/yardstick/test-features.bin', import.meta.url));
    const stats = parseFeatureStats(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4));
    expect(stats.d).toBe(128);
    expect(Math.abs(frechetDistance(stats, stats))).toBeLessThan(1e-6 * stats.cov.reduce((s, v, i) => s + (i % 129 === 0 ? v : 0), 0));
    const shifted = { ...stats, mean: stats.mean.map((m, i) => m + (i === 3 ? 2 : 0)) };
    expect(frechetDistance(stats, shifted)).toBeCloseTo(4, 4);
    expect(() => parseFeatureStats(new Float32Array(7))).toThrow(/damaged/);
  });
});
