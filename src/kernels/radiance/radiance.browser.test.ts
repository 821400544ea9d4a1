// radiance.wgsl in real Chromium on WebGPU against its CPU reference (radiance-reference.ts) on the small
// seeded scene of radiance-fixture.ts: rendered colours and errors, the scattered gradient (and that gradient
// against central finite differences of the reference's loss), total variation + Adam, and the occupancy bits.
import { beforeAll, describe, expect, it } from 'vitest';
import { relativeError, requestKernelDevice } from '../gpu';
import { TestRandom } from '../test-random';
import { numericGrad } from '../train/finite-diff';
import { RadianceGpu } from './radiance';
import { radianceFixture } from './radiance-fixture';
import { ADAM, addDensityTv, adamStep, backpropRays, renderRays, updateOccupancy } from './radiance-reference';

let device: GPUDevice;
beforeAll(async () => {
  device = await requestKernelDevice('radiance kernel tests');
});

const rules = { ...ADAM, tv: 0.01 };

describe('radiance.wgsl', () => {
  it('renders the rays the reference renders, with the same squared error', async () => {
    const rnd = new TestRandom('radiance render');
    const f = radianceFixture(rnd, 40);
    const gpu = await RadianceGpu.create(device, f.grid, f.state, f.cams, f.photos, rules);
    const got = await gpu.render(f.batch, true);
    const want = new Float32Array(3 * f.batch.count);
    const se = renderRays(f.grid, f.state, f.cams, f.batch, want, f.photos);
    expect(relativeError(got.rgb, want), rnd.note).toBeLessThan(1e-4);
    expect(Math.abs(got.se - se) / se, rnd.note).toBeLessThan(1e-4);
    gpu.destroy();
  });

  it('one step (loss, scattered gradient, total variation, Adam) moves the grid as the reference does; its gradient equals finite differences', async () => {
    const rnd = new TestRandom('radiance step');
    const f = radianceFixture(rnd, 24);
    const gpu = await RadianceGpu.create(device, f.grid, f.state, f.cams, f.photos, rules);
    const start = f.state.params.slice();
    // the gradient alone: a step at lr 0 leaves the values, and Adam's m after one step is (1 − β1)·g
    const mse = await gpu.step(f.batch, 0, 1);
    const gradGpu = (await gpu.read()).m.map((m) => m / (1 - ADAM.beta1));
    const rgb = new Float32Array(3 * f.batch.count);
    const se = renderRays(f.grid, f.state, f.cams, f.batch, rgb, f.photos);
    expect(Math.abs(mse - se / (3 * f.batch.count)) / mse, rnd.note).toBeLessThan(1e-4);
    backpropRays(f.grid, f.state, f.cams, f.batch, rgb, f.photos);
    addDensityTv(f.grid, f.state, rules.tv);
    expect(relativeError(gradGpu, f.state.grad), rnd.note).toBeLessThan(1e-3);
    // …and that gradient (before total variation) is the loss's, by central differences of the reference
    const plain = radianceFixture(new TestRandom('radiance step'), 24);
    const gpu2 = await RadianceGpu.create(device, plain.grid, plain.state, plain.cams, plain.photos, { ...rules, tv: 0 });
    await gpu2.step(plain.batch, 0, 1);
    const g2 = (await gpu2.read()).m.map((m) => m / (1 - ADAM.beta1));
    const loss = (x: Float64Array) =>
      renderRays(
        plain.grid,
        { ...plain.state, params: Float32Array.from(x) },
        plain.cams,
        plain.batch,
        new Float32Array(3 * plain.batch.count),
        plain.photos,
      ) / 3;
    expect(relativeError(g2, numericGrad(loss, Float64Array.from(start), 1e-3)), rnd.note).toBeLessThan(3e-3);
    // a real step: values after Adam as the reference's
    const f3 = radianceFixture(new TestRandom('radiance step'), 24);
    const gpu3 = await RadianceGpu.create(device, f3.grid, f3.state, f3.cams, f3.photos, rules);
    await gpu3.step(f3.batch, 0.05, 1);
    const after = (await gpu3.read()).params;
    const ref = radianceFixture(new TestRandom('radiance step'), 24);
    const rgb3 = new Float32Array(3 * ref.batch.count);
    renderRays(ref.grid, ref.state, ref.cams, ref.batch, rgb3, ref.photos);
    backpropRays(ref.grid, ref.state, ref.cams, ref.batch, rgb3, ref.photos);
    addDensityTv(ref.grid, ref.state, rules.tv);
    adamStep(ref.state, { ...rules, lr: 0.05 }, 1);
    expect(relativeError(after, ref.state.params), rnd.note).toBeLessThan(1e-4);
    for (const g of [gpu, gpu2, gpu3]) g.destroy();
  });

  it('rebuilds the occupancy bits the reference rebuilds', async () => {
    const rnd = new TestRandom('radiance occupancy gpu');
    const f = radianceFixture(rnd, 1, false);
    for (let i = 0; i < f.state.params.length; i += 4) f.state.params[i] = rnd.unit() < 0.95 ? -12 : 1;
    const gpu = await RadianceGpu.create(device, f.grid, f.state, f.cams, f.photos, rules);
    const count = await gpu.updateOccupancy(1e-4);
    const want = updateOccupancy(f.grid, f.state, 1e-4);
    expect(count, rnd.note).toBe(want);
    expect(Array.from((await gpu.read()).occupancy), rnd.note).toEqual(Array.from(f.state.occupancy));
    gpu.destroy();
  });
});
