// #/diffusion: reverse diffusion one step at a time, forward and back. x_t beside the predicted x_0, the
// schedule with the current t, play/pause/step/scrub over the recorded trajectory, a batch of eight, and
// the cost per step and per image beside the GAN's single pass. UI only: the sampler is in sampler.ts, the
// playback (runs, play/pause, steps, the grid) in playback.ts; this element renders it and forwards its buttons.
import { css, html, nothing } from 'lit';
import { recallAuto } from '../../core/main-thread/auto-memory';
import { AbortError } from '../../core/any-thread/errors';
import { fmt, fmtInt, lang, type MessageKey, t } from '../../core/main-thread/i18n';
import { theme } from '../../core/main-thread/theme';
import { choiceParam, integerParam, numberParam, type ParamTable } from '../../core/any-thread/url-state';
import { median } from '../../core/any-thread/engine-choice';
import { fileFor } from '../../core/any-thread/manifest';
import { reactive } from '../../ui/reactive-state';
import type { DiffusionLoadArgs, DiffusionWorkerApi } from '../../models/diffusion/worker';
import { DIFFUSION, DIFFUSION_DEFAULTS, diffusionSchedule } from '../../models/diffusion/entry';
import { GRID, Playback, SIZE } from '../../models/diffusion/playback';
import { demoStyles, ModelDemo, seedParam } from '../model-demo';
import './diffusion.strings';
import '../../ui/fashion-mnist.strings';
import { qualityTable } from '../../ui/quality-table';
import type { TradeoffText } from '../../ui/tradeoff-panel';
import { SAMPLERS, type SamplerKind, type Schedule } from '../../models/diffusion/sampler';
import './diffusion-image';
import './schedule-plot';

const STEP_CHOICES = ['10', '25', '50', '100', '1000'] as const;
type StepChoice = (typeof STEP_CHOICES)[number];
const DDIM_MAX_STEPS = 100;
const TEXT: TradeoffText = {
  study: 'stability',
  live: '/train',
  how: ['diffusion.how.1', 'diffusion.how.2', 'diffusion.how.3', 'diffusion.how.4'],
  strengths: ['diffusion.strength.1', 'diffusion.strength.2'],
  weaknesses: ['diffusion.weakness.1', 'diffusion.weakness.2'],
  when: ['diffusion.when.1', 'diffusion.when.2', 'diffusion.when.3'],
};

export class DiffusionDemo extends ModelDemo<DiffusionLoadArgs, DiffusionWorkerApi> {
  static override styles = [
    demoStyles,
    css`
    .controls { display: grid; grid-template-columns: minmax(0, 1fr); gap: 0.45rem; min-width: min(17rem, 100%); }
    .controls label { display: grid; grid-template-columns: 6.5rem minmax(0, 1fr) 2.5rem; gap: 0.4rem; align-items: center; }
    /* a long option (the sampler's explanation) must not widen the page on a phone */
    .controls select, .controls input[type='number'] { font: inherit; min-width: 0; max-width: 100%; }
    .transport { display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: center; margin: 0.6rem 0 0.2rem; }
    .transport input[type='range'] { flex: 1 1 12rem; }
    /* the canvases' own elements take no box: the page lays out their canvases */
    gmp-diffusion-image, gmp-schedule-plot { display: contents; }
    .grid { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 0.5rem; margin-top: 0.5rem; }
    .grid canvas { width: 100%; aspect-ratio: 1; image-rendering: pixelated; display: block; background: #000; border-radius: 4px;
      box-shadow: 0 0 0 1px var(--gmp-frame); }
    canvas.plot { width: 100%; max-width: 420px; height: auto; display: block; }
  `,
  ];

