// What every model demo shares, so each demo element only draws its model: a model session (ui/model-session.ts:
// files, runner, status, notes, engine choice, recovery) and the link state (ui/link-state.ts) with the engine's
// parameter after the demo's own. A demo subclass supplies its registry entry, its URL parameter table and
// `refresh()`. A cancellable run (a playback, a generation) gets its own AbortController from `beginRun()`.
import { Runs } from '../core/any-thread/runs';
import { html, LitElement } from 'lit';
import type { TradeoffText } from '../ui/tradeoff-panel';
import { webGpuReason } from '../ui/webgpu-reason';
import { fmt, fmtInt, I18nController, t, type MessageKey } from '../core/main-thread/i18n';
import '../ui/session.strings';
import { choiceParam, integerParam, type Param, type ParamIssue, type ParamTable } from '../core/any-thread/url-state';
import { type Engine, type EngineChoice, median } from '../core/any-thread/engine-choice';
import { fileFor } from '../core/any-thread/manifest';
import { launchWorker } from '../workers/launch';
import { ModelLoadError } from '../core/any-thread/errors';
import type { ModelWorkerApi } from '../core/any-thread/worker-api';
import type { ModelEntry } from '../models/model-entry';
import type { SessionState } from '../ui/model-session';
import '../ui/status-line';
import '../ui/engine-select';
import '../ui/tradeoff-panel';
import { ThemeController } from '../core/main-thread/theme';
import { LinkState, tableCodec } from '../ui/link-state';
import { errorMessage, type Message, ModelSession, type Note } from '../ui/model-session';

/** The look every demo page shares (kept in its own file; re-exported for the demos). */
export { demoStyles } from './demo-styles';

/** The `seed` link parameter of the demos that sample (GAN, diffusion, transformer): a whole number 0…999,999, `fallback` by default. */
export function seedParam<D>(get: (d: D) => number, set: (d: D, seed: number) => void, fallback = 1): Param<D> {
  return integerParam({ name: 'seed', min: 0, max: 999999, fallback, get, set });
}

export abstract class ModelDemo<LoadArgs, API extends ModelWorkerApi<LoadArgs>> extends LitElement {
  /** The engine the visitor chose (`auto` measures); in the link as `engine=wasm`, `auto` left out. */
  protected choice: EngineChoice = 'auto';
  /** The choice the session last started on (a new link with another one switches engines). */
  private started: EngineChoice = 'auto';
  /** Files, runner, status and notes (public: the test hooks drive a demo through its session). */
  readonly session: ModelSession<LoadArgs, API>;
  protected readonly link: LinkState;
  /** The cancellable runs in progress, by kind (see beginRun). */
  private readonly runs = new Runs();
  /** The engine in the link: `engine=wasm`; `auto` is left out. */
  private readonly engineParam: ParamTable<this> = [
    choiceParam({
      name: 'engine',
      allowed: (d) => d.engines,
      fallback: 'auto',
      get: (d) => d.choice,
      set: (d, v) => {
        d.choice = v;
      },
      format: (v) => (v === 'auto' ? undefined : v),
    }),
  ];

  constructor() {
    super();
    new I18nController(this); // re-renders on a language switch
    new ThemeController(this); // … and on a theme switch, so updated() redraws canvases in its colours
    // `entry` and `urlParams` are the subclass's fields, set after this constructor: read them lazily
    this.link = new LinkState(this, {
      path: () => `/${this.entry.id}`,
      codec: tableCodec(
        () => this,
        () => [this.urlParams, this.engineParam],
      ),
      check: () => this.checkEngine(),
      onNewLink: () => this.applyLink(),
    });
    this.session = new ModelSession<LoadArgs, API>(this, {
      id: () => this.entry.id,
      autoKey: () => this.autoKey(),
      files: (manifest) => {
        const model = manifest.models[this.entry.id];
        if (!model) throw new ModelLoadError('load.missing', { model: this.entry.id });
        return Object.fromEntries(this.entry.roles.map((role) => [role, fileFor(model, role)]));
      },
      loadArgs: (files, engine) => this.loadArgs(files, engine),
      transfer: (args) => this.transfer?.(args) ?? [],
      createWorker: () => launchWorker(this.entry.id),
      engines: () => this.entry.engines,
      autoEngines: () => this.entry.auto,
      readLink: () => {
        this.link.read();
        this.session.showLinkIssues(this.link.issues);
      },
      choice: () => (this.started = this.choice),
      onReady: () => this.refresh(),
      voice: { error: (e) => this.errorMessage(e) },
    });
  }

  /** Where auto's measurements of this demo are remembered (the compare page and the device report read them). */
  protected autoKey(): string {
    return this.entry.id;
  }

  /** The model's registry entry: id (manifest key and route), roles, engines, worker, load arguments. */
  protected abstract readonly entry: ModelEntry<LoadArgs, API>;
  /** The engine choices this demo offers: `auto`, then the model's engines. */
  protected get engines(): readonly EngineChoice[] {
    return ['auto', ...this.entry.engines];
  }
  /** The runner of the active engine's worker (undefined while loading). */
  protected get runner() {
    return this.session.runner;
  }
  protected get state(): SessionState {
    return this.session.state;
  }
  protected get model() {
    return this.session.model;
  }
  protected get manifest() {
    return this.session.manifest;
  }
  /** Model-call timings here (ms), newest last. */
  protected get times(): readonly number[] {
    return this.session.times;
  }
  /**
   * Called once the files are verified (without `engine`: parse extras, so a broken file fails early) and
   * for every worker start (with its engine); returns the worker's load arguments.
   */
  protected loadArgs(files: Record<string, Uint8Array>, _engine?: Engine): LoadArgs {
    return this.entry.loadArgs(files, this.session.model!);
  }
  /** What of the load arguments moves into the worker instead of being copied (the NeRF demo's canvas). */
  protected transfer?(args: LoadArgs): Transferable[];
  /** This demo's own URL parameters (the engine's follows them in the link). */
  protected abstract readonly urlParams: ParamTable<this>;
  /** Runs the model for the current state and draws (after start, engine change, recovery, a link). */
  protected abstract refresh(): Promise<void>;

