// The diffusion model in the registry: the U-Net and its noise schedule; the sampler runs on the main thread.
import { paintImage } from '../../core/paint-image';
import { seededNormals } from '../../core/seeded-random';
import { datasetAmount, json, type ModelEntry } from '../model-entry';
import { parseSchedule, type Schedule, Trajectory, toUnit } from './sampler';
import type { DiffusionLoadArgs, DiffusionWorkerApi } from './worker';
import './model.strings';

/** DDIM steps of a home-page thumbnail (the demo's default is 50). */
export const THUMB_DIFFUSION_STEPS = 20;

export const diffusionSchedule = (files: Record<string, Uint8Array>): Schedule => parseSchedule(json(files.schedule));

export const DIFFUSION: ModelEntry<DiffusionLoadArgs, DiffusionWorkerApi, 'diffusion'> = {
  id: 'diffusion',
  roles: ['unet', 'schedule'],
  engines: ['webgpu', 'wasm', 'wgsl'],
  createWorker: () => new Worker(new URL('../../workers/diffusion.worker.ts', import.meta.url), { type: 'module', name: 'diffusion' }),
  loadArgs: (files) => ({ unet: files.unet, nullLabel: diffusionSchedule(files).null_label }),
  // the demo's default: DDIM, 50 steps, each one guided U-Net call (conditional + unconditional, batch 2)
  sample: { perMeasured: 50 },
  trainingData: (m) => ({ amount: datasetAmount(m, 'train_size'), unit: 'images' }),
  kernelsGraph: {
    role: 'unet',
    label: 'diffusion U-Net',
    input: () => ({
      x: { data: seededNormals(28 * 28, 1), dims: [1, 1, 28, 28] },
      t: { data: new Float32Array([500]), dims: [1] },
      label: { data: new BigInt64Array([3n]), dims: [1] },
    }),
  },
  thumbnail: {
    size: 28,
    look: 'image',
    async draw(api, { files, canvas, seed, signal }) {
      const run = new Trajectory(diffusionSchedule(files), { sampler: 'ddim', steps: THUMB_DIFFUSION_STEPS, seed, size: 784 });
      const label = seed % 10;
      while (!run.done) {
        signal?.throwIfAborted();
        await run.advance(async (x, t) => (await api.denoise(x, t, label, 3, 1)).eps);
        paintImage(canvas, toUnit(run.last.x0 ?? run.last.x)); // the picture sharpens as it denoises
      }
      paintImage(canvas, toUnit(run.last.x));
    },
  },
};
