// What every model worker shares: loading its ONNX files on one engine, warm-up, timing, and telling the
// main thread when the GPU device is lost (the runner then restarts the worker on a fresh device).
import { adapterName, requestKernelDevice } from '../kernels/gpu';
import { ImageKernels } from '../kernels/image-kernels';
import { OrtModel, type OrtEngine, ortGpuDevice, wasmThreads } from './onnxruntime';
import { CpuModel } from './graph/cpu-model';
import { WgslModel } from './graph/wgsl-model';
import { answerLiveness } from '../core/any-thread/worker-api';

/** What a worker needs of a model on any engine: run it. */
export type RunnableModel = Pick<OrtModel, 'run'>;

export type { LoadReport, ModelWorkerApi } from '../core/any-thread/worker-api';

// Every model worker imports this module, so each one answers its bridge's liveness check.
if ('WorkerGlobalScope' in globalThis) answerLiveness(globalThis);

/**
 * Opens the named ONNX files on `engine` — onnxruntime (webgpu, wasm), our own kernels (wgsl, on a device
 * of their own) or their CPU references (cpu, for the graphs it runs) — and watches the GPU device if there is one.
 */
export async function openModels<K extends string>(
  engine: OrtEngine | 'wgsl' | 'cpu',
  files: Record<K, Uint8Array>,
  onDeviceLost: (reason: string) => void,
  label = 'model',
): Promise<{ models: Record<K, RunnableModel>; adapter?: string }> {
  const models = {} as Record<K, RunnableModel>;
  let device: GPUDevice | undefined;
  if (engine === 'cpu') {
    for (const [name, bytes] of Object.entries(files) as [K, Uint8Array][]) models[name] = CpuModel.create(bytes, `${label} ${name}`);
  } else if (engine === 'wgsl') {
    device = await requestKernelDevice(`${label} wgsl engine`);
    const kernels = await ImageKernels.create(device);
    for (const [name, bytes] of Object.entries(files) as [K, Uint8Array][])
      models[name] = await WgslModel.create(device, kernels, `${label} ${name}`, bytes);
  } else {
    for (const [name, bytes] of Object.entries(files) as [K, Uint8Array][]) models[name] = await OrtModel.create(bytes, engine);
    if (engine === 'webgpu') device = await ortGpuDevice();
  }
  let adapter: string | undefined;
  if (device) {
    adapter = adapterName(device);
    watchGpuDevice(device, onDeviceLost);
  }
  return { models, adapter };
}

/** Tells `onDeviceLost` when `device` is lost. Returns the loss reason once known (undefined before). */
export function watchGpuDevice(device: GPUDevice, onDeviceLost: (reason: string) => void): () => string | undefined {
  let lost: string | undefined;
  void device.lost.then((info) => {
    lost = info.message || info.reason || 'unknown';
    onDeviceLost(lost);
  });
  return () => lost;
}

export async function timeRuns(runs: number, once: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await once();
    times.push(performance.now() - t0);
  }
  return times;
}

export { wasmThreads };

export { seededNormals } from '../core/any-thread/seeded-random';

/** `value` once the worker's load() has set it; else the error every model worker gives for a call too early. */
export function loaded<T>(value: T | undefined, worker: string): T {
  if (!value) throw new Error(`The ${worker} worker has no model loaded yet; call load() first.`);
  return value;
}
