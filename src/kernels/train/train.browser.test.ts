// train.wgsl in real Chromium on WebGPU: every forward op against its CPU reference (train-reference.ts),
// and every gradient against central finite differences of that reference in float64 on fresh seeded inputs.
// The loss of a check is a random projection Σ r·output, so the kernel's gradient is its backward op fed
// with dy = r. Error measure: relativeError, limit 1e-3 for gradients (float32 against float64 differences)
// and 1e-4 for forward values. Every operand sits behind a few floats of other data, so the element offsets
// of the Params are exercised too.
import { beforeAll, describe, expect, it } from 'vitest';
import { compileKernels, type KernelsOf, readFloats, requestKernelDevice, storage, submit, upload } from '../gpu';
import { TestRandom } from '../test-random';
import type { Activation } from '../elementwise/activation';
import { dot, numericGrad } from './finite-diff';
import { dispatchPadded, expectClose, f64, PAD } from './padded-dispatch';
import {
  actCall,
  actGradCall,
  adamCall,
  addCall,
  biasGradCall,
  gatherCall,
  inputGradCall,
  linearCall,
  lossCall,
  mixCall,
  reparamCall,
  reparamGradCall,
  sinusoidCall,
  statCall,
  TRAIN_KERNELS,
  type TrainCall,
  type TrainKernel,
  weightGradCall,
} from './train';
import { activateAll, adam, addAll, bceLogits, linearForward, mixRows, mse, reparam, sinusoid } from './train-reference';

const GRAD_LIMIT = 1e-3;
const VALUE_LIMIT = 1e-4;
let device: GPUDevice;
let k: KernelsOf<typeof TRAIN_KERNELS>;
beforeAll(async () => {
  device = await requestKernelDevice('training kernel tests');
  k = await compileKernels(device, TRAIN_KERNELS);
});

/** One dispatch of a train.wgsl entry on fresh padded buffers (padded-dispatch.ts). */
const run = (entry: TrainKernel, c: TrainCall, bind: Record<number, ArrayLike<number> | number>) =>
  dispatchPadded(device, [{ kernel: k[entry], call: c }], bind);

describe('train.wgsl: linear layers', () => {
  it('forward (strided matmul with bias) equals linearForward, over several tiles', async () => {
    const rng = new TestRandom('train linear forward');
    const [M, N, K] = [37, 29, 45];
    const [x, w, b] = [rng.normal(M * K), rng.normal(N * K), rng.normal(N)];
    const out = await run('matmul', linearCall(M, N, K, { x: PAD, w: PAD, b: PAD, y: PAD }), { 1: x, 2: w, 3: b, 4: M * N });
    const y = new Float64Array(M * N);
    linearForward(f64(x), f64(w), f64(b), y, M, N, K);
    expectClose(out[4]!, y, VALUE_LIMIT, 'y', rng);
  });

  it('input, weight and bias gradients equal finite differences of the forward reference', async () => {
    const rng = new TestRandom('train linear grads');
    const [M, N, K] = [6, 5, 19];
    const [x, w, b, r] = [f64(rng.normal(M * K)), f64(rng.normal(N * K)), f64(rng.normal(N)), f64(rng.normal(M * N))];
    const y = new Float64Array(M * N);
    const loss = () => {
      linearForward(x, w, b, y, M, N, K);
      return dot(r, y);
    };
    const dx = await run('matmul', inputGradCall(M, N, K, { dy: PAD, w: PAD, dx: PAD }), { 1: r, 2: w, 3: w, 4: M * K });
    const dw = await run('matmul', weightGradCall(M, N, K, { dy: PAD, x: PAD, dw: PAD }), { 1: r, 2: x, 3: x, 4: N * K });
    const db = await run('colsum', biasGradCall(M, N, { dy: PAD, db: PAD }), { 1: r, 4: N });
    expectClose(dx[4]!, numericGrad(loss, x), GRAD_LIMIT, 'dx', rng);
    expectClose(dw[4]!, numericGrad(loss, w), GRAD_LIMIT, 'dw', rng);
    expectClose(db[4]!, numericGrad(loss, b), GRAD_LIMIT, 'db', rng);
  });
});

