// volume-render.wgsl against its CPU reference (frame-reference.ts over volume-reference.ts: the same march,
// field and compositing in float64) on seeded random fields, in real Chromium on WebGPU. Measure: PSNR of the 8-bit frames, ≥ 40 dB;
// the sample counts must agree too.
import { beforeAll, describe, expect, it } from 'vitest';
import { requestKernelDevice } from '../gpu';
import { TestRandom } from '../test-random';
import { renderReference, toBytes } from './frame-reference';
import { fieldRef, focalFor, lookAtC2w, psnr, type View, type Vec3 } from './volume-reference';
import { CENTRED, type FieldData, readFrame, VolumeRenderer } from './volume-renderer';

let device: GPUDevice;
beforeAll(async () => {
  device = await requestKernelDevice('volume-render tests');
});

/** A camera `radius` from the origin at `azimuth` degrees around z and `elevation` above the ground, looking at the origin. */
function orbitView(o: { azimuth: number; elevation: number; radius: number }, size: number, angleX: number): View {
  const [a, e] = [o.azimuth, o.elevation].map((deg) => (deg * Math.PI) / 180);
  const position: Vec3 = [o.radius * Math.cos(e) * Math.cos(a), o.radius * Math.cos(e) * Math.sin(a), o.radius * Math.sin(e)];
  return { c2w: lookAtC2w(position), size, focal: focalFor(angleX, size) };
}

/** A field of a few random dense blobs in a box with odd, unequal cell counts, random features and MLP. */
function randomField(rng: TestRandom, cells: Vec3, channels: number, hidden: number): FieldData {
  const cell = 2 / Math.max(...cells);
  const boxMin: Vec3 = [-1, -0.9, -0.8];
  const densityDims = cells.map((c) => 2 * c + 1) as Vec3;
  const featureDims = cells.map((c) => c + 1) as Vec3;
  const blobs = Array.from({ length: 4 }, () => ({
    c: [0, 1, 2].map((a) => boxMin[a] + (0.2 + 0.6 * rng.unit()) * cells[a] * cell),
    r: 0.15 + 0.2 * rng.unit(),
  }));
  const voxel = cell / 2;
  const density = new Float32Array(densityDims[0] * densityDims[1] * densityDims[2]);
  for (let z = 0; z < densityDims[2]; z++)
    for (let y = 0; y < densityDims[1]; y++)
      for (let x = 0; x < densityDims[0]; x++) {
        const p = [x, y, z].map((v, a) => boxMin[a] + v * voxel);
        let raw = -8;
        for (const b of blobs)
          raw = Math.max(
            raw,
            6 -
              40 *
                (Math.hypot(p[0] - b.c[0], p[1] - b.c[1], p[2] - b.c[2]) - b.r) ** 2 *
                (1 + 30 * Math.max(0, Math.hypot(p[0] - b.c[0], p[1] - b.c[1], p[2] - b.c[2]) - b.r)),
          );
        density[x + densityDims[0] * (y + densityDims[1] * z)] = raw;
      }
  const features = rng.normal(featureDims[0] * featureDims[1] * featureDims[2] * channels);
  const inputs = channels + 9;
  const mlp = rng.normal(hidden * inputs + hidden + hidden * hidden + hidden + 3 * hidden + 3).map((v) => v * 0.4);
  // Occupancy as training/nerf.py derives it: a cell is empty when every density vertex it touches is below 0.01.
  const occupancy = new Uint32Array(Math.ceil((cells[0] * cells[1] * cells[2]) / 32));
  for (let z = 0; z < cells[2]; z++)
    for (let y = 0; y < cells[1]; y++)
      for (let x = 0; x < cells[0]; x++) {
        let peak = -Infinity;
        for (let k = 0; k < 27; k++) {
          const v = [2 * x + (k % 3), 2 * y + (Math.floor(k / 3) % 3), 2 * z + Math.floor(k / 9)];
          peak = Math.max(peak, density[v[0] + densityDims[0] * (v[1] + densityDims[1] * v[2])]);
        }
        const i = x + cells[0] * (y + cells[1] * z);
        if (Math.log1p(Math.exp(peak)) > 0.01) occupancy[i >> 5] |= 1 << (i & 31);
      }
  return {
    boxMin,
    cell,
    cells,
    voxel,
    stepRatio: 0.5,
    occupancy,
    densityDims,
    featureDims,
    channels,
    hidden,
    density,
    features,
    mlp,
    weightThreshold: 1e-4,
    stopTransmittance: 1e-3,
    background: [1, 1, 1],
  };
}

