// The diffusion model in the registry: the U-Net and its noise schedule; the sampler runs on the main thread.
import { paintImage } from '../../core/main-thread/paint-image';
import { seededNormals } from '../../core/any-thread/seeded-random';
import { datasetAmount, json, type ModelEntry } from '../model-entry';
import type { RunSettings } from './playback';
import { parseSchedule, type Schedule, Trajectory, toUnit } from './sampler';
import type { DiffusionLoadArgs, DiffusionWorkerApi } from './worker';
import './model.strings';

/**
 * The demo's settings before a link or the visitor changes them (class, guidance, steps, sampler, seed). The link
 * table's fallbacks, the page's first state and "one sample" below all read them here; the seed's is also the
 * fallback of every sampling demo's `seed` (seedParam).
 */
export const DIFFUSION_DEFAULTS: Readonly<RunSettings> = Object.freeze({ label: 0, guidance: 3, steps: 50, sampler: 'ddim', seed: 1 });

/** DDIM steps of a home-page thumbnail (fewer than the demo's default). */
export const THUMB_DIFFUSION_STEPS = 20;

export const diffusionSchedule = (files: Record<string, Uint8Array>): Schedule => parseSchedule(json(files.schedule));

export const DIFFUSION: ModelEntry<DiffusionLoadArgs, DiffusionWorkerApi, 'diffusion'> = {
  id: 'diffusion',
  roles: ['unet', 'schedule'],
  // auto starts on cpu (no runtime download: a step can be taken at once) and moves to wasm once it has
  // fetched and measured it: a guided call is several times faster there
  engines: ['webgpu', 'wasm', 'wgsl', 'cpu'],
  loadArgs: (files) => ({ unet: files.unet, nullLabel: diffusionSchedule(files).null_label }),
  // the demo's default run: DDIM with DIFFUSION_DEFAULTS.steps steps, each one guided U-Net call (conditional + unconditional, batch 2)
  sample: { perMeasured: DIFFUSION_DEFAULTS.steps },
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
