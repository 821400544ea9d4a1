// #/nerf: orbit a scene the radiance field learned from photos. The worker owns the canvas (OffscreenCanvas)
// and draws every frame itself — with our WGSL kernel (one compute pass per frame) or, on `wasm`, through the
// reference path. This element renders the page and forwards its events: pointer, wheel, touch and keys become
// orbit moves (models/nerf/orbit-input.ts), the frame loop asks for frames while the view changes and for
// sharper ones while it rests (models/nerf/frame-loop.ts), and the ray inspector and the nearest training photo
// are elements of their own. UI only.
import { css, html, nothing } from 'lit';
import { inlineStyle } from '../../ui/inline-style';
import { fmt, fmtInt, t } from '../../core/main-thread/i18n';
import { choiceParam, type ParamTable, vectorParam } from '../../core/any-thread/url-state';
import { type NerfMeta, NerfFormatError } from '../../engines/nerf/nerf-field';
import type { RayInspection } from '../../engines/nerf/nerf-reference';
import { datasetAmount, handedOver } from '../../models/model-entry';
import { NERF, NERF_DEFAULTS, NERF_RESOLUTIONS, type NerfResolution } from '../../models/nerf/entry';
import type { View } from '../../kernels/volume/volume-reference';
import type { Engine } from '../../core/any-thread/engine-choice';
import { fileFor } from '../../core/any-thread/manifest';
import type { NerfLoadArgs, NerfWorkerApi } from '../../models/nerf/worker';
import { demoStyles, ModelDemo } from '../model-demo';
import type { Message } from '../../ui/model-session';
import { reactive } from '../../ui/reactive-state';
import { keepModel, keptModel } from '../../ui/kept-models';
import { pickerWithRefusal } from '../trained-source';
import type { TrainedModel } from '../../ui/trained-models';
import type { FieldExportInfo } from '../../engines/training/export-info';
import { importedField } from '../../engines/radiance/field-onnx';
import type { TrainedField } from '../../engines/radiance/radiance-export';
import type { FieldData } from '../../kernels/volume/volume-renderer';
import './nerf.strings';
import './ray-inspector';
import './nearest-photo';
import type { TradeoffText } from '../../ui/tradeoff-panel';
import { clampOrbit, nearestPhoto, type Orbit, orbitView } from '../../models/nerf/orbit';
import { keyMove, OrbitGestures, pixelAt, type Point, wheelZoom } from '../../models/nerf/orbit-input';
import { checkSize, compareWithReference, FrameLoop, REFINE_FRAMES } from '../../models/nerf/frame-loop';
import { PLOT_H, PLOT_W } from './ray-inspector';

/** Numbers of a trained field for the demo's table: its parameters and the share of occupied cells. */
function trainedNumbers(f: FieldData): { params: number; occupied: number } {
  let bits = 0;
  for (let w of f.occupancy) for (; w; w &= w - 1) bits++;
  return { params: f.density.length + f.features.length + f.mlp.length, occupied: bits / (f.cells[0] * f.cells[1] * f.cells[2]) };
}

const FIELD_SOURCES = ['shipped', 'trained'] as const;
type FieldSource = (typeof FIELD_SOURCES)[number];

const TEXT: TradeoffText = {
  study: 'nerf-views',
  live: '/train-nerf',
  how: ['nerf.how.1', 'nerf.how.2', 'nerf.how.3', 'nerf.how.4'],
  strengths: ['nerf.strength.1', 'nerf.strength.2', 'nerf.strength.3'],
  weaknesses: ['nerf.weakness.1', 'nerf.weakness.2', 'nerf.weakness.3'],
  when: ['nerf.when.1', 'nerf.when.2'],
};
const VIEW_PX = 360;

/** What the reference check shows: running, its result (PSNR in dB) or why it can't run. */
type ReferenceCheck = {
  key: 'nerf.check.running' | 'nerf.check.result' | 'nerf.check.nogpu';
  params?: Record<string, string | number>;
  psnr?: number;
};