function target(size: number): GPUTexture {
  return device.createTexture({
    label: 'test frame',
    size: [size, size],
    format: 'rgba8unorm',
    usage: GPUTextureUsage.STORAGE_BINDING | GPUTextureUsage.COPY_SRC,
  });
}

describe('volume-render.wgsl (one fused pass: rays, box, occupancy skipping, field, compositing)', () => {
  const cases = [
    { cells: [6, 5, 7] as Vec3, channels: 8, hidden: 32, size: 64, orbit: { azimuth: 40, elevation: 30, radius: 4 } },
    { cells: [9, 4, 5] as Vec3, channels: 5, hidden: 12, size: 37, orbit: { azimuth: 200, elevation: -10, radius: 3 } },
    { cells: [3, 3, 3] as Vec3, channels: 1, hidden: 3, size: 50, orbit: { azimuth: 95, elevation: 80, radius: 5 } },
  ];
  for (const c of cases) {
    const name = `cells ${c.cells.join('×')}, ${c.channels} channels, MLP ${c.hidden} wide, ${c.size}² — PSNR ≥ 40 dB vs CPU`;
    it(name, async () => {
      const rng = new TestRandom(name);
      const field = randomField(rng, c.cells, c.channels, c.hidden);
      const view = orbitView(c.orbit, c.size, 0.7);
      const renderer = await VolumeRenderer.create(device, field);
      const tex = target(c.size);
      const stats = await renderer.render(view, CENTRED, tex);
      const gpu = await readFrame(device, tex, c.size);
      const ref = await renderReference(field, view, async (p, d) => fieldRef(field, p, d));
      const cpu = toBytes(ref.rgb);
      const db = psnr(gpu, cpu, 255);
      expect(db, `PSNR ${db.toFixed(1)} dB; ${rng.note}`).toBeGreaterThanOrEqual(40);
      // Something was drawn: not every pixel is background, some samples were skipped, some evaluated.
      expect(
        cpu.some((v, i) => i % 4 !== 3 && v < 200),
        rng.note,
      ).toBe(true);
      expect(stats.inside, rng.note).toBe(ref.stats.inside);
      expect(stats.skipped, rng.note).toBeGreaterThan(0);
      expect(Math.abs(stats.evaluated - ref.stats.evaluated), rng.note).toBeLessThanOrEqual(Math.max(2, ref.stats.evaluated * 0.002));
      expect(Math.abs(stats.shaded - ref.stats.shaded), rng.note).toBeLessThanOrEqual(Math.max(2, ref.stats.shaded * 0.002));
      renderer.destroy();
    });
  }

  it('refinement averages frames: the same jitter twice leaves the frame as it was, another jitter changes it', async () => {
    const rng = new TestRandom('refinement');
    const field = randomField(rng, [6, 6, 6], 4, 8);
    const view = orbitView({ azimuth: 10, elevation: 20, radius: 4 }, 32, 0.7);
    const renderer = await VolumeRenderer.create(device, field);
    const tex = target(32);
    const j = { frame: 0, jx: 0.3, jy: 0.7, u: 0.2 };
    await renderer.render(view, j, tex);
    const first = await readFrame(device, tex, 32);
    await renderer.render(view, { ...j, frame: 1 }, tex);
    const same = await readFrame(device, tex, 32);
    expect(psnr(first, same, 255), rng.note).toBeGreaterThan(50);
    await renderer.render(view, { frame: 2, jx: 0.9, jy: 0.1, u: 0.8 }, tex);
    const other = await readFrame(device, tex, 32);
    expect(psnr(first, other, 255), rng.note).toBeLessThan(50);
    renderer.destroy();
  });

  it('refuses a field whose arrays do not fit its sizes', async () => {
    const field = randomField(new TestRandom('refusals'), [4, 4, 4], 2, 4);
    await expect(VolumeRenderer.create(device, { ...field, features: field.features.subarray(1) })).rejects.toThrow(/features has/);
    await expect(VolumeRenderer.create(device, { ...field, hidden: 5 })).rejects.toThrow(/mlp has/);
    await expect(VolumeRenderer.create(device, { ...field, occupancy: new Uint32Array(1) })).rejects.toThrow(/occupancy has/);
  });
});
