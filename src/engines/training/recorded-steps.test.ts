// The plans the tape derives (nets.ts) against numbers recorded from the hand-written plans they replaced
// (fixtures/recorded-steps.json, commit 2028ada): the same seed gives the same first 10 steps, weights and
// draws, within 1e-5 relative. If this fails, the derived backward pass or the update order changed.
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { cpuExecutor } from './cpu-executor';
import recorded from './fixtures/recorded-steps.json';
import { parseTrainImages } from './train-data';
import { Trainer } from './trainer';

const KEYS = ['recon', 'kl', 'd', 'g', 'dReal', 'dFake'] as const;

/** max |a - b| / max(|b|, 1e-3) over the pairs (relative where the value is not tiny) */
function worst(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let w = 0;
  for (let i = 0; i < a.length; i++) w = Math.max(w, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), 1e-3));
  return w;
}

it('reproduces the recorded first 10 VAE and GAN steps, weights and draws within 1e-5', async () => {
  const bytes = inflateSync(readFileSync(new URL('../../../public/models/train/fmnist-10k.bin', import.meta.url)));
  const data = parseTrainImages(bytes, recorded.images).pixels;
  const t = await Trainer.create(cpuExecutor, data, recorded.seed, recorded.settings);
  const steps = await t.steps(10);
  for (const [i, s] of steps.entries()) {
    const want = recorded.steps[i];
    expect(
      worst(
        KEYS.map((k) => s[k]),
        KEYS.map((k) => want[k]),
      ),
      `step ${i + 1}`,
    ).toBeLessThanOrEqual(1e-5);
  }
  const snap = await t.snapshot();
  for (const [name, want] of Object.entries(recorded.params)) {
    const p = snap.blocks[name]?.p;
    expect(p, name).toBeDefined();
    const got = want.map((_, j) => p![j * recorded.stride]);
    expect(worst(got, want), name).toBeLessThanOrEqual(1e-5);
  }
  const d = await t.draw();
  for (const k of ['vae', 'gan', 'recon'] as const) expect(worst(d[k].slice(0, 200), recorded.draws[k]), k).toBeLessThanOrEqual(1e-5);
});
