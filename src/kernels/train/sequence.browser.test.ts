// sequence.wgsl in real Chromium on WebGPU: every forward op against its CPU reference
// (sequence-reference.ts), and every gradient against central finite differences of that reference in float64
// on fresh seeded inputs. As in train.browser.test.ts, the loss of a check is a random projection Σ r·output,
// so a kernel's gradient is its backward op fed with dy = r; limits 1e-4 (values) and 1e-3 (gradients).
import { beforeAll, describe, expect, it } from 'vitest';
import { compileKernels, type KernelsOf, requestKernelDevice } from '../gpu';
import { TestRandom } from '../test-random';
import { dot, numericGrad } from './finite-diff';
import { dispatchPadded, expectClose, f64, PAD } from './padded-dispatch';
import {
  attentionCall,
  attentionGradCalls,
  embeddingGradCall,
  layerNormCall,
  layerNormGradCall,
  layerNormParamGradCall,
  SEQUENCE_KERNELS,
  softmaxXentCall,
} from './sequence';
import { attention, type AttentionShape, layerNorm, softmaxCrossEntropy } from './sequence-reference';

const GRAD_LIMIT = 1e-3;
const VALUE_LIMIT = 1e-4;
let device: GPUDevice;
let k: KernelsOf<typeof SEQUENCE_KERNELS>;
beforeAll(async () => {
  device = await requestKernelDevice('sequence kernel tests');
  k = await compileKernels(device, SEQUENCE_KERNELS);
});

