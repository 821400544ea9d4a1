// Small helpers around WebGPU for our kernels: labelled buffers and pipelines, one uniform buffer per
// recorded dispatch, and read-back. No DOM: runs in a page, a worker or Node (Dawn).

export type ParamType = 'u32' | 'f32';

/**
 * A compiled entry point of one WGSL file, with the types of its uniform `Params` fields in order. Made by
 * `Kernel.create`, which compiles without blocking the thread (a software adapter takes seconds for the big
 * shaders) and rejects with the compiler's messages when the WGSL is wrong.
 */
export class Kernel {
  private constructor(readonly device: GPUDevice, readonly label: string, readonly entry: string,
    readonly pipeline: GPUComputePipeline, private readonly paramTypes: readonly ParamType[]) {}

  static async create(device: GPUDevice, label: string, code: string, entry: string, paramTypes: readonly ParamType[]): Promise<Kernel> {
    const module = device.createShaderModule({ label: `${label}.wgsl`, code });
    const errors = (await module.getCompilationInfo()).messages.filter((m) => m.type === 'error');
    if (errors.length) throw new Error(`${label}.wgsl does not compile: ${errors.map((m) => `line ${m.lineNum}: ${m.message}`).join('; ')}`);
    try {
      const pipeline = await device.createComputePipelineAsync({ label: `${label}:${entry}`, layout: 'auto', compute: { module, entryPoint: entry } });
      return new Kernel(device, label, entry, pipeline, paramTypes);
    } catch (e) {
      throw new Error(`${label}:${entry} is not a valid pipeline here: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /**
   * One dispatch of this kernel on fixed buffers (binding number → buffer; binding 0 is the uniform buffer,
   * made here). `params` and `grid` are read each time the dispatch is recorded, so one recorded plan
   * serves every call.
   */
  bind(label: string, buffers: Record<number, GPUBuffer>, params: () => number[], grid: () => [number, number?, number?]): Dispatch {
    const uniform = this.device.createBuffer({ label: `${label} params`, size: Math.max(16, Math.ceil(this.paramTypes.length / 4) * 16),
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    const entries: GPUBindGroupEntry[] = [{ binding: 0, resource: { buffer: uniform } }];
    for (const [binding, buffer] of Object.entries(buffers)) entries.push({ binding: Number(binding), resource: { buffer } });
    const bindGroup = this.device.createBindGroup({ label, layout: this.pipeline.getBindGroupLayout(0), entries });
    return new Dispatch(this, label, bindGroup, uniform, params, grid);
  }

  pack(values: number[]): ArrayBuffer {
    if (values.length !== this.paramTypes.length) throw new Error(`${this.label}: ${values.length} params for ${this.paramTypes.length} fields`);
    const buf = new ArrayBuffer(Math.max(16, Math.ceil(values.length / 4) * 16));
    const view = new DataView(buf);
    values.forEach((v, i) => {
      if (this.paramTypes[i] === 'u32') view.setUint32(i * 4, v, true);
      else view.setFloat32(i * 4, v, true);
    });
    return buf;
  }
}

export class Dispatch {
  constructor(readonly kernel: Kernel, readonly label: string, readonly bindGroup: GPUBindGroup, readonly uniform: GPUBuffer,
    readonly params: () => number[], readonly grid: () => [number, number?, number?]) {}

  /** Writes this dispatch's parameters and records it into `pass`. */
  record(pass: GPUComputePassEncoder): void {
    this.kernel.device.queue.writeBuffer(this.uniform, 0, this.kernel.pack(this.params()));
    pass.setPipeline(this.kernel.pipeline);
    pass.setBindGroup(0, this.bindGroup);
    const [x, y = 1, z = 1] = this.grid();
    pass.dispatchWorkgroups(x, y, z);
  }
}

/** Records `dispatches` in order into one compute pass (optionally timestamped) of `encoder`. */
export function encodePass(encoder: GPUCommandEncoder, label: string, dispatches: readonly Dispatch[], timestampWrites?: GPUComputePassTimestampWrites): void {
  const pass = encoder.beginComputePass({ label, timestampWrites });
  for (const d of dispatches) d.record(pass);
  pass.end();
}

/** Records `dispatches` in order into one compute pass of one command buffer and submits it. */
export function submit(device: GPUDevice, label: string, dispatches: readonly Dispatch[]): void {
  const encoder = device.createCommandEncoder({ label });
  encodePass(encoder, label, dispatches);
  device.queue.submit([encoder.finish()]);
}

/** A storage buffer of `data` (or of `bytes` zeros), padded to a multiple of 16 bytes. */
export function storage(device: GPUDevice, label: string, data: Float32Array | Uint32Array | number): GPUBuffer {
  const bytes = typeof data === 'number' ? data : data.byteLength;
  const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const buffer = device.createBuffer({ label, size: Math.max(16, Math.ceil(bytes / 16) * 16), usage });
  if (typeof data !== 'number') upload(device, buffer, data);
  return buffer;
}

/** Writes a typed array into `buffer` at byte 0 (queued before the next submit). */
export function upload(device: GPUDevice, buffer: GPUBuffer, data: Float32Array | Uint32Array): void {
  device.queue.writeBuffer(buffer, 0, data.buffer as ArrayBuffer, data.byteOffset, data.byteLength);
}

/** Copies `count` floats from `buffer` (at element `offset`) back to the CPU. */
export async function readFloats(device: GPUDevice, buffer: GPUBuffer, count: number, offset = 0): Promise<Float32Array> {
  const bytes = count * 4;
  const staging = device.createBuffer({ label: `${buffer.label} read-back`, size: Math.max(16, Math.ceil(bytes / 16) * 16),
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const encoder = device.createCommandEncoder({ label: `${buffer.label} read-back` });
  encoder.copyBufferToBuffer(buffer, offset * 4, staging, 0, bytes);
  device.queue.submit([encoder.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const out = new Float32Array(staging.getMappedRange(0, bytes).slice(0));
  staging.unmap();
  staging.destroy();
  return out;
}

/** A device of its own for our kernels (not onnxruntime's), with the adapter's storage limits. */
export async function requestKernelDevice(label: string, gpu: GPU | undefined = globalThis.navigator?.gpu): Promise<GPUDevice> {
  if (!gpu) throw new Error('WebGPU is not available in this browser (navigator.gpu is missing).');
  const adapter = await gpu.requestAdapter();
  if (!adapter) throw new Error('WebGPU is available but no GPU adapter was found.');
  return adapter.requestDevice({ label,
    requiredLimits: { maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      maxBufferSize: adapter.limits.maxBufferSize } });
}

/** "vendor architecture description" of the adapter behind `device`, for reports ('' when it says nothing). */
export function adapterName(device: GPUDevice): string {
  const info = device.adapterInfo;
  return [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ');
}

/** max |a - b| / max |b|: the error measure of every kernel validation (relative to the reference's scale). */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length < expected.length) return Infinity;
  let err = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(actual[i] - expected[i]);
    if (!(d <= err)) err = Number.isNaN(d) ? Infinity : Math.max(err, d);
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return err / Math.max(scale, 1e-30);
}
