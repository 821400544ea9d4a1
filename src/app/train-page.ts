// #/train: a small VAE and a small GAN learning side by side on the Fashion-MNIST images the visitor picks,
// in a worker (src/models/training/worker.ts) on our WGSL kernels or the CPU. The page drives the loop (steps
// in chunks of about a quarter second, samples every DRAW_MS, a snapshot every SNAP_MS to come back from a
// lost GPU device or a crashed worker), keeps the curves and draws. Settings live in the link (train-settings.ts).
import { LitElement, css, html, nothing } from 'lit';
import { fmt, fmtInt, fmtSignificant, I18nController, t, type MessageKey } from '../core/i18n';
import './train.strings';
import '../demos/shared/fashion-mnist.strings';
import '../demos/shared/demo.strings';
import '../demos/shared/line-chart';
import type { ChartSpec } from '../demos/shared/line-chart';
import { controlStyles } from '../demos/shared/control-styles';
import { REPAIR_TEXTS } from '../demos/shared/model-demo';
import { webGpuReason } from '../demos/shared/webgpu-reason';
import { buildHash, parseHash, type ParamIssue, readParams, whyText, writeParams } from '../core/url-state';
import { MODELS_URL } from '../core/site';
import { fileFor } from '../core/manifest';
import { fetchModelFile, loadManifest, ModelLoadError } from '../core/model-files';
import { ModelRunner, type RunnerEvent } from '../core/model-runner';
import { type WebGpuReport, webGpuReport } from '../core/webgpu-report';
import type { Engine } from '../core/engine-choice';
import { describeMedians } from '../core/auto-memory';
import { paintGrid } from '../core/paint-image';
import type { DrawResult, StepsResult, TrainLoadArgs, TrainWorkerApi } from '../models/training/worker';
import type { StepStats, TrainerSnapshot } from '../engines/training/trainer';
import { NET_DEFAULTS } from '../engines/training/nets';
import {
  ALL_CLASSES,
  BATCHES,
  SUBSETS,
  sameTraining,
  TRAIN_DEFAULTS,
  TRAIN_ENGINES,
  TRAIN_PARAMS,
  type TrainSettings,
} from './train-settings';

/** Width of every hidden layer on this page: half the nets' default, so the CPU fallback steps twice as often. */
export const PAGE_HIDDEN = 128;
const SAMPLES = 64;
const DRAW_MS = 1000;
const SNAP_MS = 5000;
/** Each call to the worker runs about this long, so pause answers quickly and the page stays lively. */
const CHUNK_MS = 250;
const CURVE_POINTS = 400;

type Phase = 'loading' | 'starting' | 'measuring' | 'ready' | 'running' | 'paused' | 'error';
type Msg = { key: MessageKey; params?: Record<string, string | number> };

const toEngine = (e: TrainSettings['engine']): Engine | 'auto' => (e === 'cpu' ? 'wasm' : e);
const engineName = (e: Engine) => t(e === 'wgsl' ? 'train.engine.wgsl' : 'train.engine.cpu');
const num = (v: number) => fmt(v, Math.abs(v) >= 100 ? 1 : 3);

/** At most `n` points of a curve, evenly spaced, the last one always in. */
function thin(history: readonly StepStats[], n: number): StepStats[] {
  if (history.length <= n) return history.slice();
  const every = history.length / n;
  const out = Array.from({ length: n - 1 }, (_, i) => history[Math.floor(i * every)]!);
  out.push(history.at(-1)!);
  return out;
}

export class TrainPage extends LitElement {
  static override properties = {
    phase: { state: true },
    status: { state: true },
    notes: { state: true },
    settings: { state: true },
    step: { state: true },
    speed: { state: true },
    partSpeed: { state: true },
    drawn: { state: true },
    curveTick: { state: true },
  };
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
      .pair { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 1rem; }
      @media (max-width: 760px) { .pair { grid-template-columns: minmax(0, 1fr); } }
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

