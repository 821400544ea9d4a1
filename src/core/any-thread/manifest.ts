// public/models/manifest.json: what every model file is (bytes, sha256) and what each model is.
// Written by training/manifest.py; read here with enough checking that a broken file gives a clear message.
import type { Encoding } from './inflate';

const ENCODINGS: readonly Encoding[] = ['deflate'];

/** A shipped file: `bytes` and `sha256` are those of the file itself, as the engines read it. */
export interface ManifestFile {
  path: string;
  bytes: number;
  sha256: string;
  /** Where it travels compressed (training/wire.py): static hosts send .onnx and .bin files as they are. */
  wire?: WireFile;
}

/** The compressed copy that is downloaded instead (inflated in the browser, then checked as the file). */
export interface WireFile {
  path: string;
  bytes: number;
  encoding: Encoding;
}

export interface ManifestModel {
  kind: string;
  title: string;
  params: Record<string, number>;
  /** Where the data came from; a model adds its own amounts (`train_images`, `train_chars`, `views`…), read as unknown. */
  dataset: { name: string; licence: string; source: string; [amount: string]: unknown };
  training: ManifestTraining;
  metrics: Record<string, number | string>;
  /** The training configuration (the script's dataclass). */
  config?: Record<string, unknown>;
  files: ManifestFile[];
  /** Role name -> file path, e.g. { decoder: 'vae/decoder.onnx' }. */
  roles: Record<string, string>;
}

/** How a model was trained (training/manifest.py); a script may record more (its curve, its limits). */
export interface ManifestTraining {
  command: string;
  device: string;
  wall_time_s: number;
  steps: number;
  preset: string;
  /** The run ended at its time limit, not at its step count. */
  stopped_by_time_limit?: boolean;
  /** Quality probes taken while it trained (the GAN: FD on 2,000 samples at `s` seconds). */
  curve?: { s: number; fmnist_fd_2000?: number }[];
}

export interface QualityRow {
  /** Mean over `draws` independent draws of `samples` images; `fmnist_fd_sd` their spread (several draws). */
  fmnist_fd: number;
  fmnist_fd_sd?: number;
  draws?: number;
  /** Share of the samples in the class the classifier sees least often. */
  min_class_share?: number;
  /** Network passes one image costs (diffusion: two per denoising step with guidance). */
  passes_per_image?: number;
  sharpness_laplacian_var: number;
  coverage: number;
  class_entropy_nats: number;
  /** Share of samples the classifier assigns to the class they were asked for (class-conditional models). */
  class_accuracy?: number;
  /** Images the row was measured on. */
  samples?: number;
}

/** k-NN precision and recall (Kynkäänniemi et al. 2019) of one sampler, in the classifier's features. */
export interface PrecisionRow {
  precision: number;
  recall: number;
  fmnist_fd?: number;
  samples: number;
  /** Diffusion rows: classifier-free guidance and DDIM steps. */
  guidance?: number;
  steps?: number;
}

export interface Manifest {
  version: number;
  models: Record<string, ManifestModel>;
  /** Written by training/evaluate.py: the image-quality table (rows: real, vae, gan, …), and precision and
   * recall of each sampler (rows: real, vae, gan, diffusion_w<guidance>). */
  evaluation?: {
    image_quality?: { rows: Record<string, QualityRow> };
    precision_recall?: { k: number; samples: number; rows: Record<string, PrecisionRow> };
  };
}

export class ManifestError extends Error {
  override name = 'ManifestError';
}

function fail(msg: string): never {
  throw new ManifestError(msg);
}

/** Validates the parsed JSON; throws ManifestError naming the first thing that is wrong. */
export function parseManifest(json: unknown): Manifest {
  if (typeof json !== 'object' || json === null) fail('not a JSON object');
  const m = json as Partial<Manifest>;
  if (typeof m.version !== 'number') fail('missing "version"');
  if (typeof m.models !== 'object' || m.models === null) fail('missing "models"');
  for (const [id, model] of Object.entries(m.models)) {
    if (!Array.isArray(model.files) || model.files.length === 0) fail(`model "${id}" lists no files`);
    for (const f of model.files) {
      checkPlace(id, f);
      if (typeof f.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(f.sha256)) fail(`model "${id}": ${f.path} has no valid sha256`);
      if (f.wire === undefined) continue;
      if (typeof f.wire !== 'object' || f.wire === null) fail(`model "${id}": ${f.path} has a "wire" that is not an object`);
      checkPlace(id, f.wire);
      if (!ENCODINGS.includes(f.wire.encoding))
        fail(`model "${id}": ${f.wire.path} has encoding ${JSON.stringify(f.wire.encoding)}; use one of: ${ENCODINGS.join(', ')}`);
    }
    for (const [role, path] of Object.entries(model.roles ?? {})) {
      if (!model.files.some((f) => f.path === path)) fail(`model "${id}": role "${role}" names ${path}, which is not in its files`);
    }
  }
  return m as Manifest;
}

/** A file's path stays inside the models folder, and it has a byte count. */
function checkPlace(id: string, f: { path: unknown; bytes: unknown }): void {
  if (typeof f.path !== 'string' || f.path.includes('..') || f.path.startsWith('/'))
    fail(`model "${id}": bad file path ${JSON.stringify(f.path)}`);
  if (!Number.isInteger(f.bytes) || (f.bytes as number) <= 0) fail(`model "${id}": ${f.path} has no byte count`);
}

/** The file entry for a role of a model, e.g. fileFor(vae, 'decoder'). */
export function fileFor(model: ManifestModel, role: string): ManifestFile {
  const path = model.roles?.[role];
  const file = model.files.find((f) => f.path === path);
  if (!file) throw new ManifestError(`the model has no "${role}" file (roles: ${Object.keys(model.roles ?? {}).join(', ')})`);
  return file;
}
