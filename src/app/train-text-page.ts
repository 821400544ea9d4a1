// #/train-text: a character GPT learning the text the visitor picks (the fortunes, the site's article, or their
// own), beside an n-gram model counted on the same text, both scored on the same held-out characters. A thin
// view: the model session (ui/model-session.ts) fetches the files and runs the GPT's worker (starting at once on
// the CPU, `auto` measuring wgsl in the background); the training session (models/training/session.ts) runs
// the loop; the n-gram counts in a worker of its own (models/text-training/ngram-worker.ts); the link keeps
// the settings (not your text).
import { LitElement, css, html, nothing } from 'lit';
import * as Comlink from 'comlink';
import { fmt, fmtInt, fmtSignificant, I18nController, t } from '../core/main-thread/i18n';
import './train.strings';
import './train-text.strings';
import './app.strings';
import '../models/transformer/model.strings';
import '../ui/session.strings';
import '../ui/line-chart';
import type { ChartSpec } from '../ui/line-chart';
import { controlStyles } from '../ui/control-styles';
import { trainingPageStyles } from './training-page-styles';
import { webGpuReason } from '../ui/webgpu-reason';
import { fileFor } from '../core/any-thread/manifest';
import { messageOf, ModelLoadError } from '../core/any-thread/errors';
import type { Engine, EngineChoice } from '../core/any-thread/engine-choice';
import type { LoadReport } from '../core/any-thread/worker-api';
import { MODELS_URL } from '../core/main-thread/site';
import { loadStudy } from '../compare/study';
import { checkOwnText, OWN_TEXT, type ShippedVocab, TEXT_SOURCES, type TextSource, TextSourceError } from '../engines/text/text-source';
import { gptMacsPerChar, gptParameterCount } from '../engines/training/gpt';
import type { NGramReport, NGramWorkerApi } from '../models/text-training/ngram-worker';
import { type StudyCrossing, studyCrossings, studyCurve } from '../compare/study-crossings';
import type { TextArgs } from '../models/text-training/text-args';
import { SAMPLE_CHARS, SAMPLE_TEMPERATURE, type TextLoadArgs, type TextReport, type TextWorkerApi } from '../models/text-training/worker';
import { TrainingRuns } from '../ui/training-runs';
import { TrainingSession } from '../models/training/session';
import { launchWorker } from '../workers/launch';
import { LinkState, tableCodec } from '../ui/link-state';
import { type Message, ModelSession, type SessionVoice } from '../ui/model-session';
import { reactive } from '../ui/reactive-state';
import { engineName, msg, type TrainingState, trainingPhase, trainingStatus, trainingVoice } from './training-voice';
import {
  CONTEXTS,
  gptSettingsOf,
  LAYERS,
  sameTextTraining,
  TEXT_DEFAULTS,
  TEXT_PARAMS,
  type TextSettings,
  WIDTHS,
} from './train-text-settings';
import { TRAIN_ENGINES } from './train-settings';
import './train-export';
import type { ExportedModel, ExportedModelId } from './train-export';

const toEngine = (e: TextSettings['engine']): EngineChoice => (e === 'cpu' ? 'wasm' : e);
const isTextReport = (r: LoadReport): r is TextReport => typeof (r as Partial<TextReport>).charsPerStep === 'number';
const value = (e: Event) => (e.target as HTMLInputElement | HTMLSelectElement).value;
/** A .txt file larger than this is not read (the text limit is far below it). */
const MAX_FILE_MB = 8;
const GPT_EXPORT: readonly ExportedModelId[] = ['gpt'];
/** The n-gram orders' lines: the theme's plot colours, told apart by their dashes as well. */
const ORDER_LINES: { colour: string; dash: number[] }[] = [
  { colour: '--gmp-plot-3', dash: [2, 4] },
  { colour: '--gmp-plot-2', dash: [6, 3] },
  { colour: '--gmp-plot-faint', dash: [2, 2] },
  { colour: '--gmp-plot-text', dash: [8, 3] },
  { colour: '--gmp-plot-strong', dash: [4, 4] },
  { colour: '--gmp-plot-strong', dash: [1, 3] },
];

