// #/train-nerf: a radiance field learning the shipped Blender scene from the photos the visitor picks. A thin
// view: the model session (ui/model-session.ts) fetches nerf.json and runs the worker (models/nerf-training/,
// which fetches the photos; it starts on the CPU at once while `auto` measures wgsl in the background); the
// training session (models/training/session.ts) runs the loop; the link keeps the settings.
import { LitElement, css, html, nothing, svg } from 'lit';
import { fmt, fmtInt, fmtSignificant, I18nController, t } from '../core/main-thread/i18n';
import './train.strings';
import './train-nerf.strings';
import './app.strings';
import '../ui/session.strings';
import '../models/nerf/model.strings';
import '../ui/line-chart';
import type { ChartSpec } from '../ui/line-chart';
import { controlStyles } from '../ui/control-styles';
import { trainingPageStyles } from './training-page-styles';
import { webGpuReason } from '../ui/webgpu-reason';
import { fileFor } from '../core/any-thread/manifest';
import { ModelLoadError } from '../core/any-thread/errors';
import type { Engine, EngineChoice } from '../core/any-thread/engine-choice';
import type { LoadReport } from '../core/any-thread/worker-api';
import { MODELS_URL } from '../core/main-thread/site';
import { nerfMeta } from '../models/nerf/entry';
import type { NerfMeta } from '../engines/nerf/nerf-field';
import { CUBE_BOX, gridBytes, gridFor, type SceneBox } from '../engines/radiance/radiance-scene';
import { clampOrbit, DEFAULT_ORBIT, type Orbit, orbitC2w } from '../models/nerf/orbit';
import { keyMove, OrbitGestures, wheelZoom } from '../models/nerf/orbit-input';
import {
  type NerfFrame,
  type NerfTrainLoadArgs,
  type NerfTrainReport,
  type NerfTrainWorkerApi,
  SHOWN_VIEW,
} from '../models/nerf-training/worker';
import { TrainingSession } from '../models/training/session';
import { TrainingRuns } from '../ui/training-runs';
import { saveEveryMs } from '../ui/run-keeper';
import { readSceneFolder, type SavedScene, saveScene, SceneFolderError, sceneOf } from '../models/nerf-training/scene-folder';
import type { OwnScene } from '../models/nerf-training/worker';
import { launchWorker } from '../workers/launch';
import { LinkState, tableCodec } from '../ui/link-state';
import { ModelSession, type SessionVoice } from '../ui/model-session';
import { reactive } from '../ui/reactive-state';
import { keepModel } from '../ui/kept-models';
import type { TrainedField } from '../engines/radiance/radiance-export';
import { exportFieldModel } from '../engines/radiance/field-onnx';
import { RADIANCE_DEFAULTS } from '../engines/radiance/radiance-trainer';
import './train-export';
import type { ExportedModel, ExportedModelId } from './train-export';
import { messageOf } from '../core/any-thread/errors';
import { engineName, msg, type TrainingState, trainingPhase, trainingStatus, trainingVoice } from './training-voice';
import {
  NERF_GRID_CHOICES,
  NERF_TRAIN_DEFAULTS,
  NERF_TRAIN_PARAMS,
  NERF_VIEW_CHOICES,
  type NerfTrainSettings,
  sameNerfTraining,
} from './train-nerf-settings';
import { TRAIN_ENGINES } from './train-settings';

const NERF_EXPORT: readonly ExportedModelId[] = ['nerf'];
const photoBytes = (s: SavedScene | undefined) => (s ? [...s.train, ...s.test].reduce((n, p) => n + p.bytes.byteLength, 0) : 0);
const toEngine = (e: NerfTrainSettings['engine']): EngineChoice => (e === 'cpu' ? 'wasm' : e);

/** Bytes of a snapshot at `cells` per side: every vertex's density and 3 features, with Adam's two moments. */
const snapshotBytes = (cells: number) => (cells + 1) ** 3 * 4 * 3 * 4;
const isReport = (r: LoadReport): r is NerfTrainReport => typeof (r as Partial<NerfTrainReport>).raysPerStep === 'number';
const value = (e: Event) => (e.target as HTMLInputElement | HTMLSelectElement).value;
/** The shipped field's held-out PSNR (training/nerf.py's 35 minutes in PyTorch): the line to reach. */
export const SHIPPED_PSNR = 33.7;
/** Frame size while the visitor drags the orbit (coarser, so it keeps up) and when it rests. */
const MOVING_SIZE = 48;
const STILL_SIZE = 128;
/** Training chunks while the view rests, and while it is dragged (a frame waits for the chunk in flight). */
const CHUNK_MS = 150;
const DRAG_CHUNK_MS = 40;
/** The loop draws the view this often; while dragged, the orbit's own frames are the view. */
const DRAW_MS = 1000;
/** All held-out views are rendered in full after every this much training time (ms). */
const FULL_EVERY_MS = 60_000;

