// #/train: a small VAE, GAN and diffusion model learning side by side on the Fashion-MNIST images the visitor picks, in a
// worker (src/models/training/worker.ts) on our WGSL kernels or the CPU. The page is a thin view: the model
// session (ui/model-session.ts) fetches the files and runs the worker; it starts at once on the CPU and lets
// `auto` measure wgsl in the background, moving training over by a snapshot if wgsl is faster; the training
// session (models/training/session.ts) runs the loop; the link state (ui/link-state.ts) keeps the settings.
import { LitElement, css, html, nothing } from 'lit';
import { fmt, fmtInt, fmtSignificant, I18nController, type MessageKey, t } from '../core/main-thread/i18n';
import type { ExportedModel, ExportedModelId } from './train-export';
import './train-export';
import './own-images';
import { TrainingRuns } from '../ui/training-runs';
import './train.strings';
import '../ui/fashion-mnist.strings';
import '../ui/session.strings';
import { controlStyles } from '../ui/control-styles';
import { webGpuReason } from '../ui/webgpu-reason';
import { fileFor } from '../core/any-thread/manifest';
import { ModelLoadError } from '../core/any-thread/errors';
import type { Engine, EngineChoice } from '../core/any-thread/engine-choice';
import type { LoadReport } from '../core/any-thread/worker-api';
import type { DrawResult, TrainLoadArgs, TrainReport, TrainWorkerApi } from '../models/training/worker';
import { launchWorker } from '../workers/launch';
import { reachedAt, TrainingSession } from '../models/training/session';
import { LinkState, tableCodec } from '../ui/link-state';
import { ModelSession, type SessionVoice } from '../ui/model-session';
import { reactive } from '../ui/reactive-state';
import { engineName, msg, type TrainingState, trainingPhase, trainingStatus, trainingVoice } from './training-voice';
import '../ui/pixels-grid';
import { classHistogram, fdChart, lossCurves, watchPanel } from './train-charts';
import { TRAIN_DEFAULTS, TRAIN_PARAMS, type TrainSettings, sameTraining } from './train-settings';
import { trainControls } from './train-controls';
import { NET_DEFAULTS } from '../engines/training/nets';

type Model = 'vae' | 'gan' | 'diffusion';
/** Each model's sample grid, as the UI contract (DESIGN.md) names it. */
const SAMPLE_HOOKS: Record<Model, string> = { vae: 'samples-vae', gan: 'samples-gan', diffusion: 'samples-diffusion' };

/** Width of every hidden layer on this page: half the nets' default, so the CPU fallback steps twice as often. */
export const PAGE_HIDDEN = 128;
const SAMPLES = 64;

const toEngine = (e: TrainSettings['engine']): EngineChoice => (e === 'cpu' ? 'wasm' : e);
const num = (v: number) => fmt(v, Math.abs(v) >= 100 ? 1 : 3);
/** The report of a training worker that has just loaded (not the runner's note on a worker it kept). */
const isTrainReport = (r: LoadReport): r is TrainReport => typeof (r as Partial<TrainReport>).step === 'number';

