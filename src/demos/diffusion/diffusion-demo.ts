// #/diffusion: reverse diffusion one step at a time, forward and back. x_t beside the predicted x_0, the
// schedule with the current t, play/pause/step/scrub over the recorded trajectory, a batch of eight, and
// the cost per step and per image beside the GAN's single pass. UI only; the sampler is in sampler.ts.
// Three kinds of cancellable run, each with its own AbortController (ModelDemo.beginRun): 'run' (the trajectory
// shown: a new one aborts it), 'play' (a playback over it) and 'grid' (eight images at once).
import { css, html, nothing, type PropertyValues } from 'lit';
import { recallAuto } from '../../core/auto-memory';
import { fmt, fmtInt, lang, type MessageKey, t } from '../../core/i18n';
import { theme } from '../../core/theme';
import { choiceParam, integerParam, numberParam, type ParamTable } from '../../core/url-state';
import { median } from '../../core/engine-choice';
import { fileFor } from '../../core/manifest';
import type { DiffusionLoadArgs, DiffusionWorkerApi } from '../../models/diffusion/worker';
import { DIFFUSION, diffusionSchedule } from '../../models/diffusion/entry';
import { demoStyles, ModelDemo, seedParam } from '../shared/model-demo';
import './diffusion.strings';
import '../shared/fashion-mnist.strings';
import { qualityTable } from '../shared/quality-table';
import type { TradeoffText } from '../shared/tradeoff-panel';
import { paintImage } from '../../core/paint-image';
import { SAMPLERS, type SamplerKind, type Schedule, toUnit, Trajectory } from '../../models/diffusion/sampler';
import { drawSchedule } from './schedule-plot';