/** The n-gram's side: counting, counted, or failed. */
type NGramState =
  | { state: 'counting'; key: string }
  | { state: 'ready'; key: string; report: NGramReport; sample: string; prompt: string }
  | { state: 'failed'; key: string; message: string };

export class TrainTextPage extends LitElement {
  static override styles = [
    controlStyles,
    trainingPageStyles,
    css`
      textarea { width: 100%; box-sizing: border-box; min-height: 8rem; font: inherit; font-size: 0.9rem; }
      .duo { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 1rem; }
      @media (max-width: 860px) { .duo { grid-template-columns: minmax(0, 1fr); } }
      pre { white-space: pre-wrap; word-break: break-word; background: var(--gmp-bg, transparent); border: 1px solid var(--gmp-rule); border-radius: 6px; padding: 0.5rem; font-size: 0.88rem; min-height: 5.5rem; margin: 0.3rem 0; }
      .numbers { font-variant-numeric: tabular-nums; font-size: 0.9rem; }
      ul { padding-left: 1.2rem; } li { margin: 0.3rem 0; font-size: 0.92rem; }
    `,
  ];

  private readonly view = reactive(this, {
    settings: { ...TEXT_DEFAULTS },
    /** the text source picked in the list (`own` shows the text box before any text is applied) */
    picking: TEXT_DEFAULTS.source as TextSource,
    draft: '',
    problem: undefined as string | undefined,
    ngram: undefined as NGramState | undefined,
    crossings: [] as StudyCrossing[],
    studyCurve: [] as { s: number; loss: number }[],
  });
  /** Your text as last applied (what `own` trains on). */
  private own = '';
  /** The link asked for your own text, which it cannot hold: a saved run on it may still resume (see `adopt`). */
  private linkAskedOwn = false;
  private training = this.newTraining();
  /** The run saved in this browser: what a reload resumes, the list of saved runs, the hidden-tab pause. */
  private readonly runs = new TrainingRuns(this, {
    page: 'train-text',
    loop: () => this.training,
    settings: () => this.applied,
    defaults: TEXT_DEFAULTS,
    same: sameTextTraining,
    name: () => t('tt.run.name', { source: t(`tt.source.${this.applied.source}`), layers: this.applied.layers, width: this.applied.width }),
    data: () => (this.applied.source === 'own' ? this.own : ''),
    takeData: (own: string | undefined) => {
      if (!own) return;
      this.own = own;
      this.view.draft = own;
    },
    // a reload of a run on your own text: the link says `source=own` but cannot hold the text; the saved run can
    adopt: (saved, own) => {
      if (!this.linkAskedOwn || !own || saved.source !== 'own' || !sameTextTraining(saved, { ...this.applied, source: 'own' }))
        return false;
      this.view.settings = { ...saved, engine: this.applied.engine };
      this.applied = { ...this.view.settings };
      this.view.picking = 'own';
      this.link.write(true);
      this.session.showLinkIssues(this.link.issues.filter((i) => i.name !== 'source'));
      return true;
    },
    restartWith: async (next, take) => {
      this.view.settings = next;
      this.applied = { ...next };
      this.view.picking = next.source;
      this.link.write(true);
      this.training.dispose();
      this.training = this.newTraining();
      take();
      await this.session.restart(toEngine(next.engine));
    },
  });
  private engine?: Engine;
  private report?: TextReport;
  private shipped?: ShippedVocab;
  private ngramWorker?: { worker: Worker; api: Comlink.Remote<NGramWorkerApi> };
  private readonly link = new LinkState(this, {
    path: '/train-text',
    codec: tableCodec(
      () => this.view.settings,
      () => [TEXT_PARAMS],
    ),
    check: () => this.checkLink(),
    onNewLink: () => {
      this.session.showLinkIssues(this.link.issues);
      this.view.picking = this.view.settings.source;
      void this.change(this.view.settings);
    },
  });
  /** A copy, never the view's object: the link reader writes a new link's values into that one in place. */
  private applied = { ...this.view.settings };
  /** What the running worker learns (source, your text, context): the n-gram is counted again when it changes. */
  private textKey = '';
  readonly session = new ModelSession<TextLoadArgs, TextWorkerApi>(this, {
    id: 'text_data',
    files: (manifest) => {
      const [texts, gpt] = [manifest.models.text_data, manifest.models.transformer];
      if (!texts || !gpt) throw new ModelLoadError('load.missing', { model: texts ? 'transformer' : 'text_data' });
      return {
        train: fileFor(texts, 'fortunes_train'),
        val: fileFor(texts, 'fortunes_val'),
        article: fileFor(texts, 'article'),
        vocab: fileFor(gpt, 'vocab'),
      };
    },
    loadArgs: (files) => this.loadArgs(files),
    createWorker: () => launchWorker('text-training'),
    engines: (webgpu) => (webgpu.available ? ['wgsl', 'wasm'] : ['wasm']),
    measureRuns: 3,
    measureInOneCall: true, // the worker slots a visitor's steps between its timed ones (SerialCalls)
    measureAfter: (signal) => this.training.settled(signal),
    eager: true,
    handover: (from, to) => this.training.handover(from, to),
    prepare: () => this.runs.resumeSaved(),
    readLink: (webgpu) => {
      this.link.read();
      this.session.showLinkIssues(this.link.issues);
      this.applied = { ...this.view.settings };
      this.view.picking = this.applied.source;
      if (!webgpu.available) this.session.setNote('cpu', msg('tt.cpu-only', { reason: webGpuReason(webgpu) }));
    },
    choice: () => toEngine(this.applied.engine),
    onEvent: (e) => {
      if (e.type === 'ready' && isTextReport(e.report)) {
        this.engine = e.engine;
        this.report = e.report;
        void this.training.ready({ step: e.report.step }).then(() => (this.training.scores.length ? undefined : this.training.scoreNow()));
        this.countNGram();
      } else if (e.type === 'auto-decided' && e.engine !== this.engine) {
        this.engine = e.engine;
        void this.training.ready({ step: this.training.snapshot?.step ?? 0 });
      }
    },
    voice: this.voice(),
  });