describe('sequence.wgsl', () => {
  it('layer norm: values equal the reference; dx, dγ and dβ equal finite differences', async () => {
    const rng = new TestRandom('sequence layer norm');
    const [M, N, eps] = [5, 70, 1e-5];
    const [x, gamma, beta, r] = [
      f64(rng.normal(M * N).map((v) => 2 * v + 0.5)),
      f64(rng.normal(N)),
      f64(rng.normal(N)),
      f64(rng.normal(M * N)),
    ];
    const params = [...gamma, ...beta]; // one block: γ at 0, β at N
    const at = { gamma: PAD, beta: PAD + N };
    const fwd = await dispatchPadded(
      device,
      [{ kernel: k.layerNorm, call: layerNormCall(M, N, eps, { x: PAD, ...at, y: PAD, xhat: PAD }) }],
      {
        1: x,
        2: params,
        4: M * N,
        5: M * N,
      },
    );
    const [y, xhat] = [new Float64Array(M * N), new Float64Array(M * N)];
    layerNorm(x, gamma, beta, y, xhat, M, N, eps);
    expectClose(fwd[4]!, y, VALUE_LIMIT, 'y', rng);
    expectClose(fwd[5]!, xhat, VALUE_LIMIT, 'x̂', rng);
    const loss = (xs: Float64Array, g: Float64Array, b: Float64Array) => {
      layerNorm(xs, g, b, y, xhat, M, N, eps);
      return dot(r, y);
    };
    const dx = await dispatchPadded(
      device,
      [{ kernel: k.layerNormGrad, call: layerNormGradCall(M, N, eps, { x: PAD, gamma: PAD, dy: PAD, dx: PAD }) }],
      {
        1: x,
        2: params,
        3: r,
        4: M * N,
      },
    );
    expectClose(
      dx[4]!,
      numericGrad((v) => loss(v, gamma, beta), x),
      GRAD_LIMIT,
      'dx',
      rng,
    );
    layerNorm(x, gamma, beta, y, xhat, M, N, eps);
    const call = layerNormParamGradCall(M, N, { dy: PAD, xhat: PAD, dgamma: PAD, dbeta: PAD + N });
    const dp = await dispatchPadded(device, [{ kernel: k.layerNormParamGrad, call }], { 1: r, 2: xhat, 4: 2 * N });
    expectClose(
      dp[4]!.subarray(0, N),
      numericGrad((g) => loss(x, g, beta), gamma),
      GRAD_LIMIT,
      'dγ',
      rng,
    );
    expectClose(
      dp[4]!.subarray(N),
      numericGrad((b) => loss(x, gamma, b), beta),
      GRAD_LIMIT,
      'dβ',
      rng,
    );
  });

  it('embedding: the table’s gradient sums the rows that looked each entry up (repeats included)', async () => {
    const rng = new TestRandom('sequence embedding');
    const [M, V, D] = [40, 9, 13];
    const table = f64(rng.normal(V * D));
    const idx = Array.from({ length: M }, () => rng.int(V));
    const r = f64(rng.normal(M * D));
    const lookup = (t: Float64Array) =>
      dot(
        r,
        idx.flatMap((v) => Array.from(t.subarray(v * D, (v + 1) * D))),
      );
    const g = await dispatchPadded(
      device,
      [{ kernel: k.embeddingGrad, call: embeddingGradCall(M, V, D, { dy: PAD, idx: PAD, dtable: PAD }) }],
      {
        1: r,
        2: idx,
        4: V * D,
      },
    );
    expectClose(g[4]!, numericGrad(lookup, table), GRAD_LIMIT, 'd table', rng);
  });

  it('softmax cross-entropy: row losses equal the reference, the gradient equals finite differences', async () => {
    const rng = new TestRandom('sequence softmax xent');
    const [M, V, scale] = [4, 96, 0.3];
    const logits = f64(rng.normal(M * V).map((v) => 3 * v));
    const target = Array.from({ length: M }, () => rng.int(V));
    const out = await dispatchPadded(
      device,
      [{ kernel: k.softmaxXent, call: softmaxXentCall(M, V, scale, { logits: PAD, target: PAD, grad: PAD, row: PAD }) }],
      {
        1: logits,
        2: target,
        4: M * V,
        5: M,
      },
    );
    const [grad, rows] = [new Float64Array(M * V), new Float64Array(M)];
    softmaxCrossEntropy(logits, f64(target), grad, rows, M, V, scale);
    expectClose(out[5]!, rows, VALUE_LIMIT, 'row losses', rng);
    const fd = numericGrad((l) => scale * softmaxCrossEntropy(l, f64(target), grad, rows, M, V, scale), logits);
    expectClose(out[4]!, fd, GRAD_LIMIT, 'gradient', rng);
  });

  it('causal attention: y equals the reference (no look ahead); dqkv equals finite differences', async () => {
    const rng = new TestRandom('sequence attention');
    const s: AttentionShape = { B: 2, T: 7, C: 12, H: 3 };
    const n = s.B * s.T * 3 * s.C;
    const qkv = f64(rng.normal(n));
    const r = f64(rng.normal(s.B * s.T * s.C));
    const [y, p] = [new Float64Array(s.B * s.T * s.C), new Float64Array(s.B * s.H * s.T * s.T)];
    const fwd = await dispatchPadded(device, [{ kernel: k.attention, call: attentionCall(s, { qkv: PAD, y: PAD, p: PAD }) }], {
      1: qkv,
      4: y.length,
      5: p.length,
    });
    attention(qkv, y, p, s);
    expectClose(fwd[4]!, y, VALUE_LIMIT, 'y', rng);
    expectClose(fwd[5]!, p, VALUE_LIMIT, 'weights', rng);
    // causal: changing the last position's q, k and v leaves every earlier output as it was
    const later = Float64Array.from(qkv);
    for (let c = 0; c < 3 * s.C; c++) later[(s.T - 1) * 3 * s.C + c]! += 1;
    const y2 = new Float64Array(y.length);
    attention(later, y2, new Float64Array(p.length), s);
    expect(Array.from(y2.subarray(0, (s.T - 1) * s.C))).toEqual(Array.from(y.subarray(0, (s.T - 1) * s.C)));
    const [q, kv] = attentionGradCalls(s, { qkv: PAD, p: PAD, dy: PAD, dqkv: PAD, scratch: PAD });
    const back = await dispatchPadded(
      device,
      [
        { kernel: k.attentionGradQ, call: q! },
        { kernel: k.attentionGradKv, call: kv! },
      ],
      { 1: qkv, 2: fwd[5]!, 3: r, 4: n, 5: s.B * s.H * s.T },
    );
    const fd = numericGrad((v) => {
      attention(v, y, p, s);
      return dot(r, y);
    }, qkv);
    expectClose(back[4]!, fd, GRAD_LIMIT, 'dqkv', rng);
  });
});
