// The radiance field as the renderers need it, read from the three files training/nerf.py writes:
// nerf.json (box, grid sizes, sampling rules, cameras), field.onnx (its initializers `density`, `features`
// and the MLP's `mlp.*`) and occupancy.bin (one bit per cell). No DOM.
import type { FieldData } from '../../kernels/volume/volume-renderer';
import type { Vec3 } from '../../kernels/volume/volume-reference';
import { readInitializers } from '../onnx/onnx-reader';

export interface TrainingView {
  /** Photo path relative to the models folder. */
  file: string;
  /** Camera-to-world, 4 × 4 rows. */
  c2w: number[][];
}

export interface NerfMeta {
  box_min: Vec3;
  box_max: Vec3;
  cell: number;
  cells: Vec3;
  density_dims: Vec3;
  feature_dims: Vec3;
  voxel: number;
  channels: number;
  hidden: number;
  step_ratio: number;
  occupancy_threshold: number;
  weight_threshold: number;
  stop_transmittance: number;
  background: Vec3;
  camera_angle_x: number;
  image_size: number;
  train_views: TrainingView[];
}

export class NerfFormatError extends Error {
  override name = 'NerfFormatError';
}

const vec3 = (v: unknown) => Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number' && Number.isFinite(x));

/** Parses and checks nerf.json; throws NerfFormatError naming the first field that is wrong. */
export function parseNerfMeta(json: unknown): NerfMeta {
  checkNerfMeta(json);
  return json;
}

function checkNerfMeta(json: unknown): asserts json is NerfMeta {
  const m = json as Record<string, unknown>;
  if (!m || typeof m !== 'object') throw new NerfFormatError('nerf.json is not an object');
  for (const k of ['box_min', 'box_max', 'cells', 'density_dims', 'feature_dims', 'background']) {
    if (!vec3(m[k])) throw new NerfFormatError(`nerf.json: ${k} must be three numbers`);
  }
  for (const k of [
    'cell',
    'voxel',
    'channels',
    'hidden',
    'step_ratio',
    'weight_threshold',
    'stop_transmittance',
    'camera_angle_x',
    'image_size',
  ]) {
    if (typeof m[k] !== 'number' || !((m[k] as number) > 0)) throw new NerfFormatError(`nerf.json: ${k} must be a positive number`);
  }
  if (
    !Array.isArray(m.train_views) ||
    !m.train_views.every((v) => v && typeof v.file === 'string' && Array.isArray(v.c2w) && v.c2w.length >= 3)
  ) {
    throw new NerfFormatError('nerf.json: train_views must list {file, c2w}');
  }
}

/** The field for the renderers: grids and MLP from field.onnx, occupancy bits, sizes from nerf.json. */
export function readField(meta: NerfMeta, onnx: Uint8Array, occupancy: Uint8Array): FieldData {
  const init = readInitializers(onnx);
  const get = (name: string) => {
    const t = init.get(name);
    if (!t?.data) throw new NerfFormatError(`field.onnx has no float initializer "${name}"`);
    return t.data;
  };
  const parts = ['mlp.0.weight', 'mlp.0.bias', 'mlp.2.weight', 'mlp.2.bias', 'mlp.4.weight', 'mlp.4.bias'].map(get);
  const mlp = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    mlp.set(p, at);
    at += p.length;
  }
  const words = Math.ceil((meta.cells[0] * meta.cells[1] * meta.cells[2]) / 32);
  if (occupancy.byteLength !== words * 4)
    throw new NerfFormatError(`occupancy.bin has ${occupancy.byteLength} bytes, expected ${words * 4}`);
  return {
    boxMin: meta.box_min,
    cell: meta.cell,
    cells: meta.cells,
    voxel: meta.voxel,
    stepRatio: meta.step_ratio,
    occupancy: new Uint32Array(new Uint8Array(occupancy).buffer), // a copy: the bytes may sit unaligned in a larger buffer
    densityDims: meta.density_dims,
    featureDims: meta.feature_dims,
    channels: meta.channels,
    hidden: meta.hidden,
    weightThreshold: meta.weight_threshold,
    stopTransmittance: meta.stop_transmittance,
    background: meta.background,
    density: get('density'),
    features: get('features'),
    mlp,
  };
}