  declare private phase: Phase;
  declare private status: Msg;
  /** Notes under the status line by slot: link repairs, auto's choice, recovery. */
  declare private notes: ReadonlyMap<string, Msg | ParamIssue>;
  declare private settings: TrainSettings;
  declare private step: number;
  declare private speed: number | undefined;
  /** steps/s of each model's own part of the step (undefined: the engine cannot time the parts) */
  declare private partSpeed: { vae: number | undefined; gan: number | undefined } | undefined;
  declare private drawn: DrawResult | undefined;
  /** Bumped when the curves gained points (they are kept outside Lit's state, in `history`). */
  declare private curveTick: number;
  private history: StepStats[] = [];
  private webgpu?: WebGpuReport;
  private files?: { images: Uint8Array; classifier: Uint8Array };
  private runner?: ModelRunner<TrainLoadArgs, TrainWorkerApi>;
  private engine?: Engine;
  private snapshot?: TrainerSnapshot;
  /** The running loop's handle: aborting it pauses. */
  private loop?: AbortController;
  /** The visitor pressed start and not pause since: the loop resumes once a restarted worker is back. */
  private wantRunning = false;
  private images = 0;
  private seenHash?: string;
  private readonly onHash = () => {
    if (location.hash !== this.seenHash && parseHash(location.hash).path === '/train') void this.applyLink();
  };