  constructor() {
    super();
    new I18nController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // the study's crossings are a reference line: fetched beside the page, never waited for
    loadStudy(MODELS_URL).then(
      (study) => {
        if (!study) return;
        this.view.crossings = studyCrossings(study);
        this.view.studyCurve = studyCurve(study);
      },
      () => undefined,
    );
  }

  override disconnectedCallback(): void {
    this.training.dispose();
    this.ngramWorker?.worker.terminate();
    this.ngramWorker = undefined;
    super.disconnectedCallback();
  }

  private newTraining(): TrainingSession<TextWorkerApi> {
    return new TrainingSession<TextWorkerApi>({
      call: (fn, options) => this.session.call(fn, options),
      changed: () => this.requestUpdate(),
      failed: (e) => this.session.fail(e),
      // a sample (120 passes) and a score (96 windows) each cost about a second on a CPU: not every second
      timing: { drawMs: 10_000, scoreMs: 10_000 },
      saved: () => this.runs.saved(),
    });
  }

  private voice(): Partial<SessionVoice> {
    return trainingVoice({
      training: () => this.training,
      engine: () => this.engine,
      starting: 'tt.starting',
      ready: (engine) => msg('tt.ready', { chars: fmtInt(this.report?.trainChars ?? 0), engine: engineName(engine) }),
    });
  }