  protected readonly entry = DIFFUSION;
  /** The class asked for (0..9), classifier-free guidance, steps, sampler and seed of the next run. */
  private readonly view = reactive(this, { ...DIFFUSION_DEFAULTS });
  private schedule?: Schedule;
  /** The run shown, its playback and the grid; each change re-renders and goes into the link. */
  private readonly playback = new Playback({
    call: (fn, options) => (this.runner ? this.runner.call(fn, options) : Promise.reject(new AbortError('no worker'))),
    changed: () => {
      this.requestUpdate();
      this.writeUrl();
    },
    failed: (e) => this.fail(e),
    timed: (ms) => this.recordTime(ms),
  });
  /** A step asked for by the link, applied once the run is there. */
  private pendingStep?: number;
  /**
   * In link order. Order matters when reading: `sampler` caps the `steps` read before it (DDIM: at most 100), and
   * `step` is clamped to those steps.
   */
  protected readonly urlParams: ParamTable<this> = [
    integerParam({
      name: 'class',
      min: 0,
      max: 9,
      fallback: DIFFUSION_DEFAULTS.label,
      why: () => t('diffusion.url.class'),
      get: (d) => d.view.label,
      set: (d, v) => {
        d.view.label = v;
      },
    }),
    // its fallback is every sampling demo's (1, as DIFFUSION_DEFAULTS.seed)
    seedParam(
      (d) => d.view.seed,
      (d, v) => {
        d.view.seed = v;
      },
      DIFFUSION_DEFAULTS.seed,
    ),
    choiceParam({
      name: 'steps',
      allowed: STEP_CHOICES,
      fallback: String(DIFFUSION_DEFAULTS.steps) as StepChoice,
      why: () => t('diffusion.url.steps'),
      get: (d) => String(d.view.steps) as StepChoice,
      set: (d, v) => {
        d.view.steps = Number(v);
      },
    }),
    choiceParam({
      name: 'sampler',
      allowed: SAMPLERS,
      fallback: DIFFUSION_DEFAULTS.sampler,
      why: () => t('diffusion.url.sampler'),
      get: (d) => d.view.sampler,
      set: (d, v) => {
        d.view.sampler = v;
        d.setSteps(d.view.steps);
      },
    }),
    numberParam({
      name: 'guidance',
      min: 0,
      max: 8,
      fallback: DIFFUSION_DEFAULTS.guidance,
      round: (v) => Math.round(v * 10) / 10,
      get: (d) => d.view.guidance,
      set: (d, v) => {
        d.view.guidance = v;
      },
    }),
    integerParam({
      name: 'step',
      min: 0,
      max: 1000,
      fallback: 0,
      // the step asked for until the run gets there; none before a run exists (a link without one plays to the end)
      get: (d) => d.pendingStep ?? (d.playback.run ? d.playback.position : Number.NaN),
      format: (v) => (Number.isNaN(v) ? undefined : String(v)),
      set: (d, v, raw) => {
        d.pendingStep = raw === null ? undefined : Math.min(v, d.view.steps);
      },
    }),
  ];

  protected override loadArgs(files: Record<string, Uint8Array>): DiffusionLoadArgs {
    this.schedule ??= diffusionSchedule(files);
    return this.entry.loadArgs(files, this.model!);
  }

  /** DDIM runs at most 100 steps; 1000 belongs to DDPM. */
  private setSteps(steps: number): void {
    const capped = this.view.sampler === 'ddim' && steps > DDIM_MAX_STEPS;
    this.view.steps = capped ? DDIM_MAX_STEPS : steps;
    this.setNote('steps', capped ? { key: 'diffusion.note.ddim1000' } : undefined);
  }

  override disconnectedCallback(): void {
    this.playback.dispose();
    super.disconnectedCallback();
  }

  /** After start, an engine change, recovery or a new link: a new run if the settings changed, else go on. */
  protected async refresh(): Promise<void> {
    if (!this.runner || this.state === 'error' || !this.schedule) return;
    await this.playback.refresh(this.schedule, { ...this.view }, this.pendingStep);
    this.pendingStep = undefined;
  }

  /** A setting changed in the page: new run to the end. */
  private change(apply: () => void): void {
    apply();
    this.pendingStep = undefined;
    if (this.schedule) void this.playback.start(this.schedule, { ...this.view }, this.view.steps);
  }

  private generateGrid(): void {
    if (this.runner && this.schedule) void this.playback.generateGrid(this.schedule, { ...this.view });
  }

  // ---- page ----

