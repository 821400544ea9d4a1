// The WebGPU training engine against the CPU one, in real Chromium: same seed, same first steps (losses
// within 1e-3 relative), and the same samples after a few steps (that it learns is the CPU engine's unit test: the
// plan is shared, and SwiftShader takes ~0.8 s per step at this size). The data are the shipped
// training images, fetched the way the page fetches them.
import { beforeAll, describe, expect, it } from 'vitest';
import { relativeError, requestKernelDevice } from '../../kernels/gpu';
import { cpuExecutor } from './cpu-executor';
import { gpuExecutor } from './gpu-executor';
import { decodeTrainImages } from './train-data';
import { type StepStats, Trainer } from './trainer';

const small = { hidden: 64, batch: 32, samples: 8 };
const KEYS = ['recon', 'kl', 'd', 'g', 'dReal', 'dFake', 'dif'] as const;
let device: GPUDevice;
let data: Float32Array;
beforeAll(async () => {
  device = await requestKernelDevice('training engine tests');
  const bytes = new Uint8Array(await (await fetch('/models/train/fmnist-10k.bin')).arrayBuffer());
  data = (await decodeTrainImages(bytes, 1000)).pixels;
});

const onGpu = (plan: Parameters<typeof gpuExecutor>[0]) => gpuExecutor(plan, device);
const row = (s: StepStats) => KEYS.map((k) => s[k]);

describe('WebGPU training engine', () => {
  it('gives the CPU engine’s first steps for the same seed, and the same samples after them', async () => {
    const [cpu, gpu] = [await Trainer.create(cpuExecutor, data, 5, small), await Trainer.create(onGpu, data, 5, small)];
    const [a, b] = [await cpu.steps(3), await gpu.steps(3)];
    for (let i = 0; i < 3; i++) {
      const err = relativeError(row(b[i]!), row(a[i]!));
      expect(err, `step ${i + 1}: wgsl ${row(b[i]!)} vs cpu ${row(a[i]!)}`).toBeLessThanOrEqual(1e-3);
    }
    // each model's compute pass is timed where the device has timestamp queries, and only there
    const timed = device.features.has('timestamp-query');
    expect(gpu.lastPartMs !== undefined, `timestamp-query ${timed}`).toBe(timed);
    if (timed) for (const m of ['vae', 'gan', 'diffusion'] as const) expect(gpu.lastPartMs![m], m).toBeGreaterThanOrEqual(0);
    const [da, db] = [await cpu.draw(), await gpu.draw()];
    for (const k of ['vae', 'gan', 'diffusion', 'recon'] as const) expect(relativeError(db[k], da[k]), k).toBeLessThanOrEqual(1e-2);
    cpu.destroy();
    gpu.destroy();
  });
});
