// Host side of volume-render.wgsl: uploads a radiance field (grids, MLP, occupancy) once, then renders a
// view per call in one compute pass straight into a texture — the canvas's when there is one. No DOM: runs
// in the NeRF worker (OffscreenCanvas), in the browser kernel tests and in Node (Dawn).
import volumeWgsl from './volume-render.wgsl?raw';
import { Kernel, storage } from '../gpu';
import { declareParams, type ParamsOf } from '../params';
import type { CompositeRules, FieldTables, View } from './volume-reference';

/**
 * Everything the kernel reads, as plain arrays (src/engines/nerf/nerf-field.ts reads them from the model files):
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

export const VOLUME_PARAMS = declareParams({
  // camera-to-world rows and the camera's position
  r00: 'f32',
  r01: 'f32',
  r02: 'f32',
  ox: 'f32',
  r10: 'f32',
  r11: 'f32',
  r12: 'f32',
  oy: 'f32',
  r20: 'f32',
  r21: 'f32',
  r22: 'f32',
  oz: 'f32',
  /** image size (square) */
  size: 'u32',
  /** focal length (px) */
  focal: 'f32',
  /** sub-pixel position of this frame's rays, and the sample offset along them */
  jx: 'f32',
  jy: 'f32',
  u: 'f32',
  /** frames averaged so far (0 starts over) */
  frame: 'u32',
  step_ratio: 'f32',
  voxel: 'f32',
  /** box corner and occupancy cell edge */
  bx: 'f32',
  by: 'f32',
  bz: 'f32',
  cell: 'f32',
  /** occupancy cells */
  cx: 'u32',
  cy: 'u32',
  cz: 'u32',
  weight_threshold: 'f32',
  /** density grid vertices */
  dx: 'u32',
  dy: 'u32',
  dz: 'u32',
  /** early-termination transmittance */
  stop_t: 'f32',
  /** feature grid vertices */
  fx: 'u32',
  fy: 'u32',
  fz: 'u32',
  /** background colour */
  bg_r: 'f32',
  bg_g: 'f32',
  bg_b: 'f32',
});
export type VolumeParams = ParamsOf<typeof VOLUME_PARAMS>;

export function volumeSource(channels: number, hidden: number): string {
  for (const [name, v] of [
    ['channels', channels],
    ['hidden', hidden],
  ] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 64) throw new Error(`volume-render.wgsl: ${name} = ${v} is not supported (1…64)`);
  }
  return volumeWgsl
    .replace(/^const CHANNELS = \d+u;/m, `const CHANNELS = ${channels}u;`)
    .replace(/^const HIDDEN = \d+u;/m, `const HIDDEN = ${hidden}u;`);
}

export class VolumeRenderer {
  private accum?: GPUBuffer;
  private size = 0;
  private readonly uniform: GPUBuffer;
  private readonly stats: GPUBuffer;
  private readonly statsRead: GPUBuffer;

  private constructor(
    readonly device: GPUDevice,
    private readonly kernel: Kernel<typeof VOLUME_PARAMS.fields>,
    readonly field: FieldData,
    private readonly buffers: { density: GPUBuffer; features: GPUBuffer; mlp: GPUBuffer; occupancy: GPUBuffer },
  ) {
    this.uniform = device.createBuffer({
      label: 'volume-render params',
      size: VOLUME_PARAMS.bytes,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    });
    this.stats = device.createBuffer({
      label: 'volume-render stats',
      size: 16,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
    });
    this.statsRead = device.createBuffer({
      label: 'volume-render stats read-back',
      size: 16,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
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
    expect('occupancy', field.occupancy.length, Math.ceil((field.cells[0] * field.cells[1] * field.cells[2]) / 32));
    const kernel = await Kernel.create(device, 'volume-render', volumeSource(field.channels, h), 'main', VOLUME_PARAMS);
    return new VolumeRenderer(device, kernel, field, {
      density: storage(device, 'nerf density grid', field.density),
      features: storage(device, 'nerf feature grid', field.features),
      mlp: storage(device, 'nerf colour mlp', field.mlp),
      occupancy: storage(device, 'nerf occupancy bits', field.occupancy),
    });
  }

  private params(view: View, j: FrameJitter): VolumeParams {
    const f = this.field;
    const r = view.c2w;
    return {
      r00: r[0][0],
      r01: r[0][1],
      r02: r[0][2],
      ox: r[0][3],
      r10: r[1][0],
      r11: r[1][1],
      r12: r[1][2],
      oy: r[1][3],
      r20: r[2][0],
      r21: r[2][1],
      r22: r[2][2],
      oz: r[2][3],
      size: view.size,
      focal: view.focal,
      jx: j.jx,
      jy: j.jy,
      u: j.u,
      frame: j.frame,
      step_ratio: f.stepRatio,
      voxel: f.voxel,
      bx: f.boxMin[0],
      by: f.boxMin[1],
      bz: f.boxMin[2],
      cell: f.cell,
      cx: f.cells[0],
      cy: f.cells[1],
      cz: f.cells[2],
      weight_threshold: f.weightThreshold,
      dx: f.densityDims[0],
      dy: f.densityDims[1],
      dz: f.densityDims[2],
      stop_t: f.stopTransmittance,
      fx: f.featureDims[0],
      fy: f.featureDims[1],
      fz: f.featureDims[2],
      bg_r: f.background[0],
      bg_g: f.background[1],
      bg_b: f.background[2],
    };
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
  encode(
    encoder: GPUCommandEncoder,
    view: View,
    jitter: FrameJitter,
    target: GPUTexture,
    timestampWrites?: GPUComputePassTimestampWrites,
  ): void {
    const { device } = this;
    if (view.size !== this.size || !this.accum) {
      this.accum?.destroy();
      this.size = view.size;
      this.accum = device.createBuffer({
        label: `nerf accumulation ${view.size}²`,
        size: view.size * view.size * 16,
        usage: GPUBufferUsage.STORAGE,
      });
      jitter = { ...jitter, frame: 0 }; // nothing to average with yet
    }
    device.queue.writeBuffer(this.uniform, 0, this.kernel.pack(this.params(view, jitter)));
    device.queue.writeBuffer(this.stats, 0, new Uint32Array(4));
    const b = this.buffers;
    const bindGroup = device.createBindGroup({
      label: 'volume-render frame',
      layout: this.kernel.pipeline.getBindGroupLayout(0),
      entries: [
        { binding: 0, resource: { buffer: this.uniform } },
        { binding: 1, resource: { buffer: b.density } },
        { binding: 2, resource: { buffer: b.features } },
        { binding: 3, resource: { buffer: b.mlp } },
        { binding: 4, resource: { buffer: b.occupancy } },
        { binding: 5, resource: { buffer: this.accum } },
        { binding: 6, resource: { buffer: this.stats } },
        { binding: 7, resource: target.createView() },
      ],
    });
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
  const buffer = device.createBuffer({
    label: 'nerf frame read-back',
    size: bpr * size,
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
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
