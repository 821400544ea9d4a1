// layout.wgsl (upsampling, concatenation, channel slices, transpose, row gather) and embedding.wgsl against
// their CPU references (layout-reference.ts), on seeded random inputs, in real Chromium on WebGPU. Data
// movement is exact: the limit is 0.
import { beforeAll, describe, expect, it } from 'vitest';
import { compileKernels, flatGrid, type KernelsOf, readFloats, relativeError, requestKernelDevice, storage, submit } from '../gpu';
import { TestRandom } from '../test-random';
import {
  CONCAT,
  concatParams,
  EMBEDDING,
  GATHER,
  gatherParams,
  SPLIT,
  splitParams,
  TRANSPOSE,
  transposeParams,
  UPSAMPLE,
  upsampleParams,
} from './layout';
import { concatChannelsRef, embeddingRef, transposeRef, upsampleNearestRef } from './layout-reference';

const SPECS = { upsample: UPSAMPLE, concat: CONCAT, split: SPLIT, gather: GATHER, transpose: TRANSPOSE, embedding: EMBEDDING };
let device: GPUDevice;
let k: KernelsOf<typeof SPECS>;
beforeAll(async () => {
  device = await requestKernelDevice('layout kernel tests');
  k = await compileKernels(device, SPECS);
});

describe('layout.wgsl', () => {
  it('nearest upsampling ×2 of an odd-sized map, and ×3', async () => {
    const rng = new TestRandom('upsample');
    for (const [n, c, h, w, f] of [
      [2, 3, 7, 5, 2],
      [1, 4, 3, 3, 3],
    ]) {
      const x = rng.uniform(n * c * h * w);
      const out = storage(device, 'y', x.length * f * f * 4);
      const count = x.length * f * f;
      submit(device, 'up', [
        k.upsample.bind(
          'up',
          { 1: storage(device, 'x', x), 2: out },
          () => upsampleParams(n, c, h, w, f),
          () => flatGrid(count),
        ),
      ]);
      expect(relativeError(await readFloats(device, out, count), upsampleNearestRef(x, n, c, h, w, f)), `×${f}; ${rng.note}`).toBe(0);
    }
  });

  it('concatenates along channels (3 + 5 channels, batch 2)', async () => {
    const rng = new TestRandom('concat');
    const [n, s] = [2, 13];
    const a = rng.uniform(n * 3 * s);
    const b = rng.uniform(n * 5 * s);
    const out = storage(device, 'y', n * 8 * s * 4);
    submit(device, 'cat', [
      k.concat.bind(
        'cat a',
        { 1: storage(device, 'a', a), 2: out },
        () => concatParams(n, 3, s, 8, 0),
        () => flatGrid(a.length),
      ),
      k.concat.bind(
        'cat b',
        { 1: storage(device, 'b', b), 2: out },
        () => concatParams(n, 5, s, 8, 3),
        () => flatGrid(b.length),
      ),
    ]);
    const want = concatChannelsRef(
      [
        { x: a, channels: 3 },
        { x: b, channels: 5 },
      ],
      n,
      s,
    );
    expect(relativeError(await readFloats(device, out, n * 8 * s), want), rng.note).toBe(0);
  });

  it('transposes [3, 7, 5] → [3, 5, 7], slices channels 2…4 of 6, and gathers rows by index', async () => {
    const rng = new TestRandom('transpose, split, gather');
    const x = rng.uniform(3 * 7 * 5);
    const t = storage(device, 't', x.length * 4);
    submit(device, 'transpose', [
      k.transpose.bind(
        'transpose',
        { 1: storage(device, 'x', x), 2: t },
        () => transposeParams(3, 7, 5),
        () => flatGrid(x.length),
      ),
    ]);
    expect(relativeError(await readFloats(device, t, x.length), transposeRef(x, 3, 7, 5)), rng.note).toBe(0);

    const [n, total, s] = [2, 6, 11];
    const v = rng.uniform(n * total * s);
    const part = storage(device, 'part', n * 3 * s * 4);
    submit(device, 'split', [
      k.split.bind(
        'split',
        { 1: storage(device, 'v', v), 2: part },
        () => splitParams(n, 3, s, total, 2),
        () => flatGrid(n * 3 * s),
      ),
    ]);
    const want = new Float32Array(n * 3 * s);
    for (let b = 0; b < n; b++) want.set(v.subarray((b * total + 2) * s, (b * total + 5) * s), b * 3 * s);
    expect(relativeError(await readFloats(device, part, want.length), want), rng.note).toBe(0);

    const table = rng.uniform(10 * 4);
    const ids = [7, 0, 9];
    const packed = new Float32Array([...ids, ...table]);
    const rows = storage(device, 'rows', ids.length * 4 * 4);
    submit(device, 'gather', [
      k.gather.bind(
        'gather',
        { 1: storage(device, 'packed', packed), 2: rows },
        () => gatherParams(ids.length, 4, ids.length),
        () => flatGrid(ids.length * 4),
      ),
    ]);
    expect(Array.from(await readFloats(device, rows, 12)), rng.note).toEqual(
      ids.flatMap((i) => Array.from(table.subarray(i * 4, i * 4 + 4))),
    );
  });
});

describe('embedding.wgsl', () => {
  it('token + position embedding at an offset', async () => {
    const rng = new TestRandom('embedding');
    const V = 96,
      C = 128,
      E = 128,
      first = 20;
    const ids = Uint32Array.from({ length: 11 }, () => rng.int(V));
    const tok = rng.uniform(V * E),
      pos = rng.uniform(C * E);
    const x = storage(device, 'x', ids.length * E * 4);
    const d = k.embedding.bind(
      'emb',
      { 1: storage(device, 'ids', ids), 2: storage(device, 'tok', tok), 3: storage(device, 'pos', pos), 4: x },
      () => ({ T: ids.length, E, first }),
      () => [Math.ceil((ids.length * E) / 64)],
    );
    submit(device, 'embedding', [d]);
    expect(relativeError(await readFloats(device, x, ids.length * E), embeddingRef(ids, tok, pos, E, first)), rng.note).toBe(0);
  });
});
