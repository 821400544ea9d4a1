// The buttons and settings of #/train as a template without state: start, pause, one step, reset, the engine,
// and the settings that start the models again (images, batch, seed, learning rates, classes).
import { html } from 'lit';
import { fmtInt, t, type MessageKey } from '../core/main-thread/i18n';
import type { WebGpuReport } from '../core/main-thread/webgpu-report';
import { webGpuReason } from '../ui/webgpu-reason';
import type { TrainPhase } from '../models/training/session';
import { ALL_CLASSES, BATCHES, SUBSETS, TRAIN_ENGINES, type TrainSettings } from './train-settings';
import './train.strings';
import '../ui/fashion-mnist.strings';

export interface ControlsView {
  settings: TrainSettings;
  webgpu: WebGpuReport | undefined;
  /** The worker is loading, starting or failed: nothing to press but the settings. */
  busy: boolean;
  /** The page could not start: the engine may still be changed. */
  error: boolean;
  phase: TrainPhase;
  step: number;
  /** A setting changed to `patch`. */
  change: (patch: Partial<TrainSettings>) => void;
  /** An input was refused: the controls go back to the settings. */
  refuse: () => void;
  play: () => void;
  pause: () => void;
  oneStep: () => void;
  reset: () => void;
}

const value = (e: Event) => (e.target as HTMLInputElement | HTMLSelectElement).value;

export function trainControls(v: ControlsView) {
  const s = v.settings;
  const running = v.phase === 'running' || v.phase === 'pausing';
  const wgslOff = v.webgpu && !v.webgpu.available ? webGpuReason(v.webgpu) : undefined;
  return html`<section>
    <div class="controls">
      <button data-testid="train-start" ?disabled=${v.busy || running} @click=${v.play}>${t(v.step > 0 ? 'train.resume' : 'train.start')}</button>
      <button data-testid="train-pause" ?disabled=${v.phase !== 'running'} @click=${v.pause}>${t('train.pause')}</button>
      <button data-testid="train-step" ?disabled=${v.busy || running} @click=${v.oneStep}>${t('train.step')}</button>
      <button data-testid="train-reset" ?disabled=${v.busy} @click=${v.reset}>${t('train.reset')}</button>
      <label>${t('train.engine')}
        <select data-testid="engine" ?disabled=${v.busy && !v.error} @change=${(e: Event) => v.change({ engine: value(e) as TrainSettings['engine'] })}>
          ${TRAIN_ENGINES.map((en) => {
            const off = en === 'wgsl' ? wgslOff : undefined;
            return html`<option value=${en} ?selected=${en === s.engine} ?disabled=${!!off}>${off ? t('train.engine.off', { engine: en, reason: off }) : t(`train.engine.${en}`)}</option>`;
          })}
        </select></label>
    </div>
    ${settings(v)}
  </section>`;
}

function settings(v: ControlsView) {
  const s = v.settings;
  const toggle = (c: number, on: boolean) => {
    const classes = on ? [...new Set([...s.classes, c])].sort((a, b) => a - b) : s.classes.filter((x) => x !== c);
    if (classes.length) v.change({ classes });
    else v.refuse(); // the last class stays: the checkbox goes back on
  };
  const numberInput = (id: string, label: MessageKey, current: number, patch: (x: number) => Partial<TrainSettings>, step: string) =>
    html`<label>${t(label)} <input data-testid=${id} type="number" min="0.00001" max="0.01" step=${step} .value=${String(current)}
      @change=${(e: Event) => {
        const x = Number(value(e));
        if (Number.isFinite(x) && x >= 1e-5 && x <= 1e-2) v.change(patch(Number(x.toPrecision(2))));
        else v.refuse();
      }} /></label>`;
  return html`<div class="controls">
      <label>${t('train.subset')} <select data-testid="train-subset" @change=${(e: Event) => v.change({ subset: value(e) as TrainSettings['subset'] })}>
        ${SUBSETS.map((n) => html`<option value=${n} ?selected=${n === s.subset}>${fmtInt(Number(n))}</option>`)}</select></label>
      <label>${t('train.batch')} <select data-testid="train-batch" @change=${(e: Event) => v.change({ batch: value(e) as TrainSettings['batch'] })}>
        ${BATCHES.map((n) => html`<option value=${n} ?selected=${n === s.batch}>${n}</option>`)}</select></label>
      <label>${t('train.seed')} <input data-testid="train-seed" type="number" min="0" max="999999" step="1" .value=${String(s.seed)}
        @change=${(e: Event) => {
          const x = Math.round(Number(value(e)));
          if (Number.isFinite(x) && x >= 0 && x <= 999999) v.change({ seed: x });
          else v.refuse();
        }} /></label>
      ${numberInput('train-lr-vae', 'train.lr-vae', s.lrVae, (x) => ({ lrVae: x }), '0.0001')}
      ${numberInput('train-lr-gan', 'train.lr-gan', s.lrGan, (x) => ({ lrGan: x }), '0.00005')}
    </div>
    <fieldset data-testid="train-classes"><legend>${t('train.classes')}</legend>
      ${ALL_CLASSES.map(
        (c) => html`<label><input type="checkbox" data-class=${c} .checked=${s.classes.includes(c)}
        @change=${(e: Event) => toggle(c, (e.target as HTMLInputElement).checked)} />${t(`fmnist.class.${c}` as MessageKey)}</label>`,
      )}
    </fieldset>
    <p class="small">${t('train.settings-note')}</p>`;
}
