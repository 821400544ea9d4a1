// The training worker's API in Node, on the CPU executor: the page's first drawing after load is the
// warm-up's samples handed on (so a Start pressed at ready does not wait for a second drawing of the same
// weights); they must be what a fresh drawing of those weights gives, and after a step it draws anew.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { maxAbsDiff } from '../../kernels/test-compare';
import { api } from './worker';

const file = (path: string) => new Uint8Array(readFileSync(new URL(`../../../public/models/${path}`, import.meta.url)));

describe('training worker', () => {
  beforeAll(async () => {
    const args = {
      images: file('train/fmnist-10k.bin'),
      classifier: file('yardstick/classifier.onnx'),
      testStats: file('yardstick/test-features.bin'),
      count: 100,
      classes: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      seed: 4,
      settings: { hidden: 32, batch: 16 },
    };
    await api.load({ ...args, engine: 'wasm' }, () => undefined);
  }, 60_000);

  it('hands the warm-up’s samples to the first drawing; they equal a fresh drawing of the same weights', async () => {
    const first = await api.draw();
    const snap = await api.snapshot();
    await api.restore(snap); // the same weights, drawn anew this time
    const again = await api.draw();
    for (const part of ['vae', 'gan', 'diffusion', 'recon'] as const) expect(maxAbsDiff(first[part], again[part])).toBe(0);
  }, 60_000);

  it('draws anew after a step', async () => {
    const before = await api.draw();
    await api.steps(1);
    const after = await api.draw();
    expect(maxAbsDiff(before.vae, after.vae)).toBeGreaterThan(0);
  }, 60_000);
});