export class NerfDemo extends ModelDemo<NerfLoadArgs, NerfWorkerApi> {
  static override styles = [
    demoStyles,
    css`
    .stage { position: relative; width: ${VIEW_PX}px; max-width: 100%; aspect-ratio: 1; }
    /* on a phone the view takes the panel's whole width */
    @media (max-width: 640px) { .stage { width: 100%; } }
    /* the scene's own white background, framed so it reads as a picture on a dark page too */
    .stage canvas { width: 100%; height: 100%; display: block; border-radius: 4px; background: #fff; border: 1px solid var(--gmp-frame);
      touch-action: none; cursor: grab; box-sizing: border-box; }
    .stage canvas:active { cursor: grabbing; }
    .mark { position: absolute; width: 9px; height: 9px; margin: -5px 0 0 -5px; border: 2px solid var(--gmp-plot-3); border-radius: 50%; pointer-events: none; }
    .views { display: flex; gap: 1rem; flex-wrap: wrap; align-items: flex-start; }
    gmp-nerf-inspector { display: block; }
    .photo { max-width: 150px; }
    .photo img { width: 150px; height: 150px; border: 1px solid var(--gmp-frame); border-radius: 4px; background: #fff; image-rendering: auto; }
    .bar { display: flex; gap: 0.8rem; align-items: center; flex-wrap: wrap; margin: 0.5rem 0; font-variant-numeric: tabular-nums; }
    canvas.plot { width: ${PLOT_W}px; max-width: 100%; height: ${PLOT_H}px; border: 1px solid var(--gmp-border); border-radius: 4px;
      background: var(--gmp-panel); }
    .legend { display: flex; flex-wrap: wrap; gap: 0.3rem 1rem; font-size: 0.85rem; color: var(--gmp-muted); margin: 0.3rem 0; padding: 0; list-style: none; }
    .legend span { display: inline-block; width: 0.9rem; height: 0.25rem; vertical-align: middle; margin-right: 0.3rem; }
  `,
  ];

  protected readonly entry = NERF;
  private readonly ui = reactive(this, {
    meta: undefined as NerfMeta | undefined,
    orbit: { ...NERF_DEFAULTS.orbit } as Orbit,
    resolution: NERF_DEFAULTS.resolution as NerfResolution,
    /** One canvas per worker start (a canvas can be handed to a worker only once); replaced when one is added. */
    canvases: new Map() as ReadonlyMap<Engine, HTMLCanvasElement>,
    inspection: undefined as RayInspection | undefined,
    /** The pixel inspected (marked on the view). */
    inspecting: undefined as Point | undefined,
    check: undefined as ReferenceCheck | undefined,
    /** our shipped field, or the one trained on #/train-nerf in this tab (`field=trained` in the link) */
    source: 'shipped' as FieldSource,
    /** the trained field on show (its banner's numbers) */
    trained: undefined as { step: number; data: string; score?: number; params: number; occupied: number } | undefined,
    /** why picked files were not opened */
    refused: undefined as string | undefined,
  });
  /** Frames of the view while it changes, sharper ones while it rests; it re-renders the page (throttled) as they come. */
  private readonly frames = new FrameLoop({
    call: (fn, options) => this.runner!.call(fn, options),
    engine: () => (this.isConnected && this.state === 'ready' ? this.runner?.engine : undefined),
    view: () => this.view(),
    signal: () => this.beginRun('frames'),
    changed: () => this.requestUpdate(),
    failed: (e) => this.fail(e),
  });
  private readonly gestures = new OrbitGestures();
  protected readonly urlParams: ParamTable<this> = [
    // `cam=azimuth,elevation,radius`: the orbit clamps elevation and radius, which counts as a repair
    vectorParam({
      name: 'cam',
      length: 3,
      min: -1e6,
      max: 1e6,
      fill: NaN,
      why: () => t('nerf.url.camera'),
      get: (d) => [d.ui.orbit.azimuth, d.ui.orbit.elevation, d.ui.orbit.radius],
      set: (d, cam) => {
        const fill = (v: number, def: number) => (Number.isFinite(v) ? v : def);
        const def = NERF_DEFAULTS.orbit;
        const wanted = { azimuth: fill(cam[0], def.azimuth), elevation: fill(cam[1], def.elevation), radius: fill(cam[2], def.radius) };
        d.ui.orbit = clampOrbit(wanted);
        return d.ui.orbit.elevation !== wanted.elevation || d.ui.orbit.radius !== wanted.radius;
      },
      // each number as JavaScript writes it: the shortest text that reads back to the same double, so a
      // shared view is the sender's to the pixel (a key step stays "45", a drag gives more digits)
      format: (cam) => Array.from(cam, (v) => String(v)).join(','),
    }),
    choiceParam({
      name: 'field',
      allowed: FIELD_SOURCES,
      fallback: 'shipped',
      why: () => t('nerf.url.field'),
      get: (d) => d.ui.source,
      set: (d, v) => {
        d.ui.source = v;
      },
      format: (v) => (v === 'shipped' ? undefined : v),
    }),
    choiceParam({
      name: 'res',
      allowed: NERF_RESOLUTIONS,
      fallback: NERF_DEFAULTS.resolution,
      why: () => t('nerf.url.res'),
      get: (d) => d.ui.resolution,
      set: (d, v) => {
        d.ui.resolution = v;
      },
      format: (v) => (v === NERF_DEFAULTS.resolution ? undefined : v),
    }),
  ];

