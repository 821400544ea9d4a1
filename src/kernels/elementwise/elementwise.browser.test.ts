// elementwise.wgsl (`unary`: every activation; `binary` with broadcasting) and gelu.wgsl against their CPU
// references, on seeded random inputs, in real Chromium on WebGPU. Error measure: relativeError, limit 1e-4
// in f32 (sin and cos: WGSL's own bound, 2⁻¹¹ absolute inside [−π, π]).
import { beforeAll, describe, expect, it } from 'vitest';
import { compileKernels, flatGrid, type KernelsOf, readFloats, relativeError, requestKernelDevice, storage, submit } from '../gpu';
import { TestRandom } from '../test-random';
import { ACTIVATION, type Activation } from './activation';
import { BINARY, binaryParams, GELU, UNARY, unaryParams } from './elementwise';
import { binaryRef, geluRef } from './elementwise-reference';

const LIMIT = 1e-4;
const SPECS = { unary: UNARY, binary: BINARY, gelu: GELU };
let device: GPUDevice;
let k: KernelsOf<typeof SPECS>;
beforeAll(async () => {
  device = await requestKernelDevice('elementwise kernel tests');
  k = await compileKernels(device, SPECS);
});

describe('elementwise.wgsl', () => {
  // Written out here rather than taken from activate(), so the kernel and the CPU reference are each checked
  // against an independent statement of the formulas.
  const f: Record<Activation, (v: number) => number> = {
    relu: (v) => Math.max(v, 0),
    sigmoid: (v) => 1 / (1 + Math.exp(-v)),
    tanh: Math.tanh,
    silu: (v) => v / (1 + Math.exp(-v)),
    none: (v) => v,
    sin: Math.sin,
    cos: Math.cos,
    leaky: (v) => (v >= 0 ? v : 0.2 * v),
    clip: (v) => Math.min(1, Math.max(-1, v)),
    gelu: (v) => 0.5 * v * (1 + Math.tanh(0.7978845608 * (v + 0.044715 * v ** 3))), // GPT-2's tanh form
  };
  for (const op of ACTIVATION.names) {
    it(`unary ${op}${op === 'none' ? ' (a copy)' : ''}`, async () => {
      const rng = new TestRandom(`unary ${op}`);
      // sin and cos inside [−π, π], where WGSL promises an absolute error of at most 2⁻¹¹
      const x = rng.uniform(1237, op === 'sin' || op === 'cos' ? Math.PI : 6);
      if (op !== 'sin' && op !== 'cos') {
        // large arguments too: a naive tanh overflows to NaN there (it did in onnxruntime's webgpu backend)
        x[0] = 60;
        x[1] = -60;
      }
      const out = storage(device, 'y', x.length * 4);
      submit(device, 'unary', [
        k.unary.bind(
          'unary',
          { 1: storage(device, 'x', x), 3: out },
          () => unaryParams(op, x.length, 0.2),
          () => flatGrid(x.length),
        ),
      ]);
      const err = relativeError(await readFloats(device, out, x.length), x.map(f[op]));
      expect(err, `relative error ${err.toExponential(2)}; ${rng.note}`).toBeLessThanOrEqual(
        op === 'sin' || op === 'cos' ? 2 ** -11 : LIMIT,
      );
    });
  }

  const shapes: [number[], number[], 'add' | 'sub' | 'mul' | 'div'][] = [
    [[2, 5, 7, 3], [2, 5, 7, 3], 'add'],
    [[2, 5, 7, 3], [2, 5, 1, 1], 'add'], // time embedding onto feature maps
    [[1, 3, 4, 4], [3, 1, 1], 'mul'], // per-channel scale
    [[4, 1, 6], [4, 9, 1], 'sub'], // both broadcast
    [[3, 5], [1], 'div'],
  ];
  for (const [a, b, op] of shapes) {
    const name = `binary ${op} [${a}] ∘ [${b}]`;
    it(name, async () => {
      const rng = new TestRandom(name);
      const av = rng.uniform(
        a.reduce((p, d) => p * d, 1),
        3,
      );
      const bv = Float32Array.from(
        rng.uniform(
          b.reduce((p, d) => p * d, 1),
          3,
        ),
        (v) => (op === 'div' ? Math.sign(v || 1) * (Math.abs(v) + 0.5) : v),
      );
      const ref = binaryRef(av, a, bv, b, op);
      const out = storage(device, 'y', ref.y.length * 4);
      submit(device, 'binary', [
        k.binary.bind(
          'binary',
          { 1: storage(device, 'a', av), 2: storage(device, 'b', bv), 3: out },
          () => binaryParams(op, a, b),
          () => flatGrid(ref.y.length),
        ),
      ]);
      const err = relativeError(await readFloats(device, out, ref.y.length), ref.y);
      expect(err, `relative error ${err.toExponential(2)}; ${rng.note}`).toBeLessThanOrEqual(LIMIT);
    });
  }

  it('refuses shapes that do not broadcast', () => {
    expect(() => binaryParams('add', [2, 3], [3, 2])).toThrow(/do not broadcast/);
  });
});

describe('gelu.wgsl', () => {
  it('GELU (tanh form), including large |x|', async () => {
    const rng = new TestRandom('gelu');
    const x = rng.uniform(1000, 6);
    x[0] = 40;
    x[1] = -40;
    const buf = storage(device, 'x', x);
    submit(device, 'gelu', [
      k.gelu.bind(
        'gelu',
        { 1: buf },
        () => ({ n: x.length }),
        () => [Math.ceil(x.length / 64)],
      ),
    ]);
    const got = await readFloats(device, buf, x.length);
    expect(relativeError(got, geluRef(x)), rng.note).toBeLessThanOrEqual(LIMIT);
    expect(got[0]).toBeCloseTo(40, 4);
    expect(got[1]).toBeCloseTo(0, 4);
  });
});
