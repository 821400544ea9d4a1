// Host side of radiance.wgsl: the grid's buffers (values, gradient, Adam's moments, occupancy), the photos and
// cameras uploaded once, and the passes of a training step, a render and an occupancy rebuild recorded on
// them. One Params declaration serves every entry point. CPU reference: radiance-reference.ts.
import radianceWgsl from './radiance.wgsl?raw';
import { compileKernels, type Dispatch, flatGrid, kernelSpec, readBytes, readFloats, storage, submit, upload } from '../gpu';
import { declareParams, type ParamsOf } from '../params';
import {
  type Cameras,
  CH,
  occupancyWords,
  type RadianceGrid,
  type RadianceState,
  type RayBatch,
  rawForAlpha,
  vertexCount,
} from './radiance-reference';

export const RADIANCE_PARAMS = declareParams({
  bx: 'f32',
  by: 'f32',
  bz: 'f32',
  ex: 'f32',
  ey: 'f32',
  ez: 'f32',
  nx: 'u32',
  ny: 'u32',
  nz: 'u32',
  vertices: 'u32',
  voxel: 'f32',
  step_ratio: 'f32',
  ocx: 'u32',
  ocy: 'u32',
  ocz: 'u32',
  occ_cell: 'f32',
  stop_t: 'f32',
  bgr: 'f32',
  bgg: 'f32',
  bgb: 'f32',
  /** the batch: rays, photo edge, focal length (px), 1 to compare with the photos */
  count: 'u32',
  size: 'u32',
  focal: 'f32',
  with_error: 'u32',
  /** Adam and total variation */
  lr: 'f32',
  beta1: 'f32',
  beta2: 'f32',
  eps: 'f32',
  c1: 'f32',
  c2: 'f32',
  tv: 'f32',
  /** occupancy: the raw density a cell's vertices must exceed */
  raw_min: 'f32',
});
type RadianceParams = { -readonly [K in keyof ParamsOf<typeof RADIANCE_PARAMS>]: number };

const spec = (entry: string) => kernelSpec('radiance', radianceWgsl, entry, RADIANCE_PARAMS);
export const RADIANCE_KERNELS = {
  render: spec('render_rays'),
  sumError: spec('sum_error'),
  backprop: spec('backprop_rays'),
  tv: spec('density_tv'),
  adam: spec('adam'),
  occupancy: spec('occupancy_bits'),
};

/** Rays one dispatch takes at most (a 128² view); larger batches render in pieces. */
export const MAX_RAYS = 128 * 128;

export interface RadianceAdam {
  beta1: number;
  beta2: number;
  eps: number;
  tv: number;
}

/** The grid on the GPU, and the passes over it. `RadianceGpu.create` compiles the kernels and uploads. */
export class RadianceGpu {
  private p: RadianceParams;
  private readonly dispatch: Record<keyof typeof RADIANCE_KERNELS, Dispatch>;
  private constructor(
    private readonly device: GPUDevice,
    private readonly grid: RadianceGrid,
    private readonly buf: Record<
      'params' | 'grad' | 'm' | 'v' | 'occupancy' | 'cams' | 'photos' | 'rays' | 'jitter' | 'out' | 'total',
      GPUBuffer
    >,
    kernels: Awaited<ReturnType<typeof compileKernels<typeof RADIANCE_KERNELS>>>,
    adam: RadianceAdam,
  ) {
    const g = grid;
    this.p = {
      ...{ bx: g.boxMin[0], by: g.boxMin[1], bz: g.boxMin[2], ex: g.extent[0], ey: g.extent[1], ez: g.extent[2] },
      ...{ nx: g.dims[0], ny: g.dims[1], nz: g.dims[2], vertices: vertexCount(g), voxel: g.voxel, step_ratio: g.stepRatio },
      ...{ ocx: g.occCells[0], ocy: g.occCells[1], ocz: g.occCells[2], occ_cell: g.occCell, stop_t: g.stopTransmittance },
      ...{ bgr: g.background[0], bgg: g.background[1], bgb: g.background[2] },
      ...{ count: 0, size: 1, focal: 1, with_error: 0, lr: 0, c1: 1, c2: 1, raw_min: 0 },
      ...adam,
    };
    const b = this.buf;
    const rayBuffers = { 2: b.occupancy, 3: b.cams, 4: b.photos, 5: b.rays, 6: b.jitter, 7: b.out };
    const params = () => this.p;
    const over = (n: () => number) => () => flatGrid(n());
    const rays = over(() => this.p.count);
    this.dispatch = {
      render: kernels.render.bind('radiance render', { 1: b.params, ...rayBuffers }, params, rays),
      sumError: kernels.sumError.bind('radiance error sum', { 7: b.out, 12: b.total }, params, () => [1]),
      backprop: kernels.backprop.bind('radiance backprop', { 1: b.params, ...rayBuffers, 8: b.grad }, params, rays),
      tv: kernels.tv.bind(
        'radiance tv',
        { 1: b.params, 9: b.grad },
        params,
        over(() => this.p.vertices),
      ),
      adam: kernels.adam.bind(
        'radiance adam',
        { 1: b.params, 9: b.grad, 10: b.m, 11: b.v },
        params,
        over(() => this.p.vertices * CH),
      ),
      occupancy: kernels.occupancy.bind(
        'radiance occupancy',
        { 1: b.params, 2: b.occupancy },
        params,
        over(() => occupancyWords(g)),
      ),
    };
  }

