// #/train-nerf's worker: a radiance field learning the shipped scene from the photos the visitor picks, on our
// WGSL kernels (`wgsl`) or on the CPU (`wasm` in the runner's terms: the kernels' references in typed arrays).
// It fetches and decodes the photos itself (they never cross the thread twice); what crosses to the page is each
// step's training PSNR, the held-out and training PSNR on fixed rays now and then, frames of the learning
// field from the camera the page asks for, and snapshots to resume from.
import { type LoadReport, type ModelWorkerApi, loaded, watchGpuDevice } from '../../engines/open-model';
import { adapterName, requestKernelDevice } from '../../kernels/gpu';
import type { NerfMeta } from '../../engines/nerf/nerf-field';
import { cpuRadiance } from '../../engines/radiance/cpu-radiance';
import { gpuRadiance } from '../../engines/radiance/gpu-radiance';
import * as Comlink from 'comlink';
import {
  cameraTable,
  gridBytes,
  gridFor,
  packPhoto,
  CUBE_BOX,
  SceneError,
  type SceneBox,
  setFreeCamera,
  spreadViews,
  viewRays,
} from '../../engines/radiance/radiance-scene';
import {
  type RadianceData,
  type RadianceExecutorFactory,
  type RadianceSettings,
  type RadianceSnapshot,
  type RadianceStepStats,
  RadianceTrainer,
} from '../../engines/radiance/radiance-trainer';
import { focalFor, type Vec3 } from '../../kernels/volume/volume-reference';
import { exportField, type TrainedField } from '../../engines/radiance/radiance-export';
import { SerialCalls } from '../training/serial-calls';
import { heldOutPhoto, PHOTO_PACK, PhotoPackError, unpackPhotos } from '../../engines/radiance/photo-pack';

export interface NerfTrainLoadArgs {
  /** the models folder's URL (the photos and transforms_test.json are fetched from there) */
  base: string;
  meta: NerfMeta;
  seed: number;
  resolution: number;
  views: number;
  settings?: Partial<RadianceSettings>;
  resume?: RadianceSnapshot;
  /** your own scene (a folder in the transforms_*.json layout) instead of ours */
  own?: OwnScene;
}

export interface NerfTrainReport extends LoadReport {
  step: number;
  vertices: number;
  /** bytes of the grid, its gradient and Adam's moments */
  bytes: number;
  raysPerStep: number;
  /** camera positions of all training photos, the indices of those in use, and the held-out cameras' positions */
  positions: Vec3[];
  used: number[];
  heldOut: Vec3[];
}

export interface NerfTrainScore {
  step: number;
  heldOut: number;
  train: number;
  ms: number;
}

export interface NerfFrame {
  step: number;
  size: number;
  /** RGBA bytes, row 0 at the top */
  pixels: Uint8ClampedArray;
  /** PSNR against the held-out photo when the frame is that photo's view at its size */
  psnr?: number;
  ms: number;
}

/** The held-out view the page shows beside its photo. */
export const SHOWN_VIEW = 0;

let trainer: RadianceTrainer | undefined;
let make: RadianceExecutorFactory | undefined;
let data: RadianceData | undefined;
let setup: Pick<NerfTrainLoadArgs, 'seed' | 'settings' | 'meta'> | undefined;
/** The view the page draws: the held-out camera, or an orbit camera in the table's free slot. */
let view: { c2w?: number[][]; size: number } = { size: 128 };
/** Whether the scene is your own (the demo then has no photos of ours to show beside it), and its field of view. */
let own = false;
let angle = 0;

const calls = new SerialCalls();
const serial = <T>(run: () => Promise<T>) => calls.run(run);

async function fetchBytes(url: string): Promise<Blob> {
  const r = await fetch(url);
  if (!r.ok) throw new SceneError(`${url} could not be fetched (${r.status})`);
  return r.blob();
}

/** Photo RGBA bytes (straight alpha) at `size` × `size` (a larger square photo is scaled down). */
async function decode(blob: Blob, size: number, file: string): Promise<Uint8ClampedArray> {
  const probe = await createImageBitmap(blob).catch(() => {
    throw new SceneError(`${file} is not an image this browser can read`);
  });
  const [w, h] = [probe.width, probe.height];
  probe.close();
  if (w !== h || w < size) throw new SceneError(`${file} is ${w}×${h}: photos must be square and at least ${size}×${size}`);
  const bitmap = await createImageBitmap(blob, {
    premultiplyAlpha: 'none',
    colorSpaceConversion: 'none',
    resizeWidth: size,
    resizeHeight: size,
    resizeQuality: 'high',
  });
  const ctx = new OffscreenCanvas(size, size).getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new SceneError('this browser cannot read pixels from an image in a worker');
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  return ctx.getImageData(0, 0, size, size).data;
}

