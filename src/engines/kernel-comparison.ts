// What the kernels page runs in its worker: checks our WGSL kernels against their CPU references and times them,
// then runs each image model's graph on our wgsl engine and on onnxruntime (webgpu, wasm) with the same input:
// ms per call and how far the GPU engines are from wasm.
import { median } from '../core/any-thread/engine-choice';
import { adapterName, requestKernelDevice } from '../kernels/gpu';
import { type KernelResult, runKernelSuite } from '../kernels/kernel-suite';
import { openModels, type RunnableModel } from './open-model';
import type { InputData } from './onnxruntime';

export interface ModelRow {
  model: string;
  engine: 'wgsl' | 'webgpu' | 'wasm';
  ms?: number;
  /** max |output − wasm output| (wasm: 0). */
  maxErr?: number;
  error?: string;
}

export interface ModelFile {
  model: string;
  bytes: Uint8Array;
  /** A fixed input of the graph (the registry entry's `kernelsGraph.input`). */
  inputs: Record<string, InputData>;
}

/** What the #/kernels page runs in its worker (src/workers/kernels.worker.ts). */
export const kernelsPageApi = {
  async kernels(onProgress: (done: number, total: number) => void): Promise<{ adapter: string; results: KernelResult[] }> {
    const device = await requestKernelDevice('kernels page');
    const adapter = adapterName(device);
    const results = await runKernelSuite(device, onProgress);
    device.destroy();
    return { adapter, results };
  },

  async models(files: ModelFile[], runs: number, onProgress: (done: number, total: number) => void): Promise<ModelRow[]> {
    const rows: ModelRow[] = [];
    const engines = ['wasm', 'webgpu', 'wgsl'] as const;
    let done = 0;
    for (const f of files) {
      let reference: Float32Array | undefined;
      for (const engine of engines) {
        try {
          if (engine !== 'wasm' && !globalThis.navigator?.gpu) throw new Error('no WebGPU in this browser');
          const { models } = await openModels(engine, { m: f.bytes }, () => undefined, f.model);
          const model: RunnableModel = models.m;
          const feeds = f.inputs;
          const first = Object.values(await model.run(feeds))[0].data;
          const times: number[] = [];
          for (let i = 0; i < runs; i++) {
            const t0 = performance.now();
            await model.run(feeds);
            times.push(performance.now() - t0);
          }
          if (engine === 'wasm') reference = first;
          let maxErr = 0;
          if (reference) for (let i = 0; i < reference.length; i++) maxErr = Math.max(maxErr, Math.abs(first[i] - reference[i]));
          rows.push({ model: f.model, engine, ms: median(times), maxErr });
        } catch (e) {
          rows.push({ model: f.model, engine, error: e instanceof Error ? e.message : String(e) });
        }
        onProgress(++done, files.length * engines.length);
      }
    }
    return rows;
  },
};

export type KernelsWorkerApi = typeof kernelsPageApi;
