// The CPU references' own backward functions (what the CPU engine runs) against central finite differences of
// their forward functions, in float64 on seeded inputs. The WGSL kernels are checked the same way in Chromium.
import { describe, expect, it } from 'vitest';
import { TestRandom } from '../test-random';
import { dot, numericGrad } from './finite-diff';
import { attention, attentionGrad, embeddingGrad, layerNorm, layerNormInputGrad, layerNormParamGrad } from './sequence-reference';

const f64 = (a: ArrayLike<number>) => Float64Array.from(a as ArrayLike<number>);
function worst(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let w = 0;
  for (let i = 0; i < a.length; i++) w = Math.max(w, Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!)));
  return w;
}

describe('sequence references: backward = finite differences of forward', () => {
  it('layer norm (dx, dγ, dβ)', () => {
    const rng = new TestRandom('ref layer norm');
    const [M, N, eps] = [3, 11, 1e-5];
    const [x, g, b, r] = [f64(rng.normal(M * N)), f64(rng.normal(N)), f64(rng.normal(N)), f64(rng.normal(M * N))];
    const [y, xhat] = [new Float64Array(M * N), new Float64Array(M * N)];
    const loss = (xs: Float64Array, gs: Float64Array, bs: Float64Array) => {
      layerNorm(xs, gs, bs, y, xhat, M, N, eps);
      return dot(r, y);
    };
    const dx = new Float64Array(M * N);
    layerNormInputGrad(x, g, r, dx, M, N, eps);
    expect(
      worst(
        dx,
        numericGrad((v) => loss(v, g, b), x),
      ),
      rng.note,
    ).toBeLessThan(1e-6);
    layerNorm(x, g, b, y, xhat, M, N, eps);
    const [dg, db] = [new Float64Array(N), new Float64Array(N)];
    layerNormParamGrad(r, xhat, dg, db, M, N);
    expect(
      worst(
        dg,
        numericGrad((v) => loss(x, v, b), g),
      ),
      rng.note,
    ).toBeLessThan(1e-6);
    expect(
      worst(
        db,
        numericGrad((v) => loss(x, g, v), b),
      ),
      rng.note,
    ).toBeLessThan(1e-6);
  });

  it('embedding lookup', () => {
    const rng = new TestRandom('ref embedding');
    const [M, V, D] = [12, 5, 4];
    const [table, r] = [f64(rng.normal(V * D)), f64(rng.normal(M * D))];
    const idx = f64(Array.from({ length: M }, () => rng.int(V)));
    const dt = new Float64Array(V * D);
    embeddingGrad(r, idx, dt, M, V, D);
    const lookup = (t: Float64Array) =>
      dot(
        r,
        Array.from(idx).flatMap((v) => Array.from(t.subarray(v * D, (v + 1) * D))),
      );
    expect(worst(dt, numericGrad(lookup, table)), rng.note).toBeLessThan(1e-6);
  });

  it('causal self-attention', () => {
    const rng = new TestRandom('ref attention');
    const s = { B: 2, T: 5, C: 8, H: 2 };
    const qkv = f64(rng.normal(s.B * s.T * 3 * s.C));
    const r = f64(rng.normal(s.B * s.T * s.C));
    const [y, p] = [new Float64Array(s.B * s.T * s.C), new Float64Array(s.B * s.H * s.T * s.T)];
    attention(qkv, y, p, s);
    const d = new Float64Array(qkv.length);
    attentionGrad(qkv, p, r, d, s);
    const fd = numericGrad((v) => {
      attention(v, y, new Float64Array(p.length), s);
      return dot(r, y);
    }, qkv);
    expect(worst(d, fd), rng.note).toBeLessThan(1e-6);
  });
});
