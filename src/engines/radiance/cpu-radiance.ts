// The CPU engine of #/train-nerf: the kernels' references run on typed arrays in the worker, pass for pass
// what radiance.wgsl does on the GPU. No DOM.
import {
  ADAM,
  type Cameras,
  type RadianceGrid,
  type RadianceState,
  renderRays,
  trainStep,
  updateOccupancy,
} from '../../kernels/radiance/radiance-reference';
import type { RadianceExecutorFactory } from './radiance-trainer';

const copy = (st: RadianceState): RadianceState => ({
  params: st.params.slice(),
  grad: st.grad.slice(),
  m: st.m.slice(),
  v: st.v.slice(),
  occupancy: st.occupancy.slice(),
});

export const cpuRadiance: RadianceExecutorFactory = async (
  grid: RadianceGrid,
  first: RadianceState,
  cams: Cameras,
  photos: Uint32Array,
  settings,
) => {
  let st = copy(first);
  let cameras = cams;
  let scratch = new Float32Array(0);
  const rgbFor = (n: number) => {
    if (scratch.length < 3 * n) scratch = new Float32Array(3 * n);
    return scratch;
  };
  return {
    async step(b, lr, t) {
      return trainStep(grid, st, cameras, b, photos, { ...ADAM, lr, tv: settings.tv }, t, rgbFor(b.count));
    },
    async render(b, withError) {
      const rgb = new Float32Array(3 * b.count);
      const se = renderRays(grid, st, cameras, b, rgb, withError ? photos : undefined);
      return { rgb, se };
    },
    async updateOccupancy(alphaMin) {
      return updateOccupancy(grid, st, alphaMin);
    },
    setCameras(c) {
      cameras = c;
    },
    async read() {
      return copy(st);
    },
    write(s) {
      st = copy(s);
    },
    destroy() {},
  };
};