  override disconnectedCallback(): void {
    this.runs.abortAll();
    super.disconnectedCallback();
  }

  /**
   * Starts a cancellable run of `kind` (a playback, a generation): aborts the one before it and returns the new
   * run's signal, to pass to every worker call of the run; leaving the page aborts every run.
   */
  protected beginRun(kind: string): AbortSignal {
    return this.runs.begin(kind);
  }

  protected abortRun(kind: string): void {
    this.runs.abort(kind);
  }

  protected setStatus(state: SessionState, key: MessageKey, params?: Record<string, string | number>): void {
    this.session.setStatus(state, { key, params });
  }

  protected setNote(slot: string, note: Note | undefined): void {
    this.session.setNote(slot, note);
  }

  /** What the status says about an error nobody recovers from (a demo may know its own errors better). */
  protected errorMessage(e: unknown): Message {
    return errorMessage(e);
  }

  /** Shows an error (dropped when cancelled, left to the runner when it recovers from it). */
  protected fail(e: unknown): void {
    this.session.fail(e);
  }

  /** Records a model-call timing (keeps the last 50 for the median). */
  protected recordTime(ms: number): void {
    this.session.recordTime(ms);
  }

  /** Writes the state into the link (throttled). */
  protected writeUrl(): void {
    this.link.write();
  }

  /** An engine in the link that this browser cannot run goes back to auto, with the reason as a note. */
  private checkEngine(): ParamIssue[] {
    const report = this.session.webgpu;
    if ((this.choice !== 'webgpu' && this.choice !== 'wgsl') || !report || report.available) return [];
    const issue = { name: 'engine', value: this.choice, why: () => webGpuReason(report) };
    this.choice = 'auto';
    return [issue];
  }

  /** A new link: its notes, then its engine or, with the same engine, a redraw. */
  private applyLink(): void {
    this.session.showLinkIssues(this.link.issues);
    // still loading (no engine chosen yet): the new link's settings are what the session goes on with
    if (!this.runner) return;
    if (this.choice !== this.started) void this.changeEngine(this.choice, false);
    else void this.refresh();
  }

  protected async changeEngine(choice: EngineChoice, writeUrl = true): Promise<void> {
    this.choice = choice;
    this.setNote('auto', choice === 'auto' ? undefined : { key: 'demo.chosen', params: { engine: choice } });
    if (writeUrl) this.writeUrl();
    if (!this.runner) return;
    this.started = choice;
    await this.session.select(choice);
  }

  // ---- shared pieces of the page ----

  protected renderStatus() {
    const s = this.session;
    return html`<gmp-status-line .state=${s.state} .text=${s.statusText()} .progress=${s.progress}
      .notes=${s.noteTexts()} @retry=${() => void s.start()}></gmp-status-line>`;
  }

  /**
   * The page every demo shares: title, lead, status, the demo's own panels left; right, an optional `aside`
   * panel above the trade-offs and the measured numbers.
   */
  protected renderFrame(title: MessageKey, lead: MessageKey, panels: unknown, text: TradeoffText, numbers: unknown, aside?: unknown) {
    return html`
      <h1>${t(title)}</h1>
      <p>${t(lead)}</p>
      ${this.renderStatus()}
      <div class="layout">
        <div>${panels}</div>
        <div>${aside ?? ''}<gmp-tradeoffs .text=${text}>${numbers}</gmp-tradeoffs></div>
      </div>`;
  }

  /** The training line of the numbers list (steps, minutes, device), from the manifest. */
  protected renderTraining() {
    const m = this.model;
    if (!m) return null;
    return html`<dt>${t('demo.num.training')}</dt><dd>${t('demo.num.training.value', {
      steps: fmtInt(m.training.steps),
      minutes: fmt(m.training.wall_time_s / 60, 0),
      device: m.training.device,
    })}</dd>`;
  }

  /** The numbers list's timing entry: the last model call and the median here, and the engine. */
  protected renderTimingPanel(lastMs: number | undefined) {
    return html`<dd data-testid="timing-panel">${lastMs === undefined ? '—' : `${fmt(lastMs, 2)} ms / ${fmt(median(this.times), 2)} ms`}
        ${this.runner?.engine ? `(${this.runner.engine})` : ''}</dd>`;
  }

  protected renderEngineSelect() {
    const webgpu = this.session.webgpu;
    const options = this.engines.map((choice) => ({
      choice,
      unavailable: (choice === 'webgpu' || choice === 'wgsl') && webgpu && !webgpu.available ? webGpuReason(webgpu) : undefined,
    }));
    return html`<gmp-engine-select .value=${this.choice} .options=${options} ?disabled=${this.state === 'loading' && !this.runner?.engine}
      @engine-change=${(e: CustomEvent<EngineChoice>) => void this.changeEngine(e.detail)}></gmp-engine-select>`;
  }
}
