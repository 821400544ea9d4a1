// The diffusion model's worker: the U-Net (x_t, t, label -> predicted noise), called once per sampler step
// with the conditional and unconditional rows in one batch and combined by classifier-free guidance here.
// The sampling loop itself runs on the page (src/models/diffusion/sampler.ts), so every state is kept there.
import * as Comlink from 'comlink';
import { guide } from './sampler';
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

const SIZE = 28 * 28;

export interface DiffusionLoadArgs {
  unet: Uint8Array;
  nullLabel: number;
}

export interface Denoised {
  /** Guided ε̂ for each image (count × 784). */
  eps: Float32Array;
  /** ms for the U-Net call (conditional and unconditional rows together). */
  ms: number;
}

let unet: RunnableModel | undefined;
let nullLabel = 10;

export const api = {
  async load(
    args: DiffusionLoadArgs & { engine: 'webgpu' | 'wasm' | 'wgsl' | 'cpu' },
    onDeviceLost: (reason: string) => void,
  ): Promise<LoadReport> {
    const { models, adapter } = await openModels(args.engine, { unet: args.unet }, onDeviceLost, 'diffusion');
    unet = models.unet;
    nullLabel = args.nullLabel;
    const t0 = performance.now();
    await api.denoise(seededNormals(SIZE, 3), 500, 0, 3, 1);
    return { engine: args.engine, warmupMs: performance.now() - t0, threads: args.engine === 'wasm' ? wasmThreads() : 0, adapter };
  },

  /**
   * One guided U-Net call for `count` images x (count × 784, pixel scale [-1, 1]) at timestep t, all of
   * class `label`: rows [x with label..., x without label...] in one batch, then ε̂ = ε∅ + w·(ε_c − ε∅).
   */
  async denoise(x: Float32Array, t: number, label: number, guidance: number, count: number): Promise<Denoised> {
    const batch = 2 * count;
    const xs = new Float32Array(batch * SIZE);
    xs.set(x.subarray(0, count * SIZE));
    xs.set(x.subarray(0, count * SIZE), count * SIZE);
    const labels = new BigInt64Array(batch);
    for (let i = 0; i < batch; i++) labels[i] = BigInt(i < count ? label : nullLabel);
    const t0 = performance.now();
    const out = await loaded(unet, 'diffusion').run({
      x: { data: xs, dims: [batch, 1, 28, 28] },
      t: { data: new Float32Array(batch).fill(t), dims: [batch] },
      label: { data: labels, dims: [batch] },
    });
    const ms = performance.now() - t0;
    const eps = guide(out.eps.data, count, SIZE, guidance);
    return Comlink.transfer({ eps, ms }, [eps.buffer]);
  },

  /** Times one guided call for one image (what a sampler step costs). */
  async measure(runs: number): Promise<number[]> {
    const x = seededNormals(SIZE, 5);
    return timeRuns(runs, () => api.denoise(x, 500, 3, 3, 1));
  },
} satisfies ModelWorkerApi<DiffusionLoadArgs> & Record<string, unknown>;

export type DiffusionWorkerApi = typeof api;