  constructor() {
    super();
    new I18nController(this);
    this.phase = 'loading';
    this.status = { key: 'train.loading' };
    this.notes = new Map();
    this.settings = { ...TRAIN_DEFAULTS };
    this.step = 0;
    this.curveTick = 0;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHash);
    void this.start();
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this.onHash);
    this.loop?.abort();
    this.runner?.dispose();
    this.runner = undefined;
    super.disconnectedCallback();
  }

  private note(slot: string, m: Msg | ParamIssue | undefined): void {
    const next = new Map(this.notes);
    if (m) next.set(slot, m);
    else next.delete(slot);
    this.notes = next;
  }

  private setStatus(phase: Phase, key: MessageKey, params?: Record<string, string | number>): void {
    this.phase = phase;
    this.status = { key, params };
  }

  private readLink(): void {
    this.seenHash = location.hash;
    const d = { ...TRAIN_DEFAULTS };
    const issues = readParams(TRAIN_PARAMS, parseHash(location.hash).params, d, REPAIR_TEXTS);
    if (d.engine === 'wgsl' && this.webgpu && !this.webgpu.available) {
      const report = this.webgpu;
      issues.push({ name: 'engine', value: 'wgsl', why: () => webGpuReason(report) });
      d.engine = 'auto';
    }
    for (const slot of [...this.notes.keys()].filter((k) => k.startsWith('url'))) this.note(slot, undefined);
    for (const [i, issue] of issues.slice(0, 8).entries()) this.note(`url${i}`, issue);
    this.settings = d;
  }

  private writeLink(): void {
    const hash = buildHash('/train', writeParams(TRAIN_PARAMS, this.settings));
    this.seenHash = hash;
    if (location.hash !== hash) history.replaceState(null, '', hash);
  }

  private async start(): Promise<void> {
    try {
      this.webgpu = await webGpuReport();
      this.readLink();
      this.writeLink();
      if (!this.webgpu.available) this.note('cpu', { key: 'train.cpu-only', params: { reason: webGpuReason(this.webgpu) } });
      const manifest = await loadManifest(MODELS_URL);
      const data = manifest.models.train_data;
      const yardstick = manifest.models.classifier;
      if (!data || !yardstick) throw new ModelLoadError('load.missing', { model: data ? 'classifier' : 'train_data' });
      const images = await fetchModelFile(MODELS_URL, fileFor(data, 'images'));
      const classifier = await fetchModelFile(MODELS_URL, fileFor(yardstick, 'classifier'));
      if (!this.isConnected) return;
      this.files = { images, classifier };
      await this.restart();
    } catch (e) {
      this.fail(e);
    }
  }

  /** A worker call failed: a crash or lost device is the runner's to report and recover from; anything else stops here, said. */
  private callFailed(e: unknown): void {
    if (e instanceof Error && (e.name === 'WorkerCrashedError' || e.name === 'WorkerStoppedError' || /device/i.test(e.message))) return;
    this.fail(e);
  }

  private fail(e: unknown): void {
    this.loop?.abort();
    if (e instanceof ModelLoadError) this.setStatus('error', e.key, e.params);
    else this.setStatus('error', 'train.error', { message: e instanceof Error ? e.message : String(e) });
  }

  /** A fresh worker for the current settings and engine choice (carrying the snapshot, if any). */
  private async restart(): Promise<void> {
    this.loop?.abort();
    this.runner?.dispose();
    this.note('auto', undefined);
    const engines: Engine[] = this.webgpu?.available ? ['wgsl', 'wasm'] : ['wasm'];
    this.runner = new ModelRunner<TrainLoadArgs, TrainWorkerApi>({
      createWorker: () => new Worker(new URL('../workers/training.worker.ts', import.meta.url), { type: 'module', name: 'training' }),
      loadArgs: () => this.loadArgs(),
      webgpu: this.webgpu!,
      engines,
      measureRuns: 3,
      onEvent: (e) => this.onRunnerEvent(e),
    });
    this.setStatus('starting', 'train.starting', { engine: '…' });
    await this.runner.select(toEngine(this.settings.engine));
  }

  private loadArgs(): TrainLoadArgs {
    const s = this.settings;
    return {
      images: this.files!.images,
      classifier: this.files!.classifier,
      count: Number(s.subset),
      classes: s.classes,
      seed: s.seed,
      settings: { batch: Number(s.batch), lrVae: s.lrVae, lrGan: s.lrGan, hidden: PAGE_HIDDEN, samples: SAMPLES },
      resume: this.snapshot,
    };
  }

  private onRunnerEvent(e: RunnerEvent): void {
    switch (e.type) {
      case 'starting':
        this.setStatus('starting', 'train.starting', { engine: engineName(e.engine) });
        break;
      case 'ready':
        this.workerReady(e.engine, e.report as unknown as { step: number; images: number });
        break;
      case 'auto-measuring':
        this.setStatus('measuring', 'train.measuring');
        break;
      case 'auto-decided': {
        const medians = describeMedians(e.medians, (ms) => fmt(ms, ms < 10 ? 1 : 0)).replace('wasm', 'CPU');
        this.note('auto', { key: 'train.auto-decided', params: { medians, engine: engineName(e.engine) } });
        this.workerReady(e.engine, undefined);
        break;
      }
      case 'device-lost':
      case 'crashed': {
        this.loop?.abort();
        const kept = this.snapshot?.step ?? 0;
        const dropped = this.step - kept;
        const droppedText = dropped > 0 ? t('train.lost.dropped', { count: fmtInt(dropped) }) : '';
        if (e.type === 'device-lost') this.note('recovery', { key: 'train.lost', params: { lost: this.step, kept, dropped: droppedText } });
        else this.note('recovery', { key: 'train.crashed', params: { message: e.message, kept } });
        this.setStatus('starting', 'train.starting', { engine: engineName(this.engine ?? 'wgsl') });
        break;
      }
      case 'recovered':
        break;
      case 'failed':
        this.setStatus('error', 'train.failed', { message: e.message });
        break;
    }
  }

  /** The worker stands at a step (0, or a snapshot's) with its first grid to draw. */
  private workerReady(engine: Engine, report: { step: number; images: number } | undefined): void {
    this.engine = engine;
    if (report) {
      this.images = report.images;
      this.step = report.step;
      this.history = this.snapshot && report.step > 0 ? this.snapshot.history.slice() : [];
    } else {
      // auto switched worker: the new one starts where the snapshot stood (or at 0)
      this.step = this.snapshot?.step ?? 0;
      this.history = this.snapshot?.history.slice() ?? [];
    }
    this.curveTick++;
    if (this.settings.engine === 'auto' && report && this.phase === 'measuring') return; // auto still measuring
    this.setStatus('ready', 'train.ready', { images: fmtInt(this.images), engine: engineName(engine) });
    void this.redraw();
    if (this.wantRunning) this.play();
  }

  private get busy(): boolean {
    return this.phase === 'loading' || this.phase === 'starting' || this.phase === 'measuring' || this.phase === 'error';
  }

  private async redraw(): Promise<void> {
    const runner = this.runner;
    try {
      const d = await runner!.call((api) => api.draw());
      if (runner === this.runner) this.drawn = d;
    } catch (e) {
      this.callFailed(e);
    }
  }

  private absorb({ stats, ms, partMs }: StepsResult): void {
    this.history.push(...stats);
    this.step = stats.at(-1)?.step ?? this.step;
    if (stats.length) {
      const rate = (spent: number | undefined) => (spent ? (1000 * stats.length) / spent : undefined);
      this.speed = rate(Math.max(ms, 1));
      this.partSpeed = partMs && { vae: rate(partMs.vae), gan: rate(partMs.gan) };
    }
    this.curveTick++;
  }

  play(): void {
    if (this.busy || this.phase === 'running') return;
    const loop = new AbortController();
    this.loop = loop;
    this.wantRunning = true;
    this.setStatus('running', 'train.running', { engine: engineName(this.engine!) });
    void this.run(loop.signal);
  }

  pause(): void {
    this.loop?.abort();
    this.wantRunning = false;
    if (this.phase === 'running') this.setStatus('paused', 'train.paused', { step: fmtInt(this.step) });
  }

  private async run(signal: AbortSignal): Promise<void> {
    const runner = this.runner!;
    let [lastDraw, lastSnap, perStep] = [0, performance.now(), 0];
    try {
      while (!signal.aborted) {
        const n = perStep > 0 ? Math.max(1, Math.min(50, Math.round(CHUNK_MS / perStep))) : 1;
        const r = await runner.call((api) => api.steps(n));
        if (signal.aborted || runner !== this.runner) return;
        perStep = r.ms / n;
        this.absorb(r);
        const now = performance.now();
        if (now - lastDraw > DRAW_MS) {
          lastDraw = now;
          await this.redraw();
        }
        if (now - lastSnap > SNAP_MS) {
          lastSnap = now;
          this.snapshot = await runner.call((api) => api.snapshot());
        }
      }
    } catch (e) {
      this.callFailed(e); // a crash or lost device: the runner restarts the worker, which resumes from the snapshot
    }
  }

  private async oneStep(): Promise<void> {
    if (this.busy || this.phase === 'running') return;
    const runner = this.runner!;
    try {
      const r = await runner.call((api) => api.steps(1));
      if (runner !== this.runner) return;
      this.absorb(r);
      this.setStatus('paused', 'train.paused', { step: fmtInt(this.step) });
      await this.redraw();
    } catch (e) {
      this.callFailed(e);
    }
  }

  private async reset(): Promise<void> {
    if (this.busy) return;
    this.pause();
    this.snapshot = undefined;
    this.history = [];
    this.step = 0;
    this.speed = undefined;
    this.partSpeed = undefined;
    this.curveTick++;
    this.note('recovery', undefined);
    this.setStatus('starting', 'train.starting', { engine: engineName(this.engine!) });
    try {
      await this.runner!.call((api) => api.reset());
      this.setStatus('ready', 'train.ready', { images: fmtInt(this.images), engine: engineName(this.engine!) });
      await this.redraw();
    } catch (e) {
      this.callFailed(e);
    }
  }

  /** A setting changed (a control or the link): the link follows, and the models start again. */
  private async change(next: TrainSettings): Promise<void> {
    const before = this.settings;
    this.settings = next;
    this.writeLink();
    if (!this.files) return;
    if (sameTraining(before, next)) {
      // only the engine: go on where training stands, on the other engine
      if (this.step > 0 && this.runner) this.snapshot = await this.runner.call((api) => api.snapshot()).catch(() => this.snapshot);
    } else {
      this.snapshot = undefined;
      this.history = [];
      this.step = 0;
      this.drawn = undefined;
    }
    this.pause();
    await this.restart().catch((e) => this.fail(e));
  }

  private async applyLink(): Promise<void> {
    const before = this.settings;
    this.readLink();
    const next = this.settings;
    this.settings = before;
    await this.change(next);
  }

  override updated(): void {
    const d = this.drawn;
    if (!d) return;
    const paint = (id: string, pixels: Float32Array, count: number, cols: number) => {
      const c = this.renderRoot.querySelector<HTMLCanvasElement>(`[data-testid="${id}"]`);
      if (!c || c.dataset.painted === String(pixels.length) + String(pixels[0]) + String(pixels[pixels.length - 1])) return;
      paintGrid(c, pixels, count, cols);
      c.dataset.painted = String(pixels.length) + String(pixels[0]) + String(pixels[pixels.length - 1]);
      c.dataset.drawn = 'true';
    };
    paint('samples-vae', d.vae, SAMPLES, 8);
    paint('samples-gan', d.gan, SAMPLES, 8);
    const R = d.recon.length / 784;
    const both = new Float32Array(2 * R * 784);
    both.set(d.reconInput);
    both.set(d.recon, R * 784);
    paint('recon', both, 2 * R, R);
  }

  // ---- rendering ----

  override render() {
    return html`
      <h1>${t('train.title')}</h1>
      <p class="lead">${t('train.lead')}</p>
      ${this.renderStatus()} ${this.renderControls()}
      <div class="pair">${this.renderModel('vae')} ${this.renderModel('gan')}</div>
      ${this.renderCurves()} ${this.renderHistogram()} ${this.renderPanel()}
    `;
  }

  private renderStatus() {
    const error = this.phase === 'error';
    return html`<section>
      <p data-testid="status" data-state=${error ? 'error' : this.busy ? 'loading' : 'ready'} data-phase=${this.phase}
        role=${error ? 'alert' : 'status'} class=${error ? 'error' : ''}>${t(this.status.key, this.status.params)}</p>
      <div data-testid="notes">${[...this.notes.values()].map((n) => html`<p class="small">${'why' in n ? t('demo.url.ignored', { name: n.name, value: n.value, why: whyText(n.why) }) : t(n.key, n.params)}</p>`)}</div>
      <p class="numbers"><span data-testid="train-steps" data-step=${this.step} data-saved-step=${this.snapshot?.step ?? 0}>${t('train.steps', { step: fmtInt(this.step) })}</span>
        ${this.speed ? html` · <span data-testid="train-speed" data-steps-per-s=${this.speed} data-vae-steps-per-s=${this.partSpeed?.vae ?? nothing} data-gan-steps-per-s=${this.partSpeed?.gan ?? nothing}>${t('train.speed', { steps: fmtSignificant(this.speed), images: fmtInt(this.speed * Number(this.settings.batch)), batch: this.settings.batch })}</span>` : nothing}</p>
      ${this.renderLast()}
    </section>`;
  }

  private renderLast() {
    const s = this.history.at(-1);
    if (!s) return nothing;
    return html`<p class="small numbers" data-testid="last-losses" data-step=${s.step} data-recon=${s.recon} data-kl=${s.kl}
      data-d=${s.d} data-g=${s.g} data-dreal=${s.dReal} data-dfake=${s.dFake}>${t('train.last', {
        recon: num(s.recon),
        kl: num(s.kl),
        d: num(s.d),
        g: num(s.g),
        dreal: num(s.dReal),
        dfake: num(s.dFake),
      })}</p>`;
  }

  private renderControls() {
    const s = this.settings;
    const set = (patch: Partial<TrainSettings>) => void this.change({ ...s, ...patch });
    const running = this.phase === 'running';
    const wgslOff = this.webgpu && !this.webgpu.available ? webGpuReason(this.webgpu) : undefined;
    return html`<section>
      <div class="controls">
        <button data-testid="train-start" ?disabled=${this.busy || running} @click=${() => this.play()}>${t(this.step > 0 ? 'train.resume' : 'train.start')}</button>
        <button data-testid="train-pause" ?disabled=${!running} @click=${() => this.pause()}>${t('train.pause')}</button>
        <button data-testid="train-step" ?disabled=${this.busy || running} @click=${() => void this.oneStep()}>${t('train.step')}</button>
        <button data-testid="train-reset" ?disabled=${this.busy} @click=${() => void this.reset()}>${t('train.reset')}</button>
        <label>${t('train.engine')}
          <select data-testid="engine" ?disabled=${this.busy && this.phase !== 'error'} @change=${(e: Event) => set({ engine: (e.target as HTMLSelectElement).value as TrainSettings['engine'] })}>
            ${TRAIN_ENGINES.map((en) => {
              const off = en === 'wgsl' ? wgslOff : undefined;
              return html`<option value=${en} ?selected=${en === s.engine} ?disabled=${!!off}>${off ? t('train.engine.off', { engine: en, reason: off }) : t(`train.engine.${en}`)}</option>`;
            })}
          </select></label>
      </div>
      ${this.renderSettings()}
    </section>`;
  }

  private renderSettings() {
    const s = this.settings;
    const set = (patch: Partial<TrainSettings>) => void this.change({ ...s, ...patch });
    const toggle = (c: number, on: boolean) => {
      const classes = on ? [...new Set([...s.classes, c])].sort((a, b) => a - b) : s.classes.filter((x) => x !== c);
      if (classes.length) set({ classes });
      else this.requestUpdate(); // the last class stays: the checkbox goes back on
    };
    const numberInput = (id: string, label: MessageKey, value: number, patch: (v: number) => Partial<TrainSettings>, step: string) =>
      html`<label>${t(label)} <input data-testid=${id} type="number" min="0.00001" max="0.01" step=${step} .value=${String(value)}
        @change=${(e: Event) => {
          const v = Number((e.target as HTMLInputElement).value);
          if (Number.isFinite(v) && v >= 1e-5 && v <= 1e-2) set(patch(Number(v.toPrecision(2))));
          else this.requestUpdate();
        }} /></label>`;
    return html`<div class="controls">
        <label>${t('train.subset')} <select data-testid="train-subset" @change=${(e: Event) => set({ subset: (e.target as HTMLSelectElement).value as TrainSettings['subset'] })}>
          ${SUBSETS.map((n) => html`<option value=${n} ?selected=${n === s.subset}>${fmtInt(Number(n))}</option>`)}</select></label>
        <label>${t('train.batch')} <select data-testid="train-batch" @change=${(e: Event) => set({ batch: (e.target as HTMLSelectElement).value as TrainSettings['batch'] })}>
          ${BATCHES.map((n) => html`<option value=${n} ?selected=${n === s.batch}>${n}</option>`)}</select></label>
        <label>${t('train.seed')} <input data-testid="train-seed" type="number" min="0" max="999999" step="1" .value=${String(s.seed)}
          @change=${(e: Event) => {
            const v = Math.round(Number((e.target as HTMLInputElement).value));
            if (Number.isFinite(v) && v >= 0 && v <= 999999) set({ seed: v });
            else this.requestUpdate();
          }} /></label>
        ${numberInput('train-lr-vae', 'train.lr-vae', s.lrVae, (v) => ({ lrVae: v }), '0.0001')}
        ${numberInput('train-lr-gan', 'train.lr-gan', s.lrGan, (v) => ({ lrGan: v }), '0.00005')}
      </div>
      <fieldset data-testid="train-classes"><legend>${t('train.classes')}</legend>
        ${ALL_CLASSES.map(
          (c) => html`<label><input type="checkbox" data-class=${c} .checked=${s.classes.includes(c)}
          @change=${(e: Event) => toggle(c, (e.target as HTMLInputElement).checked)} />${t(`fmnist.class.${c}` as MessageKey)}</label>`,
        )}
      </fieldset>
      <p class="small">${t('train.settings-note')}</p>`;
  }

  /** This model's steps/s and images/s, from the time its own part of each step takes. */
  private renderPartSpeed(m: 'vae' | 'gan') {
    if (!this.speed) return nothing;
    const v = this.partSpeed?.[m];
    if (!v) return html`<p class="small" data-testid="train-speed-${m}">${t('train.speed.model-none')}</p>`;
    const how = t(this.engine === 'wgsl' ? 'train.speed.gpu' : 'train.speed.clock');
    const params = { steps: fmtSignificant(v), images: fmtInt(v * Number(this.settings.batch)), how };
    return html`<p class="small" data-testid="train-speed-${m}" data-steps-per-s=${v}>${t('train.speed.model', params)}</p>`;
  }

  private renderModel(m: 'vae' | 'gan') {
    return html`<section>
      <h2>${t(`train.${m}`)}</h2>
      <figure><canvas class="grid" data-testid="samples-${m}" width="224" height="224" aria-label=${t(`train.samples.${m}`)}></canvas>
        <figcaption>${t(`train.samples.${m}`)}</figcaption></figure>
      ${this.renderPartSpeed(m)}
      ${m === 'vae' ? html`<figure><canvas class="recon" data-testid="recon" width="224" height="56" aria-label=${t('train.recon')}></canvas><figcaption>${t('train.recon')}</figcaption></figure>` : nothing}
    </section>`;
  }

  private renderCurves() {
    void this.curveTick;
    const pts = thin(this.history, CURVE_POINTS);
    const x = pts.map((p) => p.step);
    const vae: ChartSpec = {
      title: t('train.loss.vae'),
      x,
      xLabel: t('train.loss.x'),
      yLabel: t('train.loss.y'),
      series: [
        { label: t('train.series.recon'), values: pts.map((p) => p.recon), colour: '--gmp-plot-1' },
        { label: t('train.series.kl'), values: pts.map((p) => p.kl), colour: '--gmp-plot-2', dash: [6, 3] },
      ],
      format: (v) => fmt(v, 1),
    };
    const gan: ChartSpec = {
      title: t('train.loss.gan'),
      x,
      xLabel: t('train.loss.x'),
      yLabel: t('train.loss.y-gan'),
      series: [
        { label: t('train.series.d'), values: pts.map((p) => p.d), colour: '--gmp-plot-3' },
        { label: t('train.series.g'), values: pts.map((p) => p.g), colour: '--gmp-plot-1', dash: [6, 3] },
        { label: t('train.series.dreal'), values: pts.map((p) => p.dReal), colour: '--gmp-plot-2', dash: [2, 3] },
        { label: t('train.series.dfake'), values: pts.map((p) => p.dFake), colour: '--gmp-plot-strong', dash: [8, 2, 2, 2] },
      ],
      format: (v) => fmt(v, 3),
    };
    return html`<div class="pair" data-testid="loss-chart" data-points=${x.length}>
      <section><h2>${t('train.loss.vae')}</h2>${x.length ? html`<gmp-line-chart data-testid="loss-chart-vae" .spec=${vae}></gmp-line-chart>` : nothing}</section>
      <section><h2>${t('train.loss.gan')}</h2>${x.length ? html`<gmp-line-chart data-testid="loss-chart-gan" .spec=${gan}></gmp-line-chart>` : nothing}</section>
    </div>`;
  }

  private renderHistogram() {
    const d = this.drawn;
    if (!d) return nothing;
    const count = (cls: Uint8Array) => ALL_CLASSES.map((c) => cls.filter((x) => x === c).length);
    const spec: ChartSpec = {
      title: t('train.hist'),
      x: ALL_CLASSES,
      xNames: ALL_CLASSES.map((c) => t(`fmnist.class.${c}` as MessageKey)),
      xLabel: t('train.hist.x'),
      yLabel: t('train.hist.y'),
      series: [
        { label: t('train.vae'), values: count(d.vaeClasses), colour: '--gmp-plot-1', bars: true },
        { label: t('train.gan'), values: count(d.ganClasses), colour: '--gmp-plot-3', bars: true },
      ],
      format: (v) => fmtInt(v),
      yFromZero: true,
    };
    return html`<section><h2>${t('train.hist')}</h2><gmp-line-chart data-testid="class-histogram" .spec=${spec}></gmp-line-chart></section>`;
  }

  private renderPanel() {
    const last = this.history.at(-1);
    return html`<section data-testid="tradeoffs">
      <h2>${t('train.watch.title')}</h2>
      <ul>
        <li>${t('train.watch.blur')}</li>
        <li>${t('train.watch.collapse')}</li>
        <li>${t('train.watch.oscillation')}</li>
        <li>${t('train.watch.data')}</li>
      </ul>
      ${last ? html`<p class="numbers" data-testid="watch-numbers">${t('train.watch.numbers', { steps: fmtInt(last.step), vae: fmt(last.recon + last.kl, 1), dfake: fmt(last.dFake, 3) })}</p>` : nothing}
      <p class="small">${t('train.nets', { hidden: PAGE_HIDDEN, vaeLatent: NET_DEFAULTS.vaeLatent, ganLatent: NET_DEFAULTS.ganLatent })}</p>
      <p><a data-testid="study-link" href="#/study?plot=training-time">${t('train.watch.study')}</a></p>
    </section>`;
  }
}

customElements.define('gmp-train-page', TrainPage);
declare global {
  interface HTMLElementTagNameMap {
    'gmp-train-page': TrainPage;
  }
}