describe('train.wgsl: activations', () => {
  const acts: Activation[] = ['relu', 'leaky', 'sigmoid', 'tanh', 'silu', 'gelu', 'clip', 'none'];
  for (const act of acts) {
    it(`${act}: values equal activate(), derivative equals finite differences`, async () => {
      const rng = new TestRandom(`train act ${act}`);
      const n = 301;
      // away from ReLU's kink (and clip's at ±1), where a difference quotient straddles it
      const away = (v: number) => (Math.abs(v) < 0.05 || Math.abs(Math.abs(v) - 1) < 0.05 ? v + 0.1 : v);
      const pre = f64(Array.from(rng.uniform(n, 4), away));
      const r = f64(rng.normal(n));
      const h = new Float64Array(n);
      const values = await run('act', actCall(n, act, 0.2, { x: PAD, y: PAD }), { 1: pre, 4: n });
      activateAll(pre, h, n, act, 0.2);
      expectClose(values[4]!, h, VALUE_LIMIT, 'f(pre)', rng);
      const grad = await run('actGrad', actGradCall(n, act, 0.2, { pre: PAD, dy: PAD, dx: PAD }), { 1: pre, 2: r, 4: n });
      const fd = numericGrad((p) => {
        activateAll(p, h, n, act, 0.2);
        return dot(r, h);
      }, pre);
      expectClose(grad[4]!, fd, GRAD_LIMIT, "f'(pre)", rng);
    });
  }
});

describe('train.wgsl: losses and the reparameterisation', () => {
  for (const kind of ['bce', 'mse'] as const) {
    it(`${kind}: row losses equal the reference, the gradient equals finite differences`, async () => {
      const rng = new TestRandom(`train loss ${kind}`);
      const [M, N, scale] = [3, 150, 0.37];
      const y = f64(rng.normal(M * N).map((v) => 3 * v));
      const target = f64(Array.from({ length: M * N }, () => rng.unit()));
      const ref = kind === 'bce' ? bceLogits : mse;
      const [grad, rows] = [new Float64Array(M * N), new Float64Array(M)];
      const out = await run('loss', lossCall(kind, M, N, scale, { y: PAD, target: PAD, grad: PAD, row: PAD }), {
        1: y,
        2: target,
        4: M * N,
        5: M,
      });
      ref(y, target, grad, rows, M, N, scale);
      expectClose(out[5]!, rows, VALUE_LIMIT, 'row losses', rng);
      const fd = numericGrad((v) => scale * ref(v, target, grad, rows, M, N, scale), y);
      expectClose(out[4]!, fd, GRAD_LIMIT, 'gradient', rng);
    });
  }

  it('reparam: z and KL equal the reference; reparam_grad equals finite differences (with the KL term)', async () => {
    const rng = new TestRandom('train reparam');
    const [M, Z, klScale] = [5, 7, 0.6];
    const enc = f64(rng.normal(M * 2 * Z).map((v) => 0.7 * v));
    const [eps, r] = [f64(rng.normal(M * Z)), f64(rng.normal(M * Z))];
    const [z, kl] = [new Float64Array(M * Z), new Float64Array(M)];
    const fwd = await run('reparam', reparamCall(M, Z, { enc: PAD, eps: PAD, z: PAD, row: PAD }), { 1: enc, 2: eps, 4: M * Z, 5: M });
    reparam(enc, eps, z, kl, M, Z);
    expectClose(fwd[4]!, z, VALUE_LIMIT, 'z', rng);
    expectClose(fwd[5]!, kl, VALUE_LIMIT, 'KL', rng);
    const back = await run('reparamGrad', reparamGradCall(M, Z, klScale, { enc: PAD, eps: PAD, dz: PAD, denc: PAD }), {
      1: enc,
      2: eps,
      3: r,
      4: M * 2 * Z,
    });
    const fd = numericGrad((e) => {
      const klSum = reparam(e, eps, z, kl, M, Z);
      return dot(r, z) + klScale * klSum;
    }, enc);
    expectClose(back[4]!, fd, GRAD_LIMIT, 'd enc', rng);
  });
});

