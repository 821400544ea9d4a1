// Image models trained on #/train and exported there (engines/training/model-export.ts), on their way into a
// demo: kept in this tab by the training page, or read back from files the visitor exported earlier and picks
// again. A file that is not one of ours is refused with the reason. Main thread only.
import { exportedInfo, EXPORTED_PARTS, type ExportedFile, type ExportInfo, NotOurModelError } from '../engines/training/model-export';
import { OnnxFormatError, readGraph, readMetadata } from '../engines/onnx/onnx-reader';
import { keepModel, keptModel } from './kept-models';

export type TrainedModelId = ExportInfo['model'];

/** What a demo opens from `?model=trained`: the files by part and their description. */
export interface TrainedImageModel {
  files: Partial<Record<ExportedFile['part'], Uint8Array>>;
  info: ExportInfo;
}

/** Keeps an exported model in this tab for its demo; returns the demo's link that opens it. */
export function keepForDemo(m: { files: ExportedFile[]; info: ExportInfo }): string {
  const files = Object.fromEntries(m.files.map((f) => [f.part, f.bytes]));
  keepModel<TrainedImageModel>(m.info.model, {
    model: { files, info: m.info },
    step: m.info.step,
    data: m.info.data,
    score: m.info.figures.fd,
  });
  return `#/${m.info.model}?model=trained`;
}

/** The model kept for demo `id`, if this tab has one. */
export function keptTrained(id: TrainedModelId): TrainedImageModel | undefined {
  return keptModel<TrainedImageModel>(id)?.model;
}

/** Why picked files cannot be opened as a model of this demo (the message names the reason). */
export class PickedFilesError extends Error {
  constructor(
    readonly reason: 'not-ours' | 'other-model' | 'missing' | 'mixed',
    readonly detail = '',
  ) {
    super(reason);
  }
}

/** Which part an exported file is, from its graph's outputs. */
function partOf(bytes: Uint8Array, model: TrainedModelId): ExportedFile['part'] {
  const outputs = readGraph(bytes).outputs.map((o) => o.name);
  if (model === 'vae') return outputs.includes('mu') ? 'encoder' : 'decoder';
  return outputs.includes('score') ? 'discriminator' : 'generator';
}

/** Files the visitor picked (both parts of one model exported here), read and checked for demo `model`. */
export async function readPickedFiles(picked: readonly File[], model: TrainedModelId): Promise<TrainedImageModel> {
  const files: TrainedImageModel['files'] = {};
  let info: ExportInfo | undefined;
  for (const file of picked.filter((f) => !f.name.toLowerCase().endsWith('.json'))) {
    let bytes: Uint8Array;
    let own: ExportInfo;
    try {
      if (file.size > 64e6) throw new NotOurModelError('it is far larger than any model exported here');
      bytes = new Uint8Array(await file.arrayBuffer());
      own = exportedInfo(readMetadata(bytes));
    } catch (e) {
      if (e instanceof NotOurModelError || e instanceof OnnxFormatError) throw new PickedFilesError('not-ours', file.name);
      throw e;
    }
    if (own.model !== model) throw new PickedFilesError('other-model', file.name);
    if (info && (info.exportedAt !== own.exportedAt || info.step !== own.step)) throw new PickedFilesError('mixed', file.name);
    info = own;
    files[partOf(bytes, model)] = bytes;
  }
  const missing = EXPORTED_PARTS[model].filter((p) => !files[p]);
  if (!info || missing.length) throw new PickedFilesError('missing', missing.map((p) => `${model}-${p}.onnx`).join(', '));
  return { files, info };
}