  // ---- model files and worker ----

  /** A field trained in this tab renders at its own speed: its frame times must not stand for our field's. */
  protected override autoKey(): string {
    return this.ui.source === 'trained' ? 'nerf_trained' : 'nerf';
  }

  protected override loadArgs(files: Record<string, Uint8Array>, engine?: Engine): NerfLoadArgs {
    const args = this.entry.loadArgs(files, this.model!);
    const kept = this.ui.source === 'trained' ? keptModel<TrainedField>('nerf') : undefined;
    if (this.ui.source === 'trained' && !kept) {
      this.ui.source = 'shipped';
      this.setNote('trained', { key: 'nerf.trained.gone' });
    }
    if (kept) {
      args.meta = kept.model.meta;
      args.trained = kept.model.field;
    }
    this.ui.trained = kept && { step: kept.step, data: kept.data, score: kept.score, ...trainedNumbers(kept.model.field) };
    this.ui.meta = args.meta as NerfMeta;
    if (engine) {
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = Number(this.ui.resolution);
      this.ui.canvases = new Map(this.ui.canvases).set(engine, canvas);
      args.canvas = canvas.transferControlToOffscreen();
    }
    return args;
  }

  protected override transfer(args: NerfLoadArgs): Transferable[] {
    return handedOver(args);
  }

  protected override errorMessage(e: unknown): Message {
    return e instanceof NerfFormatError ? { key: 'nerf.error.format', params: { message: e.message } } : super.errorMessage(e);
  }

  // ---- frames (public: the test hooks render the view and ask for a redraw) ----

  /** The view on screen (camera, resolution), or at `size`². */
  view(size = Number(this.ui.resolution)): View {
    return orbitView(this.ui.orbit, size, this.ui.meta?.camera_angle_x ?? 0.7);
  }

  protected refresh(): Promise<void> {
    return this.frames.request();
  }

  /** Draws the current view again from its first frame (after something else drew into the canvas). */
  redraw(): void {
    void this.frames.request();
  }

  private setOrbit(o: Orbit): void {
    this.ui.orbit = clampOrbit(o);
    this.writeUrl();
    void this.frames.request();
  }

  private setResolution(resolution: NerfResolution): void {
    this.ui.resolution = resolution;
    this.ui.inspecting = undefined;
    this.frames.clearTimes();
    this.setOrbit(this.ui.orbit);
  }

  // ---- input ----

  private onPointerDown(e: PointerEvent): void {
    try {
      (e.target as Element).setPointerCapture(e.pointerId); // keep the drag when the pointer leaves the view
    } catch {
      /* a pointer the browser does not track (synthetic): the drag works while over the view */
    }
    this.gestures.down(e.pointerId, { x: e.clientX, y: e.clientY });
  }

