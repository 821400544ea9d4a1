import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fixture from './sampler.fixture.json';
import { guide, parseSchedule, type SamplerKind, timestepSequence, Trajectory } from './sampler';

// The network stand-in the Python reference used (training/diffusion.py, toy_eps).
const toyEps = async (x: Float32Array, t: number) => x.map((v) => 0.6 * v + 0.3 * Math.sin(3 * v + t / 100));

const shipped = parseSchedule(JSON.parse(readFileSync(new URL('../../../public/models/diffusion/schedule.json', import.meta.url), 'utf8')));

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

describe('schedule', () => {
  it('the shipped cosine schedule matches the Python reference values', () => {
    expect(shipped.timesteps).toBe(1000);
    for (const [t, v] of Object.entries(fixture.alpha_bar)) expect(shipped.alpha_bar[Number(t)]).toBeCloseTo(v, 8);
  });

  it('ᾱ falls from almost 1 to almost 0, strictly', () => {
    const ab = shipped.alpha_bar;
    expect(ab[0]).toBeGreaterThan(0.9999);
    expect(ab[999]).toBeLessThan(1e-6);
    for (let t = 1; t < ab.length; t++) expect(ab[t]).toBeLessThan(ab[t - 1]);
  });

  it('rejects a schedule without alpha_bar or with values outside (0, 1]', () => {
    expect(() => parseSchedule({ timesteps: 2, null_label: 10 })).toThrow(/alpha_bar/);
    expect(() => parseSchedule({ timesteps: 2, null_label: 10, alpha_bar: [0.5, 1.5] })).toThrow(/alpha_bar/);
  });
});

describe('timestep sequence', () => {
  it('visits T-1 first and 0 last, descending, the same values Python visits', () => {
    for (const c of fixture.cases) expect(timestepSequence(1000, c.steps)).toEqual(c.timesteps);
    expect(timestepSequence(1000, 10)).toEqual([999, 888, 777, 666, 555, 444, 333, 222, 111, 0]);
    const all = timestepSequence(1000, 1000);
    expect(all.length).toBe(1000);
    expect(all[0]).toBe(999);
    expect(all[999]).toBe(0);
  });

  it('refuses a single step', () => {
    expect(() => timestepSequence(1000, 1)).toThrow(/at least 2/);
  });
});

describe('samplers against the Python reference', () => {
  for (const c of fixture.cases) {
    it(`${c.sampler} with ${c.steps} steps`, async () => {
      const run = new Trajectory(shipped, { sampler: c.sampler as SamplerKind, steps: c.steps, seed: c.seed, size: c.size });
      expect(maxAbsDiff(run.states[0].x, c.x_T)).toBeLessThan(1e-6);
      while (!run.done) await run.advance(toyEps);
      expect(run.states.length).toBe(c.steps + 1);
      expect(maxAbsDiff(run.states[1].x0!, c.x0_first)).toBeLessThan(1e-5);
      expect(maxAbsDiff(run.states[Math.floor(c.steps / 2)].x, c.x_mid)).toBeLessThan(1e-4);
      expect(maxAbsDiff(run.last.x, c.final)).toBeLessThan(1e-4);
      expect(run.last.t).toBe(-1);
    });
  }

  it('DDIM with a fixed seed is deterministic, another seed differs; DDPM draws fresh noise per step', async () => {
    const finalOf = async (sampler: SamplerKind, seed: number) => {
      const run = new Trajectory(shipped, { sampler, steps: 25, seed, size: 64 });
      while (!run.done) await run.advance(toyEps);
      return run.last.x;
    };
    expect(await finalOf('ddim', 5)).toEqual(await finalOf('ddim', 5));
    expect(maxAbsDiff(await finalOf('ddim', 5), await finalOf('ddim', 6))).toBeGreaterThan(0.01);
    expect(maxAbsDiff(await finalOf('ddim', 5), await finalOf('ddpm', 5))).toBeGreaterThan(0.01);
  });

  it('keeps every state: an earlier state is not touched by later steps', async () => {
    const run = new Trajectory(shipped, { sampler: 'ddpm', steps: 10, seed: 1, size: 32 });
    await run.advance(toyEps);
    await run.advance(toyEps);
    const copy = Float32Array.from(run.states[2].x);
    while (!run.done) await run.advance(toyEps);
    expect(run.states[2].x).toEqual(copy);
  });

  it('runs several images side by side, image k equal to a single run with seed + k', async () => {
    const both = new Trajectory(shipped, { sampler: 'ddim', steps: 10, seed: 3, size: 16, count: 2 });
    const second = new Trajectory(shipped, { sampler: 'ddim', steps: 10, seed: 4, size: 16 });
    while (!both.done) await both.advance(toyEps);
    while (!second.done) await second.advance(toyEps);
    expect(maxAbsDiff(both.last.x.subarray(16), second.last.x)).toBeLessThan(1e-7);
  });
});

describe('classifier-free guidance', () => {
  it('w = 0 gives the unconditional, w = 1 the conditional prediction, w = 3 extrapolates', () => {
    const both = Float32Array.from([1, 2, 0.5, 1]); // cond [1, 2], uncond [0.5, 1]
    expect(Array.from(guide(both, 1, 2, 0))).toEqual([0.5, 1]);
    expect(Array.from(guide(both, 1, 2, 1))).toEqual([1, 2]);
    expect(Array.from(guide(both, 1, 2, 3))).toEqual([2, 4]);
  });
});
