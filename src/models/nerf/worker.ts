// The NeRF worker owns the demo's canvas (an OffscreenCanvas) and draws every frame into it itself.
// Engine `wgsl`: volume-render.wgsl renders a frame in one compute pass straight into the canvas texture.
// Engine `cpu`: the field rendered on the CPU here (engines/nerf/cpu-frame.ts): while the view moves, a frame
// of half the size with deferred shading, scaled up; once it rests (frame 1), the reference path's picture.
// Engine `wasm`: the reference path — onnxruntime (WASM) evaluates field.onnx at the samples and
// nerf-reference.ts composites; slow, but it needs no WebGPU, and it is what the kernel is checked against.
// On every engine onnxruntime also answers the ray inspector and the reference renders (the real field).
import { CpuFrameRenderer, movingSize, upscale, viewAt } from '../../engines/nerf/cpu-frame';
import { type NerfMeta, parseNerfMeta, readField } from '../../engines/nerf/nerf-field';
import { defaultView } from './orbit';
import { type FieldEval, inspectRay, type RayInspection, renderReference, toBytes } from '../../engines/nerf/nerf-reference';
import { adapterName, requestKernelDevice } from '../../kernels/gpu';
import { fieldRef, type View } from '../../kernels/volume/volume-reference';
import {
  CENTRED,
  type FieldData,
  type FrameJitter,
  type FrameStats,
  rowBytes,
  unpackRows,
  VolumeRenderer,
} from '../../kernels/volume/volume-renderer';
import { OrtModel } from '../../engines/onnxruntime';
import { type LoadReport, timeRuns, wasmThreads, watchGpuDevice } from '../../engines/open-model';

export type NerfEngine = 'wgsl' | 'wasm' | 'cpu';

export interface NerfLoadArgs {
  /** The page's canvas, handed over: this worker draws every frame into it. */
  canvas: OffscreenCanvas;
  meta: unknown;
  field: Uint8Array;
  occupancy: Uint8Array;
  /** A field trained on #/train-nerf (its tables as readField makes them): shown instead of field.onnx. */
  trained?: FieldData;
}

export interface FrameResult {
  /** From submit to the GPU finishing the frame (wgsl), or the whole frame on the CPU (cpu, wasm). */
  ms: number;
  /** Pixels a side the frame was rendered at before it was scaled to the canvas (cpu while moving). */
  rendered: number;
  stats: FrameStats;
  /** RGBA bytes of the frame as drawn, when asked for. */
  pixels?: Uint8Array;
}

let engine: NerfEngine = 'wgsl';
let canvas: OffscreenCanvas | undefined;
let meta: NerfMeta | undefined;
let field: FieldData | undefined;
/** onnxruntime on field.onnx: the wasm engine's renderer, and the ray inspector on either engine (opened when first needed). */
let session: Promise<OrtModel> | undefined;
let fieldBytes: Uint8Array | undefined;
let renderer: VolumeRenderer | undefined;
let cpu: CpuFrameRenderer | undefined;
let context: GPUCanvasContext | undefined;
let ctx2d: OffscreenCanvasRenderingContext2D | undefined;
let frames: Promise<unknown> = Promise.resolve();

function need<T>(v: T | undefined): T {
  if (v === undefined) throw new Error('The NeRF worker is not initialised yet; call init() first.');
  return v;
}

const evaluate: FieldEval = async (points, dirs) => {
  // a trained field has no field.onnx: its CPU reference (what field.onnx computes) answers instead
  if (!fieldBytes) return fieldRef(need(field), points, dirs);
  const n = points.length / 3;
  session ??= OrtModel.create(need(fieldBytes), 'wasm');
  const out = await (await session).run({ points: { data: points, dims: [n, 3] }, dirs: { data: dirs, dims: [n, 3] } });
  return { rgb: out.rgb.data, sigma: out.sigma.data };
};

function resize(size: number): void {
  const c = need(canvas);
  if (c.width !== size || c.height !== size) {
    c.width = size;
    c.height = size;
  }
}

/** The view `measure` and the warm-up render: the default orbit at 64². */
let measureView: View | undefined;

