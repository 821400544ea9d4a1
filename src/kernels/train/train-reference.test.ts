// Every backward reference against central finite differences of its forward reference, in float64 on
// fresh seeded inputs: the loss is a random projection Σ r·output of the op's output, so the analytic gradient
// is the backward op fed with dy = r.
import { describe, expect, it } from 'vitest';
import { relativeError } from '../gpu';
import { TestRandom } from '../test-random';
import {
  activateAll,
  activateGrad,
  bceLogits,
  linearForward,
  linearInputGrad,
  linearParamGrad,
  mse,
  reparam,
  reparamGrad,
} from './train-reference';
import { dot, numericGrad } from './finite-diff';

describe('training references: gradients against finite differences (float64)', () => {
  // the second shape reaches every blocked path and remainder of the loops (rows in pairs, in fours, and left over)
  for (const [M, N, K] of [
    [3, 5, 4],
    [7, 9, 5],
  ]) {
    it(`linear layer ${M}×${N}×${K}: input, weight and bias gradients`, () => {
      const rnd = new TestRandom(`linear grads ${M}×${N}×${K}`);
      const x = Float64Array.from(rnd.normal(M * K));
      const w = Float64Array.from(rnd.normal(N * K));
      const b = Float64Array.from(rnd.normal(N));
      const r = Float64Array.from(rnd.normal(M * N));
      const y = new Float64Array(M * N);
      const loss = () => {
        linearForward(x, w, b, y, M, N, K);
        return dot(r, y);
      };
      const dx = new Float64Array(M * K);
      const dw = new Float64Array(N * K);
      const db = new Float64Array(N);
      linearInputGrad(r, w, dx, M, N, K);
      linearParamGrad(r, x, dw, db, M, N, K);
      expect(relativeError(dx, numericGrad(loss, x)), rnd.note).toBeLessThan(1e-6);
      expect(relativeError(dw, numericGrad(loss, w)), rnd.note).toBeLessThan(1e-6);
      expect(relativeError(db, numericGrad(loss, b)), rnd.note).toBeLessThan(1e-6);
    });
  }

  for (const [act, alpha] of [
    ['relu', 0],
    ['leaky', 0.2],
    ['sigmoid', 0],
    ['tanh', 0],
  ] as const) {
    it(`activation ${act}`, () => {
      const rnd = new TestRandom(`activation ${act}`);
      // kept away from the kink at 0, where ReLU has no derivative for finite differences to find
      const pre = Float64Array.from(rnd.normal(12), (v) => v + Math.sign(v) * 0.05);
      const r = Float64Array.from(rnd.normal(12));
      const h = new Float64Array(12);
      const loss = () => {
        activateAll(pre, h, 12, act, alpha);
        return dot(r, h);
      };
      const dpre = new Float64Array(12);
      activateGrad(pre, r, dpre, 12, act, alpha);
      expect(relativeError(dpre, numericGrad(loss, pre)), rnd.note).toBeLessThan(1e-6);
    });
  }

  it('BCE on logits and MSE', () => {
    const rnd = new TestRandom('losses');
    const [M, N] = [3, 6];
    const l = Float64Array.from(rnd.normal(M * N), (v) => 3 * v);
    const t = Float64Array.from(rnd.uniform(M * N), (v) => (v + 1) / 2);
    const grad = new Float64Array(M * N);
    const rows = new Float64Array(M);
    for (const f of [bceLogits, mse]) {
      const loss = () => f(l, t, new Float64Array(M * N), rows, M, N, 0.5) * 0.5;
      f(l, t, grad, rows, M, N, 0.5);
      expect(relativeError(grad, numericGrad(loss, l)), `${f.name}: ${rnd.note}`).toBeLessThan(1e-6);
    }
  });

  it('reparameterisation with its KL term', () => {
    const rnd = new TestRandom('reparam');
    const [M, Z, klScale] = [2, 3, 0.7];
    const enc = Float64Array.from(rnd.normal(M * 2 * Z), (v) => 0.5 * v);
    const eps = Float64Array.from(rnd.normal(M * Z));
    const r = Float64Array.from(rnd.normal(M * Z));
    const z = new Float64Array(M * Z);
    const kl = new Float64Array(M);
    const loss = () => {
      const total = reparam(enc, eps, z, kl, M, Z);
      return dot(r, z) + klScale * total;
    };
    const denc = new Float64Array(M * 2 * Z);
    reparamGrad(enc, eps, r, denc, M, Z, klScale);
    expect(relativeError(denc, numericGrad(loss, enc)), rnd.note).toBeLessThan(1e-6);
  });
});
