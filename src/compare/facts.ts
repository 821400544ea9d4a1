// The facts the compare page puts side by side: per model kind what the manifest says (size, training,
// quality) and what was measured on this device (ms per sample). No DOM.
import type { Manifest, ManifestModel } from '../core/manifest';

export const KINDS = ['vae', 'gan', 'diffusion', 'transformer', 'nerf'] as const;
export type ModelKind = (typeof KINDS)[number];

/** What "one sample" is for each kind, and how the worker's timed unit becomes one. */
export const SAMPLE: Record<ModelKind, { unit: string; perMeasured: number }> = {
  vae: { unit: 'one 28×28 image (one decoder call)', perMeasured: 1 },
  gan: { unit: 'one 28×28 image (one generator call)', perMeasured: 1 },
  // the demo's default: DDIM, 50 steps, each one guided U-Net call (conditional + unconditional, batch 2)
  diffusion: { unit: 'one 28×28 image (50 DDIM steps × one guided U-Net call)', perMeasured: 50 },
  // a short line of text: 64 characters, one cached step each
  transformer: { unit: '64 characters (64 steps with the KV cache)', perMeasured: 64 },
  // one 64×64 frame of the default view (what the NeRF worker times)
  nerf: { unit: 'one 64×64 view of the scene', perMeasured: 1 },
};

export interface Measured {
  /** Median ms of the worker's timed unit on the fastest engine. */
  ms: number;
  engine: string;
  /** Every engine's median, for the table's note. */
  medians: Record<string, number>;
}

export interface ModelFacts {
  kind: ModelKind;
  params: number;
  downloadBytes: number;
  training: { seconds: number; device: string; steps: number; stoppedByTimeLimit: boolean };
  /** How much training data: images, characters or views. */
  data: { amount: number; unit: 'images' | 'characters' | 'views' };
  quality: { fd?: number; coverage?: number; sharpness?: number; classEntropy?: number; valLoss?: number; psnr?: number };
  /** ms per sample (SAMPLE[kind]) measured here, if measured. */
  msPerSample?: number;
  engine?: string;
}

export interface Reference {
  /** Sharpness and FD of real Fashion-MNIST images (the floor the image models aim at). */
  realSharpness?: number;
  realFd?: number;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function dataOf(kind: ModelKind, m: ManifestModel): ModelFacts['data'] {
  const d = m.dataset as unknown as Record<string, unknown>;
  if (kind === 'transformer') return { amount: num(d.train_chars) ?? 0, unit: 'characters' };
  if (kind === 'nerf') return { amount: num(d.train_views) ?? 0, unit: 'views' };
  return { amount: num(d.train_size) ?? 0, unit: 'images' };
}

/** The facts of every kind the manifest has, with measurements where given. */
export function factsFrom(manifest: Manifest, measured: Partial<Record<ModelKind, Measured>> = {}): { models: Partial<Record<ModelKind, ModelFacts>>; reference: Reference } {
  const rows = manifest.evaluation?.image_quality?.rows ?? {};
  const models: Partial<Record<ModelKind, ModelFacts>> = {};
  for (const kind of KINDS) {
    const m = manifest.models[kind];
    if (!m) continue;
    const q = rows[kind];
    const training = m.training as unknown as Record<string, unknown>;
    const meas = measured[kind];
    models[kind] = {
      kind,
      params: m.params.total ?? Object.values(m.params).reduce((s, v) => s + v, 0),
      downloadBytes: m.files.reduce((s, f) => s + f.bytes, 0),
      training: { seconds: num(training.wall_time_s) ?? NaN, device: String(training.device ?? ''), steps: num(training.steps) ?? NaN, stoppedByTimeLimit: training.stopped_by_time_limit === true },
      data: dataOf(kind, m),
      quality: {
        fd: q?.fmnist_fd, coverage: q?.coverage, sharpness: q?.sharpness_laplacian_var, classEntropy: q?.class_entropy_nats,
        valLoss: num(m.metrics.val_loss_nats_per_char), psnr: num(m.metrics.test_psnr_db),
      },
      msPerSample: meas ? meas.ms * SAMPLE[kind].perMeasured : undefined,
      engine: meas?.engine,
    };
  }
  return { models, reference: { realSharpness: rows.real?.sharpness_laplacian_var, realFd: rows.real?.fmnist_fd } };
}
