// Models trained on a training page and exported there (engines/training/export-info.ts), on their way into a
// demo: kept in this tab by the training page, or read back from files the visitor exported earlier and picks
// or drops again. A file that is not one of ours is refused with the reason. Main thread only.
import {
  DEMO_OF,
  EXPORTED_PARTS,
  type ExportedFile,
  type ExportedModel,
  type ExportedModelId,
  type ExportInfo,
  exportedInfo,
  exportedName,
  NotOurModelError,
} from '../engines/training/export-info';
import { type OnnxGraph, OnnxFormatError, readGraph, readMetadata } from '../engines/onnx/onnx-reader';
import { keepModel, keptModel } from './kept-models';

/** What a demo opens from `?model=trained`: the files by part and their description. */
export interface TrainedModel<I extends ExportInfo = ExportInfo> {
  files: Partial<Record<ExportedFile['part'], Uint8Array>>;
  info: I;
}

/** The files of a model by part. */
const byPart = (files: readonly ExportedFile[]) => Object.fromEntries(files.map((f) => [f.part, f.bytes]));

/** Keeps a model for its demo in this tab (a newer one replaces it). */
export function keepTrained(m: TrainedModel): void {
  keepModel<TrainedModel>(m.info.model, { model: m, step: m.info.step, data: m.info.data, score: m.info.figures.fd });
}

/** Keeps an exported model in this tab for its demo; returns the demo's link that opens it. */
export function keepForDemo(m: ExportedModel): string {
  keepTrained({ files: byPart(m.files), info: m.info });
  return `#/${DEMO_OF[m.info.model]}?model=trained`;
}

/** The model kept for demo `id`, if this tab has one. */
export function keptTrained<I extends ExportInfo>(id: I['model']): TrainedModel<I> | undefined {
  return keptModel<TrainedModel<I>>(id)?.model;
}

/** Why picked files cannot be opened as a model of this demo (the message names the reason). */
export class PickedFilesError extends Error {
  constructor(
    readonly reason: 'not-ours' | 'other-model' | 'missing' | 'mixed' | 'damaged',
    readonly detail = '',
  ) {
    super(reason);
  }
}

/** Which part an exported file is, from its graph's outputs. */
function partOf(graph: OnnxGraph, model: ExportedModelId): ExportedFile['part'] {
  const outputs = graph.outputs.map((o) => o.name);
  if (model === 'vae') return outputs.includes('mu') ? 'encoder' : 'decoder';
  if (model === 'gan') return outputs.includes('score') ? 'discriminator' : 'generator';
  return model === 'gpt' ? 'gpt' : 'field';
}

/** The tables a part's weights must have for its description's sizes (name → dims). */
function expectedTables(info: ExportInfo, part: ExportedFile['part']): Record<string, number[]> {
  const prod = (v: readonly number[]) => v.reduce((a, b) => a * b, 1);
  if (info.model === 'gpt') {
    const { layers: L, embd: E, context: C, vocab: V } = info.sizes;
    return {
      'gpt.tok_emb.weight': [V, E],
      'gpt.pos_emb.weight': [C, E],
      [`gpt.blocks.${L - 1}.fc.weight`]: [4 * E, E],
      'gpt.head.weight': [V, E],
    };
  }
  if (info.model === 'nerf') {
    const s = info.scene;
    return {
      density: [prod(s.density_dims), 1],
      features: [prod(s.feature_dims), s.channels],
      'mlp.0.weight': [s.hidden, s.channels + 9],
      'mlp.2.weight': [s.hidden, s.hidden],
      'mlp.4.weight': [3, s.hidden],
    };
  }
  const { latent: Z, hidden: H } = info.sizes;
  const first = {
    encoder: ['encoder.1.weight', [2 * Z, H]],
    decoder: ['decoder.0.weight', [H, Z]],
    generator: ['generator.0.weight', [H, Z]],
  };
  const pair = first[part as keyof typeof first] as [string, number[]] | undefined;
  return pair ? { [pair[0]]: pair[1] } : { 'discriminator.0.weight': [H, 784] };
}

/** Whether the file's weights have the sizes its description claims (and no block more, for a GPT). */
function weightsMatch(graph: OnnxGraph, info: ExportInfo, part: ExportedFile['part']): boolean {
  const same = Object.entries(expectedTables(info, part)).every(([name, dims]) => {
    const t = graph.initializers.get(name);
    return !!t?.data && t.dims.length === dims.length && t.dims.every((d, i) => d === dims[i]);
  });
  return same && !(info.model === 'gpt' && graph.initializers.has(`gpt.blocks.${info.sizes.layers}.ln1.weight`));
}

/** The extra files a model needs beside its ONNX files (a radiance field's occupancy bits). */
const EXTRA_FILES: Partial<Record<ExportedModelId, { part: 'occupancy'; name: string }>> = {
  nerf: { part: 'occupancy', name: 'nerf-occupancy.bin' },
};

/** An ONNX file the visitor picked, its graph and the description it carries (anything else: PickedFilesError). */
async function readOurs(file: File): Promise<{ bytes: Uint8Array; graph: OnnxGraph; info: ExportInfo }> {
  let bytes: Uint8Array;
  let info: ExportInfo;
  try {
    if (file.size > 64e6) throw new NotOurModelError('it is far larger than any model exported here');
    bytes = new Uint8Array(await file.arrayBuffer());
    info = exportedInfo(readMetadata(bytes));
  } catch (e) {
    if (e instanceof NotOurModelError || e instanceof OnnxFormatError) throw new PickedFilesError('not-ours', file.name);
    throw e;
  }
  try {
    return { bytes, graph: readGraph(bytes), info };
  } catch (e) {
    if (e instanceof OnnxFormatError || e instanceof RangeError || e instanceof TypeError) throw new PickedFilesError('damaged', file.name);
    throw e;
  }
}

/** Files the visitor picked or dropped (all parts of one model exported here), read and checked for demo `model`. */
export async function readPickedFiles(picked: readonly File[], model: ExportedModelId): Promise<TrainedModel> {
  const files: TrainedModel['files'] = {};
  let info: ExportInfo | undefined;
  const extra = EXTRA_FILES[model];
  const lower = (f: File) => f.name.toLowerCase();
  for (const file of picked.filter((f) => !lower(f).endsWith('.json') && !(extra && lower(f).endsWith('.bin')))) {
    const own = await readOurs(file);
    if (own.info.model !== model) throw new PickedFilesError('other-model', file.name);
    if (info && (info.exportedAt !== own.info.exportedAt || info.step !== own.info.step)) throw new PickedFilesError('mixed', file.name);
    info = own.info;
    const part = partOf(own.graph, model);
    if (!weightsMatch(own.graph, own.info, part)) throw new PickedFilesError('damaged', file.name);
    files[part] = own.bytes;
  }
  const bin = extra && picked.find((f) => lower(f).endsWith('.bin'));
  if (extra && bin) {
    if (bin.size > 64e6) throw new PickedFilesError('damaged', bin.name);
    files[extra.part] = new Uint8Array(await bin.arrayBuffer());
  }
  const names = [...EXPORTED_PARTS[model].map((p) => ({ part: p, name: exportedName(model, p) })), ...(extra ? [extra] : [])];
  const missing = names.filter((p) => !files[p.part]);
  if (!info || missing.length) throw new PickedFilesError('missing', missing.map((p) => p.name).join(', '));
  return { files, info };
}
