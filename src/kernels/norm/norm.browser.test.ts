// groupnorm.wgsl and layernorm.wgsl against their CPU references (norm-reference.ts), on seeded random
// inputs, in real Chromium on WebGPU. Error measure: relativeError, limit 1e-4 in f32.
import { beforeAll, describe, expect, it } from 'vitest';
import { compileKernels, type KernelsOf, readFloats, relativeError, requestKernelDevice, storage, submit } from '../gpu';
import type { Activation } from '../elementwise/activation';
import { TestRandom } from '../test-random';
import { GROUP_NORM, groupNormParams, LAYER_NORM } from './norm';
import { groupNormRef, layerNormRef } from './norm-reference';

const LIMIT = 1e-4;
const SPECS = { groupNorm: GROUP_NORM, layerNorm: LAYER_NORM };
let device: GPUDevice;
let k: KernelsOf<typeof SPECS>;
beforeAll(async () => {
  device = await requestKernelDevice('norm kernel tests');
  k = await compileKernels(device, SPECS);
});

describe('groupnorm.wgsl', () => {
  const cases = [
    { batch: 1, channels: 32, spatial: 49, groups: 32, act: 'none' as Activation, note: 'instance norm (U-Net)' },
    { batch: 2, channels: 12, spatial: 30, groups: 4, act: 'silu' as Activation, note: '4 groups, SiLU' },
    { batch: 1, channels: 5, spatial: 1000, groups: 1, act: 'relu' as Activation, note: 'one group, more values than threads' },
    { batch: 3, channels: 6, spatial: 1, groups: 3, act: 'none' as Activation, note: '1×1 maps' },
  ];
  for (const c of cases) {
    const name = `N${c.batch} C${c.channels} S${c.spatial} G${c.groups} ${c.act} (${c.note})`;
    it(name, async () => {
      const rng = new TestRandom(name);
      const x = Float32Array.from(rng.uniform(c.batch * c.channels * c.spatial, 3), (v, i) => v + (i % 7)); // non-zero means
      const gamma = rng.uniform(c.channels);
      const beta = rng.uniform(c.channels);
      const out = storage(device, 'y', x.length * 4);
      const d = k.groupNorm.bind(
        'gn test',
        { 1: storage(device, 'x', x), 2: storage(device, 'g', gamma), 3: storage(device, 'b', beta), 4: out },
        () => groupNormParams(c.channels, c.spatial, c.groups, 1e-5, c.act),
        () => [c.groups, c.batch],
      );
      submit(device, 'gn test', [d]);
      const err = relativeError(
        await readFloats(device, out, x.length),
        groupNormRef(x, gamma, beta, c.batch, c.channels, c.spatial, c.groups, 1e-5, c.act),
      );
      expect(err, `relative error ${err.toExponential(2)}; ${rng.note}`).toBeLessThanOrEqual(LIMIT);
    });
  }

  it('refuses channels that do not split into the groups', () => {
    expect(() => groupNormParams(10, 4, 3)).toThrow(/do not split/);
  });
});

describe('layernorm.wgsl', () => {
  it('layer norm over rows of 128 and of 33', async () => {
    const rng = new TestRandom('layer norm');
    for (const [rows, E] of [
      [17, 128],
      [3, 33],
    ]) {
      const x = rng.uniform(rows * E, 3).map((v) => v + 5),
        g = rng.uniform(E),
        b = rng.uniform(E);
      const y = storage(device, 'y', rows * E * 4);
      const d = k.layerNorm.bind(
        'ln',
        { 1: storage(device, 'x', x), 2: storage(device, 'g', g), 3: storage(device, 'b', b), 4: y },
        () => ({ rows, E, eps: 1e-5 }),
        () => [rows],
      );
      submit(device, 'ln test', [d]);
      const err = relativeError(await readFloats(device, y, rows * E), layerNormRef(x, g, b, rows, E));
      expect(err, `${rows}×${E}: relative error ${err.toExponential(2)}; ${rng.note}`).toBeLessThanOrEqual(LIMIT);
    }
  });
});
