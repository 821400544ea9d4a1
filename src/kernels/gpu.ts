// Small helpers around WebGPU for our kernels: labelled buffers and pipelines, one uniform buffer per
// recorded dispatch, and read-back. No DOM: runs in a page, a worker or Node (Dawn).

import type { ParamFields, ParamLayout, ParamValues } from './params';

export type Grid = [number, number?, number?];

/**
 * A compiled entry point of one WGSL file, with the declaration of its uniform `Params` (params.ts). Made by
 * `Kernel.create`, which prepends the struct (and the enums it names) to the source, compiles without
 * blocking the thread (a software adapter takes seconds for the big shaders) and rejects with the
 * compiler's messages when the WGSL is wrong.
 */
export class Kernel<F extends ParamFields = ParamFields> {
  private constructor(
    readonly device: GPUDevice,
    readonly label: string,
    readonly entry: string,
    readonly pipeline: GPUComputePipeline,
    readonly params: ParamLayout<F>,
  ) {}

  static async create<F extends ParamFields>(
    device: GPUDevice,
    label: string,
    code: string,
    entry: string,
    params: ParamLayout<F>,
  ): Promise<Kernel<F>> {
    const module = device.createShaderModule({ label: `${label}.wgsl`, code: params.wgsl + code });
    // Line numbers as in the .wgsl file: the generated lines in front are not counted.
    const generated = params.wgsl ? params.wgsl.split('\n').length - 1 : 0;
    const errors = (await module.getCompilationInfo()).messages.filter((m) => m.type === 'error');
    if (errors.length) {
      const where = (line: number) => (line > generated ? `line ${line - generated}` : `line ${line} of the generated Params`);
      throw new Error(`${label}.wgsl does not compile: ${errors.map((m) => `${where(m.lineNum)}: ${m.message}`).join('; ')}`);
    }
    try {
      const pipeline = await device.createComputePipelineAsync({
        label: `${label}:${entry}`,
        layout: 'auto',
        compute: { module, entryPoint: entry },
      });
      return new Kernel(device, label, entry, pipeline, params);
    } catch (e) {
      throw new Error(`${label}:${entry} is not a valid pipeline here: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /**
   * One dispatch of this kernel on fixed buffers (binding number → buffer; binding 0 is the uniform buffer,
   * made here). `params` and `grid` are read each time the dispatch is recorded, so one recorded plan
   * serves every call.
   */
  bind(label: string, buffers: Record<number, GPUBuffer>, params: () => ParamValues<F>, grid: () => Grid): Dispatch<F> {
    const usage = GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST;
    const uniform = this.device.createBuffer({ label: `${label} params`, size: this.params.bytes, usage });
    const entries: GPUBindGroupEntry[] = [{ binding: 0, resource: { buffer: uniform } }];
    for (const [binding, buffer] of Object.entries(buffers)) entries.push({ binding: Number(binding), resource: { buffer } });
    const bindGroup = this.device.createBindGroup({ label, layout: this.pipeline.getBindGroupLayout(0), entries });
    return new Dispatch(this, label, bindGroup, uniform, params, grid);
  }

  pack(values: ParamValues<F>): ArrayBuffer {
    try {
      return this.params.pack(values);
    } catch (e) {
      throw new Error(`${this.label}:${this.entry}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

export class Dispatch<F extends ParamFields = ParamFields> {
  constructor(
    readonly kernel: Kernel<F>,
    readonly label: string,
    readonly bindGroup: GPUBindGroup,
    readonly uniform: GPUBuffer,
    readonly params: () => ParamValues<F>,
    readonly grid: () => Grid,
  ) {}

  /** Writes this dispatch's parameters and records it into `pass`. */
  record(pass: GPUComputePassEncoder): void {
    this.kernel.device.queue.writeBuffer(this.uniform, 0, this.kernel.pack(this.params()));
    pass.setPipeline(this.kernel.pipeline);
    pass.setBindGroup(0, this.bindGroup);
    const [x, y = 1, z = 1] = this.grid();
    pass.dispatchWorkgroups(x, y, z);
  }
}

/** What compiles to one Kernel: a WGSL file's text, the entry point and the declaration of its Params. */
export interface KernelSpec<F extends ParamFields = ParamFields> {
  readonly label: string;
  readonly code: string;
  readonly entry: string;
  readonly params: ParamLayout<F>;
}

/* @__NO_SIDE_EFFECTS__ */
export function kernelSpec<F extends ParamFields>(label: string, code: string, entry: string, params: ParamLayout<F>): KernelSpec<F> {
  return { label, code, entry, params };
}

type FieldsOf<S> = S extends KernelSpec<infer F> ? F : never;
/** The kernels of a set of specs, under the same names. */
export type KernelsOf<S extends Record<string, KernelSpec>> = { readonly [K in keyof S]: Kernel<FieldsOf<S[K]>> };

/** Compiles every spec (in parallel, off the thread); rejects with the compiler's messages if one fails. */
export async function compileKernels<S extends Record<string, KernelSpec>>(device: GPUDevice, specs: S): Promise<KernelsOf<S>> {
  const entries = await Promise.all(
    Object.entries(specs).map(async ([name, s]) => [name, await Kernel.create(device, s.label, s.code, s.entry, s.params)] as const),
  );
  return Object.fromEntries(entries) as KernelsOf<S>;
}

/** A 2-D grid of 64-wide workgroups covering `count` threads (one dimension stops at 65,535 groups). */
export function flatGrid(count: number): [number, number] {
  const groups = Math.max(1, Math.ceil(count / 64));
  const x = Math.min(groups, 65535);
  return [x, Math.ceil(groups / x)];
}

/** Records `dispatches` in order into one compute pass (optionally timestamped) of `encoder`. */
export function encodePass(
  encoder: GPUCommandEncoder,
  label: string,
  dispatches: readonly Dispatch[],
  timestampWrites?: GPUComputePassTimestampWrites,
): void {
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
  return new Float32Array(await readBytes(device, buffer, count * 4, offset * 4));
}

/** `bytes` bytes of `buffer` from byte `offset` (a multiple of 4), read back through a staging buffer. */
export async function readBytes(device: GPUDevice, buffer: GPUBuffer, bytes: number, offset = 0): Promise<ArrayBuffer> {
  const staging = device.createBuffer({
    label: `${buffer.label} read-back`,
    size: Math.max(16, Math.ceil(bytes / 16) * 16),
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  const encoder = device.createCommandEncoder({ label: `${buffer.label} read-back` });
  encoder.copyBufferToBuffer(buffer, offset, staging, 0, bytes);
  device.queue.submit([encoder.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const out = staging.getMappedRange(0, bytes).slice(0);
  staging.unmap();
  staging.destroy();
  return out;
}

/** A device of its own for our kernels (not onnxruntime's), with the adapter's storage limits and, where the
 * adapter has them, timestamp queries (the training page times each model's compute pass with them). */
export async function requestKernelDevice(label: string, gpu: GPU | undefined = globalThis.navigator?.gpu): Promise<GPUDevice> {
  if (!gpu) throw new Error('WebGPU is not available in this browser (navigator.gpu is missing).');
  const adapter = await gpu.requestAdapter();
  if (!adapter) throw new Error('WebGPU is available but no GPU adapter was found.');
  return adapter.requestDevice({
    label,
    requiredFeatures: adapter.features.has('timestamp-query') ? ['timestamp-query'] : [],
    requiredLimits: {
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      maxBufferSize: adapter.limits.maxBufferSize,
    },
  });
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
