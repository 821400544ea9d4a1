// matmul.wgsl (the linear layer: tiled `main` and one-row `rows`) and bmm.wgsl (batched matmul) against
// their CPU references (matmul-reference.ts), on seeded random inputs, in real Chromium on WebGPU.
// Error measure: relativeError, limit 1e-4 in f32.
import { beforeAll, describe, expect, it } from 'vitest';
import { compileKernels, type KernelsOf, readFloats, relativeError, requestKernelDevice, storage, submit, upload } from '../gpu';
import { TestRandom } from '../test-random';
import { BMM, bmmGrid, gemmGrid, linearParams, MATMUL, MATMUL_ROWS, rowsGrid } from './matmul';
import { bmmRef, matmulRef } from './matmul-reference';

const LIMIT = 1e-4;
const SPECS = { matmul: MATMUL, matmulRows: MATMUL_ROWS, bmm: BMM };
let device: GPUDevice;
let k: KernelsOf<typeof SPECS>;
beforeAll(async () => {
  device = await requestKernelDevice('matmul kernel tests');
  k = await compileKernels(device, SPECS);
});

describe('matmul.wgsl (tiled linear layer, torch weight layout)', () => {
  for (const [M, N, K, accumulate] of [
    [1, 384, 128, 0],
    [1, 96, 512, 1],
    [9, 128, 512, 1],
    [37, 96, 128, 0],
    [128, 512, 128, 1],
    [5, 7, 3, 1],
  ] as const) {
    const name = `M=${M} N=${N} K=${K}${accumulate ? ' accumulate' : ''}`;
    it(name, async () => {
      const rng = new TestRandom(name);
      const x = rng.uniform(M * K),
        w = rng.uniform(N * K, 0.1),
        b = rng.uniform(N),
        r = rng.uniform(M * N);
      const xBuf = storage(device, 'x', x),
        wBuf = storage(device, 'w', w),
        bBuf = storage(device, 'b', b);
      const y = storage(device, 'y', accumulate ? r : M * N * 4);
      const ref = matmulRef(x, w, b, M, N, K, accumulate ? r : undefined);
      // both entry points: the 16×16 tiles and one-thread-per-output `rows`
      for (const [kernel, grid] of [
        [k.matmul, gemmGrid(M, N)],
        [k.matmulRows, rowsGrid(M, N)],
      ] as const) {
        if (accumulate) upload(device, y, r);
        submit(device, 'matmul', [
          kernel.bind(
            'matmul',
            { 1: xBuf, 2: wBuf, 3: bBuf, 4: y },
            () => linearParams(M, N, K, accumulate),
            () => [...grid],
          ),
        ]);
        const err = relativeError(await readFloats(device, y, M * N), ref);
        expect(err, `${kernel.entry}: relative error ${err.toExponential(2)}; ${rng.note}`).toBeLessThanOrEqual(LIMIT);
      }
    });
  }
});

describe("bmm.wgsl (the U-Net attention's batched matmul)", () => {
  for (const [B, M, K, N] of [
    [1, 49, 32, 49],
    [2, 17, 5, 23],
    [3, 1, 40, 7],
  ]) {
    const name = `bmm [${B}, ${M}, ${K}] · [${B}, ${K}, ${N}]`;
    it(name, async () => {
      const rng = new TestRandom(name);
      const a = rng.uniform(B * M * K);
      const c = rng.uniform(B * K * N);
      const out = storage(device, 'y', B * M * N * 4);
      submit(device, 'bmm', [
        k.bmm.bind(
          'bmm',
          { 1: storage(device, 'a', a), 2: storage(device, 'c', c), 3: out },
          () => ({ M, N, K }),
          () => bmmGrid(B, M, N),
        ),
      ]);
      const err = relativeError(await readFloats(device, out, B * M * N), bmmRef(a, c, B, M, K, N));
      expect(err, `relative error ${err.toExponential(2)}; ${rng.note}`).toBeLessThanOrEqual(LIMIT);
    });
  }
});
