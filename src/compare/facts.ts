// The facts the compare page puts side by side: per model kind what the manifest says (size, training,
// quality) and what was measured on this device (ms per sample). No DOM.
import type { Manifest, PrecisionRow, QualityRow } from '../core/any-thread/manifest';
import { entryFor, KINDS, type ModelKind } from '../models/registry';

export type { ModelKind };
export { KINDS };

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
  quality: {
    fd?: number;
    /** Images the FD was measured on, and (diffusion) the DDIM steps of the row it comes from. */
    fdSamples?: number;
    fdSteps?: number;
    coverage?: number;
    sharpness?: number;
    classEntropy?: number;
    valLoss?: number;
    psnr?: number;
  };
  /** ms per sample (the registry entry's `sample`) measured here, if measured. */
  msPerSample?: number;
  engine?: string;
}

export interface Reference {
  /** Sharpness and FD of real Fashion-MNIST images (the floor the image models aim at). */
  realSharpness?: number;
  realFd?: number;
  /** Precision and recall of each sampler (training/evaluate.py --precision), where measured. */
  precision?: { samples: number; rows: Record<string, PrecisionRow> };
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * A kind's image-quality row. FD depends on how many images it compares, so where the diffusion model's
 * 50-step row was measured on fewer images than the GAN's, its row with the GAN's count (fewer steps) stands in.
 */
function qualityRow(rows: Record<string, QualityRow>, kind: ModelKind): QualityRow | undefined {
  if (kind !== 'diffusion' || !rows.gan || rows.diffusion?.samples === rows.gan.samples) return rows[kind];
  return Object.entries(rows).find(([k, r]) => k.startsWith('diffusion') && r.samples === rows.gan.samples)?.[1] ?? rows[kind];
}

/** The facts of every kind the manifest has, with measurements where given. */
export function factsFrom(
  manifest: Manifest,
  measured: Partial<Record<ModelKind, Measured>> = {},
): { models: Partial<Record<ModelKind, ModelFacts>>; reference: Reference } {
  const rows = manifest.evaluation?.image_quality?.rows ?? {};
  const models: Partial<Record<ModelKind, ModelFacts>> = {};
  for (const kind of KINDS) {
    const m = manifest.models[kind];
    if (!m) continue;
    const q = qualityRow(rows, kind);
    const training = m.training;
    const meas = measured[kind];
    models[kind] = {
      kind,
      params: m.params.total ?? Object.values(m.params).reduce((s, v) => s + v, 0),
      downloadBytes: m.files.reduce((s, f) => s + f.bytes, 0),
      training: {
        seconds: num(training.wall_time_s) ?? NaN,
        device: String(training.device ?? ''),
        steps: num(training.steps) ?? NaN,
        stoppedByTimeLimit: training.stopped_by_time_limit === true,
      },
      data: entryFor(kind).trainingData(m),
      quality: {
        fd: q?.fmnist_fd,
        fdSamples: q?.samples,
        fdSteps: q?.passes_per_image !== undefined && kind === 'diffusion' ? q.passes_per_image / 2 : undefined,
        coverage: q?.coverage,
        sharpness: q?.sharpness_laplacian_var,
        classEntropy: q?.class_entropy_nats,
        valLoss: num(m.metrics.val_loss_nats_per_char),
        psnr: num(m.metrics.test_psnr_db),
      },
      msPerSample: meas ? meas.ms * entryFor(kind).sample.perMeasured : undefined,
      engine: meas?.engine,
    };
  }
  // precision rows as they are used: a row without both numbers is left out
  const given = manifest.evaluation?.precision_recall;
  const pr =
    given && num(given.samples) !== undefined && typeof given.rows === 'object' && given.rows
      ? {
          samples: given.samples,
          rows: Object.fromEntries(
            Object.entries(given.rows).filter(([, r]) => num(r?.precision) !== undefined && num(r?.recall) !== undefined),
          ),
        }
      : undefined;
  return {
    models,
    reference: {
      realSharpness: rows.real?.sharpness_laplacian_var,
      realFd: rows.real?.fmnist_fd,
      precision: pr ? { samples: pr.samples, rows: pr.rows } : undefined,
    },
  };
}
