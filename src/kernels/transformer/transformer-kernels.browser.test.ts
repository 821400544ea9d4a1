// Every transformer kernel against its CPU reference, on fresh random inputs, in real Chromium on WebGPU.
// Error measure: max |gpu - reference| / max |reference| (relativeError), limit 1e-4 in f32.
import { beforeAll, describe, expect, it } from 'vitest';
import { type Dispatch, Kernel, readFloats, relativeError, requestKernelDevice, storage, submit, upload } from '../gpu';
import { attentionRef, embeddingRef, geluRef, layerNormRef, matmulRef } from './reference';
import { attentionGrid, attentionParams, TransformerKernels } from './transformer-kernels';

const LIMIT = 1e-4;
let device: GPUDevice;
const compiled = new Map<number, TransformerKernels>();
/** Kernels for one head size, compiled and checked once (compiling is slow on a software adapter). */
async function kernels(headDim: number): Promise<TransformerKernels> {
  let k = compiled.get(headDim);
  if (!k) { k = await TransformerKernels.create(device, headDim); compiled.set(headDim, k); }
  return k;
}

beforeAll(async () => {
  device = await requestKernelDevice('kernel tests');
});

/** Fresh random numbers each run (Math.random), scaled; a failing case prints its shape. */
function random(n: number, scale = 1): Float32Array {
  return Float32Array.from({ length: n }, () => (Math.random() * 2 - 1) * scale);
}

async function runOnce(dispatches: Dispatch[], out: GPUBuffer, count: number, offset = 0): Promise<Float32Array> {
  submit(device, 'kernel test', dispatches);
  return readFloats(device, out, count, offset);
}

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
      it(`${kind} H=${s.H} D=${s.D} C=${s.C} T=${s.T} pos=${s.pos}`, async () => {
        const k = await kernels(s.D);
        const q = random(s.H * s.T * s.D, 2);
        const keys = random(s.H * s.C * s.D, 2);
        const values = random(s.H * s.C * s.D);
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
        const main = (kind === 'prefill' ? k.prefill : k.decode).bind('attention', { 1: qBuf, 2: cache, 3: out, 4: stats }, params,
          () => attentionGrid(kind, s.T, s.H));
        const p = k.probabilities.bind('probs', { 1: qBuf, 2: cache, 4: stats, 5: probs }, params,
          () => [Math.ceil(s.C / 32), s.T, s.H]);
        const got = await runOnce([main, p], out, s.T * s.H * s.D);
        const gotProbs = await readFloats(device, probs, s.H * s.T * s.C, 5);
        const ref = attentionRef(q, keys, values, s);
        expect(relativeError(got, ref.out)).toBeLessThanOrEqual(LIMIT);
        expect(relativeError(gotProbs, ref.probs)).toBeLessThanOrEqual(LIMIT);
      });
    }
  }

  it('rejects a head size whose tiles do not fit workgroup memory', async () => {
    await expect(TransformerKernels.create(device, 96)).rejects.toThrow(/head size 96/);
  });

  it('reports WGSL that does not compile with the compiler\'s message', async () => {
    await expect(Kernel.create(device, 'broken', '@compute @workgroup_size(1) fn main() { let x: f32 = 1u; }', 'main', []))
      .rejects.toThrow(/broken.wgsl does not compile: line 1/);
  });
});

describe('matmul.wgsl (tiled linear layer, torch weight layout)', () => {
  for (const [M, N, K, accumulate] of [[1, 384, 128, 0], [1, 96, 512, 1], [9, 128, 512, 1], [37, 96, 128, 0], [128, 512, 128, 1], [5, 7, 3, 1]] as const) {
    it(`M=${M} N=${N} K=${K}${accumulate ? ' accumulate' : ''}`, async () => {
      const k = await kernels(32);
      const x = random(M * K), w = random(N * K, 0.1), b = random(N), r = random(M * N);
      const xBuf = storage(device, 'x', x), wBuf = storage(device, 'w', w), bBuf = storage(device, 'b', b);
      const y = storage(device, 'y', accumulate ? r : M * N * 4);
      const ref = matmulRef(x, w, b, M, N, K, accumulate ? r : undefined);
      // both entry points: the 16×16 tiles and one-thread-per-output `rows`
      for (const [kernel, grid] of [[k.matmul, [Math.ceil(N / 16), Math.ceil(M / 16)]], [k.matmulRows, [Math.ceil(N / 64), M]]] as const) {
        if (accumulate) upload(device, y, r);
        const d = kernel.bind('matmul', { 1: xBuf, 2: wBuf, 3: bBuf, 4: y }, () => [M, N, K, accumulate, 0, 0, 0, 0], () => [...grid]);
        expect(relativeError(await runOnce([d], y, M * N), ref), kernel.entry).toBeLessThanOrEqual(LIMIT);
      }
    });
  }
});

describe('layernorm.wgsl, gelu.wgsl, embedding.wgsl', () => {
  it('layer norm over rows of 128 and of 33', async () => {
    const k = await kernels(32);
    for (const [rows, E] of [[17, 128], [3, 33]]) {
      const x = random(rows * E, 3).map((v) => v + 5), g = random(E), b = random(E);
      const y = storage(device, 'y', rows * E * 4);
      const d = k.layerNorm.bind('ln', { 1: storage(device, 'x', x), 2: storage(device, 'g', g), 3: storage(device, 'b', b), 4: y },
        () => [rows, E, 1e-5, 0], () => [rows]);
      expect(relativeError(await runOnce([d], y, rows * E), layerNormRef(x, g, b, rows, E))).toBeLessThanOrEqual(LIMIT);
    }
  });

  it('GELU (tanh form), including large |x|', async () => {
    const k = await kernels(32);
    const x = random(1000, 6);
    x[0] = 40; x[1] = -40;
    const buf = storage(device, 'x', x);
    const d = k.gelu.bind('gelu', { 1: buf }, () => [x.length], () => [Math.ceil(x.length / 64)]);
    const got = await runOnce([d], buf, x.length);
    expect(relativeError(got, geluRef(x))).toBeLessThanOrEqual(LIMIT);
    expect(got[0]).toBeCloseTo(40, 4);
    expect(got[1]).toBeCloseTo(0, 4);
  });

  it('token + position embedding at an offset', async () => {
    const k = await kernels(32);
    const V = 96, C = 128, E = 128, first = 20;
    const ids = Uint32Array.from({ length: 11 }, () => Math.floor(Math.random() * V));
    const tok = random(V * E), pos = random(C * E);
    const x = storage(device, 'x', ids.length * E * 4);
    const d = k.embedding.bind('emb', { 1: storage(device, 'ids', ids), 2: storage(device, 'tok', tok), 3: storage(device, 'pos', pos), 4: x },
      () => [ids.length, E, first, 0], () => [Math.ceil((ids.length * E) / 64)]);
    expect(relativeError(await runOnce([d], x, ids.length * E), embeddingRef(ids, tok, pos, E, first))).toBe(0);
  });
});
