// The GAN in the registry: generator + discriminator, on onnxruntime or our graph engine.
import { paintImage } from '../../core/main-thread/paint-image';
import { seededNormals } from '../../core/any-thread/seeded-random';
import { datasetAmount, json, type ModelEntry } from '../model-entry';
import { latentFor } from './latent';
import type { GanLoadArgs, GanWorkerApi } from './worker';
import './model.strings';

/** What the demo starts with and its link leaves out: the first seed, no truncation. */
export const GAN_DEFAULTS = { seed: 1, truncation: 1 };

export const GAN: ModelEntry<GanLoadArgs, GanWorkerApi, 'gan'> = {
  id: 'gan',
  roles: ['generator', 'discriminator', 'extras'],
  // auto starts on cpu (nothing to download) and moves to the fastest it measures
  engines: ['webgpu', 'wasm', 'wgsl', 'cpu'],
  loadArgs: (files, model) => {
    json(files.extras); // a broken extras file fails here, with the parser's message
    return { generator: files.generator, discriminator: files.discriminator, zDim: Number(model.config?.z_dim ?? 64) };
  },
  sample: { perMeasured: 1 },
  trainingData: (m) => ({ amount: datasetAmount(m, 'train_size'), unit: 'images' }),
  kernelsGraph: { role: 'generator', label: 'GAN generator', input: () => ({ z: { data: seededNormals(64, 2), dims: [1, 64] } }) },
  thumbnail: {
    size: 28,
    look: 'image',
    draw: async (api, { args, canvas, seed }) => paintImage(canvas, (await api.generate(latentFor(seed, 0, args.zDim, 1), 1)).pixels),
  },
};
