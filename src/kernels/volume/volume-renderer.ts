// Host side of volume-render.wgsl: uploads a radiance field (grids, MLP, occupancy) once, then renders a
// view per call in one compute pass straight into a texture — the canvas's when there is one. No DOM: runs
// in the NeRF worker (OffscreenCanvas), in the browser kernel tests and in Node (Dawn).
import volumeWgsl from './volume-render.wgsl?raw';
import { Kernel, type ParamType, storage } from '../gpu';
import type { CompositeRules, FieldTables, View } from './volume-reference';

/**
 * Everything the kernel reads, as plain arrays (src/engines/nerf-field.ts reads them from the model files):
 * raw density per vertex (x fastest), `channels` features per vertex, and the MLP's tensors back to back —
 * W0 [hidden, channels + 9], b0, W1 [hidden, hidden], b1, W2 [3, hidden], b2 — plus the compositing rules.
 */
export interface FieldData extends FieldTables, CompositeRules {}

/** Per frame: samples inside the box, evaluated, skipped as empty space, coloured by the MLP. */
export interface FrameStats {
  inside: number;
  evaluated: number;
  skipped: number;
  shaded: number;
}

/** Sub-pixel position and sample offset of one frame; frame 0 starts the average over. */
export interface FrameJitter {
  frame: number;
  jx: number;
  jy: number;
  u: number;
}

export const CENTRED: FrameJitter = { frame: 0, jx: 0.5, jy: 0.5, u: 0.5 };

const PARAM_TYPES: ParamType[] = [
  'f32', 'f32', 'f32', 'f32', 'f32', 'f32', 'f32', 'f32', 'f32', 'f32', 'f32', 'f32',
  'u32', 'f32', 'f32', 'f32', 'f32', 'u32', 'f32', 'f32', 'f32', 'f32', 'f32', 'f32',
  'u32', 'u32', 'u32', 'f32', 'u32', 'u32', 'u32', 'f32', 'u32', 'u32', 'u32', 'f32', 'f32', 'f32', 'u32', 'u32',
];

export function volumeSource(channels: number, hidden: number): string {
  for (const [name, v] of [['channels', channels], ['hidden', hidden]] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 64) throw new Error(`volume-render.wgsl: ${name} = ${v} is not supported (1…64)`);
  }
  return volumeWgsl.replace(/^const CHANNELS = \d+u;/m, `const CHANNELS = ${channels}u;`)
    .replace(/^const HIDDEN = \d+u;/m, `const HIDDEN = ${hidden}u;`);
}

export class VolumeRenderer {
  private accum?: GPUBuffer;
  private size = 0;
  private readonly uniform: GPUBuffer;
  private readonly stats: GPUBuffer;
  private readonly statsRead: GPUBuffer;