  /** wgsl without WebGPU: auto; `own` in a link (your text is never in one): the fortunes. */
  private checkLink() {
    const issues = [];
    const s = this.view.settings;
    const report = this.session?.webgpu;
    if (s.engine === 'wgsl' && report && !report.available) {
      this.view.settings = { ...this.view.settings, engine: 'auto' };
      issues.push({ name: 'engine', value: 'wgsl', why: () => webGpuReason(report) });
    }
    this.linkAskedOwn = s.source === 'own' && !this.own;
    if (s.source === 'own' && !this.own) {
      this.view.settings = { ...this.view.settings, source: 'fortunes' };
      issues.push({ name: 'source', value: 'own', why: () => t('tt.own.link') });
    }
    return issues;
  }

  private vocabOf(files: Record<string, Uint8Array>): ShippedVocab {
    if (!this.shipped) {
      const parsed = JSON.parse(new TextDecoder().decode(files.vocab)) as ShippedVocab;
      if (!Array.isArray(parsed.chars) || typeof parsed.aliases !== 'object') throw new ModelLoadError('load.missing', { model: 'vocab' });
      this.shipped = { chars: parsed.chars, aliases: parsed.aliases };
    }
    return this.shipped;
  }

  /** The text part of both workers' arguments for the applied settings. */
  private textArgs(files: Record<string, Uint8Array>): TextArgs {
    const s = this.applied;
    const picked =
      s.source === 'fortunes' ? { train: files.train, val: files.val } : s.source === 'article' ? { train: files.article } : {};
    return {
      source: s.source,
      files: picked,
      own: s.source === 'own' ? this.own : undefined,
      shipped: this.vocabOf(files),
      context: Number(s.context),
    };
  }

  private loadArgs(files: Record<string, Uint8Array>): TextLoadArgs {
    const { context: _context, ...text } = this.textArgs(files);
    return { ...text, seed: this.applied.seed, settings: gptSettingsOf(this.applied), resume: this.training.snapshot };
  }

  /** Counts the n-gram on the applied text, unless it already stands for it. */
  private countNGram(): void {
    const files = this.session.files;
    if (!files) return;
    const args = this.textArgs(files);
    const key = `${args.source}\u0000${args.context}\u0000${args.own ?? ''}`;
    if (this.view.ngram?.key === key && this.view.ngram.state !== 'failed') return;
    this.textKey = key;
    this.view.ngram = { state: 'counting', key };
    if (!this.ngramWorker) {
      const worker = launchWorker('ngram');
      const api = Comlink.wrap<NGramWorkerApi>(worker);
      worker.addEventListener('error', (e) => this.ngramFailed(key, e.message || 'the worker stopped'));
      this.ngramWorker = { worker, api };
    }
    const { api } = this.ngramWorker;
    void (async () => {
      try {
        const report = await api.fitText(args);
        const sample = await api.sample(report.prompt, SAMPLE_CHARS, this.applied.seed, SAMPLE_TEMPERATURE);
        if (this.textKey !== key) return; // the text changed while it counted
        const decode = (ids: Uint8Array) => Array.from(ids, (i) => report.vocab[i] ?? '').join('');
        this.view.ngram = { state: 'ready', key, report, sample: decode(sample), prompt: decode(report.prompt) };
      } catch (e) {
        this.ngramFailed(key, messageOf(e));
      }
    })();
  }

  private ngramFailed(key: string, message: string): void {
    if (this.textKey !== key) return;
    this.view.ngram = { state: 'failed', key, message };
    this.ngramWorker?.worker.terminate();
    this.ngramWorker = undefined;
  }

  /** A setting changed (a control or the link): the link follows, and the GPT starts again. */
  private async change(next: TextSettings): Promise<void> {
    const before = this.applied;
    const ownChanged = next.source === 'own';
    this.view.settings = next;
    this.applied = { ...next };
    this.link.write(true);
    if (!this.session.files) {
      if (this.session.state === 'error') await this.session.start();
      return;
    }
    if (sameTextTraining(before, next) && !ownChanged) {
      await this.training.pause();
      await this.training.save();
    } else {
      this.training.dispose();
      this.training = this.newTraining();
      this.runs.startNew();
    }
    await this.session.restart(toEngine(next.engine));
  }

