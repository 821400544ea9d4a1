// What every model demo shares, so each demo element only draws its model: download and verify the model
// files, start the engine through ModelRunner, status and notes, engine choice, recovery, and the engine
// part of the URL state. A demo subclass supplies its registry entry, its URL parameter table and `refresh()`.
//
// State that changes the view is a reactive property (`static properties`, `declare`d fields set in the
// constructor: with useDefineForClassFields a plain field would shadow Lit's accessor). A cancellable run
// (a playback, a generation) gets its own AbortController from `beginRun()`.
import { css, html, LitElement, type PropertyDeclarations } from 'lit';
import type { TradeoffText } from './tradeoff-panel';
import { describeMedians, rememberAuto } from '../../core/auto-memory';
import { webGpuReason } from './webgpu-reason';
import { fmt, fmtInt, I18nController, t, type MessageKey } from '../../core/i18n';
import './demo.strings';
import { MODELS_URL } from '../../core/site';
import {
  buildHash,
  choiceParam,
  integerParam,
  type Param,
  type ParamIssue,
  type ParamTable,
  parseHash,
  readParams,
  type RepairTexts,
  whyText,
  writeParams,
} from '../../core/url-state';
import { type WebGpuReport, webGpuReport } from '../../core/webgpu-report';
import type { Engine, EngineChoice } from '../../core/engine-choice';
import { type Manifest, type ManifestModel, fileFor } from '../../core/manifest';
import { afterFirstPaint, afterNextPaint } from '../../core/first-paint';
import { fetchModelFile, loadManifest, ModelLoadError, type Progress } from '../../core/model-files';
import { EngineStartError, ModelRunner, type RunnerEvent } from '../../core/model-runner';
import type { ModelWorkerApi } from '../../core/worker-api';
import type { ModelEntry } from '../../models/model-entry';
import type { DemoState } from './demo-status';
import './demo-status';
import './engine-select';
import './tradeoff-panel';
import { controlStyles } from './control-styles';
import { ThemeController } from '../../core/theme';

/** At most this many repaired link parameters are listed. */
const URL_NOTES = 8;
/** User timing: when the first demo since the page loaded said it is ready (what bench:first-visit reads). */
export const READY_MARK = 'gmp:first-demo-ready';
let readyMarked = false;

export type Message = { key: MessageKey; params?: Record<string, string | number> };
type Note = Message | { issue: ParamIssue };

/** The site's words for the usual link repairs (url-state.ts knows no strings). */
export const REPAIR_TEXTS: RepairTexts = {
  numbers: (count, min, max) => () => t('demo.url.number', { count, min, max }),
  choice: (allowed) => () => t('demo.url.engine', { allowed: allowed.join(', ') }),
};

/** The frame every demo page shares: two columns, panels, the big output canvas, number lists. */
export const demoStyles = css`
  ${controlStyles}
  :host { display: block; }
  .layout { display: grid; grid-template-columns: minmax(0, 1.25fr) minmax(0, 1fr); gap: 1rem; align-items: start; }
  @media (max-width: 860px) { .layout { grid-template-columns: minmax(0, 1fr); } }
  /* a table wider than a phone scrolls inside its panel instead of widening the page */
  .scroll-x { overflow-x: auto; max-width: 100%; }
  .panel { background: var(--gmp-panel); border-radius: 8px; padding: 0.9rem 1rem; box-shadow: 0 1px 2px var(--gmp-shadow); margin-bottom: 1rem; }
  /* on a phone the panels give their width to the canvases in them */
  @media (max-width: 640px) { .panel { padding: 0.75rem 0.6rem; } }
  .top { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; }
  figure { margin: 0; text-align: center; }
  figcaption { font-size: 0.85rem; color: var(--gmp-muted); font-variant-numeric: tabular-nums; }
  /* the model's own black-and-white pixels, framed so the black edge shows on a dark page */
  canvas.img { width: 196px; height: 196px; image-rendering: pixelated; background: #000; border-radius: 4px; box-shadow: 0 0 0 1px var(--gmp-frame); }
  dl { display: grid; grid-template-columns: fit-content(55%) minmax(0, 1fr); gap: 0.25rem 1rem; margin: 0; }
  dt { color: var(--gmp-muted); } dd { margin: 0; font-variant-numeric: tabular-nums; }
  table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
  td, th { padding: 0.1rem 0.6rem 0.1rem 0; text-align: left; }
  th { font-weight: 600; font-size: 0.85rem; vertical-align: bottom; }
  .help { font-size: 0.85rem; color: var(--gmp-muted); margin: 0; }
  h1 { margin: 0.2rem 0 0.4rem; } h2 { font-size: 1.05rem; margin: 0 0 0.4rem; } h3 { font-size: 0.98rem; margin: 0.8rem 0 0.3rem; }
`;

