// A small scene for the radiance kernels' tests (CPU reference and browser): a 5 × 6 × 4 vertex grid over a
// box, cameras around it, random vertices, rays and target photos from one seeded stream. No DOM.
import type { TestRandom } from '../test-random';
import { lookAtC2w, type Vec3 } from '../volume/volume-reference';
import { CH, type Cameras, type RadianceGrid, type RadianceState, type RayBatch } from './radiance-reference';

export const FIXTURE_GRID: RadianceGrid = {
  boxMin: [-1, -1.25, -0.75],
  extent: [2, 2.5, 1.5],
  dims: [5, 6, 4],
  voxel: 0.5,
  stepRatio: 0.5,
  occCells: [4, 5, 3],
  occCell: 0.5,
  stopTransmittance: 0,
  background: [1, 1, 1],
};

export interface RadianceFixture {
  grid: RadianceGrid;
  state: RadianceState;
  cams: Cameras;
  batch: RayBatch;
  photos: Uint32Array;
}

/** `rays` rays of 3 cameras at 8 × 8 pixels; some occupancy cells empty when `holes`. */
export function radianceFixture(rnd: TestRandom, rays: number, holes = true): RadianceFixture {
  const grid = FIXTURE_GRID;
  const n = grid.dims[0] * grid.dims[1] * grid.dims[2] * CH;
  const params = rnd.normal(n);
  for (let i = 0; i < n; i += CH) params[i] = params[i] * 1.5 - 1;
  const cells = grid.occCells[0] * grid.occCells[1] * grid.occCells[2];
  const occupancy = new Uint32Array(Math.ceil(cells / 32));
  for (let i = 0; i < cells; i++) if (!holes || rnd.unit() < 0.7) occupancy[i >> 5] |= 1 << (i & 31);
  const positions: Vec3[] = [
    [3, 0.5, 1],
    [-1, 3, 0.5],
    [0.5, -2, 2.5],
  ];
  const cams = new Float32Array(12 * positions.length);
  positions.forEach((p, k) => {
    const m = lookAtC2w(p);
    for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) cams[12 * k + 4 * r + c] = m[r][c];
  });
  const size = 8;
  const ids = new Uint32Array(2 * rays);
  for (let r = 0; r < rays; r++) {
    ids[2 * r] = Math.floor(rnd.unit() * positions.length);
    ids[2 * r + 1] = Math.floor(rnd.unit() * size * size);
  }
  const jitter = Float32Array.from({ length: rays }, () => rnd.unit());
  const photos = Uint32Array.from({ length: positions.length * size * size }, () => Math.floor(rnd.unit() * 2 ** 32) >>> 0);
  const state = { params, grad: new Float32Array(n), m: new Float32Array(n), v: new Float32Array(n), occupancy };
  return { grid, state, cams, batch: { rays: ids, jitter, count: rays, size, focal: 9 }, photos };
}