/** The memory a tab may take for the grid: a sixteenth of what the device says it has (Chromium only), else 256 MB. */
function memoryLimitMb(): number {
  const gb = (navigator as Navigator & { deviceMemory?: number }).deviceMemory;
  return gb ? (gb * 1024) / 16 : 256;
}

export class TrainNerfPage extends LitElement {
  static override styles = [
    controlStyles,
    trainingPageStyles,
    css`
      .views { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; }
      figure { margin: 0; width: 256px; max-width: 100%; }
      figure.map-figure { width: 220px; }
      figcaption { font-size: 0.85rem; color: var(--gmp-muted); max-width: 16rem; }
      canvas, img.photo { width: 256px; max-width: 100%; aspect-ratio: 1; image-rendering: pixelated; background: #fff; border-radius: 6px; display: block; }
      canvas { cursor: grab; touch-action: none; }
      canvas:focus-visible { outline: 3px solid var(--gmp-accent, #48f); }
      .numbers { font-variant-numeric: tabular-nums; font-size: 0.9rem; }
      svg.map { width: 220px; height: 220px; max-width: 100%; }
      ul { padding-left: 1.2rem; } li { margin: 0.3rem 0; font-size: 0.92rem; }
    `,
  ];

  private readonly view = reactive(this, {
    settings: { ...NERF_TRAIN_DEFAULTS },
    frame: undefined as NerfFrame | undefined,
    /** the visitor's orbit, or undefined while the view is the held-out camera */
    orbit: undefined as Orbit | undefined,
    full: [] as { trainS: number; psnr: number; step: number }[],
    memoryNote: undefined as string | undefined,
    /** your own scene folder: what it holds, or why it cannot train */
    folder: undefined as { photos: number; heldOut: number; missing: number; fromTrain: boolean } | undefined,
    folderProblem: undefined as string | undefined,
  });
  /** Your own scene (never in a link), and an object URL of its held-out photo. */
  private own?: OwnScene;
  /** Its photos as bytes, saved with the run. */
  private ownSaved?: SavedScene;
  /** The link asked for your own photos, which it cannot hold: a saved run on them may still resume (see `adopt`). */
  private linkAskedOwn = false;
  /** The box your own scene trains in (ours: nerf.json's). */
  private get box(): SceneBox | undefined {
    return this.own ? CUBE_BOX : undefined;
  }
  private ownTruth?: string;
  private training = this.newTraining();
  /** The run saved in this browser (on your own photos, they are saved with it): reload, list, hidden-tab pause. */
  private readonly runs = new TrainingRuns(this, {
    page: 'train-nerf',
    loop: () => this.training,
    settings: () => this.applied,
    defaults: NERF_TRAIN_DEFAULTS,
    same: sameNerfTraining,
    name: () =>
      this.ownSaved
        ? t('tn.run.name.own', { views: this.ownSaved.train.length, resolution: this.applied.resolution, seed: this.applied.seed })
        : t('tn.run.name', { views: this.applied.views, resolution: this.applied.resolution, seed: this.applied.seed }),
    data: () => this.ownSaved,
    takeData: (saved: SavedScene | undefined) => {
      if (saved) this.takeScene(saved);
    },
    // a reload of a run on your photos: the link says `scene=own` but cannot hold the photos; the saved run can
    adopt: (saved, photos) => {
      if (!this.linkAskedOwn || !photos || saved.scene !== 'own' || !sameNerfTraining(saved, { ...this.applied, scene: 'own' }))
        return false;
      this.view.settings = { ...saved, engine: this.applied.engine };
      this.applied = { ...this.view.settings };
      this.link.write(true);
      this.session.showLinkIssues(this.link.issues.filter((i) => i.name !== 'scene'));
      return true;
    },
    restartWith: async (next, take) => {
      this.dropScene();
      this.view.settings = next;
      this.applied = { ...next };
      this.link.write(true);
      this.freshTraining();
      take();
      await this.session.restart(toEngine(next.engine));
    },
  });
  private engine?: Engine;
  private report?: NerfTrainReport;
  private meta?: NerfMeta;
  private readonly gestures = new OrbitGestures();
  private frameBusy = false;
  private frameWanted = false;
  /** The last frame the training loop drew (shown when it is new). */
  private loopFrame?: NerfFrame;
  /** The visitor is dragging the view: frames stay coarse and training chunks short until the pointer lifts. */
  private dragging = false;
  private lastFullMs = 0;
  private readonly link = new LinkState(this, {
    path: '/train-nerf',
    codec: tableCodec(
      () => this.view.settings,
      () => [NERF_TRAIN_PARAMS],
    ),
    check: () => this.checkLink(),
    onNewLink: () => {
      this.session.showLinkIssues(this.link.issues);
      void this.change(this.view.settings);
    },
  });
  /** A copy, never the view's object: the link reader writes a new link's values into that one in place. */
  private applied = { ...this.view.settings };
  readonly session = new ModelSession<NerfTrainLoadArgs, NerfTrainWorkerApi>(this, {
    // its own name for auto's memory: the NeRF demo's `nerf` records frame times, this page times training steps
    id: 'nerf_training',
    files: (manifest) => {
      const nerf = manifest.models.nerf;
      if (!nerf) throw new ModelLoadError('load.missing', { model: 'nerf' });
      return { meta: fileFor(nerf, 'meta') };
    },
    loadArgs: (files) => this.loadArgs(files),
    createWorker: () => launchWorker('nerf-training'),
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
      if (!webgpu.available) this.session.setNote('cpu', msg('tn.cpu-only', { reason: webGpuReason(webgpu) }));
    },
    choice: () => toEngine(this.applied.engine),
    onEvent: (e) => {
      if (e.type === 'ready' && isReport(e.report)) {
        this.engine = e.engine;
        this.report = e.report;
        this.view.orbit = undefined;
        void this.training.ready({ step: e.report.step });
      } else if (e.type === 'auto-decided' && e.engine !== this.engine) {
        this.engine = e.engine;
        this.view.orbit = undefined; // the new worker looks from the held-out camera
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
    if (this.ownTruth) URL.revokeObjectURL(this.ownTruth);
    super.disconnectedCallback();
  }

  private newTraining(): TrainingSession<NerfTrainWorkerApi> {
    return new TrainingSession<NerfTrainWorkerApi>({
      call: (fn, options) => this.session.call(fn, options),
      changed: () => this.trainingChanged(),
      failed: (e) => this.session.fail(e),
      // short chunks, so that an orbit frame waits little; a score costs two passes of 4,096 rays; saved
      // (a snapshot: the grid with Adam's two moments) less often the larger the grid
      timing: {
        chunkMs: CHUNK_MS,
        drawMs: DRAW_MS,
        scoreMs: 4000,
        // a run on your photos saves them too: its cadence counts their bytes
        snapMs: saveEveryMs(snapshotBytes(Number(this.applied?.resolution ?? NERF_TRAIN_DEFAULTS.resolution)) + photoBytes(this.ownSaved)),
      },
      saved: () => this.runs.saved(),
    });
  }

  /** Back to our scene's photos (your folder's are let go; training is left to the caller). */
  private dropScene(): void {
    if (this.ownTruth) URL.revokeObjectURL(this.ownTruth);
    this.own = undefined;
    this.ownSaved = undefined;
    this.ownTruth = undefined;
    this.view.folder = undefined;
  }

  /** Your scene from a saved run, for the next worker (no restart: the caller starts it). */
  private takeScene(saved: SavedScene): void {
    this.dropScene();
    this.ownSaved = saved;
    this.own = sceneOf(saved);
    this.ownTruth = URL.createObjectURL(this.own.test[0]!.image);
    this.view.folder = {
      photos: saved.train.length,
      heldOut: saved.test.length,
      missing: saved.missing,
      fromTrain: saved.heldOutFromTrain,
    };
  }

  /** A new field: the loop, the full-view scores and the frame start over. */
  private freshTraining(): void {
    this.training.dispose();
    this.training = this.newTraining();
    this.view.full = [];
    this.view.frame = undefined;
    this.lastFullMs = 0;
  }

  /** Each change of the loop: the frame it drew becomes the shown one, and all held-out views are scored now and then. */
  private trainingChanged(): void {
    const tr = this.training;
    if (tr.drawn && tr.drawn !== this.loopFrame) {
      this.loopFrame = tr.drawn; // the loop's own frame, once: an orbit frame drawn since stays on show
      this.view.frame = tr.drawn;
    }
    if (tr.phase === 'running' && tr.trainMs - this.lastFullMs >= FULL_EVERY_MS) {
      this.lastFullMs = tr.trainMs;
      const trainS = tr.trainMs / 1000;
      this.session
        .call((api) => api.scoreFull())
        .then(
          (r) => (this.view.full = [...this.view.full, { trainS, psnr: r.psnr, step: r.step }]),
          () => undefined,
        );
    }
    this.requestUpdate();
  }

  private voice(): Partial<SessionVoice> {
    return trainingVoice({
      training: () => this.training,
      engine: () => this.engine,
      starting: 'tn.starting',
      ready: (engine) => msg('tn.ready', this.readyParams(engine)),
    });
  }

  private readyParams(engine: Engine) {
    return {
      views: this.report?.used.length ?? this.applied.views,
      vertices: fmtInt(this.report?.vertices ?? 0),
      engine: engineName(engine),
    };
  }

  /** wgsl without WebGPU: auto; a grid larger than the device can give a tab: the largest that fits. */
  private checkLink() {
    const issues = [];
    const s = this.view.settings;
    const report = this.session?.webgpu;
    if (s.engine === 'wgsl' && report && !report.available) {
      this.view.settings = { ...this.view.settings, engine: 'auto' };
      issues.push({ name: 'engine', value: 'wgsl', why: () => webGpuReason(report) });
    }
    this.linkAskedOwn = s.scene === 'own' && !this.own;
    if (this.linkAskedOwn) {
      this.view.settings = { ...this.view.settings, scene: 'ours' };
      issues.push({ name: 'scene', value: 'own', why: () => t('tn.own.link') });
    }
    return issues;
  }

  /** The grid that fits: the chosen one, or the largest smaller one (said in a note). */
  private fitResolution(s: NerfTrainSettings, box: SceneBox): NerfTrainSettings {
    const limit = memoryLimitMb();
    const mb = (r: string) => gridBytes(gridFor(box, Number(r))) / 1e6;
    if (mb(s.resolution) <= limit) {
      this.view.memoryNote = undefined;
      return s;
    }
    const fallback = [...NERF_GRID_CHOICES].reverse().find((r) => mb(r) <= limit) ?? NERF_GRID_CHOICES[0];
    this.view.memoryNote = t('tn.memory.large', { resolution: s.resolution, mb: fmtInt(mb(s.resolution)), limit: fmtInt(limit), fallback });
    return { ...s, resolution: fallback };
  }

  private loadArgs(files: Record<string, Uint8Array>): NerfTrainLoadArgs {
    this.meta ??= nerfMeta(files);
    const s = this.fitResolution(this.applied, this.box ?? this.meta);
    if (s !== this.applied) {
      this.applied = { ...s };
      this.view.settings = s;
    }
    return {
      base: MODELS_URL,
      meta: this.meta,
      seed: s.seed,
      views: Number(s.views),
      resolution: Number(s.resolution),
      resume: this.training.snapshot,
      own: this.own,
    };
  }

  /** A folder in the transforms_*.json layout from the folder picker: read, checked, and trained on. */
  private async pickFolder(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement;
    const files = [...(input.files ?? [])].map((f) => ({ path: f.webkitRelativePath || f.name, file: f as Blob }));
    input.value = '';
    if (!files.length) return;
    try {
      const saved = await saveScene(await readSceneFolder(files));
      this.view.folderProblem = undefined;
      this.useScene(saved);
    } catch (err) {
      this.view.folderProblem = err instanceof SceneFolderError ? t(`tn.folder.${err.problem}`, err.params) : messageOf(err);
    }
  }

  /** Trains on `scene` (yours) or, with undefined, on ours again: a new field either way. */
  private useScene(scene: SavedScene | undefined): void {
    if (scene) this.takeScene(scene);
    else this.dropScene();
    this.view.settings = { ...this.view.settings, scene: scene ? 'own' : 'ours' };
    this.applied = { ...this.view.settings };
    this.link.write(true);
    this.freshTraining();
    this.runs.startNew();
    if (this.session.files) void this.session.restart(toEngine(this.applied.engine));
  }

  /** A setting changed (a control or the link): the link follows, and the field starts again (or goes on, for an engine change). */
  private async change(next: NerfTrainSettings): Promise<void> {
    const before = this.applied;
    this.view.settings = next;
    this.applied = { ...next };
    this.link.write(true);
    if (!this.session.files) {
      if (this.session.state === 'error') await this.session.start();
      return;
    }
    if (sameNerfTraining(before, next)) {
      await this.training.pause();
      await this.training.save();
    } else {
      this.freshTraining();
      this.runs.startNew();
    }
    await this.session.restart(toEngine(next.engine));
  }

  // ---- the orbit ----

  private setOrbit(o: Orbit | undefined, moving: boolean): void {
    this.view.orbit = o && clampOrbit(o);
    void this.frame(moving ? MOVING_SIZE : STILL_SIZE);
  }

  /** Draws the field from the current view now (one frame in flight; the latest wish wins). */
  private async frame(size: number): Promise<void> {
    if (this.session.state !== 'ready') return;
    if (this.frameBusy) {
      this.frameWanted = true;
      return;
    }
    this.frameBusy = true;
    try {
      const orbit = this.view.orbit;
      const f = await this.session.call((api) => api.draw(size, { c2w: orbit ? orbitC2w(orbit) : null, size: STILL_SIZE }));
      if (f) this.view.frame = f; // undefined: it gave way to steps, whose loop draws next
    } catch {
      // a restart or a cancelled call: the next frame comes with the loop
    } finally {
      this.frameBusy = false;
      if (this.frameWanted) {
        this.frameWanted = false;
        void this.frame(this.dragging ? MOVING_SIZE : STILL_SIZE);
      }
    }
  }

  private onPointerDown(e: PointerEvent): void {
    (e.target as HTMLElement).setPointerCapture?.(e.pointerId);
    this.gestures.down(e.pointerId, { x: e.clientX, y: e.clientY });
  }

  private onPointerMove(e: PointerEvent): void {
    const o = this.gestures.move(e.pointerId, { x: e.clientX, y: e.clientY }, this.view.orbit ?? DEFAULT_ORBIT);
    if (!o) return;
    this.setDragging(true);
    this.setOrbit(o, true);
  }

  private onPointerUp(e: PointerEvent): void {
    this.gestures.up(e.pointerId, e.type !== 'pointerup');
    this.setDragging(false);
    if (this.view.orbit) void this.frame(STILL_SIZE);
  }

  private setDragging(on: boolean): void {
    this.dragging = on;
    Object.assign(this.training.timing, on ? { chunkMs: DRAG_CHUNK_MS, drawMs: Infinity } : { chunkMs: CHUNK_MS, drawMs: DRAW_MS });
  }

  private onWheel(e: WheelEvent): void {
    e.preventDefault();
    this.setOrbit(wheelZoom(this.view.orbit ?? DEFAULT_ORBIT, e.deltaY), false);
  }

  private onKey(e: KeyboardEvent): void {
    const move = keyMove(this.view.orbit ?? DEFAULT_ORBIT, e.key);
    if (!move || move === 'inspect') return;
    e.preventDefault();
    this.setOrbit(move, false);
  }

  override updated(): void {
    const f = this.view.frame;
    const canvas = this.renderRoot.querySelector<HTMLCanvasElement>('canvas[data-testid="nerf-live"]');
    if (!f || !canvas || canvas.dataset.drawn === `${f.step}:${f.size}:${f.ms}`) return;
    canvas.width = f.size;
    canvas.height = f.size;
    canvas.getContext('2d')?.putImageData(new ImageData(new Uint8ClampedArray(f.pixels), f.size, f.size), 0, 0);
    canvas.dataset.drawn = `${f.step}:${f.size}:${f.ms}`;
  }

  // ---- rendering ----

  private get busy(): boolean {
    return this.session.state !== 'ready';
  }

  private get state(): TrainingState {
    return { session: this.session, training: this.training, engine: this.engine };
  }

  override render() {
    return html`
      <h1>${t('tn.title')}</h1>
      <p class="lead">${t('tn.lead', { rays: fmtInt(this.report?.raysPerStep ?? 4096) })}</p>
      ${this.renderStatus()} ${this.renderControls()} ${this.renderViews()} ${this.renderChart()} ${this.renderWatch()}
      <section>${this.runs.render()}</section>
      <section><gmp-train-export ?enabled=${!this.busy && this.training.step > 0} .models=${NERF_EXPORT} .exportModel=${this.exportModel}
        .openModel=${() => this.openInDemo()}><p class="small">${t('export.nerf.files')}</p></gmp-train-export></section>
    `;
  }

  /** The field as it is now, from the worker (training pauses for it), as nerf-field.onnx and its occupancy bits. */
  private readonly exportModel = async (model: ExportedModelId): Promise<ExportedModel> => {
    if (model !== 'nerf') throw new Error(`this page trains no ${model}`);
    const f = await this.fieldNow();
    return exportFieldModel(f, {
      step: f.step,
      data: f.data,
      figures: f.score === undefined ? {} : { psnr: f.score },
      settings: { seed: this.applied.seed, batch: this.report?.raysPerStep ?? 0, learningRate: RADIANCE_DEFAULTS.lr },
      photos: this.report?.used.length ?? Number(this.applied.views),
    });
  };

  /** The field now (training paused first), with what the demo's banner says of it. */
  private async fieldNow() {
    await this.training.pause();
    const f = await this.session.call((api) => api.exportField());
    // the fixed held-out rays, scored every few seconds
    return {
      ...f,
      score: this.training.scores.at(-1)?.heldOut,
      data: t('tn.kept.data', { views: this.report?.used.length ?? this.applied.views }),
    };
  }

  private renderStatus() {
    const phase = trainingPhase(this.state);
    const error = phase === 'error';
    const tr = this.training;
    const rays = this.report?.raysPerStep ?? 0;
    const line = trainingStatus(this.state, (engine) => t('tn.ready', this.readyParams(engine)));
    return html`<section>
      <p data-testid="status" data-state=${error ? 'error' : this.busy ? 'loading' : 'ready'} data-phase=${phase}
        role=${error ? 'alert' : 'status'} class=${error ? 'error' : ''}>${line}</p>
      <div data-testid="notes">${this.session.noteTexts().map((n) => html`<p class="small">${n}</p>`)}
        ${this.view.memoryNote ? html`<p class="small" role="alert">${this.view.memoryNote}</p>` : nothing}</div>
      <p class="numbers"><span data-testid="train-steps" data-step=${tr.step} data-saved-step=${tr.snapshot?.step ?? 0}
          data-psnr=${tr.history.at(-1)?.psnr ?? nothing}>${t('train.steps', { step: fmtInt(tr.step) })}</span>
        ${tr.speed ? html` · <span data-testid="train-speed" data-steps-per-s=${tr.speed} data-rays-per-s=${tr.speed * rays}>${t('tn.speed', { steps: fmtSignificant(tr.speed), rays: fmtInt(tr.speed * rays) })}</span>` : nothing}</p>
    </section>`;
  }

  private renderControls() {
    const s = this.view.settings;
    const tr = this.training;
    const running = tr.phase === 'running' || tr.phase === 'pausing';
    const webgpu = this.session.webgpu;
    const wgslOff = webgpu && !webgpu.available ? webGpuReason(webgpu) : undefined;
    const select = <K extends 'views' | 'resolution'>(
      id: string,
      label: 'tn.views' | 'tn.resolution',
      key: K,
      options: readonly NerfTrainSettings[K][],
    ) =>
      html`<label>${t(label)} <select data-testid=${id} @change=${(e: Event) => void this.change({ ...this.view.settings, [key]: value(e) })}>
        ${options.map((o) => html`<option value=${o} ?selected=${o === s[key]}>${o}</option>`)}</select></label>`;
    const box = this.box ?? this.meta;
    const grid = box ? gridFor(box, Number(s.resolution)) : undefined;
    return html`<section>
      <div class="controls">
        <button data-testid="train-start" ?disabled=${this.busy || running} @click=${() => {
          this.runs.started();
          tr.play();
        }}>${t(tr.step > 0 ? 'train.resume' : 'train.start')}</button>
        <button data-testid="train-pause" ?disabled=${tr.phase !== 'running'} @click=${() => void tr.pause()}>${t('train.pause')}</button>
        <button data-testid="train-step" ?disabled=${this.busy || running} @click=${() => void tr.oneStep()}>${t('train.step')}</button>
        <button data-testid="train-reset" ?disabled=${this.busy} @click=${() => void this.reset()}>${t('train.reset')}</button>
        <label>${t('train.engine')}
          <select data-testid="engine" ?disabled=${this.busy && trainingPhase(this.state) !== 'error'} @change=${(e: Event) => void this.change({ ...this.view.settings, engine: value(e) as NerfTrainSettings['engine'] })}>
            ${TRAIN_ENGINES.map((en) => {
              const off = en === 'wgsl' ? wgslOff : undefined;
              return html`<option value=${en} ?selected=${en === s.engine} ?disabled=${!!off}>${off ? t('train.engine.off', { engine: en, reason: off }) : t(`train.engine.${en}`)}</option>`;
            })}
          </select></label>
      </div>
      <div class="controls">
        ${select('nerf-views', 'tn.views', 'views', NERF_VIEW_CHOICES)} ${select('nerf-resolution', 'tn.resolution', 'resolution', NERF_GRID_CHOICES)}
        <label>${t('train.seed')} <input data-testid="nerf-seed" type="number" min="0" max="999999" step="1" .value=${String(s.seed)}
          @change=${(e: Event) => {
            const x = Math.round(Number(value(e)));
            if (Number.isFinite(x) && x >= 0 && x <= 999999) void this.change({ ...this.view.settings, seed: x });
            else this.requestUpdate();
          }} /></label>
      </div>
      ${grid ? html`<p class="small" data-testid="nerf-memory" data-bytes=${gridBytes(grid)}>${t('tn.memory', { mb: fmt(gridBytes(grid) / 1e6, 1), vertices: fmtInt(grid.dims[0] * grid.dims[1] * grid.dims[2]) })}</p>` : nothing}
      <p class="small">${t('tn.settings-note')}</p>
      ${this.renderFolder()}
    </section>`;
  }

  private renderFolder() {
    const f = this.view.folder;
    return html`<details ?open=${!!f || !!this.view.folderProblem}><summary>${t('tn.folder')}</summary>
      <p class="small">${t('tn.folder.help')}</p>
      <label>${t('tn.folder.label')} <input data-testid="nerf-folder" type="file" webkitdirectory multiple @change=${(e: Event) => void this.pickFolder(e)} /></label>
      ${this.view.folderProblem ? html`<p class="error" role="alert" data-testid="nerf-folder-problem">${this.view.folderProblem}</p>` : nothing}
      ${
        f
          ? html`<p data-testid="nerf-folder-using" data-photos=${f.photos}>${t('tn.folder.using', { photos: f.photos, held: f.heldOut })}
          ${f.fromTrain ? t('tn.folder.from-train') : ''} ${f.missing ? t('tn.folder.missing', { count: f.missing }) : ''}</p>
          <button @click=${() => this.useScene(undefined)}>${t('tn.folder.back')}</button>`
          : nothing
      }
    </details>`;
  }

  /** The field as it is now, kept in this tab, opened in the NeRF demo (no reload, nothing sent anywhere). */
  private async openInDemo(): Promise<void> {
    try {
      const f = await this.fieldNow();
      keepModel<TrainedField>('nerf', { model: { meta: f.meta, field: f.field }, step: f.step, data: f.data, score: f.score });
      location.hash = '#/nerf?field=trained';
    } catch (e) {
      this.view.memoryNote = t('tn.open.failed', { message: messageOf(e) });
    }
  }

  private async reset(): Promise<void> {
    this.view.full = [];
    this.lastFullMs = 0;
    await this.runs.reset(() => this.training.reset());
  }

  private renderViews() {
    const tr = this.training;
    const last = tr.scores.at(-1);
    const f = this.view.frame;
    const truth = this.ownTruth ?? (this.meta ? new URL(`nerf/scene/test/r_${SHOWN_VIEW}.png`, MODELS_URL).href : undefined);
    const full = this.view.full.at(-1);
    return html`<section>
      <div class="views">
        <figure>
          <canvas data-testid="nerf-live" tabindex="0" role="img" aria-label=${t('tn.live.alt')} width="128" height="128"
            data-step=${f?.step ?? nothing} data-size=${f?.size ?? nothing} data-orbit=${this.view.orbit ? 'yes' : 'no'}
            @pointerdown=${(e: PointerEvent) => this.onPointerDown(e)} @pointermove=${(e: PointerEvent) => this.onPointerMove(e)}
            @pointerup=${(e: PointerEvent) => this.onPointerUp(e)} @pointercancel=${(e: PointerEvent) => this.onPointerUp(e)}
            @wheel=${(e: WheelEvent) => this.onWheel(e)} @keydown=${(e: KeyboardEvent) => this.onKey(e)}></canvas>
          <figcaption>${t(this.view.orbit ? 'tn.live.orbit' : 'tn.live')}
            ${f?.psnr !== undefined ? html`<br /><span data-testid="nerf-view-psnr" data-psnr=${f.psnr}>${t('tn.psnr.view', { psnr: fmt(f.psnr, 1) })}</span>` : nothing}
            ${this.view.orbit ? html`<br /><button @click=${() => this.setOrbit(undefined, false)}>${t('tn.live.back')}</button>` : nothing}</figcaption>
        </figure>
        <figure>
          ${truth ? html`<img class="photo" data-testid="nerf-truth" src=${truth} alt=${t('tn.truth.alt')} width="128" height="128" />` : html`<div data-testid="nerf-truth"></div>`}
          <figcaption>${t('tn.truth')}</figcaption>
        </figure>
        <figure class="map-figure">${this.renderMap()}<figcaption>${t('tn.map')}</figcaption></figure>
      </div>
      ${
        last
          ? html`<p data-testid="nerf-psnr" data-psnr=${last.heldOut} data-train-psnr=${last.train} data-step=${last.step}>${t('tn.psnr', { held: fmt(last.heldOut, 2), train: fmt(last.train, 2), step: fmtInt(last.step) })}</p>`
          : html`<p data-testid="nerf-psnr">${t('tn.psnr.none')}</p>`
      }
      ${full ? html`<p class="small" data-testid="nerf-psnr-full" data-psnr=${full.psnr}>${t('tn.psnr.full', { views: this.report?.heldOut.length ?? 20, psnr: fmt(full.psnr, 2), step: fmtInt(full.step) })}</p>` : nothing}
    </section>`;
  }

  /** Camera positions from above (x right, y up): used photos filled, unused ringed, held-out as squares. */
  private renderMap() {
    const r = this.report;
    if (!r)
      return html`<svg class="map" data-testid="camera-map" data-used="0" viewBox="-5 -5 10 10" aria-label=${t('tn.map.label')} role="img"></svg>`;
    const used = new Set(r.used);
    return html`<svg class="map" data-testid="camera-map" data-used=${r.used.length} viewBox="-5 -5 10 10" role="img" aria-label=${t('tn.map.label')}>
      <circle cx="0" cy="0" r="4.1" fill="none" stroke="var(--gmp-rule)" stroke-width="0.04" />
      ${r.positions.map((p, i) =>
        used.has(i)
          ? svg`<circle cx=${p[0]} cy=${-p[1]} r="0.2" fill="var(--gmp-plot-1)"><title>${i + 1}</title></circle>`
          : svg`<circle cx=${p[0]} cy=${-p[1]} r="0.16" fill="none" stroke="var(--gmp-muted)" stroke-width="0.05" />`,
      )}
      ${r.heldOut.map((p) => svg`<rect x=${p[0] - 0.16} y=${-p[1] - 0.16} width="0.32" height="0.32" fill="var(--gmp-plot-2)" />`)}
    </svg>`;
  }

  /** The chart's spec, made again only when its points or its language change (a new spec redraws the chart). */
  private chartSpec?: { key: string; spec: ChartSpec };

  private renderChart() {
    const scores = this.training.scores;
    const key = `${scores.length}:${this.view.full.length}:${t('tn.chart')}`;
    if (this.chartSpec?.key !== key) this.chartSpec = { key, spec: this.makeChartSpec() };
    return html`<section>
      <h2>${t('tn.chart')}</h2>
      ${scores.length ? html`<gmp-line-chart data-testid="psnr-chart" data-points=${scores.length} .spec=${this.chartSpec.spec}></gmp-line-chart>` : html`<div data-testid="psnr-chart" data-points="0"></div>`}
    </section>`;
  }

  private makeChartSpec(): ChartSpec {
    const scores = this.training.scores;
    const full = this.view.full;
    const x = [...new Set([...scores.map((s) => s.trainS), ...full.map((p) => p.trainS)])].sort((a, b) => a - b);
    const at = <T extends { trainS: number }>(points: readonly T[], v: (p: T) => number) => {
      const by = new Map(points.map((p) => [p.trainS, v(p)]));
      return x.map((s) => by.get(s) ?? null);
    };
    const spec: ChartSpec = {
      title: t('tn.chart'),
      x,
      xLabel: t('tn.chart.x'),
      yLabel: t('tn.chart.y'),
      series: [
        { label: t('tn.series.held'), values: at(scores, (s) => s.heldOut), colour: '--gmp-plot-1' },
        { label: t('tn.series.train'), values: at(scores, (s) => s.train), colour: '--gmp-plot-1', dash: [6, 3] },
        { label: t('tn.series.full'), values: at(full, (p) => p.psnr), colour: '--gmp-plot-2' },
        { label: t('tn.series.shipped'), values: x.map(() => SHIPPED_PSNR), colour: '--gmp-plot-faint', dash: [10, 4] },
      ],
      format: (v) => fmt(v, 2),
      formatX: (v) => fmt(v, 0),
    };
    return spec;
  }

  private renderWatch() {
    return html`<section>
      <h2>${t('tn.watch')}</h2>
      <ul><li>${t('tn.watch.gap')}</li><li>${t('tn.watch.compute')}</li><li>${t('tn.watch.grid')}</li></ul>
      <p class="small">${t('tn.links')}
        <a href="#/nerf">${t('nav.nerf')}</a> · <a href="#/train">${t('nav.train')}</a> · <a href="#/train-text">${t('nav.train-text')}</a> · <a href="#/compare">${t('nav.compare')}</a></p>
    </section>`;
  }
}

customElements.define('gmp-train-nerf-page', TrainNerfPage);
declare global {
  interface HTMLElementTagNameMap {
    'gmp-train-nerf-page': TrainNerfPage;
  }
}