  private renderControls(ready: boolean) {
    const value = (e: Event) => (e.target as HTMLInputElement | HTMLSelectElement).value;
    return html`<div class="controls">
      ${this.renderEngineSelect()}
      <label>${t('diffusion.class')}<select data-testid="class-select" ?disabled=${!ready}
        @change=${(e: Event) =>
          this.change(() => {
            this.view.label = Number(value(e));
          })}>
        ${Array.from({ length: 10 }, (_, c) => html`<option value=${c} ?selected=${c === this.view.label}>${t(`fmnist.class.${c}` as MessageKey)}</option>`)}
      </select><span></span></label>
      <label>${t('diffusion.guidance')}<input type="range" data-testid="guidance" min="0" max="8" step="0.5" .value=${String(this.view.guidance)}
        ?disabled=${!ready} @change=${(e: Event) =>
          this.change(() => {
            this.view.guidance = Number(value(e));
          })} />
        <span>${fmt(this.view.guidance, 1)}</span></label>
      <p class="help">${t('diffusion.guidance.help')}</p>
      <label>${t('diffusion.sampler')}<select data-testid="sampler" ?disabled=${!ready}
        @change=${(e: Event) =>
          this.change(() => {
            this.view.sampler = value(e) as SamplerKind;
            this.setSteps(this.view.steps);
          })}>
        ${SAMPLERS.map((s) => html`<option value=${s} ?selected=${s === this.view.sampler}>${t(`diffusion.sampler.${s}`)}</option>`)}
      </select><span></span></label>
      <label>${t('diffusion.steps')}<select data-testid="steps" ?disabled=${!ready}
        @change=${(e: Event) => this.change(() => this.setSteps(Number(value(e))))}>
        ${STEP_CHOICES.map(
          (s) => html`<option value=${s} ?selected=${Number(s) === this.view.steps}
          ?disabled=${this.view.sampler === 'ddim' && Number(s) > DDIM_MAX_STEPS}>${s === '1000' ? t('diffusion.steps.ddpmonly') : s}</option>`,
        )}
      </select><span></span></label>
      <label>${t('diffusion.seed')}<input type="number" data-testid="seed" min="0" max="999999" .value=${String(this.view.seed)} ?disabled=${!ready}
        @change=${(e: Event) =>
          this.change(() => {
            this.view.seed = Math.max(0, Math.min(999999, Math.round(Number(value(e)) || 0)));
          })} />
        <button data-testid="new-seed" ?disabled=${!ready} @click=${() =>
          this.change(() => {
            this.view.seed = (this.view.seed + 1) % 1000000;
          })}
          aria-label=${t('diffusion.newseed')} title=${t('diffusion.newseed')}>+1</button></label>
    </div>`;
  }

  /** Step back, play (a toggle: it pauses while playing), pause, step forward, and the slider over the recorded steps. */
  private renderTransport(ready: boolean) {
    const p = this.playback;
    const computed = p.run ? p.computed : 0;
    return html`<div class="transport">
        <button data-testid="step-back" ?disabled=${!ready || p.position === 0} @click=${() => p.stepBack()}>◀ ${t('diffusion.back')}</button>
        <button data-testid="play" aria-pressed=${p.playing ? 'true' : 'false'} ?disabled=${!ready}
          @click=${() => p.togglePlay()}>${p.playing ? `⏸ ${t('diffusion.pause')}` : `▶ ${t('diffusion.play')}`}</button>
        <button data-testid="pause" ?disabled=${!ready || !p.playing} @click=${() => p.pause()}>⏸ ${t('diffusion.pause')}</button>
        <button data-testid="step-forward" ?disabled=${!ready || !p.run || p.position >= p.run.steps}
          @click=${() => void p.stepForward()}>${t('diffusion.forward')} ▶</button>
      </div>
      <div class="transport">
        <label for="step-slider">${t('diffusion.scrub')}</label>
        <input id="step-slider" type="range" data-testid="step-slider" min="0" max=${computed} step="1" .value=${String(p.position)}
          ?disabled=${!ready || computed === 0} aria-valuetext=${this.positionText()}
          @input=${(e: Event) => p.scrub(Number((e.target as HTMLInputElement).value))} />
      </div>
      <p class="help">${t('diffusion.scrub.help')}</p>`;
  }

  private positionText(): string {
    const state = this.playback.shown;
    if (!state) return '—';
    return state.t >= 0
      ? t('diffusion.position', { step: this.playback.position, steps: this.view.steps, t: state.t })
      : t('diffusion.position.clean', { steps: this.view.steps });
  }

  private renderTiming() {
    const { stepMs } = this.playback;
    if (!stepMs.length) return '—';
    const perStep = fmt(median(stepMs), 1);
    return this.playback.complete
      ? t('diffusion.timing', { step: perStep, image: fmtInt(stepMs.reduce((a, b) => a + b, 0)) })
      : t('diffusion.timing.partial', { step: perStep });
  }

  private renderNumbers() {
    const m = this.model;
    if (!m) return html`<p>…</p>`;
    const call = this.times.length ? median(this.times) : undefined;
    const gan = recallAuto('gan');
    const ganMs = gan ? gan.medians[gan.engine] : undefined;
    return html`<dl>
      <dt>${t('diffusion.num.call')}</dt>
      <dd data-testid="timing-panel">${call === undefined ? '—' : `${fmt(this.times[this.times.length - 1], 1)} ms / ${fmt(call, 1)} ms`}
        ${this.runner?.engine ? `(${this.runner.engine})` : ''}</dd>
      <dt>${t('diffusion.num.image')}</dt>
      <dd data-testid="per-image">${call === undefined ? '—' : t('diffusion.num.image.value', { steps: this.view.steps, call: fmt(call, 1), image: fmtInt(this.view.steps * call) })}</dd>
      <dt>${t('diffusion.num.gan')}</dt>
      <dd data-testid="gan-compare">${
        ganMs === undefined
          ? t('diffusion.num.gan.none')
          : t('diffusion.num.gan.value', {
              ms: fmt(ganMs, 2),
              engine: gan!.engine,
              steps: this.view.steps,
              ratio: call === undefined ? '…' : fmtInt((this.view.steps * call) / ganMs),
            })
      }</dd>
      <dt>${t('diffusion.num.params')}</dt><dd>${fmtInt(m.params.unet ?? m.params.total)}</dd>
      <dt>${t('diffusion.num.download')}</dt><dd>${fmt(fileFor(m, 'unet').bytes / 1e6, 2)} MB</dd>
      ${this.renderTraining()}
    </dl>
    ${qualityTable(this.manifest, ['real', 'vae', 'gan', 'diffusion', 'diffusion_ddim10'])}`;
  }