  private onPointerMove(e: PointerEvent): void {
    const orbit = this.gestures.move(e.pointerId, { x: e.clientX, y: e.clientY }, this.ui.orbit);
    if (orbit) this.setOrbit(orbit);
  }

  private onPointerUp(e: PointerEvent): void {
    if (!this.gestures.up(e.pointerId, e.type !== 'pointerup')) return;
    const box = (e.target as HTMLElement).getBoundingClientRect();
    const pixel = pixelAt({ x: e.clientX, y: e.clientY }, box, Number(this.ui.resolution));
    if (pixel) void this.inspect(pixel);
  }

  private onWheel(e: WheelEvent): void {
    e.preventDefault();
    this.setOrbit(wheelZoom(this.ui.orbit, e.deltaY));
  }

  private onKey(e: KeyboardEvent): void {
    const move = keyMove(this.ui.orbit, e.key);
    if (!move) return;
    e.preventDefault();
    const size = Number(this.ui.resolution);
    if (move === 'inspect') void this.inspect({ x: size >> 1, y: size >> 1 });
    else this.setOrbit(move);
  }

  // ---- inspector and reference check ----

  private async inspect(pixel: Point): Promise<void> {
    if (!this.runner?.engine) return;
    this.ui.inspecting = pixel;
    const signal = this.beginRun('inspect');
    try {
      this.ui.inspection = await this.runner.call((api) => api.inspect(this.view(), pixel.x, pixel.y), { signal });
    } catch (e) {
      this.fail(e);
    }
  }

  /** The WGSL frame against the reference path's, at the current size (at most 128²); PSNR in dB. */
  async checkReference(): Promise<number | undefined> {
    const runner = this.runner;
    if (!runner?.engine) return undefined;
    const engine = runner.engine;
    if (engine === 'wasm') {
      this.ui.check = { key: 'nerf.check.nogpu' };
      return undefined;
    }
    const size = checkSize(Number(this.ui.resolution));
    this.ui.check = { key: 'nerf.check.running' };
    try {
      const r = await compareWithReference((fn, options) => runner.call(fn, options), engine, this.view(size), {
        signal: this.beginRun('check'),
      });
      const psnr = Number.isFinite(r.psnr) ? fmt(r.psnr, 1) : '∞';
      this.ui.check = { key: 'nerf.check.result', params: { engine, size, psnr, ms: fmtInt(r.ms) }, psnr: r.psnr };
      void this.frames.request();
      return r.psnr;
    } catch (e) {
      this.ui.check = undefined;
      this.fail(e);
      return undefined;
    }
  }

  // ---- page ----

  private renderNumbers() {
    const m = this.model;
    if (!m) return nothing;
    const met = m.metrics as Record<string, number>;
    const meta = this.ui.meta;
    const s = this.frames.stats;
    const rays = Number(this.ui.resolution) ** 2;
    const per = (v: number) => fmt(v / rays, 1);
    const fps = this.frames.fps();
    const ms = this.frames.medianMs();
    const bytes = ['meta', 'field', 'occupancy'].reduce((n, role) => n + fileFor(m, role).bytes, 0);
    const dims = (d: number[]) => d.join('×');
    const tr = this.ui.trained;
    return html`<dl>
      <dt>${t('nerf.num.fps')}</dt><dd>${fps === undefined ? '—' : fmt(fps, 1)} ${this.runner?.engine ? `(${this.runner.engine}, ${this.ui.resolution}²)` : ''}</dd>
      <dt>${t('nerf.num.ms')}</dt><dd data-testid="timing">${ms === undefined ? '—' : `${fmt(ms, ms < 10 ? 2 : 0)} ms`}</dd>
      <dt>${t('nerf.num.samples')}</dt><dd data-testid="samples">${s ? t('nerf.num.samples.value', { inside: per(s.inside), evaluated: per(s.evaluated), skipped: per(s.skipped), shaded: per(s.shaded) }) : '—'}</dd>
      <dt>${t('nerf.num.psnr')}</dt><dd data-testid="psnr">${this.ui.trained ? t('nerf.num.psnr.trained') : t('nerf.num.psnr.value', { psnr: fmt(met.test_psnr_db, 2), size: met.image_size, min: fmt(met.test_psnr_min_db, 1) })}</dd>
      <dt>${t('nerf.num.params')}</dt><dd>${fmtInt(tr?.params ?? m.params.total)}</dd>
      ${meta ? html`<dt>${t('nerf.num.grids')}</dt><dd>${t('nerf.num.grids.value', { d: dims(meta.density_dims), f: dims(meta.feature_dims), c: meta.channels, o: dims(meta.cells), share: fmt(100 * (tr?.occupied ?? met.occupied_cells_share), 1) })}</dd>` : nothing}
      <dt>${t('nerf.num.data')}</dt><dd>${tr ? t('nerf.num.data.trained', { data: tr.data }) : t('nerf.num.data.value', { train: datasetAmount(m, 'train_views'), test: datasetAmount(m, 'test_views'), size: met.image_size })}</dd>
      <dt>${t('nerf.num.download')}</dt><dd>${tr ? t('nerf.num.download.trained') : `${fmt(bytes / 1e6, 2)} MB`}</dd>
      ${this.renderTraining()}
    </dl>`;
  }

