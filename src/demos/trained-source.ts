// What the demos share for a model trained on a training page: the `model=trained` link parameter, the
// banner that says the model on show is yours (with the way back to ours), and the picker that opens files
// exported here earlier (ui/trained-models.ts checks them; anything else is refused with the reason).
import { html, nothing } from 'lit';
import { fmt, fmtInt, t } from '../core/main-thread/i18n';
import './trained.strings';
import { choiceParam, type Param } from '../core/any-thread/url-state';
import { keepTrained, PickedFilesError, readPickedFiles, type TrainedModel } from '../ui/trained-models';
import type { ExportedModelId, GptExportInfo, ImageExportInfo } from '../engines/training/export-info';
import { messageOf } from '../core/any-thread/errors';

export const MODEL_SOURCES = ['shipped', 'trained'] as const;
export type ModelSource = (typeof MODEL_SOURCES)[number];

/** `model=trained` in the link: the model trained in this tab instead of ours. */
export function sourceParam<D>(get: (d: D) => ModelSource, set: (d: D, v: ModelSource) => void): Param<D> {
  return choiceParam({
    name: 'model',
    allowed: MODEL_SOURCES,
    fallback: 'shipped',
    why: () => t('trained.url'),
    get,
    set,
    format: (v) => (v === 'shipped' ? undefined : v),
  });
}

/** Parameters of a two-layer network with these widths (the exported files' sizes). */
export function trainedParams(info: ImageExportInfo): { main: number; total: number } {
  const { latent: Z, hidden: H } = info.sizes;
  const P = 784;
  const layer = (i: number, o: number) => i * o + o;
  if (info.model === 'vae') {
    const main = layer(Z, H) + layer(H, P);
    return { main, total: main + layer(P, H) + layer(H, 2 * Z) };
  }
  const main = layer(Z, H) + layer(H, P);
  return { main, total: main + layer(P, H) + layer(H, 1) };
}

/** The banner over a demo that shows a model trained here: what it is, and the way back to ours. */
export function trainedBanner(info: ImageExportInfo | GptExportInfo | undefined, back: () => void) {
  if (!info) return nothing;
  const fd = info.figures.fd;
  const loss = info.figures.heldOut;
  const score =
    fd !== undefined ? t('trained.score', { fd: fmt(fd, 0) }) : loss !== undefined ? t('trained.loss', { loss: fmt(loss, 2) }) : '';
  const page = info.model === 'gpt' ? '#/train-text' : '#/train';
  return html`<section class="panel" data-testid="trained-banner" role="status">
    <p>${t(`trained.banner.${info.model}`, { step: fmtInt(info.step), data: info.data, score })}</p>
    <p><button data-testid="show-shipped" @click=${back}>${t('trained.back')}</button> <a href=${page}>${t('trained.train')}</a></p>
  </section>`;
}

/**
 * The picker (and drop zone) for files exported from a training page. A model of ours goes to `open`
 * (which may still refuse it by throwing: its message is said); anything else gives `refused` the
 * visitor's message and changes nothing.
 */
export function trainedPicker(model: ExportedModelId, open: (m: TrainedModel) => void | Promise<void>, refused: (message: string) => void) {
  const take = async (files: File[]) => {
    if (!files.length) return;
    const kind = t(`trained.kind.${model}`);
    try {
      await open(await readPickedFiles(files, model));
    } catch (err) {
      if (err instanceof PickedFilesError) refused(t(`trained.refused.${err.reason}`, { file: err.detail, model: kind }));
      else {
        console.warn('a picked model could not be opened:', messageOf(err)); // for developers; the visitor reads the line below
        refused(t('trained.refused.damaged', { file: files.map((f) => f.name).join(', ') }));
      }
    }
  };
  const pick = (e: Event) => {
    const input = e.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    void take(files);
  };
  const over = (e: DragEvent) => {
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
  };
  const drop = (e: DragEvent) => {
    e.preventDefault();
    void take([...(e.dataTransfer?.files ?? [])]);
  };
  const accept = model === 'nerf' ? '.onnx,.bin,.json' : '.onnx,.json';
  return html`<details class="trained-pick" data-testid="model-drop" @dragover=${over} @drop=${drop}><summary>${t(`trained.pick.${model}`)} <span class="small">(${t('trained.drop')})</span></summary>
    <p class="small">${t(`trained.pick.help.${model}`)}</p>
    <input type="file" multiple accept=${accept} data-testid="model-file" aria-label=${t(`trained.pick.${model}`)} @change=${pick} />
  </details>`;
}

/** Where a demo keeps the sentence about a refused file, and how it opens an accepted one. */
export interface PickerHost {
  /** The refusal on show, if any. */
  refused: string | undefined;
  setRefused(message: string): void;
  /** Opens an accepted model (default: keep it for this demo and `show` the trained one). */
  open?: (m: TrainedModel) => void | Promise<void>;
  show?: (source: 'trained') => Promise<void>;
}

/** The picker (trainedPicker) with the line that says why a file was refused, as every demo shows them. */
export function pickerWithRefusal(model: ExportedModelId, host: PickerHost) {
  const open =
    host.open ??
    ((picked: TrainedModel) => {
      keepTrained(picked);
      void host.show?.('trained');
    });
  return html`${trainedPicker(model, open, (m) => host.setRefused(m))}
    ${host.refused ? html`<p class="error" role="alert" data-testid="model-file-problem">${host.refused}</p>` : nothing}`;
}