  private constructor(readonly device: GPUDevice, private readonly kernel: Kernel, readonly field: FieldData,
    private readonly buffers: { density: GPUBuffer; features: GPUBuffer; mlp: GPUBuffer; occupancy: GPUBuffer }) {
    this.uniform = device.createBuffer({ label: 'volume-render params', size: PARAM_TYPES.length * 4, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    this.stats = device.createBuffer({ label: 'volume-render stats', size: 16, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
    this.statsRead = device.createBuffer({ label: 'volume-render stats read-back', size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  }

  /** Compiles the kernel for this field's sizes and uploads the field. */
  static async create(device: GPUDevice, field: FieldData): Promise<VolumeRenderer> {
    const expect = (name: string, got: number, want: number) => {
      if (got !== want) throw new Error(`radiance field: ${name} has ${got} values, expected ${want}`);
    };
    const [dx, dy, dz] = field.densityDims;
    const [fx, fy, fz] = field.featureDims;
    expect('density', field.density.length, dx * dy * dz);
    expect('features', field.features.length, fx * fy * fz * field.channels);
    const h = field.hidden;
    expect('mlp', field.mlp.length, h * (field.channels + 9) + h + h * h + h + 3 * h + 3);
    expect('occupancy', field.occupancy.length, Math.ceil(field.cells[0] * field.cells[1] * field.cells[2] / 32));
    const kernel = await Kernel.create(device, 'volume-render', volumeSource(field.channels, h), 'main', PARAM_TYPES);
    return new VolumeRenderer(device, kernel, field, {
      density: storage(device, 'nerf density grid', field.density),
      features: storage(device, 'nerf feature grid', field.features),
      mlp: storage(device, 'nerf colour mlp', field.mlp),
      occupancy: storage(device, 'nerf occupancy bits', field.occupancy),
    });
  }

  private params(view: View, j: FrameJitter): number[] {
    const f = this.field;
    const r = view.c2w;
    return [r[0][0], r[0][1], r[0][2], r[0][3], r[1][0], r[1][1], r[1][2], r[1][3], r[2][0], r[2][1], r[2][2], r[2][3],
      view.size, view.focal, j.jx, j.jy, j.u, j.frame, f.stepRatio, f.voxel,
      f.boxMin[0], f.boxMin[1], f.boxMin[2], f.cell, f.cells[0], f.cells[1], f.cells[2], f.weightThreshold,
      ...f.densityDims, f.stopTransmittance, ...f.featureDims, ...f.background, 0, 0];
  }

  /**
   * Records and submits one frame into `target` (rgba8unorm with storage binding, view.size²); optionally
   * copies the frame into `copyTo` (bytesPerRow = size·4 rounded up to 256). Resolves once the GPU is done,
   * with the frame's sample counts.
   */
  async render(view: View, jitter: FrameJitter, target: GPUTexture, copyTo?: GPUBuffer): Promise<FrameStats> {
    const encoder = this.device.createCommandEncoder({ label: 'nerf frame' });
    this.encode(encoder, view, jitter, target);
    encoder.copyBufferToBuffer(this.stats, 0, this.statsRead, 0, 16);
    if (copyTo) {
      encoder.copyTextureToBuffer({ texture: target }, { buffer: copyTo, bytesPerRow: rowBytes(view.size) }, [view.size, view.size]);
    }
    this.device.queue.submit([encoder.finish()]);
    await this.statsRead.mapAsync(GPUMapMode.READ);
    const [inside, evaluated, skipped, shaded] = new Uint32Array(this.statsRead.getMappedRange().slice(0));
    this.statsRead.unmap();
    return { inside, evaluated, skipped, shaded };
  }

  /** Records one frame's compute pass into `encoder` (parameters and counters are written at once). */
  encode(encoder: GPUCommandEncoder, view: View, jitter: FrameJitter, target: GPUTexture, timestampWrites?: GPUComputePassTimestampWrites): void {
    const { device } = this;
    if (view.size !== this.size || !this.accum) {
      this.accum?.destroy();
      this.size = view.size;
      this.accum = device.createBuffer({ label: `nerf accumulation ${view.size}²`, size: view.size * view.size * 16, usage: GPUBufferUsage.STORAGE });
      jitter = { ...jitter, frame: 0 }; // nothing to average with yet
    }
    device.queue.writeBuffer(this.uniform, 0, this.kernel.pack(this.params(view, jitter)));
    device.queue.writeBuffer(this.stats, 0, new Uint32Array(4));
    const b = this.buffers;
    const bindGroup = device.createBindGroup({ label: 'volume-render frame', layout: this.kernel.pipeline.getBindGroupLayout(0), entries: [
      { binding: 0, resource: { buffer: this.uniform } },
      { binding: 1, resource: { buffer: b.density } },
      { binding: 2, resource: { buffer: b.features } },
      { binding: 3, resource: { buffer: b.mlp } },
      { binding: 4, resource: { buffer: b.occupancy } },
      { binding: 5, resource: { buffer: this.accum } },
      { binding: 6, resource: { buffer: this.stats } },
      { binding: 7, resource: target.createView() },
    ] });
    const pass = encoder.beginComputePass({ label: 'volume-render', timestampWrites });
    pass.setPipeline(this.kernel.pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(Math.ceil(view.size / 8), Math.ceil(view.size / 8));
    pass.end();
  }

  destroy(): void {
    for (const b of [...Object.values(this.buffers), this.uniform, this.stats, this.statsRead, this.accum]) b?.destroy();
  }
}

/** Bytes per row of a texture copy of `size` rgba8 pixels (WebGPU wants multiples of 256). */
export function rowBytes(size: number): number {
  return Math.ceil((size * 4) / 256) * 256;
}

/** Copies a frame texture to the CPU as tightly packed RGBA bytes (size² · 4). */
export async function readFrame(device: GPUDevice, texture: GPUTexture, size: number): Promise<Uint8Array> {
  const bpr = rowBytes(size);
  const buffer = device.createBuffer({ label: 'nerf frame read-back', size: bpr * size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const encoder = device.createCommandEncoder({ label: 'nerf frame read-back' });
  encoder.copyTextureToBuffer({ texture }, { buffer, bytesPerRow: bpr }, [size, size]);
  device.queue.submit([encoder.finish()]);
  return unpackRows(buffer, size);
}

/** Maps a row-padded copy and returns the tightly packed RGBA bytes; destroys the buffer. */
export async function unpackRows(buffer: GPUBuffer, size: number): Promise<Uint8Array> {
  await buffer.mapAsync(GPUMapMode.READ);
  const bpr = rowBytes(size);
  const padded = new Uint8Array(buffer.getMappedRange());
  const out = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) out.set(padded.subarray(y * bpr, y * bpr + size * 4), y * size * 4);
  buffer.unmap();
  buffer.destroy();
  return out;
}
