// The `wgsl` engine for the image models inside a model worker: the same run() as onnxruntime's OrtModel,
// backed by our graph engine (graph-runner.ts) on a GPU device of its own.
import { GraphRunner } from './graph-runner';
import type { ImageKernels } from '../../kernels/image-kernels';
import type { InputData, TensorData } from '../onnxruntime';

export class WgslModel {
  readonly engine = 'wgsl' as const;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(private readonly runner: GraphRunner) {}

  /** Reads the graph; rejects naming the op and the model when an op has no kernel. */
  static async create(device: GPUDevice, kernels: ImageKernels, name: string, bytes: Uint8Array): Promise<WgslModel> {
    return new WgslModel(await GraphRunner.create(device, name, bytes, kernels));
  }

  /** Runs the graph; integer inputs (class labels) become floats, which hold them exactly. Calls never overlap. */
  run(feeds: Record<string, InputData>): Promise<Record<string, TensorData>> {
    const job = this.queue.then(() =>
      this.runner.run(
        Object.fromEntries(
          Object.entries(feeds).map(([k, t]) => [
            k,
            { data: t.data instanceof BigInt64Array ? Float32Array.from(t.data, Number) : t.data, dims: t.dims },
          ]),
        ),
      ),
    );
    this.queue = job.catch(() => undefined);
    return job;
  }
}