  /** The worker's canvas for the engine running now, labelled for tests and screen readers. */
  private outputCanvas(): HTMLCanvasElement | undefined {
    const engine = this.runner?.engine;
    const canvas = engine ? this.ui.canvases.get(engine) : undefined;
    if (canvas) {
      canvas.dataset.testid = 'output';
      canvas.tabIndex = 0;
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', t('nerf.canvas.aria'));
      canvas.dataset.drawn = this.frames.drawn > 0 ? 'true' : 'false';
      canvas.dataset.frames = String(this.frames.drawn);
      // the still image is complete: no frame in flight and no sharper one to come
      canvas.dataset.still = this.frames.still ? 'true' : 'false';
    }
    return canvas;
  }

  /** The view (drag, wheel, keys) with the inspected pixel marked, and the training photo nearest to it. */
  private renderViews() {
    const size = Number(this.ui.resolution);
    const mark = this.ui.inspecting;
    const at = (v: number) => `${((v + 0.5) / size) * 100}%`;
    const photo = this.ui.meta ? nearestPhoto(this.ui.orbit, this.ui.meta.train_views) : undefined;
    return html`<div class="views">
          <div class="stage" @pointerdown=${(e: PointerEvent) => this.onPointerDown(e)} @pointermove=${(e: PointerEvent) => this.onPointerMove(e)}
            @pointerup=${(e: PointerEvent) => this.onPointerUp(e)} @pointercancel=${(e: PointerEvent) => this.onPointerUp(e)}
            @wheel=${(e: WheelEvent) => this.onWheel(e)} @keydown=${(e: KeyboardEvent) => this.onKey(e)}>
            ${this.outputCanvas() ?? nothing}
            ${mark ? html`<div class="mark" ${inlineStyle({ left: at(mark.x), top: at(mark.y) })}></div>` : nothing}
          </div>
          ${photo ? html`<gmp-nerf-photo .photo=${photo}></gmp-nerf-photo>` : nothing}
        </div>`;
  }

  /** Resolution, engine, frames/s and the refinement count. */
  private renderBar() {
    const fps = this.frames.fps();
    const ms = this.frames.lastMs();
    return html`<div class="bar">
          <label>${t('nerf.resolution')} <select data-testid="resolution" .value=${this.ui.resolution}
            @change=${(e: Event) => this.setResolution((e.target as HTMLSelectElement).value as NerfResolution)}>
            ${NERF_RESOLUTIONS.map((r) => html`<option value=${r} ?selected=${r === this.ui.resolution}>${r}</option>`)}</select></label>
          ${this.renderEngineSelect()}
          <span data-testid="fps">${fps === undefined ? t('nerf.fps.none') : t('nerf.fps', { fps: fmt(fps, 1) })}</span>
          <span>${ms === undefined ? '' : t('nerf.frame', { ms: fmt(ms, ms < 10 ? 1 : 0) })}</span>
          ${this.runner?.engine === 'wgsl' ? html`<span data-testid="refine">${t('nerf.refine', { n: this.frames.frame, max: REFINE_FRAMES - 1 })}</span>` : nothing}
          <button @click=${() => this.setOrbit({ ...NERF_DEFAULTS.orbit })}>${t('nerf.reset')}</button>
        </div>`;
  }

