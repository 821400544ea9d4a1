// The one module around onnxruntime-web (as transformers.js does it): session creation on an engine,
// one run at a time per session, outputs copied out as plain typed arrays. Runs inside model workers.
//
// Each engine loads the smallest runtime that has it, when first used: `wasm` the plain WebAssembly build
// (14.2 MB, 3.7 MB gzipped), `webgpu` the WebGPU build (26.8 MB, 6.6 MB gzipped; it also carries WASM).
// Vite bundles the .mjs/.wasm runtime files as assets of this site: they come from our own origin, never
// from a CDN, and a worker on one engine fetches only its own.
import type * as Ort from 'onnxruntime-web';
import { wasmThreadCount } from '../core/any-thread/engine-choice';

export type OrtEngine = 'webgpu' | 'wasm';

export interface TensorData {
  data: Float32Array;
  dims: number[];
}

/** An input: float32, or int64 (class labels) as BigInt64Array. */
export interface InputData {
  data: Float32Array | BigInt64Array;
  dims: number[];
}

type Runtime = typeof Ort;
const runtimes: Partial<Record<OrtEngine, Promise<Runtime>>> = {};
let threads = 1;

/** The runtime that has `engine`, imported (and configured) once per worker. */
function runtime(engine: OrtEngine): Promise<Runtime> {
  runtimes[engine] ??= (engine === 'webgpu' ? import('onnxruntime-web/webgpu') : import('onnxruntime-web/wasm')).then((ort) => {
    ort.env.logLevel = 'error';
    threads = wasmThreadCount(globalThis.navigator?.hardwareConcurrency ?? 1, !!globalThis.crossOriginIsolated);
    ort.env.wasm.numThreads = threads;
    return ort;
  });
  return runtimes[engine];
}

/** WASM threads onnxruntime-web was given (1 until a runtime is loaded). */
export function wasmThreads(): number {
  return threads;
}

export class OrtModel {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly engine: OrtEngine,
    private readonly session: Ort.InferenceSession,
    private readonly ort: Runtime,
  ) {}

  static async create(bytes: Uint8Array, engine: OrtEngine): Promise<OrtModel> {
    const ort = await runtime(engine);
    // standard ONNX files as stored: float16 weights are widened by Cast nodes in the graph (training/float16.py)
    const session = await ort.InferenceSession.create(bytes, {
      executionProviders: [engine],
      graphOptimizationLevel: 'all',
      // Errors only: the WebGPU EP otherwise warns on every session that it keeps shape ops on the CPU
      // (by design), which reads like a failure in the console.
      logSeverityLevel: 3,
    });
    return new OrtModel(engine, session, ort);
  }

  /** Runs the model; calls on one session never overlap (ORT sessions are not re-entrant). */
  run(feeds: Record<string, InputData>): Promise<Record<string, TensorData>> {
    const job = this.queue.then(async () => {
      const { Tensor } = this.ort;
      const inputs: Record<string, Ort.Tensor> = {};
      for (const [name, t] of Object.entries(feeds)) {
        inputs[name] = t.data instanceof BigInt64Array ? new Tensor('int64', t.data, t.dims) : new Tensor('float32', t.data, t.dims);
      }
      const out = await this.session.run(inputs);
      const result: Record<string, TensorData> = {};
      for (const name of this.session.outputNames) {
        const t = out[name];
        result[name] = { data: new Float32Array(t.data as Float32Array), dims: [...t.dims] };
        t.dispose();
      }
      return result;
    });
    this.queue = job.catch(() => undefined);
    return job;
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

/** The GPUDevice onnxruntime-web's WebGPU backend runs on (valid after a webgpu session exists). */
export async function ortGpuDevice(): Promise<GPUDevice> {
  return (await (
    await runtime('webgpu')
  ).env.webgpu.device) as GPUDevice;
}
