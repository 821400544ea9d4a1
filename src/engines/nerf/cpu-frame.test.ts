// The cpu engine's frames of the shipped field against the reference path (renderReference with fieldRef,
// what onnxruntime's field.onnx computes): the exact frame is the reference picture (≥ 40 dB, the same sample
// counts); the deferred frame rendered at half size and scaled up, as the page shows it while the view moves,
// stays ≥ 30 dB. Views from several sides and heights.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderReference, toBytes } from '../../kernels/volume/frame-reference';
import { fieldRef, focalFor, lookAtC2w, psnr, type Vec3, type View } from '../../kernels/volume/volume-reference';
import type { FieldData } from '../../kernels/volume/volume-renderer';
import { CpuFrameRenderer, emptyDistance, upscale, viewAt } from './cpu-frame';
import { parseNerfMeta, readField } from './nerf-field';

const dir = new URL('../../../public/models/nerf/', import.meta.url);
const meta = parseNerfMeta(JSON.parse(readFileSync(new URL('nerf.json', dir), 'utf8')));
let field: FieldData;
let renderer: CpuFrameRenderer;

/** A camera at azimuth/elevation (degrees) and radius looking at the origin, as the demo's orbit. */
function view(azimuth: number, elevation: number, radius: number, size: number): View {
  const [a, e] = [(azimuth * Math.PI) / 180, (elevation * Math.PI) / 180];
  const p: Vec3 = [radius * Math.cos(e) * Math.cos(a), radius * Math.cos(e) * Math.sin(a), radius * Math.sin(e)];
  return { c2w: lookAtC2w(p), size, focal: focalFor(meta.camera_angle_x, size) };
}

const reference = async (v: View) => renderReference(field, v, async (p, d) => fieldRef(field, p, d));

beforeAll(() => {
  field = readField(meta, readFileSync(new URL('field.onnx', dir)), readFileSync(new URL('occupancy.bin', dir)));
  renderer = new CpuFrameRenderer(field);
});

describe('the cpu engine’s NeRF frames', () => {
  const VIEWS: [number, number, number][] = [
    [40, 30, 4],
    [160, 10, 3.2],
    [-100, 60, 5],
  ];
  it.each(VIEWS)(
    'exact at 128² is the reference picture, deferred at 64² scaled up ≥ 30 dB (azimuth %d, elevation %d, radius %d)',
    async (az, el, r) => {
      const v = view(az, el, r, 128);
      const ref = await reference(v);
      const refBytes = toBytes(ref.rgb);
      let t0 = performance.now();
      const exact = renderer.render(v, 'exact');
      const exactMs = performance.now() - t0;
      t0 = performance.now();
      const small = renderer.render(viewAt(v, 64), 'deferred');
      const moving = upscale(small.pixels, 64, 128);
      const movingMs = performance.now() - t0;
      const [exactDb, movingDb] = [psnr(exact.pixels, refBytes, 255), psnr(moving, refBytes, 255)];
      console.log(
        `view ${az}/${el}/${r}: exact ${exactDb.toFixed(1)} dB in ${exactMs.toFixed(0)} ms; moving (64² deferred, scaled) ${movingDb.toFixed(1)} dB in ${movingMs.toFixed(0)} ms`,
      );
      expect(exactDb).toBeGreaterThanOrEqual(40);
      expect(exact.stats).toEqual(ref.stats);
      expect(movingDb).toBeGreaterThanOrEqual(30);
    },
    60_000,
  );

  it('scales an image up with the corners kept and a flat image flat', () => {
    const flat = new Uint8Array(4 * 4 * 4).fill(77);
    expect(upscale(flat, 4, 9).every((v) => v === 77)).toBe(true);
    const ramp = new Uint8Array(2 * 2 * 4);
    ramp.set([0, 0, 0, 255, 200, 200, 200, 255, 0, 0, 0, 255, 200, 200, 200, 255]);
    const big = upscale(ramp, 2, 8);
    expect(big[0]).toBe(0);
    expect(big[(8 - 1) * 4]).toBe(200);
  });

  it('bakes each cell’s distance to the nearest occupied cell (Chebyshev, in cells)', () => {
    const cells: Vec3 = [5, 4, 3];
    const occupancy = new Uint32Array(2);
    const at = (x: number, y: number, z: number) => x + 5 * (y + 4 * z);
    occupancy[at(1, 1, 1) >> 5]! |= 1 << (at(1, 1, 1) & 31);
    const d = emptyDistance(occupancy, cells);
    expect(d[at(1, 1, 1)]).toBe(0);
    expect(d[at(0, 0, 0)]).toBe(1);
    expect(d[at(3, 1, 1)]).toBe(2);
    expect(d[at(4, 3, 2)]).toBe(3);
    expect(emptyDistance(new Uint32Array(2), cells).every((v) => v === 255)).toBe(true);
  });
});