/** A photo of the scene: its name (for messages), its image and its camera-to-world matrix. */
export interface ScenePhoto {
  name: string;
  image: Blob;
  c2w: number[][];
}

/** A scene of your own in the transforms_*.json layout, as the page read it from a folder. */
export interface OwnScene {
  angle: number;
  train: ScenePhoto[];
  test: ScenePhoto[];
}

/** Photo edge the field learns from (the shipped renders' size; larger photos of your own are scaled to it). */
const PHOTO_SIZE = 128;

type Scene = RadianceData & { positions: Vec3[]; heldOut: Vec3[]; angle: number };

async function sceneOf(
  box: SceneBox,
  angle: number,
  train: ScenePhoto[],
  test: ScenePhoto[],
  views: number,
  resolution: number,
): Promise<Scene> {
  const size = PHOTO_SIZE;
  const all = [...train, ...test];
  const photos = new Uint32Array((all.length + 1) * size * size);
  await Promise.all(all.map(async (p, k) => packPhoto(await decode(p.image, size, p.name), photos, k * size * size)));
  const position = (m: number[][]) => [m[0][3], m[1][3], m[2][3]] as Vec3;
  const positions = train.map((p) => position(p.c2w));
  return {
    grid: gridFor(box, resolution),
    cameras: cameraTable(all.map((p) => p.c2w)),
    photos,
    size,
    focal: focalFor(angle, size),
    train: spreadViews(positions, views),
    test: test.map((_, i) => train.length + i),
    positions,
    heldOut: test.map((p) => position(p.c2w)),
    angle,
  };
}