  /** x_t (the output) beside the predicted x̂_0, the step and t shown, the timing and the transport. */
  private renderOutput(ready: boolean) {
    const { run, position, shown } = this.playback;
    return html`<section class="panel">
            <div class="top">
              <figure>
                <gmp-diffusion-image look="img" testid="output" .label=${t('diffusion.xt')} .step=${run ? String(position) : ''}
                  .x=${shown?.x}></gmp-diffusion-image>
                <figcaption>${t('diffusion.xt')}</figcaption>
              </figure>
              <figure>
                <gmp-diffusion-image look="img" testid="x0-preview" .label=${t('diffusion.x0')} .x=${shown?.x0}></gmp-diffusion-image>
                <figcaption>${shown?.x0 ? t('diffusion.x0') : t('diffusion.x0.none')}</figcaption>
              </figure>
            </div>
            <p><strong data-testid="step-label">${this.positionText()}</strong> ·
              <span data-testid="timing">${this.renderTiming()}</span></p>
            ${this.renderTransport(ready)}
          </section>`;
  }

  /** The noise schedule ᾱ_t with the current t marked (redrawn by the plot itself, also on a theme or language switch). */
  private renderSchedule() {
    const { run, shown } = this.playback;
    const ab = shown && shown.t >= 0 && this.schedule ? this.schedule.alpha_bar[shown.t] : 1;
    return html`<section class="panel">
            <h2>${t('diffusion.schedule')}</h2>
            <gmp-schedule-plot .alphaBar=${this.schedule?.alpha_bar} .visited=${run?.timesteps} .current=${shown?.t} .look=${`${theme()} ${lang()}`}
              .label=${t('diffusion.schedule.aria', { t: shown && shown.t >= 0 ? shown.t : '—', value: fmt(ab, 4) })}></gmp-schedule-plot>
            <p class="help">${t('diffusion.schedule.help')}</p>
          </section>`;
  }

  private gridStatus(): string {
    const grid = this.playback.grid;
    if (!grid) return t('diffusion.grid.help', { from: this.view.seed, to: this.view.seed + GRID - 1 });
    return grid.run.done
      ? t('diffusion.grid.done', { ms: fmt(grid.ms / GRID, 0), total: fmtInt(grid.ms) })
      : t('diffusion.grid.progress', { step: grid.step, steps: grid.run.steps });
  }

  /** The eight cells, painted from the grid's last state once its first step is there. */
  private renderGrid(ready: boolean) {
    const grid = this.playback.grid;
    const x = grid && grid.step > 0 ? grid.run.last.x : undefined;
    const cells = Array.from(
      { length: GRID },
      (_, k) => html`
      <gmp-diffusion-image .cell=${k} .offset=${k * SIZE} .x=${x} .label=${t('diffusion.cell', { seed: this.view.seed + k })}></gmp-diffusion-image>`,
    );
    return html`<section class="panel">
            <h2>${t('diffusion.grid')}</h2>
            <p><button data-testid="generate-8" ?disabled=${!ready} @click=${() => this.generateGrid()}>${t('diffusion.grid.button')}</button>
              <span class="help" data-testid="grid-status">${this.gridStatus()}</span></p>
            ${grid ? html`<div class="grid" data-testid="grid" data-done=${grid.run.done ? 'true' : 'false'}>${cells}</div>` : nothing}
          </section>`;
  }

  override render() {
    const ready = this.state === 'ready';
    return this.renderFrame(
      'diffusion.title',
      'diffusion.lead',
      html`
          ${this.renderOutput(ready)}
          <section class="panel">
            ${this.renderControls(ready)}
          </section>
          ${this.renderSchedule()}
          ${this.renderGrid(ready)}
`,
      TEXT,
      this.renderNumbers(),
    );
  }
}

customElements.define('gmp-diffusion-demo', DiffusionDemo);
declare global {
  interface HTMLElementTagNameMap {
    'gmp-diffusion-demo': DiffusionDemo;
  }
}
