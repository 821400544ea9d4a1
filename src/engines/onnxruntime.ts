// The one module around onnxruntime-web (as transformers.js does it): session creation on an engine,
// one run at a time per session, outputs copied out as plain typed arrays. Runs inside model workers.
//
// The WebGPU build also carries the WASM backend, so one import serves both engines. Vite bundles the
// .mjs/.wasm runtime files as assets of this site: they come from our own origin, never from a CDN.
import * as ort from 'onnxruntime-web/webgpu';
import { wasmThreadCount } from '../core/engine-choice';
import { widenFloat16 } from './onnx/float16';

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

let configured = false;
function configure(): void {
  if (configured) return;
  configured = true;
  ort.env.logLevel = 'error';
  ort.env.wasm.numThreads = wasmThreadCount(globalThis.navigator?.hardwareConcurrency ?? 1, !!globalThis.crossOriginIsolated);
}

export function wasmThreads(): number {
  return Number(ort.env.wasm.numThreads ?? 1);
}

export class OrtModel {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly engine: OrtEngine,
    private readonly session: ort.InferenceSession,
  ) {}

  static async create(bytes: Uint8Array, engine: OrtEngine): Promise<OrtModel> {
    configure();
    // the shipped files store weights as float16; onnxruntime gets them widened to float32 (onnx/float16.ts)
    const session = await ort.InferenceSession.create(widenFloat16(bytes), {
      executionProviders: [engine],
      graphOptimizationLevel: 'all',
      // Errors only: the WebGPU EP otherwise warns on every session that it keeps shape ops on the CPU
      // (by design), which reads like a failure in the console.
      logSeverityLevel: 3,
    });
    return new OrtModel(engine, session);
  }

  /** Runs the model; calls on one session never overlap (ORT sessions are not re-entrant). */
  run(feeds: Record<string, InputData>): Promise<Record<string, TensorData>> {
    const job = this.queue.then(async () => {
      const inputs: Record<string, ort.Tensor> = {};
      for (const [name, t] of Object.entries(feeds)) {
        inputs[name] =
          t.data instanceof BigInt64Array ? new ort.Tensor('int64', t.data, t.dims) : new ort.Tensor('float32', t.data, t.dims);
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
  return (await ort.env.webgpu.device) as GPUDevice;
}