  /** Your text from the box: checked first; a problem is said beside it and nothing restarts. */
  private applyOwn(text: string): void {
    try {
      checkOwnText(text, this.shipped?.aliases ?? {});
    } catch (e) {
      this.view.problem = e instanceof TextSourceError ? t(`tt.own.${e.problem}`, e.params) : messageOf(e);
      return;
    }
    this.view.problem = undefined;
    this.own = text;
    void this.change({ ...this.view.settings, source: 'own' });
  }

  private async upload(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    if (file.size > MAX_FILE_MB * 1e6) {
      this.view.problem = t('tt.own.file-large', { mb: fmt(file.size / 1e6, 1), max: MAX_FILE_MB });
      return;
    }
    try {
      this.view.draft = await file.text();
    } catch (err) {
      this.view.problem = t('tt.own.file', { message: messageOf(err) });
      return;
    }
    this.applyOwn(this.view.draft);
  }

  private pickSource(source: TextSource): void {
    this.view.picking = source;
    this.view.problem = undefined;
    if (source !== 'own') void this.change({ ...this.view.settings, source });
    else if (this.own) void this.change({ ...this.view.settings, source });
  }

  private get busy(): boolean {
    return this.session.state !== 'ready';
  }

  private get phase(): string {
    return trainingPhase(this.state);
  }

  private get state(): TrainingState {
    return { session: this.session, training: this.training, engine: this.engine };
  }

  private statusLine(): string {
    return trainingStatus(this.state, (engine) =>
      t('tt.ready', { chars: fmtInt(this.report?.trainChars ?? 0), engine: engineName(engine) }),
    );
  }

  // ---- rendering ----

  override render() {
    return html`
      <h1>${t('tt.title')}</h1>
      <p class="lead">${t('tt.lead')}</p>
      ${this.renderStatus()} ${this.renderControls()}
      <div class="duo">${this.renderGpt()} ${this.renderNGram()}</div>
      ${this.renderChart()} ${this.renderWatch()}
      <section>${this.runs.render()}</section>
      <section><gmp-train-export ?enabled=${!this.busy && this.training.step > 0} .models=${GPT_EXPORT} .exportModel=${this.exportModel}></gmp-train-export></section>
    `;
  }

  /** The GPT as it is now, from the worker (training pauses for it): its file and description. */
  private readonly exportModel = async (model: ExportedModelId): Promise<ExportedModel> => {
    if (model !== 'gpt') throw new Error(`this page trains no ${model}`);
    await this.training.pause();
    const s = this.applied;
    const chars = fmtInt(this.report?.trainChars ?? 0);
    const data = t('tt.export.data', { source: t(`tt.export.${s.source}`), chars });
    const last = this.training.scores.at(-1);
    const figures: Record<string, number> = last ? { heldOut: last.heldOut, train: last.train } : {};
    return this.session.call((api) => api.exportModel({ data, figures }));
  };

  private renderStatus() {
    const error = this.phase === 'error';
    const tr = this.training;
    const perStep = this.report?.charsPerStep ?? 0;
    const last = tr.history.at(-1);
    return html`<section>
      <p data-testid="status" data-state=${error ? 'error' : this.busy ? 'loading' : 'ready'} data-phase=${this.phase}
        role=${error ? 'alert' : 'status'} class=${error ? 'error' : ''}>${this.statusLine()}</p>
      <div data-testid="notes">${this.session.noteTexts().map((n) => html`<p class="small">${n}</p>`)}</div>
      <p class="numbers"><span data-testid="train-steps" data-step=${tr.step} data-saved-step=${tr.snapshot?.step ?? 0}
          data-loss=${last?.loss ?? nothing}>${t('train.steps', { step: fmtInt(tr.step) })}</span>
        ${tr.speed ? html` · <span data-testid="train-speed" data-steps-per-s=${tr.speed} data-chars-per-s=${tr.speed * perStep}>${t('tt.speed', { steps: fmtSignificant(tr.speed), chars: fmtInt(tr.speed * perStep) })}</span>` : nothing}</p>
    </section>`;
  }