export const api = {
  async load(args: NerfLoadArgs & { engine: NerfEngine }, onDeviceLost: (reason: string) => void): Promise<LoadReport> {
    meta = parseNerfMeta(args.meta);
    const data = args.trained ?? readField(meta, args.field, args.occupancy);
    field = data;
    canvas = args.canvas;
    engine = args.engine;
    fieldBytes = args.trained ? undefined : args.field;
    session = undefined;
    // the wgsl engine needs onnxruntime only for the ray inspector: a thumbnail never fetches it
    if (engine === 'wasm' && fieldBytes) session = OrtModel.create(fieldBytes, 'wasm');
    let adapter: string | undefined;
    if (engine === 'wgsl') {
      const device = await requestKernelDevice('nerf renderer');
      watchGpuDevice(device, onDeviceLost);
      adapter = adapterName(device);
      renderer = await VolumeRenderer.create(device, data);
      context = canvas.getContext('webgpu') as GPUCanvasContext;
      context.configure({
        device,
        format: 'rgba8unorm',
        usage: GPUTextureUsage.STORAGE_BINDING | GPUTextureUsage.COPY_SRC,
        alphaMode: 'opaque',
      });
    } else {
      if (engine === 'cpu') cpu = new CpuFrameRenderer(data);
      ctx2d = canvas.getContext('2d') ?? undefined;
    }
    measureView = defaultView(meta, 64);
    const t0 = performance.now();
    await api.render(measureView);
    return { engine, warmupMs: performance.now() - t0, threads: wasmThreads(), adapter };
  },

  /** Times `runs` frames of the default view at 64² (the reference path: at most 2, it takes long). */
  measure(runs: number): Promise<number[]> {
    const view = need(measureView);
    return timeRuns(engine === 'wasm' ? Math.min(runs, 2) : runs, () => api.render(view));
  },

  /**
   * Draws `view` into the canvas; frame > 0 refines the still image (wgsl: jittered frames averaged; cpu:
   * frame 1 is the exact picture after the moving frames; wasm: the reference path is exact at once).
   * Frames run one after another (they share the canvas and the counters), whoever asks.
   */
  render(view: View, jitter: FrameJitter = CENTRED, readback = false): Promise<FrameResult> {
    const job = frames.then(() => draw(view, jitter, readback));
    frames = job.catch(() => undefined);
    return job;
  },

  /** The reference path's picture of `view` (RGB floats in [0, 1]), without drawing it. */
  async reference(view: View): Promise<{ rgb: Float32Array; stats: FrameStats; ms: number }> {
    const t0 = performance.now();
    const r = await renderReference(need(field), view, evaluate);
    return { ...r, ms: performance.now() - t0 };
  },

  inspect(view: View, x: number, y: number): Promise<RayInspection> {
    return inspectRay(need(field), view, x, y, evaluate);
  },
};

async function draw(view: View, jitter: FrameJitter, readback: boolean): Promise<FrameResult> {
  resize(view.size);
  const t0 = performance.now();
  if (engine === 'wgsl') {
    const r = need(renderer);
    const target = need(context).getCurrentTexture();
    const copy = readback
      ? r.device.createBuffer({
          label: 'nerf frame read-back',
          size: rowBytes(view.size) * view.size,
          usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
        })
      : undefined;
    const stats = await r.render(view, jitter, target, copy);
    const ms = performance.now() - t0;
    return { ms, stats, rendered: view.size, pixels: copy ? await unpackRows(copy, view.size) : undefined };
  }
  let frame: { pixels: Uint8Array; stats: FrameStats; rendered: number };
  if (engine === 'cpu') {
    const small = movingSize(view.size);
    if (jitter.frame === 0 && small < view.size) {
      const f = need(cpu).render(viewAt(view, small), 'deferred');
      frame = { pixels: upscale(f.pixels, small, view.size), stats: f.stats, rendered: small };
    } else frame = { ...need(cpu).render(view, 'exact'), rendered: view.size };
  } else {
    const { rgb, stats } = await renderReference(need(field), view, evaluate);
    frame = { pixels: toBytes(rgb), stats, rendered: view.size };
  }
  const { pixels, stats, rendered } = frame;
  need(ctx2d).putImageData(new ImageData(new Uint8ClampedArray(pixels.buffer as ArrayBuffer), view.size, view.size), 0, 0);
  return { ms: performance.now() - t0, stats, rendered, pixels: readback ? pixels : undefined };
}

export type NerfWorkerApi = typeof api;