export class TrainPage extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host { display: block; }
      section { background: var(--gmp-panel); border-radius: 8px; padding: 0.9rem 1rem; box-shadow: 0 1px 2px var(--gmp-shadow); margin-bottom: 1rem; }
      h1 { margin: 0.2rem 0 0.4rem; } h2 { font-size: 1.05rem; margin: 0 0 0.5rem; }
      .lead, .small { font-size: 0.9rem; color: var(--gmp-muted); }
      .error { color: var(--gmp-error); }
      .controls { display: flex; flex-wrap: wrap; gap: 0.6rem 1rem; align-items: center; }
      .controls label { display: inline-flex; flex-wrap: wrap; gap: 0.35rem; align-items: center; font-size: 0.9rem; max-width: 100%; }
      select { max-width: min(22rem, 100%); min-width: 0; }
      fieldset { border: 1px solid var(--gmp-rule); border-radius: 6px; padding: 0.3rem 0.6rem; margin: 0; display: flex; flex-wrap: wrap; gap: 0.2rem 0.7rem; }
      legend { font-size: 0.9rem; font-weight: 600; }
      fieldset label { font-size: 0.85rem; }
      input[type='number'] { width: 6.5rem; }
      .trio { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 1rem; }
      @media (max-width: 960px) { .trio { grid-template-columns: minmax(0, 1fr); } }
      figure { margin: 0; }
      figcaption { font-size: 0.85rem; color: var(--gmp-muted); margin-top: 0.3rem; }
      canvas.grid { width: 100%; max-width: 336px; aspect-ratio: 1; image-rendering: pixelated; background: #000; border-radius: 4px; box-shadow: 0 0 0 1px var(--gmp-frame); display: block; }
      canvas.recon { width: 100%; max-width: 448px; aspect-ratio: 4; image-rendering: pixelated; background: #000; border-radius: 4px; display: block; }
      .numbers { font-variant-numeric: tabular-nums; font-size: 0.9rem; }
      ul { padding-left: 1.2rem; } li { margin: 0.3rem 0; font-size: 0.92rem; }
      @media (max-width: 640px), (pointer: coarse) {
        button, select, input { min-height: 44px; }
        fieldset label { min-height: 44px; display: inline-flex; align-items: center; }
        a { display: inline-flex; align-items: center; min-height: 44px; }
      }
    `,
  ];

  /** The settings the page shows and trains with (TRAIN_DEFAULTS are also the link table's fallbacks). */
  private readonly view = reactive(this, {
    settings: { ...TRAIN_DEFAULTS },
    own: [] as Float32Array[],
  });
  /** The run saved in this browser: what a reload resumes, the list of saved runs, the hidden-tab pause. */
  private readonly runs = new TrainingRuns(this, {
    page: 'train',
    loop: () => this.training,
    settings: () => this.applied,
    defaults: TRAIN_DEFAULTS,
    same: sameTraining,
    name: () => t('train.run.name', { images: this.applied.subset, seed: this.applied.seed, own: this.view.own.length }),
    data: () => this.view.own,
    takeData: (own: Float32Array[] | undefined) => {
      this.view.own = own ?? [];
    },
    restartWith: (next, take) => this.restartWith(next, take),
  });
  private training = this.newTraining();
  /** The engine the worker that last said "ready" runs on. */
  private engine?: Engine;
  private readonly link = new LinkState(this, {
    path: '/train',
    codec: tableCodec(
      () => this.view.settings,
      () => [TRAIN_PARAMS],
    ),
    check: () => this.checkEngine(),
    onNewLink: () => {
      this.session.showLinkIssues(this.link.issues);
      void this.change(this.view.settings);
    },
  });
  /** The settings the worker runs with (the link may have moved on). */
  /** A copy, never the view's object: the link reader writes a new link's values into that one in place. */
  private applied = { ...this.view.settings };
  readonly session = new ModelSession<TrainLoadArgs, TrainWorkerApi>(this, {
    id: 'train_data',
    files: (manifest) => {
      const [data, yardstick] = [manifest.models.train_data, manifest.models.classifier];
      if (!data || !yardstick) throw new ModelLoadError('load.missing', { model: data ? 'classifier' : 'train_data' });
      return { images: fileFor(data, 'images'), classifier: fileFor(yardstick, 'classifier'), testStats: fileFor(yardstick, 'test_stats') };
    },
    loadArgs: (files) => this.loadArgs(files),
    createWorker: () => launchWorker('training'),
    engines: (webgpu) => (webgpu.available ? ['wgsl', 'wasm'] : ['wasm']),
    measureRuns: 3,
    measureInOneCall: true, // the worker slots a visitor's steps between its timed ones (SerialCalls)
    measureAfter: (signal) => this.training.settled(signal),
    // 2.8 MB in two files, for a page that is mostly buttons: fetched at once and side by side
    eager: true,
    handover: (from, to) => this.training.handover(from, to),
    prepare: () => this.runs.resumeSaved(),
    readLink: (webgpu) => {
      this.link.read();
      this.session.showLinkIssues(this.link.issues);
      this.applied = { ...this.view.settings };
      if (!webgpu.available) this.session.setNote('cpu', msg('train.cpu-only', { reason: webGpuReason(webgpu) }));
    },
    choice: () => toEngine(this.applied.engine),
    onEvent: (e) => {
      if (e.type === 'ready' && isTrainReport(e.report)) {
        this.engine = e.engine;
        void this.training.ready({ step: e.report.step, images: e.report.images });
      } else if (e.type === 'auto-decided' && e.engine !== this.engine) {
        // auto moved training to a faster engine: the new worker goes on from the handed-over snapshot
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

  override disconnectedCallback(): void {
    this.training.dispose();
    super.disconnectedCallback();
  }

  private newTraining(): TrainingSession {
    return new TrainingSession({
      call: (fn, options) => this.session.call(fn, options),
      changed: () => this.requestUpdate(),
      failed: (e) => this.session.fail(e),
      saved: () => this.runs.saved(),
    });
  }

  /** A saved run reopened from the list or a file: its settings, a new loop it is put into, a new worker. */
  private async restartWith(next: TrainSettings, take: () => void): Promise<void> {
    this.view.settings = next;
    this.applied = { ...next };
    this.link.write(true);
    this.training.dispose();
    this.training = this.newTraining();
    take();
    await this.session.restart(toEngine(next.engine));
  }

  /** The training page's words for what the model session goes through. */
  private voice(): Partial<SessionVoice> {
    return trainingVoice({
      training: () => this.training,
      engine: () => this.engine,
      starting: 'train.starting',
      ready: (engine) => msg('train.ready', { images: fmtInt(this.training.images), engine: engineName(engine) }),
    });
  }

  /** wgsl in a link without WebGPU: auto, with the reason as a note. */
  private checkEngine() {
    const report = this.session?.webgpu;
    const s = this.view.settings;
    if (s.engine !== 'wgsl' || !report || report.available) return [];
    this.view.settings = { ...s, engine: 'auto' };
    return [{ name: 'engine', value: 'wgsl', why: () => webGpuReason(report) }];
  }

  private loadArgs(files: Record<string, Uint8Array>): TrainLoadArgs {
    const s = this.applied;
    return {
      images: files.images!,
      classifier: files.classifier!,
      testStats: files.testStats!,
      count: Number(s.subset),
      classes: s.classes,
      seed: s.seed,
      settings: { batch: Number(s.batch), lrVae: s.lrVae, lrGan: s.lrGan, hidden: PAGE_HIDDEN, samples: SAMPLES },
      resume: this.training.snapshot,
      ...(this.view.own.length && { own: joinImages(this.view.own), ownShare: Number(s.own) / 100 }),
    };
  }

  /** Your images changed: the models start again on the new set (the settings stay). */
  private async changeOwn(images: Float32Array[]): Promise<void> {
    this.view.own = images;
    this.runs.startNew();
    if (!this.session.files) return;
    this.training.dispose();
    this.training = this.newTraining();
    await this.session.restart(toEngine(this.applied.engine));
  }

  /** A setting changed (a control or the link): the link follows, and the models start again. */
  private async change(next: TrainSettings): Promise<void> {
    const before = this.applied;
    this.view.settings = next;
    this.applied = { ...next };
    this.link.write(true);
    if (!this.session.files) return; // still loading: the worker starts with these
    if (sameTraining(before, next)) {
      // only the engine: go on where training stands, on the other engine
      await this.training.pause();
      await this.training.save();
    } else {
      this.training.dispose();
      this.training = this.newTraining();
      this.runs.startNew();
    }
    await this.session.restart(toEngine(next.engine));
  }

  private get busy(): boolean {
    return this.session.state !== 'ready';
  }

  /** What data-phase says: loading, starting, ready, running, paused or error. */
  private get phase(): string {
    return trainingPhase(this.state);
  }

  private get state(): TrainingState {
    return { session: this.session, training: this.training, engine: this.engine };
  }

  private statusLine(): string {
    return trainingStatus(this.state, (engine) => t('train.ready', { images: fmtInt(this.training.images), engine: engineName(engine) }));
  }

  // ---- rendering ----

  override render() {
    const tr = this.training;
    return html`
      <h1>${t('train.title')}</h1>
      <p class="lead">${t('train.lead')}</p>
      ${this.renderStatus()}
      ${trainControls({
        settings: this.view.settings,
        webgpu: this.session.webgpu,
        busy: this.busy,
        error: this.phase === 'error',
        phase: tr.phase,
        step: tr.step,
        change: (patch) => void this.change({ ...this.view.settings, ...patch }),
        refuse: () => this.requestUpdate(),
        play: () => {
          this.runs.started();
          tr.play();
        },
        pause: () => void tr.pause(),
        oneStep: () => void tr.oneStep(),
        reset: () => void this.reset(),
      })}
      <div class="trio">${this.renderModel('vae')} ${this.renderModel('gan')} ${this.renderModel('diffusion')}</div>
      ${lossCurves(tr.history)} ${fdChart(tr.scores, (m) => reachedAt(tr.scores, m), this.realFd())} ${classHistogram(tr.drawn)}
      ${watchPanel(tr.history.at(-1), PAGE_HIDDEN)}
      <section><gmp-own-images .images=${this.view.own} .share=${this.view.settings.own} .distance=${tr.drawn?.ownDistance}
        ?disabled=${this.busy} .changeImages=${(next: Float32Array[]) => void this.changeOwn(next)}
        .changeShare=${(own: TrainSettings['own']) => void this.change({ ...this.view.settings, own })}></gmp-own-images></section>
      <section>${this.runs.render()}</section>
      <section><gmp-train-export ?enabled=${!this.busy && tr.step > 0} .exportModel=${this.exportModel}
        ><p class="small">${t('export.diffusion')}</p></gmp-train-export></section>
    `;
  }

  /** The VAE or the GAN as it is now, from the worker (training pauses for it): files and description. */
  private readonly exportModel = async (model: ExportedModelId): Promise<ExportedModel> => {
    if (model !== 'vae' && model !== 'gan') throw new Error(`this page trains no ${model}`);
    await this.training.pause();
    const s = this.applied;
    const classes = s.classes.length === 10 ? t('export.data.all') : s.classes.map((c) => t(`fmnist.class.${c}` as MessageKey)).join(', ');
    const own = this.view.own.length;
    const fashion = t('export.data', { images: fmtInt(this.training.images - own), classes });
    const data = !own
      ? fashion
      : s.own === '100'
        ? t('export.data.own-only', { own: fmtInt(own) })
        : t('export.data.own', { own: fmtInt(own), share: s.own, fashion });
    const fd = this.training.scores.at(-1)?.fd[model];
    return this.session.call((api) => api.exportModel(model, { data, figures: fd === undefined ? {} : { fd } }));
  };

  /** FD of real test images at 500 and 1,000 samples (the manifest's, measured by training/real_stats.py). */
  private realFd(): { at500: number; at1000: number } | undefined {
    const m = this.session.manifest?.models.classifier?.metrics;
    const [at500, at1000] = [m?.fd_real_500, m?.fd_real_1000];
    return typeof at500 === 'number' && typeof at1000 === 'number' ? { at500, at1000 } : undefined;
  }

  private async reset(): Promise<void> {
    this.session.setNote('recovery', undefined);
    await this.runs.reset(() => this.training.reset());
  }

  private renderStatus() {
    const error = this.phase === 'error';
    const tr = this.training;
    const batch = this.view.settings.batch;
    return html`<section>
      <p data-testid="status" data-state=${error ? 'error' : this.busy ? 'loading' : 'ready'} data-phase=${this.phase}
        role=${error ? 'alert' : 'status'} class=${error ? 'error' : ''}>${this.statusLine()}</p>
      <div data-testid="notes">${this.session.noteTexts().map((n) => html`<p class="small">${n}</p>`)}</div>
      <p class="numbers"><span data-testid="train-steps" data-step=${tr.step} data-saved-step=${tr.snapshot?.step ?? 0}>${t('train.steps', { step: fmtInt(tr.step) })}</span>
        ${tr.speed ? html` · <span data-testid="train-speed" data-steps-per-s=${tr.speed} data-vae-steps-per-s=${tr.partSpeed?.vae ?? nothing} data-gan-steps-per-s=${tr.partSpeed?.gan ?? nothing} data-diffusion-steps-per-s=${tr.partSpeed?.diffusion ?? nothing}>${t('train.speed', { steps: fmtSignificant(tr.speed), images: fmtInt(tr.speed * Number(batch)), batch })}</span>` : nothing}</p>
      ${this.renderLast()}
    </section>`;
  }

  private renderLast() {
    const s = this.training.history.at(-1);
    if (!s) return nothing;
    return html`<p class="small numbers" data-testid="last-losses" data-step=${s.step} data-recon=${s.recon} data-kl=${s.kl}
      data-d=${s.d} data-g=${s.g} data-dreal=${s.dReal} data-dfake=${s.dFake} data-dif=${s.dif}>${t('train.last', {
        recon: num(s.recon),
        kl: num(s.kl),
        d: num(s.d),
        g: num(s.g),
        dreal: num(s.dReal),
        dfake: num(s.dFake),
        dif: num(s.dif),
      })}</p>`;
  }

  /** This model's steps/s and images/s, from the time its own part of each step takes. */
  private renderPartSpeed(m: Model) {
    const tr = this.training;
    if (!tr.speed) return nothing;
    const v = tr.partSpeed?.[m];
    if (!v) return html`<p class="small" data-testid="train-speed-${m}">${t('train.speed.model-none')}</p>`;
    const how = t(this.engine === 'wgsl' ? 'train.speed.gpu' : 'train.speed.clock');
    const params = { steps: fmtSignificant(v), images: fmtInt(v * Number(this.view.settings.batch)), how };
    return html`<p class="small" data-testid="train-speed-${m}" data-steps-per-s=${v}>${t('train.speed.model', params)}</p>`;
  }

  private renderModel(m: Model) {
    const d = this.training.drawn;
    const caption = t(`train.samples.${m}`, { passes: NET_DEFAULTS.ddimSteps });
    return html`<section>
      <h2>${t(`train.${m}`)}</h2>
      <figure><gmp-pixels look="grid" testid=${SAMPLE_HOOKS[m]} .pixels=${d?.[m]} .count=${SAMPLES} .cols=${8} label=${caption}></gmp-pixels>
        <figcaption>${caption}</figcaption></figure>
      ${this.renderPartSpeed(m)}
      ${
        m === 'vae'
          ? html`<figure><gmp-pixels look="recon" testid="recon" .pixels=${d && reconRows(d)} .count=${d ? (2 * d.recon.length) / 784 : 0}
        .cols=${d ? d.recon.length / 784 : 1} label=${t('train.recon')}></gmp-pixels><figcaption>${t('train.recon')}</figcaption></figure>`
          : nothing
      }
    </section>`;
  }
}

/** Your images as one array of rows, as the worker takes them. */
function joinImages(images: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(images.length * 784);
  for (const [i, im] of images.entries()) out.set(im, i * 784);
  return out;
}

const reconGrids = new WeakMap<DrawResult, Float32Array>();
/** The training images above their reconstructions, as one grid of two rows (made once per drawing). */
function reconRows(d: DrawResult): Float32Array {
  let both = reconGrids.get(d);
  if (!both) {
    both = new Float32Array(d.reconInput.length + d.recon.length);
    both.set(d.reconInput);
    both.set(d.recon, d.reconInput.length);
    reconGrids.set(d, both);
  }
  return both;
}

customElements.define('gmp-train-page', TrainPage);
declare global {
  interface HTMLElementTagNameMap {
    'gmp-train-page': TrainPage;
  }
}