  static async create(
    device: GPUDevice,
    grid: RadianceGrid,
    st: RadianceState,
    cams: Cameras,
    photos: Uint32Array,
    adam: RadianceAdam,
  ): Promise<RadianceGpu> {
    const kernels = await compileKernels(device, RADIANCE_KERNELS);
    const f32 = (label: string, data: Float32Array | Uint32Array | number) => storage(device, `radiance ${label}`, data);
    const buf = {
      params: f32('grid values', st.params),
      grad: f32('grid gradient', st.grad),
      m: f32('Adam m', st.m),
      v: f32('Adam v', st.v),
      occupancy: f32('occupancy bits', st.occupancy),
      cams: f32('cameras', cams),
      photos: f32('photos', photos),
      rays: f32('ray ids', MAX_RAYS * 8),
      jitter: f32('ray jitter', MAX_RAYS * 4),
      out: f32('ray colours', MAX_RAYS * 16),
      total: f32('error sum', 16),
    };
    return new RadianceGpu(device, grid, buf, kernels, adam);
  }

  private setBatch(b: RayBatch, from: number, count: number): void {
    if (count > MAX_RAYS) throw new Error(`radiance: ${count} rays in one dispatch (at most ${MAX_RAYS})`);
    upload(this.device, this.buf.rays, b.rays.subarray(2 * from, 2 * (from + count)));
    upload(this.device, this.buf.jitter, b.jitter.subarray(from, from + count));
    Object.assign(this.p, { count, size: b.size, focal: b.focal });
  }

  /** One training step (Adam step t at lr): render with the loss, backward, total variation, Adam; the batch's mean squared error. */
  async step(b: RayBatch, lr: number, t: number): Promise<number> {
    this.setBatch(b, 0, b.count);
    Object.assign(this.p, { with_error: 1, lr, c1: 1 - this.p.beta1 ** t, c2: 1 - this.p.beta2 ** t });
    const d = this.dispatch;
    submit(this.device, 'radiance step', [d.render, d.sumError, d.backprop, d.tv, d.adam]);
    const [se] = await readFloats(this.device, this.buf.total, 1);
    return se / (3 * b.count);
  }

  /** Colours of every ray of the batch (3 a ray) and, with `withError`, the summed squared error. */
  async render(b: RayBatch, withError: boolean): Promise<{ rgb: Float32Array; se: number }> {
    const rgb = new Float32Array(3 * b.count);
    let se = 0;
    for (let from = 0; from < b.count; from += MAX_RAYS) {
      const count = Math.min(MAX_RAYS, b.count - from);
      this.setBatch(b, from, count);
      this.p.with_error = withError ? 1 : 0;
      submit(this.device, 'radiance render', [this.dispatch.render]);
      const out = await readFloats(this.device, this.buf.out, 4 * count);
      for (let r = 0; r < count; r++) {
        for (let c = 0; c < 3; c++) rgb[3 * (from + r) + c] = out[4 * r + c];
        se += out[4 * r + 3];
      }
    }
    return { rgb, se };
  }

  /** Rebuilds the occupancy bits from the densities; the number of occupied cells. */
  async updateOccupancy(alphaMin: number): Promise<number> {
    this.p.raw_min = rawForAlpha(alphaMin, this.grid.stepRatio);
    submit(this.device, 'radiance occupancy', [this.dispatch.occupancy]);
    const words = new Uint32Array(await readBytes(this.device, this.buf.occupancy, occupancyWords(this.grid) * 4));
    return countBits(words);
  }

  setCameras(cams: Cameras): void {
    upload(this.device, this.buf.cams, cams);
  }

  async read(): Promise<RadianceState> {
    const n = vertexCount(this.grid) * CH;
    const [params, grad, m, v] = await Promise.all(
      [this.buf.params, this.buf.grad, this.buf.m, this.buf.v].map((b) => readFloats(this.device, b, n)),
    );
    const occupancy = new Uint32Array(await readBytes(this.device, this.buf.occupancy, occupancyWords(this.grid) * 4));
    return { params, grad, m, v, occupancy };
  }

  write(st: RadianceState): void {
    upload(this.device, this.buf.params, st.params);
    upload(this.device, this.buf.grad, st.grad);
    upload(this.device, this.buf.m, st.m);
    upload(this.device, this.buf.v, st.v);
    upload(this.device, this.buf.occupancy, st.occupancy);
  }

  destroy(): void {
    for (const b of Object.values(this.buf)) b.destroy();
  }
}

export function countBits(words: Uint32Array): number {
  let n = 0;
  for (let w of words) {
    while (w) {
      w &= w - 1;
      n++;
    }
  }
  return n;
}