  private renderControls() {
    const s = this.view.settings;
    const tr = this.training;
    const running = tr.phase === 'running' || tr.phase === 'pausing';
    const webgpu = this.session.webgpu;
    const wgslOff = webgpu && !webgpu.available ? webGpuReason(webgpu) : undefined;
    const gpt = { ...gptSettingsOf(s), vocab: this.report?.vocab ?? this.shipped?.chars.length ?? 96 };
    const perStep = gpt.batch * gpt.context;
    const select = <K extends 'layers' | 'width' | 'context'>(
      id: string,
      label: Message['key'],
      key: K,
      options: readonly TextSettings[K][],
    ) =>
      html`<label>${t(label)} <select data-testid=${id} @change=${(e: Event) => void this.change({ ...this.view.settings, [key]: value(e) })}>
        ${options.map((o) => html`<option value=${o} ?selected=${o === s[key]}>${o}</option>`)}</select></label>`;
    return html`<section>
      <div class="controls">
        <button data-testid="train-start" ?disabled=${this.busy || running} @click=${() => {
          this.runs.started();
          tr.play();
        }}>${t(tr.step > 0 ? 'train.resume' : 'train.start')}</button>
        <button data-testid="train-pause" ?disabled=${tr.phase !== 'running'} @click=${() => void tr.pause()}>${t('train.pause')}</button>
        <button data-testid="train-step" ?disabled=${this.busy || running} @click=${() => void tr.oneStep()}>${t('train.step')}</button>
        <button data-testid="train-reset" ?disabled=${this.busy} @click=${() => void this.runs.reset(() => tr.reset())}>${t('train.reset')}</button>
        <label>${t('train.engine')}
          <select data-testid="engine" ?disabled=${this.busy && this.phase !== 'error'} @change=${(e: Event) => void this.change({ ...this.view.settings, engine: value(e) as TextSettings['engine'] })}>
            ${TRAIN_ENGINES.map((en) => {
              const off = en === 'wgsl' ? wgslOff : undefined;
              return html`<option value=${en} ?selected=${en === s.engine} ?disabled=${!!off}>${off ? t('train.engine.off', { engine: en, reason: off }) : t(`train.engine.${en}`)}</option>`;
            })}
          </select></label>
      </div>
      <div class="controls">
        <label>${t('tt.source')} <select data-testid="text-source" @change=${(e: Event) => this.pickSource(value(e) as TextSource)}>
          ${TEXT_SOURCES.map((src) => html`<option value=${src} ?selected=${src === this.view.picking}>${t(`tt.source.${src}`)}</option>`)}</select></label>
        ${select('text-layers', 'tt.layers', 'layers', LAYERS)} ${select('text-width', 'tt.width', 'width', WIDTHS)}
        ${select('text-context', 'tt.context', 'context', CONTEXTS)}
        <label>${t('tt.lr')} <input data-testid="text-lr" type="number" min="0.0001" max="0.01" step="0.0005" .value=${String(s.lr)}
          @change=${(e: Event) => {
            const x = Number(value(e));
            if (Number.isFinite(x) && x >= 1e-4 && x <= 1e-2) void this.change({ ...this.view.settings, lr: Number(x.toPrecision(2)) });
            else this.requestUpdate();
          }} /></label>
        <label>${t('train.seed')} <input data-testid="text-seed" type="number" min="0" max="999999" step="1" .value=${String(s.seed)}
          @change=${(e: Event) => {
            const x = Math.round(Number(value(e)));
            if (Number.isFinite(x) && x >= 0 && x <= 999999) void this.change({ ...this.view.settings, seed: x });
            else this.requestUpdate();
          }} /></label>
      </div>
      ${this.renderOwn()}
      <p class="small" data-testid="gpt-size" data-params=${gptParameterCount(gpt)}>${t('tt.size', {
        params: fmtInt(gptParameterCount(gpt)),
        macs: fmtInt(gptMacsPerChar(gpt)),
        chars: fmtInt(perStep),
        windows: gpt.batch,
        context: gpt.context,
      })}
      ${tr.speed ? t('tt.estimate', { steps: fmtInt(tr.speed * 60), chars: fmtInt(tr.speed * 60 * perStep) }) : nothing}</p>
      <p class="small">${t('tt.settings-note')}</p>
    </section>`;
  }

