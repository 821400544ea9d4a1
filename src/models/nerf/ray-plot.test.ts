// The ray inspector's numbers: the summary's counts up to where the renderer stops, and the plot's curves,
// marks and stop line in the plot's pixels.
import { describe, expect, it } from 'vitest';
import type { RayInspection } from '../../engines/nerf/nerf-reference';
import { peakDensity, rayPlot, raySummary } from './ray-plot';

function ray(over: Partial<RayInspection> = {}): RayInspection {
  return {
    x: 3,
    y: 4,
    dt: 0.1,
    t: [1, 1.1, 1.2, 1.3, 1.4],
    sigma: [0, 0, 8, 40, 20],
    skipped: [true, true, false, false, false],
    transmittance: [1, 1, 1, 0.5, 0.01],
    weight: [0, 0, 0, 0.5, 0.49],
    stoppedAfter: 3,
    rgb: [1, 0, 0],
    ...over,
  };
}

describe('raySummary', () => {
  it('counts skipped and evaluated samples up to the stop, and those after it', () => {
    expect(raySummary(ray())).toEqual({ x: 3, y: 4, n: 5, skipped: 2, evaluated: 2, after: 1 });
  });

  it('without a stop, every sample counts; a ray without samples missed', () => {
    expect(raySummary(ray({ stoppedAfter: -1 }))).toEqual({ x: 3, y: 4, n: 5, skipped: 2, evaluated: 3, after: 0 });
    expect(raySummary(ray({ t: [], sigma: [], skipped: [], transmittance: [], weight: [] }))).toBeUndefined();
  });
});

describe('rayPlot', () => {
  it('spreads the samples over the width and scales density and weight to their peaks', () => {
    const p = rayPlot(ray(), 360, 150)!;
    const xs = p.curves.density.map(([x]) => x);
    expect(xs[0]).toBe(6);
    expect(xs[4]).toBe(354);
    // top of the curves at y = 6 (the pad), zero at 6 + (150 - 12 - 8)
    expect(p.curves.density[3]).toEqual([xs[3], 6]);
    expect(p.curves.density[0][1]).toBe(136);
    expect(p.curves.weight[3][1]).toBe(6);
    expect(p.curves.transmittance[3][1]).toBeCloseTo(6 + 130 * 0.5);
    expect(p.marks).toEqual([
      { x: 6 - 0.5, y: 150 - 6 - 6, w: 1.5, h: 6 },
      { x: xs[1] - 0.5, y: 138, w: 1.5, h: 6 },
    ]);
    expect(p.stop).toEqual({ x: xs[3], top: 6, bottom: 136 });
    expect(peakDensity(ray())).toBe(40);
  });

  it('a single sample sits in the middle; no stop, no line; no samples, no plot', () => {
    const one = rayPlot(ray({ t: [1], sigma: [0], skipped: [false], transmittance: [1], weight: [0], stoppedAfter: -1 }), 360, 150)!;
    expect(one.curves.transmittance).toEqual([[180, 6]]);
    expect(one.stop).toBeUndefined();
    expect(one.curves.density[0][1]).toBe(136); // zero density, no division by zero
    expect(rayPlot(ray({ t: [] }), 360, 150)).toBeUndefined();
    expect(peakDensity(ray({ sigma: [] }))).toBe(0);
  });
});
