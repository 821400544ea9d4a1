// The WGSL engine of #/train-nerf: the trainer's executor on radiance.wgsl's passes (radiance.ts). No DOM.
import { ADAM } from '../../kernels/radiance/radiance-reference';
import { RadianceGpu } from '../../kernels/radiance/radiance';
import type { RadianceExecutorFactory } from './radiance-trainer';

export const gpuRadiance =
  (device: GPUDevice): RadianceExecutorFactory =>
  (grid, st, cams, photos, settings) =>
    RadianceGpu.create(device, grid, st, cams, photos, { ...ADAM, tv: settings.tv });