  private renderOwn() {
    return html`<details ?open=${this.view.picking === 'own'}><summary>${t('tt.source.own')}</summary>
      <label>${t('tt.own.label')}<textarea data-testid="text-input" .value=${this.view.draft}
        @input=${(e: Event) => (this.view.draft = value(e))}></textarea></label>
      <div class="controls">
        <button data-testid="text-apply" @click=${() => this.applyOwn(this.view.draft)}>${t('tt.own.apply')}</button>
        <label>${t('tt.own.upload')} <input data-testid="text-upload" type="file" accept=".txt,text/plain" @change=${(e: Event) => void this.upload(e)} /></label>
      </div>
      ${this.view.problem ? html`<p class="error" role="alert" data-testid="text-problem">${this.view.problem}</p>` : nothing}
      <p class="small">${t('tt.own.limits', { min: fmtInt(OWN_TEXT.minChars), max: fmtInt(OWN_TEXT.maxChars), vocab: OWN_TEXT.maxVocab })}</p>
    </details>`;
  }

  private renderGpt() {
    const tr = this.training;
    const last = tr.scores.at(-1);
    const d = tr.drawn;
    return html`<section>
      <h2>${t('tt.gpt')}</h2>
      ${
        last
          ? html`<p data-testid="gpt-val-loss" data-loss=${last.heldOut} data-train-loss=${last.train} data-step=${last.step}>${t('tt.gpt-loss', { loss: fmt(last.heldOut, 3), step: fmtInt(last.step), train: fmt(last.train, 3) })}</p>`
          : html`<p data-testid="gpt-val-loss">${t('tt.gpt-loss-none')}</p>`
      }
      <p class="small">${d ? t('tt.sample.gpt', { prompt: d.prompt, step: fmtInt(d.step) }) : t('tt.sample.none')}</p>
      <pre data-testid="gpt-sample" data-step=${d?.step ?? nothing}>${d ? d.prompt + d.text : ''}</pre>
    </section>`;
  }

  private renderNGram() {
    const n = this.view.ngram;
    const body = () => {
      if (!n || n.state === 'counting') return html`<p data-testid="ngram-val-loss">${t('tt.ngram-counting')}</p>`;
      if (n.state === 'failed')
        return html`<p data-testid="ngram-val-loss" class="error" role="alert">${t('tt.ngram-failed', { message: n.message })}</p>`;
      const r = n.report;
      const best = r.orderLosses[r.order - 1]!;
      return html`<p data-testid="ngram-val-loss" data-loss=${best} data-order=${r.order}>${t('tt.ngram-loss', { loss: fmt(best, 3), order: r.order })}</p>
        <p class="small">${t('tt.ngram-cost', { chars: fmtInt(r.trainChars), seconds: fmt(r.countMs / 1000, 1), mb: fmt(r.bytes / 1e6, 1) })}</p>
        <p class="small">${t('tt.sample.ngram', { prompt: n.prompt, order: r.order })}</p>
        <pre data-testid="ngram-sample">${n.prompt + n.sample}</pre>`;
    };
    return html`<section><h2>${t('tt.ngram')}</h2>${body()}
      <p class="small">${t('tt.sample.note', { chars: SAMPLE_CHARS, temperature: fmt(SAMPLE_TEMPERATURE, 1) })}</p></section>`;
  }

  /** The n-gram orders the GPT's held-out loss has passed, each with the training time it first did. */
  private passed(): { order: number; s: number }[] {
    const n = this.view.ngram;
    if (n?.state !== 'ready') return [];
    return n.report.orderLosses.flatMap((loss, i) => {
      const at = this.training.scores.find((s) => s.heldOut < loss);
      return at ? [{ order: i + 1, s: at.trainS }] : [];
    });
  }

