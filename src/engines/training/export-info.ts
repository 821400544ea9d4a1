// What a model exported from a training page says about itself: the description each of its ONNX files carries
// in its metadata (and the JSON beside them), one shape per kind of model, and the check that tells a file of
// ours from any other. The exporters: model-export.ts (VAE, GAN), gpt-export.ts (GPT), and
// engines/radiance/field-onnx.ts (radiance field). No DOM.
import { type NerfMeta, NerfFormatError, parseNerfMeta } from '../nerf/nerf-field';
import type { BlockState, Layer } from './plan';
import type { TensorInput } from '../onnx/onnx-writer';

/** The `format` of our exported files' description: a file without it is not one of ours. */
export const EXPORT_FORMAT = 'generative-models-playground/trained-model@1';
/** The metadata key (ONNX metadata_props) under which each exported file carries its description. */
export const EXPORT_METADATA_KEY = 'generative-models-playground';

export type ExportedPart = 'encoder' | 'decoder' | 'generator' | 'discriminator' | 'gpt' | 'field';
export type ExportedModelId = 'vae' | 'gan' | 'gpt' | 'nerf';

/** The ONNX files of each model kind. */
export const EXPORTED_PARTS: Record<ExportedModelId, readonly ExportedPart[]> = {
  vae: ['encoder', 'decoder'],
  gan: ['generator', 'discriminator'],
  gpt: ['gpt'],
  nerf: ['field'],
};

/** The file name a part is exported as. */
export const exportedName = (model: ExportedModelId, part: ExportedPart): string =>
  part === model ? `${model}.onnx` : `${model}-${part}.onnx`;

/** The demo each kind of model opens in (its route). */
export const DEMO_OF: Record<ExportedModelId, 'vae' | 'gan' | 'transformer' | 'nerf'> = {
  vae: 'vae',
  gan: 'gan',
  gpt: 'transformer',
  nerf: 'nerf',
};

interface CommonInfo {
  format: typeof EXPORT_FORMAT;
  step: number;
  /** where the training data came from, in the page's words */
  data: string;
  /** the last losses, and the yardstick's figures when there were any */
  figures: Record<string, number>;
  settings: { seed: number; batch: number; learningRate: number };
  exportedAt: string;
}

export interface ImageExportInfo extends CommonInfo {
  model: 'vae' | 'gan';
  /** latent width (z's second dimension), hidden width, image shape */
  sizes: { latent: number; hidden: number; image: [1, 28, 28] };
  images: number;
  /** VAE: KL divergence per latent dimension on the training images (nats), and the dimensions by it, largest first */
  klPerDim?: number[];
  sliderOrder?: number[];
}

export interface GptExportInfo extends CommonInfo {
  model: 'gpt';
  /** the key/value cache is [layers, 2, heads, context, embd / heads]; logits [1, T, vocab] */
  sizes: { layers: number; heads: number; embd: number; context: number; vocab: number };
  /** token id → character, and the replacements made before lookup (as in transformer/vocab.json) */
  vocab: { chars: string[]; aliases: Record<string, string> };
  /** characters of the training text */
  characters: number;
}

export interface FieldExportInfo extends CommonInfo {
  model: 'nerf';
  /** vertices of the density and colour grids, colour channels, the colour MLP's hidden width */
  sizes: { grid: [number, number, number]; channels: number; hidden: number };
  photos: number;
  /** what the demo reads beside field.onnx (box, grid sizes, sampling rules, camera, the photos' poses) */
  scene: NerfMeta;
}

export type ExportInfo = ImageExportInfo | GptExportInfo | FieldExportInfo;

export interface ExportedFile {
  part: ExportedPart | 'occupancy';
  name: string;
  bytes: Uint8Array;
}

/** A trained model's files and their description. */
export interface ExportedModel<I extends ExportInfo = ExportInfo> {
  files: ExportedFile[];
  info: I;
}

/** The description as the metadata each file carries. */
export function exportMetadata(info: ExportInfo): Record<string, string> {
  return { [EXPORT_METADATA_KEY]: JSON.stringify(info) };
}

