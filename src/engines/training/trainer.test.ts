// The CPU training engine on the shipped training images: it learns (the VAE's loss falls, the GAN's D(fake)
// moves, the diffusion model's noise error falls) within a few hundred steps, a seed fixes every step, and each model's part of a step is timed.
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { cpuExecutor } from './cpu-executor';
import { parseTrainImages } from './train-data';
import { Trainer } from './trainer';

/** The first `n` images of the shipped training subset, as floats in [0, 1]. */
const shippedImages = (n: number) =>
  parseTrainImages(inflateSync(readFileSync(new URL('../../../public/models/train/fmnist-10k.bin', import.meta.url))), n).pixels;

const small = { hidden: 64, batch: 32, samples: 8 };

describe('CPU training engine', () => {
  const data = shippedImages(1000);

  it('lowers the VAE loss and moves D(fake) within 300 steps', async () => {
    const t = await Trainer.create(cpuExecutor, data, 7, small);
    const first = await t.steps(20);
    await t.steps(260);
    const last = await t.steps(20);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const vaeBefore = mean(first.map((s) => s.recon + s.kl));
    const vaeAfter = mean(last.map((s) => s.recon + s.kl));
    expect(vaeAfter).toBeLessThan(0.6 * vaeBefore);
    expect(Math.abs(mean(last.map((s) => s.dFake)) - mean(first.map((s) => s.dFake)))).toBeGreaterThan(0.05);
    for (const s of last) expect(Number.isFinite(s.d) && Number.isFinite(s.g)).toBe(true);
  }, 60_000);

  it('lowers the diffusion model’s noise-prediction error within 100 steps at a tiny size', async () => {
    const t = await Trainer.create(cpuExecutor, data, 7, { hidden: 64, batch: 64, samples: 8, models: 'diffusion' });
    const s = await t.steps(100);
    const mean = (xs: { dif: number }[]) => xs.reduce((a, x) => a + x.dif, 0) / xs.length;
    const [first, last] = [mean(s.slice(0, 20)), mean(s.slice(-20))];
    expect(last, `mean error of steps 1–20 ${first}, of steps 81–100 ${last}`).toBeLessThan(0.95 * first);
    const d = await t.draw();
    expect(d.diffusion.every((v) => v >= 0 && v <= 1)).toBe(true); // the last DDIM step's x₀ is clipped, then rescaled
  }, 60_000);

  it('draws the yardstick’s samples from latents of their own, the same at every call, and leaves the grids’ latents as they were', async () => {
    const t = await Trainer.create(cpuExecutor, data, 3, small);
    await t.steps(2);
    const before = await t.draw();
    const [a, b] = [await t.scoreSamples(16), await t.scoreSamples(16)];
    for (const m of ['vae', 'gan', 'diffusion'] as const) {
      expect(a[m].length, m).toBe(16 * 784);
      expect(Array.from(b[m]), m).toEqual(Array.from(a[m]));
      expect(Array.from(a[m].subarray(0, 8 * 784)), m).not.toEqual(Array.from(before[m])); // not the grid's latents
    }
    const after = await t.draw();
    for (const m of ['vae', 'gan', 'diffusion'] as const) expect(Array.from(after[m]), m).toEqual(Array.from(before[m]));
    await expect(t.scoreSamples(12)).rejects.toThrow(/grids of 8/);
  });

  it('gives the same steps and samples for the same seed, others for another', async () => {
    const run = async (seed: number) => {
      const t = await Trainer.create(cpuExecutor, data, seed, small);
      const stats = await t.steps(5);
      return { stats, draws: await t.draw() };
    };
    const [a, b, c] = [await run(3), await run(3), await run(4)];
    expect(b.stats).toEqual(a.stats);
    expect(Array.from(b.draws.gan)).toEqual(Array.from(a.draws.gan));
    expect(c.stats[0].recon).not.toBe(a.stats[0].recon);
  });

  it('times each model’s part of the step on its own, within the time of the whole call', async () => {
    const t = await Trainer.create(cpuExecutor, data, 2, small);
    // a clock that moves 1 ms per reading: the parts are timed, and inside the call, whatever the machine's pace
    let clock = 0;
    const now = vi.spyOn(performance, 'now').mockImplementation(() => ++clock);
    let wall: number;
    try {
      const t0 = performance.now();
      await t.steps(6);
      wall = performance.now() - t0;
    } finally {
      now.mockRestore();
    }
    const { vae, gan } = t.lastPartMs ?? {};
    expect(vae).toBeGreaterThan(0);
    expect(gan).toBeGreaterThan(0);
    expect(vae! + gan!).toBeLessThanOrEqual(wall);
    const alone = await Trainer.create(cpuExecutor, data, 2, { ...small, models: 'vae' });
    await alone.steps(2);
    expect(Object.keys(alone.lastPartMs ?? {})).toEqual(['vae']);
  });

  it('goes on from a snapshot exactly where the trainer stood (weights, Adam moments, streams, step)', async () => {
    const a = await Trainer.create(cpuExecutor, data, 11, small);
    await a.steps(4);
    const snap = await a.snapshot();
    const after = await a.steps(3);
    const b = await Trainer.create(cpuExecutor, data, 11, small);
    b.restore(snap);
    expect(b.step).toBe(4);
    expect(await b.steps(3)).toEqual(after);
    expect(Array.from((await b.draw()).vae)).toEqual(Array.from((await a.draw()).vae));
    const other = await Trainer.create(cpuExecutor, data, 12, small);
    expect(() => other.restore(snap)).toThrow(/seed 11/);
  });
});
