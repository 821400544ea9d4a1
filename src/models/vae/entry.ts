// The VAE in the registry: decoder + encoder + extras, on onnxruntime or our graph engine.
import { paintImage } from '../../core/main-thread/paint-image';
import { seededNormals } from '../../core/any-thread/seeded-random';
import { datasetAmount, json, type ModelEntry } from '../model-entry';
import type { LatentExtras } from './latent';
import type { VaeLoadArgs, VaeWorkerApi } from './worker';
import './model.strings';

export const VAE: ModelEntry<VaeLoadArgs, VaeWorkerApi, 'vae'> = {
  id: 'vae',
  roles: ['decoder', 'encoder', 'extras'],
  // auto starts on cpu: it needs no runtime download, so the demo is ready at once while auto fetches and
  // measures the others, and moves to one only where it is measured faster
  engines: ['webgpu', 'wasm', 'wgsl', 'cpu'],
  loadArgs: (files) => ({ decoder: files.decoder, encoder: files.encoder, latentDim: json<LatentExtras>(files.extras).latent_dim }),
  sample: { perMeasured: 1 },
  trainingData: (m) => ({ amount: datasetAmount(m, 'train_size'), unit: 'images' }),
  kernelsGraph: { role: 'decoder', label: 'VAE decoder', input: () => ({ z: { data: seededNormals(16, 2), dims: [1, 16] } }) },
  thumbnail: {
    roles: ['decoder', 'extras'],
    size: 28,
    look: 'image',
    draw: async (api, { args, canvas, seed }) => paintImage(canvas, (await api.decode(seededNormals(args.latentDim, seed), 1)).pixels),
  },
};
