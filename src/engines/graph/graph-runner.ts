// Our `wgsl` engine for the image models: runs an ONNX graph on our own kernels (src/kernels/image-kernels.ts).
// The graph is read from the same .onnx file onnxruntime runs. A plan is made once per input shape by the
// planner (planner.ts: fusion passes, op lowering, slot reuse — no GPU); here each plan gets its buffers and
// bind groups, and each call uploads the inputs and records the whole forward pass into one command buffer.
// An op without a kernel stops the engine at load with an error naming the op and the model. No DOM.
import { encodePass, type Kernel, readFloats, storage, upload, type Dispatch } from '../../kernels/gpu';
import { ImageKernels } from '../../kernels/image-kernels';
import { type OnnxGraph, readGraph } from '../onnx/onnx-reader';
import { SUPPORTED_OPS } from './lowering';
import { UnsupportedOpError } from './plan-context';
import { type GraphPlan, planGraph } from './planner';
import { size } from './values';

export { SUPPORTED_OPS, UnsupportedOpError };

/** A plan with its GPU objects. */
interface BoundPlan {
  plan: GraphPlan;
  dispatches: Dispatch[];
  buffers: GPUBuffer[];
}

export class GraphRunner {
  private readonly plans = new Map<string, BoundPlan>();
  private readonly uploaded = new Map<Float32Array, GPUBuffer>();

  private constructor(
    readonly device: GPUDevice,
    readonly model: string,
    private readonly graph: OnnxGraph,
    private readonly k: ImageKernels,
  ) {}

  /** Reads the graph; throws UnsupportedOpError for the first op without a kernel. */
  static async create(device: GPUDevice, model: string, onnx: Uint8Array, kernels?: ImageKernels): Promise<GraphRunner> {
    const graph = readGraph(onnx);
    for (const n of graph.nodes) if (!SUPPORTED_OPS.includes(n.op)) throw new UnsupportedOpError(model, n.op, n.name);
    return new GraphRunner(device, model, graph, kernels ?? (await ImageKernels.create(device)));
  }

  get inputNames(): string[] {
    return this.graph.inputs.map((i) => i.name);
  }

  /** Runs the graph on `inputs` (name → values and shape; integer inputs as floats); resolves to every output. */
  async run(
    inputs: Record<string, { data: Float32Array; dims: number[] }>,
  ): Promise<Record<string, { data: Float32Array; dims: number[] }>> {
    const key = this.graph.inputs.map((i) => `${i.name}:${inputs[i.name]?.dims.join('x')}`).join(',');
    let bound = this.plans.get(key);
    if (!bound) {
      bound = this.bind(planGraph(this.graph, this.model, Object.fromEntries(Object.entries(inputs).map(([n, t]) => [n, t.dims]))));
      this.plans.set(key, bound);
    }
    const { plan, buffers } = bound;
    const env: Float32Array[] = [];
    for (const i of plan.inputs) {
      const t = inputs[i.name];
      if (!t || t.data.length !== i.size) throw new Error(`${this.model}: input ${i.name} needs ${i.size} values`);
      env[i.cpu] = t.data;
    }
    for (const step of plan.cpuSteps) step(env);
    for (const u of plan.uploads) upload(this.device, buffers[u.slot], env[u.cpu]);
    const encoder = this.device.createCommandEncoder({ label: `${this.model} forward` });
    encodePass(encoder, `${this.model} forward`, bound.dispatches);
    this.device.queue.submit([encoder.finish()]);
    const out: Record<string, { data: Float32Array; dims: number[] }> = {};
    for (const o of plan.outputs) out[o.name] = { data: await readFloats(this.device, buffers[o.slot], size(o.shape)), dims: o.shape };
    return out;
  }

  /** Kernel dispatches of the last plan made (for the kernels page and the tests). */
  get lastPlanDispatches(): number {
    return [...this.plans.values()].at(-1)?.dispatches.length ?? 0;
  }

  private gpuConstant(data: Float32Array): GPUBuffer {
    let b = this.uploaded.get(data);
    if (!b) {
      b = storage(this.device, `${this.model} constant`, data);
      this.uploaded.set(data, b);
    }
    return b;
  }

  /** One buffer per slot, constants uploaded once (by identity), and a bind group per dispatch. */
  private bind(plan: GraphPlan): BoundPlan {
    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
    const buffers = plan.slotBytes.map((bytes, i) =>
      this.device.createBuffer({ label: `${this.model} tensor slot ${i}`, size: Math.ceil(bytes / 16) * 16, usage }),
    );
    const dispatches = plan.dispatches.map((d, i) => {
      const bound: Record<number, GPUBuffer> = {};
      for (const [binding, b] of Object.entries(d.buffers)) {
        bound[Number(binding)] = typeof b === 'number' ? buffers[b] : this.gpuConstant(b);
      }
      // The planner typed d.params against d.kernel's declaration; here the two are only known as a pair.
      const kernel = this.k[d.kernel] as Kernel;
      return kernel.bind(
        `${this.model} dispatch ${i}`,
        bound,
        () => d.params,
        () => d.grid,
      );
    });
    return { plan, dispatches, buffers };
  }
}