  private renderCheck() {
    const check = this.ui.check;
    return html`<div class="bar">
          <button data-testid="check-reference" ?disabled=${!this.runner?.engine || check?.key === 'nerf.check.running'}
            @click=${() => void this.checkReference()}>${t('nerf.check')}</button>
          <span data-testid="reference-psnr" data-psnr=${check?.psnr ?? ''}>${
            check ? t(check.key, check.params) : t('nerf.check.help', { size: checkSize(Number(this.ui.resolution)) })
          }</span>
        </div>`;
  }

  /** A field exported from #/train-nerf earlier, picked or dropped: kept in this tab and shown. */
  private async openPicked(picked: TrainedModel): Promise<void> {
    const info = picked.info as FieldExportInfo;
    keepModel<TrainedField>('nerf', {
      model: importedField(picked.files, info),
      step: info.step,
      data: info.data,
      score: info.figures.psnr,
    });
    this.ui.refused = undefined;
    this.ui.source = 'trained';
    await this.restartOn();
  }

  /** The worker starts again on another field: nothing said of the last one (a ray, a check, frame times) stays. */
  private async restartOn(): Promise<void> {
    Object.assign(this.ui, { inspection: undefined, inspecting: undefined, check: undefined });
    this.frames.clearTimes();
    this.writeUrl();
    await this.session.restart(this.choice);
  }

  /** Back from a trained field to ours: the worker starts again on the shipped files. */
  private async showShipped(): Promise<void> {
    this.ui.refused = undefined;
    this.ui.source = 'shipped';
    await this.restartOn();
  }

  private renderTrainedBanner() {
    const tr = this.ui.trained;
    if (!tr || this.ui.source !== 'trained') return nothing;
    const score = tr.score === undefined ? '' : t('nerf.trained.score', { psnr: fmt(tr.score, 1) });
    return html`<section class="panel" data-testid="trained-banner" role="status">
        <p>${t('nerf.trained.banner', { step: fmtInt(tr.step), data: tr.data, score })}</p>
        <p><button data-testid="show-shipped" @click=${() => void this.showShipped()}>${t('nerf.trained.back')}</button>
          <a href="#/train-nerf">${t('nerf.trained.link')}</a></p>
      </section>`;
  }

  override render() {
    const o = this.ui.orbit;
    return this.renderFrame(
      'nerf.title',
      'nerf.lead',
      html`
      ${this.renderTrainedBanner()}
      <section class="panel">
        <h2>${t('nerf.view')}</h2>
        ${this.renderViews()}
        ${this.renderBar()}
        <p class="help">${t('nerf.camera', { az: fmt(o.azimuth, 0), el: fmt(o.elevation, 0), r: fmt(o.radius, 2) })}</p>
        <p class="help">${t('nerf.controls.help', { frames: REFINE_FRAMES })}</p>
        ${this.runner?.engine === 'wasm' || this.runner?.engine === 'cpu' ? html`<p class="help">${t(`nerf.engine.${this.runner.engine}`)}</p>` : nothing}
        ${this.renderCheck()}
        ${pickerWithRefusal('nerf', {
          refused: this.ui.refused,
          setRefused: (m) => (this.ui.refused = m),
          open: (picked) => this.openPicked(picked),
        })}
      </section>
      <gmp-nerf-inspector .inspection=${this.ui.inspection}></gmp-nerf-inspector>`,
      TEXT,
      this.renderNumbers(),
    );
  }
}

customElements.define('gmp-nerf-demo', NerfDemo);
declare global {
  interface HTMLElementTagNameMap {
    'gmp-nerf-demo': NerfDemo;
  }
}
