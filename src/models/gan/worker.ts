// The GAN's worker: generator (z -> image) and discriminator (image -> probability it is real).
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

export interface GanLoadArgs {
  generator: Uint8Array;
  discriminator: Uint8Array;
  zDim: number;
}

export interface Generated {
  /** (batch, 28, 28) intensities in [0, 1]. */
  pixels: Float32Array;
  /** The discriminator's score for each image, in (0, 1). */
  scores: Float32Array;
  /** ms for the generator alone (per batch). */
  ms: number;
}

let generator: RunnableModel | undefined;
let discriminator: RunnableModel | undefined;
let zDim = 0;

export const api = {
  async load(
    args: GanLoadArgs & { engine: 'webgpu' | 'wasm' | 'wgsl' | 'cpu' },
    onDeviceLost: (reason: string) => void,
  ): Promise<LoadReport> {
    const { models, adapter } = await openModels(
      args.engine,
      { generator: args.generator, discriminator: args.discriminator },
      onDeviceLost,
      'GAN',
    );
    generator = models.generator;
    discriminator = models.discriminator;
    zDim = args.zDim;
    const t0 = performance.now();
    await api.generate(seededNormals(zDim, 3), 1);
    return { engine: args.engine, warmupMs: performance.now() - t0, threads: args.engine === 'wasm' ? wasmThreads() : 0, adapter };
  },

  /** Generates `batch` images from z (batch x zDim) and scores each with the discriminator. */
  async generate(z: Float32Array, batch: number): Promise<Generated> {
    const t0 = performance.now();
    const out = await loaded(generator, 'GAN').run({ z: { data: z, dims: [batch, zDim] } });
    const ms = performance.now() - t0;
    const pixels = out.image.data;
    const scores = (await api.score(pixels, batch)).scores;
    return Comlink.transfer({ pixels, scores, ms }, [pixels.buffer]);
  },

  async score(images: Float32Array, batch: number): Promise<{ scores: Float32Array }> {
    const out = await loaded(discriminator, 'GAN').run({ image: { data: images, dims: [batch, 1, 28, 28] } });
    return { scores: out.score.data };
  },

  async measure(runs: number): Promise<number[]> {
    const z = seededNormals(zDim, 5);
    return timeRuns(runs, () => loaded(generator, 'GAN').run({ z: { data: z, dims: [1, zDim] } }));
  },
} satisfies ModelWorkerApi<GanLoadArgs> & Record<string, unknown>;

export type GanWorkerApi = typeof api;
