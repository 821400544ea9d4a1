// The exported field is the trained one: the demo's CPU reference of a field (fieldRef, what field.onnx and
// volume-render.wgsl compute) gives the trained grid's density and colour at random points.
import { describe, expect, it } from 'vitest';
import { TestRandom } from '../../kernels/test-random';
import { CH } from '../../kernels/radiance/radiance-reference';
import { fieldRef } from '../../kernels/volume/volume-reference';
import { exportField } from './radiance-export';
import { readShippedScene } from './node-scene';
import { initialState, renderRays } from '../../kernels/radiance/radiance-reference';
import { renderReference } from '../../kernels/volume/frame-reference';
import { cpuRadiance } from './cpu-radiance';
import { RadianceTrainer } from './radiance-trainer';
import { setFreeCamera, viewRays } from './radiance-scene';
import { lookAtC2w, psnr } from '../../kernels/volume/volume-reference';

const softplus = (x: number) => Math.log1p(Math.exp(x));

describe('radiance export', () => {
  it('the demo reads the trained grid: same density and colour at its vertices', () => {
    const rnd = new TestRandom('radiance export');
    const { meta, data } = readShippedScene();
    const g = data(5, 32).grid;
    const st = initialState(g, 0);
    const values = rnd.normal(st.params.length);
    st.params.set(values);
    const { field, meta: out } = exportField(g, st, meta, [meta.train_views[0], meta.train_views[3]]);
    expect(out.train_views.map((v) => v.file)).toEqual([meta.train_views[0].file, meta.train_views[3].file]);
    // vertices themselves: at a vertex trilinear interpolation gives the vertex's own numbers
    const points: number[] = [];
    const want: number[][] = [];
    for (let k = 0; k < 20; k++) {
      const at = g.dims.map((d) => Math.floor(rnd.unit() * (d - 1)));
      points.push(...at.map((i, a) => g.boxMin[a] + i * g.voxel));
      const v = at[0] + g.dims[0] * (at[1] + g.dims[1] * at[2]);
      want.push([softplus(st.params[v * CH]) / g.voxel, ...[1, 2, 3].map((c) => 1 / (1 + Math.exp(-st.params[v * CH + c])))]);
    }
    const dirs = rnd.normal(points.length);
    const r = fieldRef(field, Float32Array.from(points), dirs);
    want.forEach((w, k) => {
      expect(r.sigma[k], rnd.note).toBeCloseTo(w[0], 3);
      for (let c = 0; c < 3; c++) expect(r.rgb[3 * k + c], rnd.note).toBeCloseTo(w[1 + c], 5);
    });
  });

  it('the demo renders a briefly trained field as the trainer does', async () => {
    const { meta, data } = readShippedScene();
    const d = data(25, 32);
    const t = await RadianceTrainer.create(cpuRadiance, d, 2, { batch: 1024 });
    await t.steps(120);
    const snap = await t.snapshot();
    const { field } = exportField(d.grid, snap.state, meta, []);
    const size = 48;
    const c2w = lookAtC2w([2.5, -2.5, 2]);
    const focal = (d.focal * size) / d.size;
    const cams = d.cameras.slice();
    const cam = setFreeCamera(cams, c2w);
    const ours = new Float32Array(3 * size * size);
    renderRays(d.grid, snap.state, cams, viewRays(cam, size, focal), ours);
    const demo = await renderReference(field, { c2w, size, focal }, async (p, dirs) => fieldRef(field, p, dirs));
    expect(psnr(demo.rgb, ours)).toBeGreaterThan(50);
    expect(Math.min(...ours)).toBeLessThan(0.8); // something was learned: not an empty white view
  }, 60_000);
});
