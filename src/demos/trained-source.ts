// What the VAE and GAN demos share for a model trained on #/train: the `model=trained` link parameter, the
// banner that says the model on show is yours (with the way back to ours), and the picker that opens files
// exported here earlier (ui/trained-models.ts checks them; anything else is refused with the reason).
import { html, nothing } from 'lit';
import { fmt, fmtInt, t } from '../core/main-thread/i18n';
import './trained.strings';
import { choiceParam, type Param } from '../core/any-thread/url-state';
import { PickedFilesError, readPickedFiles, type TrainedImageModel, type TrainedModelId } from '../ui/trained-models';
import { keepModel } from '../ui/kept-models';

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
export function trainedParams(info: TrainedImageModel['info']): { main: number; total: number } {
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
export function trainedBanner(info: TrainedImageModel['info'] | undefined, back: () => void) {
  if (!info) return nothing;
  const fd = info.figures.fd;
  return html`<section class="panel" data-testid="trained-banner" role="status">
    <p>${t(`trained.banner.${info.model}`, { step: fmtInt(info.step), data: info.data, score: fd === undefined ? '' : t('trained.score', { fd: fmt(fd, 0) }) })}</p>
    <p><button data-testid="show-shipped" @click=${back}>${t('trained.back')}</button> <a href="#/train">${t('trained.train')}</a></p>
  </section>`;
}

/**
 * The picker for files exported from #/train (both parts at once). A file of ours is kept in this tab and
 * `open` shows it; anything else gives `refused` the visitor's message and changes nothing.
 */
export function trainedPicker(model: TrainedModelId, open: () => void, refused: (message: string) => void) {
  const pick = async (e: Event) => {
    const input = e.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    if (!files.length) return;
    try {
      const m = await readPickedFiles(files, model);
      keepModel<TrainedImageModel>(model, { model: m, step: m.info.step, data: m.info.data, score: m.info.figures.fd });
      open();
    } catch (err) {
      if (!(err instanceof PickedFilesError)) throw err;
      refused(t(`trained.refused.${err.reason}`, { file: err.detail, model: t(`trained.kind.${model}`) }));
    }
  };
  return html`<details><summary>${t(`trained.pick.${model}`)}</summary>
    <p class="small">${t('trained.pick.help')}</p>
    <input type="file" multiple accept=".onnx,.json" data-testid="model-file" aria-label=${t(`trained.pick.${model}`)} @change=${(e: Event) => void pick(e)} />
  </details>`;
}
