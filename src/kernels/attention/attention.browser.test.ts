// attention.wgsl (prefill, decode, probabilities) and softmax.wgsl against their CPU references
// (attention-reference.ts), on seeded random inputs, in real Chromium on WebGPU.
// Error measure: max |gpu - reference| / max |reference| (relativeError), limit 1e-4 in f32.
import { beforeAll, describe, expect, it } from 'vitest';
import { compileKernels, Kernel, type KernelsOf, readFloats, relativeError, requestKernelDevice, storage, submit } from '../gpu';
import { declareParams } from '../params';
import { TestRandom } from '../test-random';
import { TransformerKernels } from '../transformer-kernels';
import { attentionGrid, attentionParams, attentionSpecs, probabilitiesGrid, SOFTMAX } from './attention';
import { attentionRef, softmaxRef } from './attention-reference';

const LIMIT = 1e-4;
let device: GPUDevice;
type AttentionKernels = KernelsOf<ReturnType<typeof attentionSpecs>>;
const compiled = new Map<number, AttentionKernels>();
/** Kernels for one head size, compiled once (compiling is slow on a software adapter). */
async function kernels(headDim: number): Promise<AttentionKernels> {
  let k = compiled.get(headDim);
  if (!k) {
    k = await compileKernels(device, attentionSpecs(headDim));
    compiled.set(headDim, k);
  }
  return k;
}

beforeAll(async () => {
  device = await requestKernelDevice('attention kernel tests');
});

describe('attention.wgsl (online softmax, K/V tiles in workgroup memory)', () => {
  // Shapes: prefill from an empty cache, prefill after a filled prefix, single-token decode; lengths that
  // are and are not multiples of the 32-slot tile; head sizes 32 and 64 (the GPU benchmark's).
  const cases = [
    { H: 4, D: 32, C: 128, T: 9, pos: 0 },
    { H: 4, D: 32, C: 128, T: 100, pos: 0 },
    { H: 2, D: 32, C: 128, T: 37, pos: 50 },
    { H: 4, D: 32, C: 128, T: 1, pos: 0 },
    { H: 4, D: 32, C: 128, T: 1, pos: 77 },
    { H: 4, D: 32, C: 128, T: 1, pos: 127 },
    { H: 3, D: 64, C: 200, T: 65, pos: 3 },
    { H: 2, D: 64, C: 300, T: 1, pos: 290 },
    { H: 1, D: 16, C: 40, T: 40, pos: 0 },
  ];
  for (const s of cases) {
    for (const kind of ['prefill', 'decode'] as const) {
      const name = `${kind} H=${s.H} D=${s.D} C=${s.C} T=${s.T} pos=${s.pos}`;
      it(name, async () => {
        const rng = new TestRandom(name);
        const k = await kernels(s.D);
        const q = rng.uniform(s.H * s.T * s.D, 2);
        const keys = rng.uniform(s.H * s.C * s.D, 2);
        const values = rng.uniform(s.H * s.C * s.D);
        const layerBase = 7; // the layer's slice does not start at 0 in the real cache
        const cacheData = new Float32Array(layerBase + 2 * s.H * s.C * s.D);
        cacheData.set(keys, layerBase);
        cacheData.set(values, layerBase + keys.length);
        const qBuf = storage(device, 'q', q);
        const cache = storage(device, 'cache', cacheData);
        const out = storage(device, 'out', s.T * s.H * s.D * 4);
        const stats = storage(device, 'stats', s.H * s.T * 2 * 4);
        const probs = storage(device, 'probs', (5 + s.H * s.T * s.C) * 4);
        const params = () => attentionParams({ ...s, kvBase: layerBase, probsBase: 5 });
        const main = (kind === 'prefill' ? k.prefill : k.decode).bind('attention', { 1: qBuf, 2: cache, 3: out, 4: stats }, params, () =>
          attentionGrid(kind, s.T, s.H),
        );
        const p = k.probabilities.bind('probs', { 1: qBuf, 2: cache, 4: stats, 5: probs }, params, () => probabilitiesGrid(s.C, s.T, s.H));
        submit(device, 'attention test', [main, p]);
        const got = await readFloats(device, out, s.T * s.H * s.D);
        const gotProbs = await readFloats(device, probs, s.H * s.T * s.C, 5);
        const ref = attentionRef(q, keys, values, s);
        expect(relativeError(got, ref.out), `out; ${rng.note}`).toBeLessThanOrEqual(LIMIT);
        expect(relativeError(gotProbs, ref.probs), `probabilities; ${rng.note}`).toBeLessThanOrEqual(LIMIT);
      });
    }
  }

  it('rejects a head size whose tiles do not fit workgroup memory', async () => {
    await expect(TransformerKernels.create(device, 96)).rejects.toThrow(/head size 96/);
  });

  it("reports WGSL that does not compile with the compiler's message, at the line of the .wgsl file", async () => {
    await expect(
      Kernel.create(device, 'broken', '@compute @workgroup_size(1) fn main() { let x: f32 = 1u; }', 'main', declareParams({})),
    ).rejects.toThrow(/broken.wgsl does not compile: line 1/);
    // with a generated Params struct in front, the line is still the file's
    await expect(
      Kernel.create(device, 'broken', '\n@compute @workgroup_size(1) fn main() { let x: f32 = 1u; }', 'main', declareParams({ n: 'u32' })),
    ).rejects.toThrow(/broken.wgsl does not compile: line 2:/);
  });
});

describe("softmax.wgsl (the U-Net's attention)", () => {
  let k: KernelsOf<{ softmax: typeof SOFTMAX }>;
  beforeAll(async () => {
    k = await compileKernels(device, { softmax: SOFTMAX });
  });

  for (const [rows, n] of [
    [49, 49],
    [3, 1000],
    [5, 1],
  ]) {
    const name = `softmax over ${n} values, ${rows} rows`;
    it(name, async () => {
      const rng = new TestRandom(name);
      const x = rng.uniform(rows * n, 8);
      const out = storage(device, 'y', x.length * 4);
      submit(device, 'softmax', [
        k.softmax.bind(
          'softmax',
          { 1: storage(device, 'x', x), 2: out },
          () => ({ rows, n }),
          () => [rows],
        ),
      ]);
      const err = relativeError(await readFloats(device, out, x.length), softmaxRef(x, rows, n));
      expect(err, `relative error ${err.toExponential(2)}; ${rng.note}`).toBeLessThanOrEqual(LIMIT);
    });
  }
});
