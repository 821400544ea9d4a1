// The VAE's worker: decoder (latent -> image) and encoder (image -> latent mean and log-variance).
import * as Comlink from 'comlink';
import {
  type LoadReport,
  type ModelWorkerApi,
  loaded,
  openModels,
  type RunnableModel,
  seededNormals,
  timeRuns,
  wasmThreads,
} from '../../engines/open-model';

export interface VaeLoadArgs {
  decoder: Uint8Array;
  /** Left out by a home-page thumbnail, which only decodes. */
  encoder?: Uint8Array;
  latentDim: number;
}

export interface Decoded {
  /** (batch, 28, 28) intensities in [0, 1]. */
  pixels: Float32Array;
  ms: number;
}

export interface Encoded {
  mu: Float32Array;
  logvar: Float32Array;
  ms: number;
}

let decoder: RunnableModel | undefined;
let encoder: RunnableModel | undefined;
let latentDim = 0;

export const api = {
  async load(
    args: VaeLoadArgs & { engine: 'webgpu' | 'wasm' | 'wgsl' | 'cpu' },
    onDeviceLost: (reason: string) => void,
  ): Promise<LoadReport> {
    // a thumbnail sends no encoder: open only what came (models.encoder stays undefined then)
    const files = { decoder: args.decoder, ...(args.encoder && { encoder: args.encoder }) } as Record<'decoder' | 'encoder', Uint8Array>;
    const { models, adapter } = await openModels(args.engine, files, onDeviceLost, 'VAE');
    decoder = models.decoder;
    encoder = models.encoder;
    latentDim = args.latentDim;
    const t0 = performance.now();
    await api.decode(seededNormals(latentDim, 11), 1);
    const warmupMs = performance.now() - t0;
    await encoder?.run({ image: { data: new Float32Array(784).fill(0.5), dims: [1, 1, 28, 28] } });
    return { engine: args.engine, warmupMs, threads: args.engine === 'wasm' ? wasmThreads() : 0, adapter };
  },

  async decode(z: Float32Array, batch: number): Promise<Decoded> {
    const t0 = performance.now();
    const out = await loaded(decoder, 'VAE').run({ z: { data: z, dims: [batch, latentDim] } });
    const pixels = out.image.data;
    return Comlink.transfer({ pixels, ms: performance.now() - t0 }, [pixels.buffer]);
  },

  async encode(images: Float32Array, batch: number): Promise<Encoded> {
    const t0 = performance.now();
    const out = await loaded(encoder, 'VAE').run({ image: { data: images, dims: [batch, 1, 28, 28] } });
    return { mu: out.mu.data, logvar: out.logvar.data, ms: performance.now() - t0 };
  },

  async measure(runs: number): Promise<number[]> {
    const z = seededNormals(latentDim, 5);
    return timeRuns(runs, () => api.decode(z, 1));
  },
} satisfies ModelWorkerApi<VaeLoadArgs> & Record<string, unknown>;

export type VaeWorkerApi = typeof api;
