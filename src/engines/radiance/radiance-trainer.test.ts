// The radiance trainer on the shipped scene with the CPU engine (the page's): on a fixed seed the held-out PSNR
// rises over a few hundred steps, 5 photos end below 100 after the same steps, a snapshot resumes exactly, and
// the photo sets are spread over the sphere.
import { beforeAll, describe, expect, it } from 'vitest';
import { cpuRadiance } from './cpu-radiance';
import { readShippedScene } from './node-scene';
import { spreadViews, viewRays } from './radiance-scene';
import { RadianceTrainer, RENDER_BAND } from './radiance-trainer';

let scene: ReturnType<typeof readShippedScene>;
beforeAll(() => {
  scene = readShippedScene();
});

const quick = { batch: 1024 };

describe('radiance trainer (CPU engine, shipped scene)', () => {
  it('the held-out PSNR rises over 150 steps; 5 photos end below 100 photos after the same steps', async () => {
    const results: Record<number, { start: number; end: number; train: number }> = {};
    for (const views of [100, 5]) {
      const t = await RadianceTrainer.create(cpuRadiance, scene.data(views, 32), 7, quick);
      const start = (await t.evaluate()).heldOut;
      await t.steps(150);
      const e = await t.evaluate();
      results[views] = { start, end: e.heldOut, train: e.train };
    }
    expect(results[100].start).toBeLessThan(12); // the empty field: white, like the background
    expect(results[100].end).toBeGreaterThan(results[100].start + 6);
    expect(results[5].end).toBeLessThan(results[100].end - 1);
    // few photos: the training photos are matched better than the held-out ones (the gap of "few images")
    expect(results[5].train - results[5].end).toBeGreaterThan(results[100].train - results[100].end);
  }, 120_000);

  it('a snapshot taken at step 20 resumes to the same step 30 as a run that never stopped', async () => {
    const a = await RadianceTrainer.create(cpuRadiance, scene.data(25, 32), 3, { batch: 256 });
    await a.steps(20);
    const snap = await a.snapshot();
    const tail = await a.steps(10);
    const b = await RadianceTrainer.create(cpuRadiance, scene.data(25, 32), 3, { batch: 256 });
    b.restore(snap);
    const again = await b.steps(10);
    expect(again.map((s) => s.psnr)).toEqual(tail.map((s) => s.psnr));
  }, 60_000);

  it('a drawing in bands (one that can give way) is the drawing in one piece: the same colours and PSNR', async () => {
    const data = scene.data(25, 32);
    const t = await RadianceTrainer.create(cpuRadiance, data, 5, { batch: 256 });
    await t.steps(5);
    const rays = viewRays(data.test[0]!, data.size, data.focal);
    const whole = await t.render(rays, true);
    let bands = 0;
    const banded = await t.render(rays, true, async () => {
      bands++;
    });
    expect(bands).toBe(Math.ceil(rays.count / RENDER_BAND));
    expect(bands).toBeGreaterThan(1);
    expect(banded.rgb).toEqual(whole.rgb);
    expect(banded.psnr).toBeCloseTo(whole.psnr, 9);
    // a checkpoint that throws ends the drawing there
    await expect(t.render(rays, true, async () => Promise.reject(new Error('steps wait')))).rejects.toThrow('steps wait');
  });

  it('photo sets grow by farthest points: 5 photos face each other across the sphere, and each set starts the next', () => {
    const positions = scene.meta.train_views.map((v) => [v.c2w[0][3], v.c2w[1][3], v.c2w[2][3]] as [number, number, number]);
    const five = spreadViews(positions, 5);
    expect(spreadViews(positions, 10).slice(0, 5)).toEqual(five);
    const unit = (i: number) => positions[i].map((x) => x / Math.hypot(...positions[i]));
    let closest = 1;
    for (const i of five)
      for (const j of five) if (i !== j) closest = Math.min(closest, 1 - unit(i).reduce((s, x, k) => s + x * unit(j)[k], 0));
    expect(closest).toBeGreaterThan(0.3); // no two of the five within ~45° of each other
    expect(new Set(spreadViews(positions, 100)).size).toBe(100);
  });
});
