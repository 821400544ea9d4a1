// The transformer demo's sampling settings as controls: temperature and top-k sliders, seed and length fields,
// bound to the page's live settings (reactive: a change redraws the page, and a running generation reads the
// settings at every character). `linked()` runs after a change of a setting the link keeps (not the length).
import { html } from 'lit';
import { fmt, t } from '../../core/main-thread/i18n';
import type { TransformerSettings } from '../../models/transformer/entry';
import './transformer.strings';

/** Most characters one Generate writes. */
export const MAX_LENGTH = 2000;

/** Temperature, top-k (up to `vocab`), seed and length. */
export function samplingControls(s: TransformerSettings, vocab: number, linked: () => void) {
  const number = (e: Event) => Number((e.target as HTMLInputElement).value);
  return html`<div class="controls">
      ${slider('temperature', t('tf.temperature'), s.temperature, { min: 0, max: 2, step: 0.05 }, t('tf.temperature.help'), (v) => {
        s.temperature = v;
        linked();
      })}
      ${slider('topk', t('tf.topk'), s.topK, { min: 0, max: vocab, step: 1 }, t('tf.topk.help'), (v) => {
        s.topK = v;
        linked();
      })}
      <label>${t('tf.seed')}<input type="number" data-testid="seed" min="0" max="999999" .value=${String(s.seed)}
        @change=${(e: Event) => {
          s.seed = Math.max(0, Math.min(999999, Math.round(number(e) || 0)));
          linked();
        }}></label>
      <label>${t('tf.length')}<input type="number" data-testid="length" min="1" max=${MAX_LENGTH} .value=${String(s.length)}
        @change=${(e: Event) => {
          s.length = Math.max(1, Math.min(MAX_LENGTH, Math.round(number(e) || 1)));
        }}></label>
    </div>`;
}

function slider(
  id: string,
  label: string,
  value: number,
  range: { min: number; max: number; step: number },
  help: string,
  set: (v: number) => void,
) {
  return html`
    <label title=${help}>${label}<input type="range" data-testid=${id} min=${range.min} max=${range.max} step=${range.step}
      .value=${String(value)}
      @input=${(e: Event) => set(Number((e.target as HTMLInputElement).value))}>
      <output>${fmt(value, range.step < 1 ? 2 : 0)}</output></label>`;
}