const SIZE = 28 * 28;
const STEP_CHOICES = ['10', '25', '50', '100', '1000'] as const;
type StepChoice = (typeof STEP_CHOICES)[number];
const DDIM_MAX_STEPS = 100;
const GRID = 8;
/** Replaying recorded states: ms per frame. */
const FRAME_MS = 60;
const TEXT: TradeoffText = {
  study: 'stability',
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
    .grid { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 0.5rem; margin-top: 0.5rem; }
    .grid canvas { width: 100%; aspect-ratio: 1; image-rendering: pixelated; display: block; background: #000; border-radius: 4px;
      box-shadow: 0 0 0 1px var(--gmp-frame); }
    canvas.plot { width: 100%; max-width: 420px; height: auto; display: block; }
  `,
  ];

  static override properties = {
    schedule: { state: true },
    label: { state: true },
    guidance: { state: true },
    steps: { state: true },
    sampler: { state: true },
    seed: { state: true },
    run: { state: true },
    computed: { state: true },
    position: { state: true },
    stepMs: { state: true },
    playing: { state: true },
    drawn: { state: true },
    gridRun: { state: true },
    gridStep: { state: true },
    gridMs: { state: true },
  };

  protected readonly entry = DIFFUSION;
  declare private schedule: Schedule | undefined;
  /** The class asked for (0..9), classifier-free guidance, steps, sampler and seed of the run. */
  declare private label: number;
  declare private guidance: number;
  declare private steps: number;
  declare private sampler: SamplerKind;
  declare private seed: number;
  /** The trajectory shown; its states are recorded in place as they are computed (`computed` counts them). */
  declare private run: Trajectory | undefined;
  declare private computed: number;
  /** The state shown (0 = pure noise, steps = finished image). */
  declare private position: number;
  /** ms of each U-Net call of the run. */
  declare private stepMs: number[];
  /** A playback runs, or the first run plays forward on its own. */
  declare private playing: boolean;
  declare private drawn: boolean;
  /** Eight images at once: their trajectory, the step reached and the summed ms of its calls. */
  declare private gridRun: Trajectory | undefined;
  declare private gridStep: number;
  declare private gridMs: number;
  /** A step asked for by the link, applied once the run is there. */
  private pendingStep?: number;
  /** The theme and language the schedule plot was last drawn in. */
  private plotLook?: string;
  /** The settings `run` was made with. */
  private runKey = '';
  /** The signal of the run shown ('run'). */
  private runSignal?: AbortSignal;
  /** How far the current run should be computed. */
  private target = 0;
  /** While true, the view jumps to each newly computed state. */
  private follow = true;
  /** The loop computing the run's states, if one runs; later callers share it. */
  private pumping?: { run: Trajectory; done: Promise<void> };
  /**
   * In link order. Order matters when reading: `sampler` caps the `steps` read before it (DDIM: at most 100), and
   * `step` is clamped to those steps.
   */
  protected readonly urlParams: ParamTable<this> = [
    integerParam({
      name: 'class',
      min: 0,
      max: 9,
      fallback: 0,
      why: () => t('diffusion.url.class'),
      get: (d) => d.label,
      set: (d, v) => {
        d.label = v;
      },
    }),
    seedParam(
      (d) => d.seed,
      (d, v) => {
        d.seed = v;
      },
    ),
    choiceParam({
      name: 'steps',
      allowed: STEP_CHOICES,
      fallback: '50',
      why: () => t('diffusion.url.steps'),
      get: (d) => String(d.steps) as StepChoice,
      set: (d, v) => {
        d.steps = Number(v);
      },
    }),
    choiceParam({
      name: 'sampler',
      allowed: SAMPLERS,
      fallback: 'ddim',
      why: () => t('diffusion.url.sampler'),
      get: (d) => d.sampler,
      set: (d, v) => {
        d.sampler = v;
        d.setSteps(d.steps);
      },
    }),
    numberParam({
      name: 'guidance',
      min: 0,
      max: 8,
      fallback: 3,
      round: (v) => Math.round(v * 10) / 10,
      get: (d) => d.guidance,
      set: (d, v) => {
        d.guidance = v;
      },
    }),
    integerParam({
      name: 'step',
      min: 0,
      max: 1000,
      fallback: 0,
      // the step asked for until the run gets there; none before a run exists (a link without one plays to the end)
      get: (d) => d.pendingStep ?? (d.run ? d.position : Number.NaN),
      format: (v) => (Number.isNaN(v) ? undefined : String(v)),
      set: (d, v, raw) => {
        d.pendingStep = raw === null ? undefined : Math.min(v, d.steps);
      },
    }),
  ];

  constructor() {
    super();
    this.label = 0;
    this.guidance = 3;
    this.steps = 50;
    this.sampler = 'ddim';
    this.seed = 1;
    this.computed = 0;
    this.position = 0;
    this.stepMs = [];
    this.playing = false;
    this.drawn = false;
    this.gridStep = 0;
    this.gridMs = 0;
  }

  protected override loadArgs(files: Record<string, Uint8Array>): DiffusionLoadArgs {
    this.schedule ??= diffusionSchedule(files);
    return this.entry.loadArgs(files, this.model!);
  }

  /** DDIM runs at most 100 steps; 1000 belongs to DDPM. */
  private setSteps(steps: number): void {
    const capped = this.sampler === 'ddim' && steps > DDIM_MAX_STEPS;
    this.steps = capped ? DDIM_MAX_STEPS : steps;
    this.setNote('steps', capped ? { key: 'diffusion.note.ddim1000' } : undefined);
  }

  override disconnectedCallback(): void {
    this.playing = false;
    super.disconnectedCallback(); // aborts every run
  }

  private key(): string {
    return [this.label, this.guidance, this.steps, this.sampler, this.seed].join('|');
  }

  /** After start, an engine change, recovery or a new link: a new run if the settings changed, else go on. */
  protected async refresh(): Promise<void> {
    if (!this.runner || this.state === 'error' || !this.schedule) return;
    if (!this.run || this.key() !== this.runKey) {
      await this.restart(this.pendingStep ?? this.steps);
    } else if (this.pendingStep !== undefined) {
      await this.goTo(this.pendingStep);
    } else {
      await this.pump(); // finish what a crash or an engine switch interrupted
    }
    this.pendingStep = undefined;
  }

  private async restart(to: number): Promise<void> {
    const signal = this.beginRun('run');
    this.abortRun('play');
    this.abortRun('grid');
    this.runSignal = signal;
    this.run = new Trajectory(this.schedule!, { sampler: this.sampler, steps: this.steps, seed: this.seed, size: SIZE });
    this.runKey = this.key();
    this.computed = 0;
    this.stepMs = [];
    this.position = 0;
    this.target = 0;
    this.gridRun = undefined;
    // The first run plays forward on its own; Pause stops it like any other playback.
    this.playing = to > 0;
    this.show();
    await this.goTo(to);
    if (!signal.aborted) this.halt();
  }

  /** Stops a playback (or the first run's own) where it is. */
  private halt(): void {
    this.abortRun('play');
    this.playing = false;
  }

  /** Shows state n, computing up to it first if needed (the view follows along). */
  private async goTo(n: number): Promise<void> {
    const run = this.run!;
    n = Math.max(0, Math.min(n, run.steps));
    if (n < run.states.length) {
      this.position = n;
      this.show();
      return;
    }
    this.follow = true;
    this.target = Math.max(this.target, n);
    await this.pump();
  }

  /** Computes states until `target` is reached; one loop per run, later callers share it. */
  private pump(): Promise<void> {
    const run = this.run!;
    if (this.pumping?.run === run) return this.pumping.done;
    const signal = this.runSignal!;
    const done = (async () => {
      try {
        while (!signal.aborted && run.states.length - 1 < Math.min(this.target, run.steps) && this.runner) {
          const ms = await this.advance(run, this.label, this.guidance);
          if (signal.aborted) return;
          this.stepMs = [...this.stepMs, ms];
          this.recordTime(ms);
          this.computed = run.states.length - 1;
          if (this.follow) this.position = this.computed;
          this.show();
        }
      } catch (e) {
        this.halt();
        this.fail(e);
      } finally {
        if (this.pumping?.run === run) this.pumping = undefined;
      }
    })();
    this.pumping = { run, done };
    return done;
  }

  private togglePlay(): void {
    if (this.playing) this.pause();
    else if (this.run) void this.play(this.run, this.beginRun('play'));
  }

  /** Pause holds the state shown; computing stops after the call in flight. */
  private pause(): void {
    if (!this.playing) return;
    this.halt();
    if (this.run) this.target = this.run.states.length - 1;
  }

  /** Replays the recorded states from the one shown (from the start at the end), computing the rest as it goes. */
  private async play(run: Trajectory, signal: AbortSignal): Promise<void> {
    this.playing = true;
    if (this.position >= run.steps) this.position = 0;
    this.show();
    while (!signal.aborted && this.position < run.steps) {
      if (this.position + 1 < run.states.length) {
        await new Promise((r) => setTimeout(r, FRAME_MS));
        if (signal.aborted) break;
        this.position++;
        this.show();
      } else {
        this.follow = true;
        this.target = Math.max(this.target, this.position + 1);
        await this.pump();
        if (run.states.length - 1 <= this.position) break; // failed
      }
    }
    if (!signal.aborted) this.playing = false; // else Pause, a step, a new run (or leaving) said so already
  }

  private stepBack(): void {
    this.halt();
    this.follow = false;
    this.position = Math.max(0, this.position - 1);
    this.show();
  }

  private async stepForward(): Promise<void> {
    this.halt();
    if (!this.run || this.position >= this.run.steps) return;
    await this.goTo(this.position + 1);
  }

  private scrub(n: number): void {
    this.halt();
    this.follow = false;
    this.position = Math.min(n, (this.run?.states.length ?? 1) - 1);
    this.show();
  }

  /** A setting changed in the page: new run to the end. */
  private change(apply: () => void): void {
    apply();
    this.pendingStep = undefined;
    void this.restart(this.steps).then(() => this.writeUrl());
  }

  /** Paints the state shown (x_t, x̂_0, the schedule's marker) once the page shows its step, and updates the link. */
  private show(): void {
    void this.updateComplete.then(() => {
      const state = this.run?.states[this.position];
      const xt = this.renderRoot.querySelector<HTMLCanvasElement>('[data-testid="output"]');
      const x0 = this.renderRoot.querySelector<HTMLCanvasElement>('[data-testid="x0-preview"]');
      if (!state || !xt || !x0) return;
      paintImage(xt, toUnit(state.x));
      this.drawn = true;
      if (state.x0) paintImage(x0, toUnit(state.x0));
      else x0.getContext('2d')?.clearRect(0, 0, 28, 28);
      this.paintSchedule();
      this.writeUrl();
    });
  }

  /** The schedule plot for the state shown, in the current theme's colours and language. */
  private paintSchedule(): void {
    const state = this.run?.states[this.position];
    const plot = this.renderRoot.querySelector<HTMLCanvasElement>('[data-testid="schedule"]');
    if (!plot || !state || !this.schedule) return;
    drawSchedule(plot, this.schedule.alpha_bar, this.run!.timesteps, state.t, {
      t: t('diffusion.schedule.axis.t'),
      alphaBar: t('diffusion.schedule.axis.ab'),
    });
    this.plotLook = `${theme()} ${lang()}`;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    // a theme or language switch re-renders the page; the canvas's colours and words follow it here
    if (this.plotLook && this.plotLook !== `${theme()} ${lang()}`) this.paintSchedule();
  }

  /** One guided U-Net call on the worker for all images of `run`; records the new state, returns the call's ms. */
  private async advance(run: Trajectory, label: number, guidance: number): Promise<number> {
    let ms = 0;
    await run.advance(async (x, t) => {
      const r = await this.runner!.call((api) => api.denoise(x, t, label, guidance, run.count));
      ms = r.ms;
      return r.eps;
    });
    return ms;
  }

  // ---- eight at once ----

  private async generateGrid(): Promise<void> {
    if (!this.runner || !this.schedule) return;
    const signal = this.beginRun('grid');
    const run = new Trajectory(this.schedule, { sampler: this.sampler, steps: this.steps, seed: this.seed, size: SIZE, count: GRID });
    this.gridRun = run;
    this.gridStep = 0;
    this.gridMs = 0;
    try {
      while (!run.done && !signal.aborted) {
        const ms = await this.advance(run, this.label, this.guidance);
        if (signal.aborted) return;
        this.gridMs += ms;
        this.gridStep = run.states.length - 1;
        await this.updateComplete;
        const pixels = toUnit(run.last.x);
        for (let k = 0; k < GRID; k++) {
          const c = this.renderRoot.querySelector<HTMLCanvasElement>(`[data-cell="${k}"]`);
          if (c) paintImage(c, pixels, k * SIZE);
        }
      }
    } catch (e) {
      this.fail(e);
    }
  }

  // ---- measurements ----

  // ---- page ----

  private renderControls(ready: boolean) {
    const value = (e: Event) => (e.target as HTMLInputElement | HTMLSelectElement).value;
    return html`<div class="controls">
      ${this.renderEngineSelect()}
      <label>${t('diffusion.class')}<select data-testid="class-select" ?disabled=${!ready}
        @change=${(e: Event) =>
          this.change(() => {
            this.label = Number(value(e));
          })}>
        ${Array.from({ length: 10 }, (_, c) => html`<option value=${c} ?selected=${c === this.label}>${t(`fmnist.class.${c}` as MessageKey)}</option>`)}
      </select><span></span></label>
      <label>${t('diffusion.guidance')}<input type="range" data-testid="guidance" min="0" max="8" step="0.5" .value=${String(this.guidance)}
        ?disabled=${!ready} @change=${(e: Event) =>
          this.change(() => {
            this.guidance = Number(value(e));
          })} />
        <span>${fmt(this.guidance, 1)}</span></label>
      <p class="help">${t('diffusion.guidance.help')}</p>
      <label>${t('diffusion.sampler')}<select data-testid="sampler" ?disabled=${!ready}
        @change=${(e: Event) =>
          this.change(() => {
            this.sampler = value(e) as SamplerKind;
            this.setSteps(this.steps);
          })}>
        ${SAMPLERS.map((s) => html`<option value=${s} ?selected=${s === this.sampler}>${t(`diffusion.sampler.${s}`)}</option>`)}
      </select><span></span></label>
      <label>${t('diffusion.steps')}<select data-testid="steps" ?disabled=${!ready}
        @change=${(e: Event) => this.change(() => this.setSteps(Number(value(e))))}>
        ${STEP_CHOICES.map(
          (s) => html`<option value=${s} ?selected=${Number(s) === this.steps}
          ?disabled=${this.sampler === 'ddim' && Number(s) > DDIM_MAX_STEPS}>${s === '1000' ? t('diffusion.steps.ddpmonly') : s}</option>`,
        )}
      </select><span></span></label>
      <label>${t('diffusion.seed')}<input type="number" data-testid="seed" min="0" max="999999" .value=${String(this.seed)} ?disabled=${!ready}
        @change=${(e: Event) =>
          this.change(() => {
            this.seed = Math.max(0, Math.min(999999, Math.round(Number(value(e)) || 0)));
          })} />
        <button data-testid="new-seed" ?disabled=${!ready} @click=${() =>
          this.change(() => {
            this.seed = (this.seed + 1) % 1000000;
          })}
          aria-label=${t('diffusion.newseed')} title=${t('diffusion.newseed')}>+1</button></label>
    </div>`;
  }

  /** Step back, play (a toggle: it pauses while playing), pause, step forward, and the slider over the recorded steps. */
  private renderTransport(ready: boolean) {
    const run = this.run;
    const computed = run ? this.computed : 0;
    return html`<div class="transport">
        <button data-testid="step-back" ?disabled=${!ready || this.position === 0} @click=${() => this.stepBack()}>◀ ${t('diffusion.back')}</button>
        <button data-testid="play" aria-pressed=${this.playing ? 'true' : 'false'} ?disabled=${!ready}
          @click=${() => this.togglePlay()}>${this.playing ? `⏸ ${t('diffusion.pause')}` : `▶ ${t('diffusion.play')}`}</button>
        <button data-testid="pause" ?disabled=${!ready || !this.playing} @click=${() => this.pause()}>⏸ ${t('diffusion.pause')}</button>
        <button data-testid="step-forward" ?disabled=${!ready || !run || this.position >= run.steps}
          @click=${() => void this.stepForward()}>${t('diffusion.forward')} ▶</button>
      </div>
      <div class="transport">
        <label for="step-slider">${t('diffusion.scrub')}</label>
        <input id="step-slider" type="range" data-testid="step-slider" min="0" max=${computed} step="1" .value=${String(this.position)}
          ?disabled=${!ready || computed === 0} aria-valuetext=${this.positionText()}
          @input=${(e: Event) => this.scrub(Number((e.target as HTMLInputElement).value))} />
      </div>
      <p class="help">${t('diffusion.scrub.help')}</p>`;
  }

  private positionText(): string {
    const state = this.run?.states[this.position];
    if (!state) return '—';
    return state.t >= 0
      ? t('diffusion.position', { step: this.position, steps: this.steps, t: state.t })
      : t('diffusion.position.clean', { steps: this.steps });
  }

  private renderTiming() {
    if (!this.stepMs.length) return '—';
    const perStep = fmt(median(this.stepMs), 1);
    return this.run?.done && this.stepMs.length === this.run.steps
      ? t('diffusion.timing', { step: perStep, image: fmtInt(this.stepMs.reduce((a, b) => a + b, 0)) })
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
      <dd data-testid="per-image">${call === undefined ? '—' : t('diffusion.num.image.value', { steps: this.steps, call: fmt(call, 1), image: fmtInt(this.steps * call) })}</dd>
      <dt>${t('diffusion.num.gan')}</dt>
      <dd data-testid="gan-compare">${
        ganMs === undefined
          ? t('diffusion.num.gan.none')
          : t('diffusion.num.gan.value', {
              ms: fmt(ganMs, 2),
              engine: gan!.engine,
              steps: this.steps,
              ratio: call === undefined ? '…' : fmtInt((this.steps * call) / ganMs),
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
    const state = this.run?.states[this.position];
    return html`<section class="panel">
            <div class="top">
              <figure>
                <canvas class="img" data-testid="output" width="28" height="28" role="img" aria-label=${t('diffusion.xt')}
                  data-step=${this.run ? String(this.position) : ''} data-drawn=${this.drawn ? 'true' : 'false'}></canvas>
                <figcaption>${t('diffusion.xt')}</figcaption>
              </figure>
              <figure>
                <canvas class="img" data-testid="x0-preview" width="28" height="28" role="img" aria-label=${t('diffusion.x0')}></canvas>
                <figcaption>${state?.x0 ? t('diffusion.x0') : t('diffusion.x0.none')}</figcaption>
              </figure>
            </div>
            <p><strong data-testid="step-label">${this.positionText()}</strong> ·
              <span data-testid="timing">${this.renderTiming()}</span></p>
            ${this.renderTransport(ready)}
          </section>`;
  }

  /** The noise schedule ᾱ_t with the current t marked (drawn by show()). */
  private renderSchedule() {
    const state = this.run?.states[this.position];
    const ab = state && state.t >= 0 && this.schedule ? this.schedule.alpha_bar[state.t] : 1;
    return html`<section class="panel">
            <h2>${t('diffusion.schedule')}</h2>
            <canvas class="plot" data-testid="schedule" width="420" height="170" role="img"
              data-t=${state ? String(state.t) : ''}
              aria-label=${t('diffusion.schedule.aria', { t: state && state.t >= 0 ? state.t : '—', value: fmt(ab, 4) })}></canvas>
            <p class="help">${t('diffusion.schedule.help')}</p>
          </section>`;
  }

  private gridStatus(): string {
    const run = this.gridRun;
    if (!run) return t('diffusion.grid.help', { from: this.seed, to: this.seed + GRID - 1 });
    return run.done
      ? t('diffusion.grid.done', { ms: fmt(this.gridMs / GRID, 0), total: fmtInt(this.gridMs) })
      : t('diffusion.grid.progress', { step: this.gridStep, steps: run.steps });
  }

  private renderCells() {
    return Array.from(
      { length: GRID },
      (_, k) => html`
      <canvas width="28" height="28" data-cell=${k} role="img" aria-label=${t('diffusion.cell', { seed: this.seed + k })}></canvas>`,
    );
  }

  private renderGrid(ready: boolean) {
    return html`<section class="panel">
            <h2>${t('diffusion.grid')}</h2>
            <p><button data-testid="generate-8" ?disabled=${!ready} @click=${() => void this.generateGrid()}>${t('diffusion.grid.button')}</button>
              <span class="help" data-testid="grid-status">${this.gridStatus()}</span></p>
            ${
              this.gridRun
                ? html`<div class="grid" data-testid="grid" data-done=${this.gridRun.done ? 'true' : 'false'}>${this.renderCells()}</div>`
                : nothing
            }
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