/** The shipped scene: nerf.json's training views and transforms_test.json's held-out ones, fetched. */
async function shippedScene(a: NerfTrainLoadArgs): Promise<Scene> {
  const url = (path: string) => new URL(path, a.base).href;
  // all 120 photos in one file (the build packs them): one request, not one each
  const [testFile, pack] = await Promise.all([fetchBytes(url('nerf/scene/transforms_test.json')), fetchBytes(url(PHOTO_PACK))]);
  const test = JSON.parse(await testFile.text()) as { frames: { file_path: string; transform_matrix: number[][] }[] };
  let photos: Map<string, Uint8Array>;
  try {
    photos = unpackPhotos(new Uint8Array(await pack.arrayBuffer()));
  } catch (e) {
    throw new SceneError(e instanceof PhotoPackError ? `${PHOTO_PACK}: ${e.message}` : String(e));
  }
  const photo = (name: string, c2w: number[][]) => {
    const bytes = photos.get(name);
    if (!bytes) throw new SceneError(`${PHOTO_PACK} holds no ${name}`);
    return { name, image: new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/png' }), c2w };
  };
  const train = a.meta.train_views.map((v) => photo(v.file, v.c2w));
  const held = test.frames.map((f) => photo(heldOutPhoto(f.file_path), f.transform_matrix));
  return sceneOf(a.meta, a.meta.camera_angle_x, train, held, a.views, a.resolution);
}

const newTrainer = () => RadianceTrainer.create(loaded(make, 'NeRF training'), loaded(data, 'NeRF training'), setup!.seed, setup!.settings);

function toBytes(rgb: Float32Array): Uint8ClampedArray {
  const n = rgb.length / 3;
  const out = new Uint8ClampedArray(4 * n);
  for (let p = 0; p < n; p++) {
    for (let c = 0; c < 3; c++) out[4 * p + c] = Math.round(rgb[3 * p + c] * 255);
    out[4 * p + 3] = 255;
  }
  return out;
}

export const api = {
  async load(
    args: NerfTrainLoadArgs & { engine: 'webgpu' | 'wasm' | 'wgsl' },
    onDeviceLost: (reason: string) => void,
  ): Promise<NerfTrainReport> {
    if (args.engine === 'webgpu') throw new Error('live training runs on wgsl (our kernels) or the CPU, not on onnxruntime');
    let adapter: string | undefined;
    if (args.engine === 'wgsl') {
      const device = await requestKernelDevice('live NeRF training');
      adapter = adapterName(device);
      calls.lostReason = watchGpuDevice(device, onDeviceLost);
      make = gpuRadiance(device);
    } else {
      make = cpuRadiance;
    }
    const scene = args.own
      ? await sceneOf(CUBE_BOX, args.own.angle, args.own.train, args.own.test, args.views, args.resolution)
      : await shippedScene(args);
    own = !!args.own;
    angle = scene.angle;
    data = scene;
    setup = { seed: args.seed, settings: args.settings, meta: args.meta };
    trainer = await newTrainer();
    calls.fresh = true;
    if (args.resume) trainer.restore(args.resume);
    const t0 = performance.now();
    await trainer.render(viewRays(scene.test[SHOWN_VIEW], 8, scene.focal / 16), false); // compiles the passes (and proves the device works)
    const g = scene.grid;
    return {
      engine: args.engine,
      warmupMs: performance.now() - t0,
      threads: 1,
      adapter,
      step: trainer.step,
      vertices: g.dims[0] * g.dims[1] * g.dims[2],
      bytes: gridBytes(g),
      raysPerStep: trainer.settings.batch,
      positions: scene.positions,
      used: scene.train,
      heldOut: scene.heldOut,
    };
  },

  steps(n: number): Promise<{ stats: RadianceStepStats[]; ms: number; partMs: undefined }> {
    return calls.steps(async () => {
      const t0 = performance.now();
      const stats = await loaded(trainer, 'NeRF training').steps(n);
      return { stats, ms: performance.now() - t0, partMs: undefined };
    });
  },

  /**
   * The learning field from the page's view, at `size` (or the view's own). With `look`, the view changes first:
   * an orbit camera (camera-to-world) or null for the held-out photo's camera, and its size for later frames.
   * One call, so that a frame waits for one training step at most. Before the first step it gives way to steps
   * asked for meanwhile (undefined: SerialCalls.look), so a Start pressed at ready does not wait for it.
   */
  draw(size?: number, look?: { c2w: number[][] | null; size: number }): Promise<NerfFrame | undefined> {
    if (look) view = { c2w: look.c2w ?? undefined, size: look.size };
    return calls.look(async (checkpoint) => {
      const t0 = performance.now();
      const t = loaded(trainer, 'NeRF training');
      const d = loaded(data, 'NeRF training');
      const s = size ?? view.size;
      let camera = d.test[SHOWN_VIEW];
      if (view.c2w) {
        camera = setFreeCamera(d.cameras, view.c2w);
        t.setCameras(d.cameras);
      }
      const withError = !view.c2w && s === d.size;
      const r = await t.render(viewRays(camera, s, (d.focal * s) / d.size), withError, checkpoint);
      return { step: t.step, size: s, pixels: toBytes(r.rgb), psnr: withError ? r.psnr : undefined, ms: performance.now() - t0 };
    });
  },

  /** PSNR on the fixed held-out rays and on as many training rays. */
  score(): Promise<NerfTrainScore> {
    return serial(async () => {
      const t0 = performance.now();
      const t = loaded(trainer, 'NeRF training');
      const e = await t.evaluate();
      return { step: t.step, ...e, ms: performance.now() - t0 };
    });
  },

  /** Mean PSNR over every held-out view rendered in full at the photos' size (what the shipped field's 33.7 dB is). */
  scoreFull(): Promise<{ step: number; psnr: number; ms: number }> {
    return serial(async () => {
      const t0 = performance.now();
      const t = loaded(trainer, 'NeRF training');
      const d = loaded(data, 'NeRF training');
      let sum = 0;
      for (const c of d.test) sum += (await t.render(viewRays(c, d.size, d.focal), true)).psnr;
      return { step: t.step, psnr: sum / d.test.length, ms: performance.now() - t0 };
    });
  },

  /** The field now, in the form the NeRF demo reads (nerf.json's sizes and field.onnx's tables). */
  exportField(): Promise<TrainedField & { step: number }> {
    return serial(async () => {
      const t = loaded(trainer, 'NeRF training');
      const d = loaded(data, 'NeRF training');
      const snap = await t.snapshot();
      const m = setup!.meta;
      const views = own ? [] : d.train.map((i) => m.train_views[i]);
      return { ...exportField(d.grid, snap.state, { ...m, camera_angle_x: angle, image_size: d.size }, views), step: t.step };
    });
  },

  reset(): Promise<void> {
    return serial(async () => {
      const old = loaded(trainer, 'NeRF training');
      trainer = await newTrainer();
      calls.fresh = true;
      old.destroy();
    });
  },

  snapshot(): Promise<RadianceSnapshot> {
    return serial(async () => {
      const snap = await loaded(trainer, 'NeRF training').snapshot();
      const st = snap.state;
      return Comlink.transfer(
        snap,
        [st.params, st.grad, st.m, st.v, st.occupancy].map((a) => a.buffer as ArrayBuffer),
      );
    });
  },

  restore(snap: RadianceSnapshot): Promise<number> {
    return serial(async () => {
      loaded(trainer, 'NeRF training').restore(snap);
      calls.fresh = true;
      return snap.step;
    });
  },

  /** Times `runs` steps of a scratch trainer with the same settings (the visitor's one is left as it is). */
  measure(runs: number): Promise<number[]> {
    return calls.timeSteps(newTrainer, runs);
  },
} satisfies ModelWorkerApi<NerfTrainLoadArgs> & Record<string, unknown>;

export type NerfTrainWorkerApi = typeof api;