  private renderChart() {
    const scores = this.training.scores;
    const n = this.view.ngram?.state === 'ready' ? this.view.ngram.report : undefined;
    // the study's PyTorch curve on the same time axis, as far as this run has got (and its first point)
    const horizon = scores.at(-1)?.trainS ?? 0;
    const study = this.view.studyCurve.filter((p, i) => i === 0 || p.s <= horizon);
    const x = [...new Set([...scores.map((s) => s.trainS), ...study.map((p) => p.s)])].sort((a, b) => a - b);
    const at = <T>(points: readonly T[], time: (p: T) => number, value: (p: T) => number) => {
      const by = new Map(points.map((p) => [time(p), value(p)]));
      return x.map((t) => by.get(t) ?? null);
    };
    const spec: ChartSpec = {
      title: t('tt.chart'),
      x,
      xLabel: t('tt.chart.x'),
      yLabel: t('tt.chart.y'),
      series: [
        {
          label: t('tt.series.held'),
          values: at(
            scores,
            (s) => s.trainS,
            (s) => s.heldOut,
          ),
          colour: '--gmp-plot-1',
        },
        {
          label: t('tt.series.train'),
          values: at(
            scores,
            (s) => s.trainS,
            (s) => s.train,
          ),
          colour: '--gmp-plot-1',
          dash: [6, 3],
        },
        ...(n?.orderLosses ?? []).map((loss, i) => ({
          label: t('tt.series.order', { order: i + 1 }),
          values: x.map(() => loss),
          ...ORDER_LINES[i % ORDER_LINES.length]!,
        })),
      ],
      format: (v) => fmt(v, 3),
      formatX: (v) => fmt(v, 0),
    };
    if (study.length)
      spec.series.push({
        label: t('tt.series.study'),
        values: at(
          study,
          (p) => p.s,
          (p) => p.loss,
        ),
        colour: '--gmp-plot-faint',
        dash: [10, 4],
      });
    const p = this.passed();
    const cross = this.view.crossings;
    const order6 = cross.find((c) => c.order === 6);
    return html`<section>
      <h2>${t('tt.chart')}</h2>
      ${scores.length ? html`<gmp-line-chart data-testid="loss-chart" data-points=${scores.length} data-series=${spec.series.length} .spec=${spec}></gmp-line-chart>` : html`<div data-testid="loss-chart" data-points="0"></div>`}
      <p data-testid="gpt-passed" data-orders=${p.map((x) => x.order).join(',')}>${p.length ? t('tt.passed', { orders: p.map((x) => t('tt.passed.one', { order: x.order, seconds: fmt(x.s, 0) })).join(', ') }) : t('tt.passed-none')}</p>
      ${
        order6
          ? html`<p class="small" data-testid="study-crossing" data-s=${order6.s}>${t('tt.study', { seconds: fmtInt(order6.s), chars: fmt(order6.chars / 1e6, 1) })}
        ${cross.map((c) => `${c.order}: ${c.s} s`).join(' · ')}</p>`
          : nothing
      }
    </section>`;
  }

  private renderWatch() {
    const href = (path: string) => `#${path}`;
    return html`<section>
      <h2>${t('tt.watch')}</h2>
      <ul>
        <li>${t('tt.watch.memorise')}</li>
        <li>${t('tt.watch.small')}</li>
        <li>${t('tt.watch.large')}</li>
        <li>${t('tt.watch.claim')}</li>
      </ul>
      <p class="small">${t('tt.links')}
        <a href=${href('/transformer')}>${t('nav.transformer')}</a> · <a href=${href('/train')}>${t('nav.train')}</a> · <a href=${href('/compare')}>${t('nav.compare')}</a></p>
    </section>`;
  }
}

customElements.define('gmp-train-text-page', TrainTextPage);
declare global {
  interface HTMLElementTagNameMap {
    'gmp-train-text-page': TrainTextPage;
  }
}