describe('train.wgsl: Adam, gather and statistics', () => {
  it('three Adam updates equal the reference (parameters and both moments)', async () => {
    const rng = new TestRandom('train adam');
    const n = 1000;
    const s = { lr: 1e-3, beta1: 0.5, beta2: 0.999, eps: 1e-8 };
    const [p, m, v] = [rng.normal(n), new Float32Array(n), new Float32Array(n)];
    const buf = (label: string, a: Float32Array) => storage(device, label, a);
    const [gb, pb, mb, vb] = [buf('g', new Float32Array(n)), buf('p', p), buf('m', m), buf('v', v)];
    for (let t = 1; t <= 3; t++) {
      const g = rng.normal(n);
      upload(device, gb, g);
      const c = adamCall(n, t, s);
      submit(device, 'adam', [
        k.adam.bind(
          'adam',
          { 1: gb, 4: pb, 5: mb, 6: vb },
          () => c.params,
          () => c.grid,
        ),
      ]);
      adam(p, g, m, v, n, t, s);
    }
    expectClose(await readFloats(device, pb, n), p, VALUE_LIMIT, 'parameters', rng);
    expectClose(await readFloats(device, mb, n), m, VALUE_LIMIT, 'first moment', rng);
    expectClose(await readFloats(device, vb, n), v, VALUE_LIMIT, 'second moment', rng);
  });

  it('gather copies the indexed rows; stat sums values or their sigmoids', async () => {
    const rng = new TestRandom('train gather stat');
    const [rows, cols, images] = [9, 70, 20];
    const data = rng.normal(images * cols);
    const idx = Array.from({ length: rows }, () => rng.int(images));
    const g = await run('gather', gatherCall(rows, cols, { data: PAD, idx: PAD, out: PAD }), { 1: data, 2: idx, 4: rows * cols });
    const want = idx.flatMap((i) => Array.from(data.subarray(i * cols, (i + 1) * cols)));
    expect(Array.from(g[4]!)).toEqual(want);
    const src = rng.normal(200);
    const sum = await run('stat', statCall(200, 'sum', 0.5, { src: PAD, slot: PAD }), { 1: src, 4: 1 });
    const sig = await run('stat', statCall(200, 'sigmoid', 0.25, { src: PAD, slot: PAD }), { 1: src, 4: 1 });
    expectClose(sum[4]!, [0.5 * src.reduce((a, b) => a + b, 0)], VALUE_LIMIT, 'sum', rng);
    expectClose(sig[4]!, [0.25 * src.reduce((a, b) => a + 1 / (1 + Math.exp(-b)), 0)], VALUE_LIMIT, 'sigmoid sum', rng);
  });
});

describe('train.wgsl: the diffusion trainer’s forward-only ops and add', () => {
  it('add sums element-wise; mix applies per-row coefficients; sinusoid embeds positions', async () => {
    const rng = new TestRandom('train add mix sinusoid');
    const [M, N] = [7, 33];
    const [a, b] = [rng.normal(M * N), rng.normal(M * N)];
    const sum = await run('add', addCall(M * N, { a: PAD, b: PAD, y: PAD }), { 1: a, 2: b, 4: M * N });
    const want = new Float64Array(M * N);
    addAll(f64(a), f64(b), want, M * N);
    expectClose(sum[4]!, want, VALUE_LIMIT, 'add', rng);
    const coef = rng.normal(3 * M);
    const mixed = await run('mix', mixCall(M, N, { x: PAD, e: PAD, coef: PAD, y: PAD }), { 1: a, 2: b, 3: coef, 4: M * N });
    mixRows(f64(a), f64(b), f64(coef), want, M, N);
    expectClose(mixed[4]!, want, VALUE_LIMIT, 'mix', rng);
    // time steps of a diffusion schedule (0 … 999) and their embedding; sin/cos of arguments up to 1000
    // lose absolute precision in f32, so the limit here is an absolute 2e-3 rather than the relative one
    const t = Array.from({ length: M }, () => rng.int(1000));
    const D = 32;
    const emb = await run('sinusoid', sinusoidCall(M, D, 10000, { t: PAD, y: PAD }), { 1: t, 4: M * D });
    const ref = new Float64Array(M * D);
    sinusoid(f64(t), ref, M, D, 10000);
    const worst = Math.max(...Array.from(ref, (v, i) => Math.abs(v - emb[4]![i]!)));
    expect(worst, `sinusoid: largest absolute error ${worst}; ${rng.note}`).toBeLessThanOrEqual(2e-3);
  });
});
