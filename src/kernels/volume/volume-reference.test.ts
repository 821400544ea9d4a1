import { describe, expect, it } from 'vitest';
import { boxHits, cameraRay, composite, focalFor, lookAtC2w, marchRay, occupied, psnr, type VolumeGrid } from './volume-reference';

// Training camera 0 of our scene (transforms_train.json) and rays through three of its pixels at 128²,
// as training/nerf.py's camera_rays computes them (torch, float32).
const C2W = [
  [-0.7474635243415833, -0.6215015649795532, 0.2345934957265854, 0.9383741021156311],
  [0.6643028259277344, -0.6993041634559631, 0.26396095752716064, 1.0558440685272217],
  [6.899386306713495e-8, 0.35314232110977173, 0.9355696439743042, 3.7422783374786377],
  [0, 0, 0, 1],
];
const ANGLE_X = 0.6981316804885864;
const PY_RAYS: [number, number, number[]][] = [
  [0, 0, [-0.16841325163841248, -0.6736304759979248, -0.7196242213249207]],
  [64, 64, [-0.2349497675895691, -0.26008141040802, -0.9365662336349487]],
  [127, 5, [-0.6384758949279785, -0.23043599724769592, -0.7343350052833557]],
];

function grid(bits: (c: [number, number, number]) => boolean, cells: [number, number, number] = [4, 4, 4]): VolumeGrid {
  const occupancy = new Uint32Array(Math.ceil((cells[0] * cells[1] * cells[2]) / 32));
  for (let z = 0; z < cells[2]; z++)
    for (let y = 0; y < cells[1]; y++)
      for (let x = 0; x < cells[0]; x++) {
        const i = x + cells[0] * (y + cells[1] * z);
        if (bits([x, y, z])) occupancy[i >> 5] |= 1 << (i & 31);
      }
  return { boxMin: [-1, -1, -1], cell: 0.5, cells, voxel: 0.25, stepRatio: 0.5, occupancy };
}

describe('camera rays', () => {
  it('match the training script through the pixel centres', () => {
    const view = { c2w: C2W, size: 128, focal: focalFor(ANGLE_X, 128) };
    expect(view.focal).toBeCloseTo(175.83856040078922, 9);
    for (const [x, y, d] of PY_RAYS) {
      const ray = cameraRay(view, x, y);
      ray.d.forEach((v, i) => {
        expect(v).toBeCloseTo(d[i], 6);
      });
      expect(ray.o).toEqual([C2W[0][3], C2W[1][3], C2W[2][3]]);
    }
  });

  it('a look-at camera at the training camera position is the training camera (Blender track-to, z up)', () => {
    const c2w = lookAtC2w([C2W[0][3], C2W[1][3], C2W[2][3]]);
    for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) expect(c2w[r][c]).toBeCloseTo(C2W[r][c], 5);
  });

  it('hit the box where the slab test says, and miss it beside', () => {
    const hit = boxHits({ o: [-3, 0, 0], d: [1, 0, 0] }, [-1, -1, -1], [1, 1, 1]);
    expect(hit).toEqual({ near: 2, far: 4 });
    const diag = boxHits({ o: [0, 0, 0], d: [Math.SQRT1_2, Math.SQRT1_2, 0] }, [-1, -1, -1], [1, 1, 1]);
    expect(diag.near).toBe(0);
    expect(diag.far).toBeCloseTo(Math.SQRT2, 12);
    const miss = boxHits({ o: [-3, 2, 0], d: [1, 0, 0] }, [-1, -1, -1], [1, 1, 1]);
    expect(miss.far).toBeLessThanOrEqual(miss.near);
  });
});

describe('marching', () => {
  const ray = { o: [-3, 0.1, 0.1] as [number, number, number], d: [1, 0, 0] as [number, number, number] };

  it('places samples at t0 + (i + u)·dt inside the box', () => {
    const { dt, samples } = marchRay(
      grid(() => true),
      ray,
      0.5,
    );
    expect(dt).toBe(0.125);
    expect(samples.length).toBe(16); // 2 units of box / 0.125
    expect(samples[0].t).toBeCloseTo(2.0625, 12);
    expect(samples[15].t).toBeCloseTo(3.9375, 12);
    expect(samples.every((s) => !s.skipped)).toBe(true);
  });

  it('skips exactly the samples in empty cells, whole cells at a time', () => {
    // Only cells with x = 1 or 3 are occupied: samples in x ∈ [-0.5, 0) and [0.5, 1) are evaluated.
    const g = grid(([x]) => x === 1 || x === 3);
    const { samples } = marchRay(g, ray, 0.5);
    expect(samples.length).toBe(16);
    samples.forEach((s) => {
      const x = ray.o[0] + s.t;
      const cell = Math.floor((x + 1) / 0.5);
      expect(s.skipped).toBe(!occupied(g, [cell, 2, 2]));
    });
    expect(samples.filter((s) => !s.skipped).length).toBe(8);
  });
});

describe('compositing', () => {
  const rules = { weightThreshold: 1e-4, stopTransmittance: 1e-3, background: [1, 1, 1] as [number, number, number] };

  it('gives alpha, transmittance and weights by hand', () => {
    // σ·dt = ln 2 → alpha 0.5 for both samples: weights 0.5 and 0.25, T ends at 0.25.
    const c = composite([Math.LN2 / 0.1, Math.LN2 / 0.1], [1, 0, 0, 0, 1, 0], 0.1, rules);
    expect(c.alpha[0]).toBeCloseTo(0.5, 12);
    expect(c.transmittance).toEqual([1, expect.closeTo(0.5, 12)]);
    expect(c.weight[1]).toBeCloseTo(0.25, 12);
    expect(c.opacity).toBeCloseTo(0.75, 12);
    // red·0.5 + green·0.25 + white·0.25
    expect(c.rgb.map((v) => Number(v.toFixed(12)))).toEqual([0.75, 0.5, 0.25]);
  });

  it('stops once the ray is opaque and ignores what lies behind', () => {
    const sigma = [0, 100, 5, 5];
    const c = composite(sigma, [0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0], 0.1, rules);
    expect(c.stoppedAfter).toBe(1); // T = exp(-10) < 1e-3 after the second sample
    expect(c.weight.length).toBe(2);
    expect(c.rgb[2]).toBeCloseTo(1 - Math.exp(-10) + Math.exp(-10), 9);
    expect(c.rgb[0]).toBeCloseTo(Math.exp(-10), 9);
  });

  it('a constant medium lets exp(−σ·length) through, whatever the step', () => {
    for (const dt of [0.01, 0.1, 0.5]) {
      const n = Math.round(1 / dt);
      const c = composite(new Array(n).fill(2), new Array(3 * n).fill(0), dt, rules);
      expect(1 - c.opacity).toBeCloseTo(Math.exp(-2), 9);
    }
  });

  it('PSNR', () => {
    expect(psnr([0, 0.5, 1], [0, 0.5, 1])).toBe(Infinity);
    expect(psnr([0.1, 0.1], [0, 0])).toBeCloseTo(20, 9);
    expect(() => psnr([1], [1, 2])).toThrow();
  });
});