/** The `seed` link parameter of the demos that sample (GAN, diffusion, transformer): a whole number 0…999,999, 1 by default. */
export function seedParam<D>(get: (d: D) => number, set: (d: D, seed: number) => void): Param<D> {
  return integerParam({ name: 'seed', min: 0, max: 999999, fallback: 1, get, set });
}

/** True for the errors a runner reports itself (crash, lost device) and then recovers from. */
export function isRecoverable(e: unknown): boolean {
  return e instanceof Error && (e.name === 'WorkerCrashedError' || e.name === 'DeviceLostError');
}

export abstract class ModelDemo<LoadArgs, API extends ModelWorkerApi<LoadArgs>> extends LitElement {
  /** Subclasses add theirs (Lit merges the declarations along the class chain). */
  static override properties: PropertyDeclarations = {
    state: { state: true },
    status: { state: true },
    progress: { state: true },
    choice: { state: true },
    webgpu: { state: true },
    manifest: { state: true },
    model: { state: true },
    times: { state: true },
    noteSlots: { state: true },
  };
  declare protected state: DemoState;
  /** The status line as a message, translated at render time so a language switch updates it. */
  declare protected status: Message;
  declare protected progress: Progress | undefined;
  declare protected choice: EngineChoice;
  declare protected webgpu: WebGpuReport | undefined;
  declare protected manifest: Manifest | undefined;
  declare protected model: ManifestModel | undefined;
  /** Model-call timings here (ms), newest last. */
  declare protected times: number[];
  /** The notes under the status line by slot (replaced, never changed in place). */
  declare private noteSlots: ReadonlyMap<string, Note>;
  protected files?: Record<string, Uint8Array>;
  protected runner?: ModelRunner<LoadArgs, API>;
  /** The cancellable runs in progress, by kind (see beginRun). */
  private readonly runs = new Map<string, AbortController>();
  private urlTimer?: number;
  /** The link as this page last read or wrote it. */
  private seenHash?: string;
  private readonly onHash = () => this.applyHash();
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
    this.state = 'loading';
    this.status = { key: 'demo.status.loading' };
    this.choice = 'auto';
    this.times = [];
    this.noteSlots = new Map();
  }

  /** The model's registry entry: id (manifest key and route), roles, engines, worker, load arguments. */
  protected abstract readonly entry: ModelEntry<LoadArgs, API>;
  protected get modelId(): string {
    return this.entry.id;
  }
  /** The engine choices this demo offers: `auto`, then the model's engines. */
  protected get engines(): readonly EngineChoice[] {
    return ['auto', ...this.entry.engines];
  }
  /**
   * Called once the files are verified (without `engine`: parse extras, so a broken file fails early) and
   * for every worker start (with its engine); returns the worker's load arguments.
   */
  protected loadArgs(files: Record<string, Uint8Array>, _engine?: Engine): LoadArgs {
    return this.entry.loadArgs(files, this.model!);
  }
  /** What of the load arguments moves into the worker instead of being copied (the NeRF demo's canvas). */
  protected transfer?(args: LoadArgs): Transferable[];
  /** This demo's own URL parameters (the engine's follows them in the link). */
  protected abstract readonly urlParams: ParamTable<this>;
  /** Runs the model for the current state and draws (after start, engine change, recovery, a link). */
  protected abstract refresh(): Promise<void>;

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHash);
    void this.start();
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this.onHash);
    clearTimeout(this.urlTimer);
    this.urlTimer = undefined;
    for (const run of this.runs.values()) run.abort();
    this.runs.clear();
    this.runner?.dispose();
    this.runner = undefined;
    super.disconnectedCallback();
  }

  /**
   * Starts a cancellable run of `kind` (a playback, a generation): aborts the one before it and returns the new
   * run's signal. A run checks its signal after every await and drops its results once it is aborted; leaving
   * the page aborts every run.
   */
  protected beginRun(kind: string): AbortSignal {
    this.abortRun(kind);
    const run = new AbortController();
    this.runs.set(kind, run);
    return run.signal;
  }

  protected abortRun(kind: string): void {
    this.runs.get(kind)?.abort();
    this.runs.delete(kind);
  }

  protected setStatus(state: DemoState, key: MessageKey, params?: Record<string, string | number>): void {
    if (state === 'ready' && !readyMarked) {
      readyMarked = true;
      performance.mark(READY_MARK, { detail: this.modelId });
    }
    this.state = state;
    this.status = { key, params };
  }

  protected setNote(slot: string, note: Note | undefined): void {
    if (!note && !this.noteSlots.has(slot)) return;
    const notes = new Map(this.noteSlots);
    if (note) notes.set(slot, note);
    else notes.delete(slot);
    this.noteSlots = notes;
  }

  private async start(): Promise<void> {
    this.setStatus('loading', 'demo.status.loading');
    try {
      this.webgpu = await webGpuReport();
      this.readUrl();
      if (!this.model) {
        this.manifest = await loadManifest(MODELS_URL);
        const model = this.manifest.models[this.modelId];
        if (!model) throw new ModelLoadError('load.missing', { model: this.modelId });
        this.model = model;
      }
      if (!this.files) {
        // the page, and what it shows from the manifest, is on screen before the large files start
        await afterFirstPaint();
        await this.updateComplete;
        await afterNextPaint();
        const files: Record<string, Uint8Array> = {};
        for (const role of this.entry.roles) {
          let shownAt = 0;
          files[role] = await fetchModelFile(MODELS_URL, fileFor(this.model, role), (p) => {
            // ten updates a second are plenty for a progress bar; each one re-renders the page
            const now = performance.now();
            if (p.loaded > 0 && p.loaded < p.total && now - shownAt < 100) return;
            shownAt = now;
            this.progress = p;
            this.setStatus('loading', 'demo.status.downloading', {
              file: p.file,
              done: fmt(p.loaded / 1e6, 2),
              total: fmt(p.total / 1e6, 2),
            });
          });
        }
        this.progress = undefined;
        this.loadArgs(files); // parses extras now, so a broken extras file fails here with its message
        this.files = files;
      }
      // left the page while the files came: start no worker that nothing would shut down
      if (!this.isConnected) return;
      this.runner ??= new ModelRunner<LoadArgs, API>({
        createWorker: () => this.entry.createWorker(),
        loadArgs: (engine) => this.loadArgs(this.files!, engine),
        transfer: this.transfer ? (args) => this.transfer!(args) : undefined,
        webgpu: this.webgpu,
        engines: this.engines.filter((e): e is Engine => e !== 'auto'),
        onEvent: (e) => this.onRunnerEvent(e),
      });
      await this.runner.select(this.choice);
      await this.refresh();
    } catch (e) {
      this.fail(e);
    }
  }

  protected fail(e: unknown): void {
    if (isRecoverable(e)) return; // the runner reports it and restarts the worker
    this.progress = undefined;
    if (e instanceof ModelLoadError) this.setStatus('error', e.key, e.params);
    else if (e instanceof EngineStartError) this.setStatus('error', 'load.session', { engine: e.engine, message: e.message });
    else this.setStatus('error', 'error.generic', { message: e instanceof Error ? e.message : String(e) });
  }

  private onRunnerEvent(e: RunnerEvent): void {
    switch (e.type) {
      case 'starting':
        this.setStatus('loading', e.engine === 'webgpu' ? 'demo.status.warmup' : 'demo.status.starting', { engine: e.engine });
        break;
      case 'ready':
        // on wasm, how many threads onnxruntime got (more than one only where the page is cross-origin isolated)
        if (e.engine === 'wasm' && e.report.threads > 0) this.setStatus('ready', 'demo.status.readythreads', { threads: e.report.threads });
        else this.setStatus('ready', 'demo.status.ready', { engine: e.engine });
        break;
      case 'auto-measuring':
        this.setNote('auto', { key: 'demo.auto.measuring' });
        break;
      case 'auto-decided': {
        const details = describeMedians(e.medians, (ms) => fmt(ms, ms < 10 ? 2 : 0));
        rememberAuto(this.modelId, { engine: e.engine, medians: e.medians, at: new Date().toISOString() });
        this.setNote(
          'auto',
          !this.webgpu?.available
            ? { key: 'demo.auto.nowebgpu', params: { reason: webGpuReason(this.webgpu!) } }
            : e.webgpuError
              ? { key: 'demo.auto.webgpufailed', params: { reason: e.webgpuError } }
              : e.leftOut.length
                ? { key: 'demo.auto.choiceleftout', params: { engine: e.engine, details, left: e.leftOut.join(', ') } }
                : { key: 'demo.auto.choice', params: { engine: e.engine, details } },
        );
        this.setStatus('ready', 'demo.status.ready', { engine: e.engine });
        void this.refresh();
        break;
      }
      case 'crashed':
        this.setNote('recovery', { key: e.stopped ? 'worker.stopped' : 'worker.crashed', params: { reason: e.message } });
        this.setStatus('loading', 'demo.status.recovering', { why: e.message });
        break;
      case 'device-lost':
        this.setNote('recovery', { key: 'demo.devicelost', params: { reason: e.reason } });
        this.setStatus('loading', 'demo.status.recovering', { why: e.reason });
        break;
      case 'recovered':
        this.setStatus('ready', 'demo.status.ready', { engine: e.engine });
        void this.refresh();
        break;
      case 'failed':
        this.setStatus('error', 'worker.failed', { reason: e.message });
        break;
    }
  }

  // ---- URL state ----

  private readUrl(): void {
    this.seenHash = location.hash;
    const { params } = parseHash(location.hash);
    const issues = [...readParams(this.engineParam, params, this, REPAIR_TEXTS), ...readParams(this.urlParams, params, this, REPAIR_TEXTS)];
    if ((this.choice === 'webgpu' || this.choice === 'wgsl') && this.webgpu && !this.webgpu.available) {
      const report = this.webgpu;
      issues.push({ name: 'engine', value: this.choice, why: () => webGpuReason(report) });
      this.choice = 'auto';
    }
    for (let i = 0; i < URL_NOTES; i++) this.setNote(`url${i}`, undefined);
    issues.slice(0, URL_NOTES).forEach((issue, i) => {
      this.setNote(`url${i}`, { issue });
    });
    // the address bar shows what the page shows: repaired values, no unknown parameters, nothing else
    this.writeUrl();
  }

  private applyHash(): void {
    if (parseHash(location.hash).path !== `/${this.modelId}`) return;
    // still loading (no engine chosen yet): the new link's settings are what start() goes on with
    if (!this.runner) {
      this.readUrl();
      return;
    }
    const before = this.choice;
    this.readUrl();
    if (this.choice !== before) void this.changeEngine(this.choice, false);
    else void this.refresh();
  }

  /**
   * Writes the state into the link at most 200 ms after a change (replaceState: no history entry per slider
   * step). The timer is not pushed back by later changes, since it reads the state when it fires: a stream of
   * changes (a diffusion run's steps) still reaches the link.
   */
  protected writeUrl(): void {
    if (this.urlTimer !== undefined) return;
    this.urlTimer = window.setTimeout(() => {
      this.urlTimer = undefined;
      // The visitor may have left for another page in the last 200 ms (before the hashchange reached us):
      // then the link is no longer ours to write.
      if (parseHash(location.hash).path !== `/${this.modelId}`) return;
      const hash = buildHash(`/${this.modelId}`, { ...writeParams(this.urlParams, this), ...writeParams(this.engineParam, this) });
      // the link changed since we last read or wrote it (a new link, Back): the hashchange brings it to us
      if (location.hash !== this.seenHash) return;
      if (hash !== location.hash) {
        try {
          history.replaceState(null, '', hash);
        } catch {
          return; // Safari allows 100 replaceState calls in 30 s: the next change writes it
        }
      }
      this.seenHash = hash;
    }, 200);
  }

  protected async changeEngine(choice: EngineChoice, writeUrl = true): Promise<void> {
    this.choice = choice;
    this.setNote('auto', choice === 'auto' ? undefined : { key: 'demo.chosen', params: { engine: choice } });
    if (writeUrl) this.writeUrl();
    if (!this.runner) return;
    this.setStatus('loading', 'demo.status.starting', { engine: choice });
    this.times = [];
    try {
      await this.runner.select(choice);
      await this.refresh();
    } catch (e) {
      this.fail(e);
    }
  }

  /** Records a model-call timing (keeps the last 50 for the median). */
  protected recordTime(ms: number): void {
    this.times = [...this.times.slice(-49), ms];
  }

  // ---- shared pieces of the page ----

  private noteText(n: Note): string {
    return 'issue' in n
      ? t('demo.url.ignored', { name: n.issue.name, value: n.issue.value, why: whyText(n.issue.why) })
      : t(n.key, n.params);
  }

  protected renderStatus() {
    return html`<gmp-demo-status .state=${this.state} .text=${t(this.status.key, this.status.params)} .progress=${this.progress}
      .notes=${[...this.noteSlots.values()].map((n) => this.noteText(n))} @retry=${() => void this.start()}></gmp-demo-status>`;
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

  protected renderEngineSelect() {
    const options = this.engines.map((choice) => ({
      choice,
      unavailable:
        (choice === 'webgpu' || choice === 'wgsl') && this.webgpu && !this.webgpu.available ? webGpuReason(this.webgpu) : undefined,
    }));
    return html`<gmp-engine-select .value=${this.choice} .options=${options} ?disabled=${this.state === 'loading' && !this.runner?.engine}
      @engine-change=${(e: CustomEvent<EngineChoice>) => void this.changeEngine(e.detail)}></gmp-engine-select>`;
  }
}