/** A layer's weight [out, in] and bias [out] as initializers named `<prefix>.weight`, `<prefix>.bias`. */
export function layerTensors(state: BlockState, l: Layer, prefix: string): TensorInput[] {
  return [
    { name: `${prefix}.weight`, dims: [l.out, l.in], data: state.p.slice(l.w, l.w + l.out * l.in) },
    { name: `${prefix}.bias`, dims: [l.out], data: state.p.slice(l.b, l.b + l.out) },
  ];
}

/** Why a file is not a model exported here (thrown by `exportedInfo`). */
export class NotOurModelError extends Error {}

const count = (v: unknown, max: number) => Number.isInteger(v) && (v as number) > 0 && (v as number) <= max;

/** The largest GPT a demo opens: about twice what #/train-text trains (4 blocks of 128 over 128 characters). */
export const GPT_LIMITS = { layers: 8, heads: 16, embd: 256, context: 256, vocab: 256 } as const;

/** A vocabulary as the tokenizer needs it: distinct single characters, aliases mapping characters to text. */
function vocabOk(v: Partial<GptExportInfo['vocab']> | undefined, size: unknown): boolean {
  const chars = v?.chars;
  if (!Array.isArray(chars) || chars.length !== size) return false;
  if (!chars.every((c) => typeof c === 'string' && [...c].length === 1) || new Set(chars).size !== chars.length) return false;
  const aliases = v?.aliases;
  return !!aliases && typeof aliases === 'object' && Object.values(aliases).every((a) => typeof a === 'string');
}

/** A radiance field the renderers can march: its scene's sizes sane and its grids those of `sizes`. */
function sceneOk(info: Partial<FieldExportInfo>): boolean {
  try {
    const scene = parseNerfMeta(info.scene);
    const grid = info.sizes?.grid;
    const sane = scene.cells.every((c) => count(c, 512)) && scene.step_ratio >= 0.05 && scene.step_ratio <= 10 && scene.voxel >= 1e-4;
    return sane && Array.isArray(grid) && grid.every((d, a) => count(d, 1024) && scene.density_dims[a] === d) && count(scene.hidden, 256);
  } catch (e) {
    if (e instanceof NerfFormatError) return false;
    throw e;
  }
}

/** Whether the description is one a demo can build a model of (every number checked, nothing trusted). */
function describedOk(info: Partial<ExportInfo>): boolean {
  const s = info.sizes as Record<string, unknown> | undefined;
  const common = typeof info.data === 'string' && !!info.figures && Object.values(info.figures).every((v) => Number.isFinite(v));
  if (!s || !common || !Number.isInteger(info.step)) return false;
  if (info.model === 'vae' || info.model === 'gan') {
    const { klPerDim: kl, sliderOrder: order } = info as Partial<ImageExportInfo>;
    const Z = s.latent as number;
    const klOk = kl === undefined || (Array.isArray(kl) && kl.length === Z && kl.every((v) => Number.isFinite(v)));
    const orderOk =
      order === undefined ||
      (Array.isArray(order) &&
        order.length === Z &&
        new Set(order).size === Z &&
        order.every((i) => Number.isInteger(i) && i >= 0 && i < Z));
    return count(s.latent, 512) && count(s.hidden, 4096) && klOk && orderOk;
  }
  if (info.model === 'gpt') {
    const limits = Object.entries(GPT_LIMITS) as [keyof typeof GPT_LIMITS, number][];
    return (
      limits.every(([k, max]) => count(s[k], max)) &&
      (s.embd as number) % (s.heads as number) === 0 &&
      vocabOk((info as Partial<GptExportInfo>).vocab, s.vocab) &&
      Number.isInteger((info as Partial<GptExportInfo>).characters)
    );
  }
  if (info.model === 'nerf') return sceneOk(info as Partial<FieldExportInfo>);
  return false;
}

/** The description an exported file carries, checked; throws NotOurModelError for any other file. */
export function exportedInfo(metadata: ReadonlyMap<string, string>): ExportInfo {
  const text = metadata.get(EXPORT_METADATA_KEY);
  let info: Partial<ExportInfo> | undefined;
  try {
    info = text ? (JSON.parse(text) as Partial<ExportInfo>) : undefined;
  } catch {
    info = undefined;
  }
  const ok = info?.format === EXPORT_FORMAT && Object.hasOwn(EXPORTED_PARTS, info.model ?? '') && describedOk(info);
  if (!ok) throw new NotOurModelError(text ? 'its description is not one we write' : 'it carries no description of ours');
  return info as ExportInfo;
}
