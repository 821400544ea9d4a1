// #/nerf: orbit a scene the radiance field learned from photos. The worker owns the canvas (OffscreenCanvas)
// and draws every frame itself — with our WGSL kernel (one compute pass per frame) or, on `wasm`, through the
// reference path. This element turns pointer, wheel, touch and keys into an orbit, asks for frames while the
// view changes and for sharper ones while it rests, and shows the ray inspector and the nearest training
// photo. UI only.
import { css, html, nothing, type PropertyValues } from 'lit';
import { inlineStyle } from '../shared/inline-style';
import { fmt, fmtInt, t } from '../../core/i18n';
import { choiceParam, type ParamTable, vectorParam } from '../../core/url-state';
import { type NerfMeta, NerfFormatError } from '../../engines/nerf/nerf-field';
import type { RayInspection } from '../../engines/nerf/nerf-reference';
import { toBytes } from '../../engines/nerf/nerf-reference';
import { handedOver } from '../../models/model-entry';
import { NERF } from '../../models/nerf/entry';
import { psnr, type View } from '../../kernels/volume/volume-reference';
import { CENTRED, type FrameJitter, type FrameStats } from '../../kernels/volume/volume-renderer';
import { type Engine, median } from '../../core/engine-choice';
import { fileFor } from '../../core/manifest';
import type { NerfLoadArgs, NerfWorkerApi } from '../../models/nerf/worker';
import { MODELS_URL } from '../../core/site';
import { demoStyles, ModelDemo } from '../shared/model-demo';
import { type Theme, theme, themeColour } from '../../core/theme';
import { RedrawThrottle } from '../shared/redraw-throttle';
import './nerf.strings';
import type { TradeoffText } from '../shared/tradeoff-panel';
import { angleTo, clampOrbit, DEFAULT_ORBIT, nearestView, type Orbit, orbitView } from '../../models/nerf/orbit';

const TEXT: TradeoffText = {
  study: 'nerf-views',
  how: ['nerf.how.1', 'nerf.how.2', 'nerf.how.3', 'nerf.how.4'],
  strengths: ['nerf.strength.1', 'nerf.strength.2', 'nerf.strength.3'],
  weaknesses: ['nerf.weakness.1', 'nerf.weakness.2', 'nerf.weakness.3'],
  when: ['nerf.when.1', 'nerf.when.2'],
};
export const RESOLUTIONS = ['64', '128', '256', '512'] as const;
type Resolution = (typeof RESOLUTIONS)[number];
/** Jittered frames averaged into a still image. */
const REFINE_FRAMES = 16;
/** The reference check renders at most this size (it is slow). */
const CHECK_MAX = 128;
const VIEW_PX = 360;
const PLOT_W = 360;
const PLOT_H = 150;
/** The ray plot's colours: theme tokens (index.html), shared by the canvas and its legend. */
const PLOT = {
  density: '--gmp-plot-1',
  transmittance: '--gmp-plot-2',
  weight: '--gmp-plot-3',
  skipped: '--gmp-plot-faint',
  stop: '--gmp-plot-strong',
} as const;
/** While the view moves, the numbers under it redraw at most this often (the frames themselves are the worker's). */
const NUMBERS_MS = 150;

/** What the reference check shows: running, its result (PSNR in dB) or why it can't run. */
type ReferenceCheck = {
  key: 'nerf.check.running' | 'nerf.check.result' | 'nerf.check.nogpu';
  params?: Record<string, string | number>;
  psnr?: number;
};

/** The i-th element of the Halton sequence in `base` (low-discrepancy jitter for refinement frames). */
function halton(i: number, base: number): number {
  let f = 1;
  let r = 0;
  for (let n = i; n > 0; n = Math.floor(n / base)) {
    f /= base;
    r += f * (n % base);
  }
  return r;
}

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
    .photo { max-width: 150px; }
    .photo img { width: 150px; height: 150px; border: 1px solid var(--gmp-frame); border-radius: 4px; background: #fff; image-rendering: auto; }
    .bar { display: flex; gap: 0.8rem; align-items: center; flex-wrap: wrap; margin: 0.5rem 0; font-variant-numeric: tabular-nums; }
    canvas.plot { width: ${PLOT_W}px; max-width: 100%; height: ${PLOT_H}px; border: 1px solid var(--gmp-border); border-radius: 4px;
      background: var(--gmp-panel); }
    .legend { display: flex; flex-wrap: wrap; gap: 0.3rem 1rem; font-size: 0.85rem; color: var(--gmp-muted); margin: 0.3rem 0; padding: 0; list-style: none; }
    .legend span { display: inline-block; width: 0.9rem; height: 0.25rem; vertical-align: middle; margin-right: 0.3rem; }
  `,
  ];

  static override properties = {
    meta: { state: true },
    orbit: { state: true },
    resolution: { state: true },
    canvases: { state: true },
    frame: { state: true },
    frameTimes: { state: true },
    stamps: { state: true },
    stats: { state: true },
    drawn: { state: true },
    inspection: { state: true },
    inspecting: { state: true },
    check: { state: true },
  };

  protected readonly entry = NERF;
  declare private meta: NerfMeta | undefined;
  declare private orbit: Orbit;
  declare private resolution: Resolution;
  /** One canvas per worker start (a canvas can be handed to a worker only once); replaced when one is added. */
  declare private canvases: ReadonlyMap<Engine, HTMLCanvasElement>;
  /** The refinement frame shown (0: the centred first frame). */
  declare private frame: number;
  /** Worker ms of the last frames, and when they arrived (for frames/s). */
  declare private frameTimes: number[];
  declare private stamps: number[];
  declare private stats: FrameStats | undefined;
  /** Frames drawn so far. */
  declare private drawn: number;
  declare private inspection: RayInspection | undefined;
  declare private inspecting: { x: number; y: number } | undefined;
  declare private check: ReferenceCheck | undefined;
  /** The view changed since the last frame was asked for. */
  private dirty = true;
  private looping = false;
  /** The last frame came while the view was still changing: its numbers may wait (see RedrawThrottle). */
  private moving = false;
  private readonly throttle = new RedrawThrottle(this, new Set(['frame', 'frameTimes', 'stamps', 'stats', 'drawn']), NUMBERS_MS);
  private pointers = new Map<number, { x: number; y: number }>();
  /** The theme the ray plot was last drawn in. */
  private plotTheme?: Theme;
  private pressed?: { x: number; y: number; moved: boolean };
  protected readonly urlParams: ParamTable<this> = [
    // `cam=azimuth,elevation,radius`: the orbit clamps elevation and radius, which counts as a repair
    vectorParam({
      name: 'cam',
      length: 3,
      min: -1e6,
      max: 1e6,
      fill: NaN,
      why: () => t('nerf.url.camera'),
      get: (d) => [d.orbit.azimuth, d.orbit.elevation, d.orbit.radius],
      set: (d, cam) => {
        const fill = (v: number, def: number) => (Number.isFinite(v) ? v : def);
        const wanted = {
          azimuth: fill(cam[0], DEFAULT_ORBIT.azimuth),
          elevation: fill(cam[1], DEFAULT_ORBIT.elevation),
          radius: fill(cam[2], DEFAULT_ORBIT.radius),
        };
        d.orbit = clampOrbit(wanted);
        d.dirty = true;
        return d.orbit.elevation !== wanted.elevation || d.orbit.radius !== wanted.radius;
      },
      // each number as JavaScript writes it: the shortest text that reads back to the same double, so a
      // shared view is the sender's to the pixel (a key step stays "45", a drag gives more digits)
      format: (cam) => Array.from(cam, (v) => String(v)).join(','),
    }),
    choiceParam({
      name: 'res',
      allowed: RESOLUTIONS,
      fallback: '128',
      why: () => t('nerf.url.res'),
      get: (d) => d.resolution,
      set: (d, v) => {
        d.resolution = v;
      },
      format: (v) => (v === '128' ? undefined : v),
    }),
  ];

  constructor() {
    super();
    this.orbit = { ...DEFAULT_ORBIT };
    this.resolution = '128';
    this.canvases = new Map();
    this.frame = 0;
    this.frameTimes = [];
    this.stamps = [];
    this.drawn = 0;
  }

  protected override shouldUpdate(changed: PropertyValues): boolean {
    return this.throttle.allows(changed, this.moving);
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    // a theme switch re-renders the page: the ray plot follows in the new colours
    if (this.plotTheme && this.plotTheme !== theme()) this.drawPlot();
  }

  // ---- model files and worker ----

  protected override loadArgs(files: Record<string, Uint8Array>, engine?: Engine): NerfLoadArgs {
    const args = this.entry.loadArgs(files, this.model!);
    this.meta ??= args.meta as NerfMeta;
    if (engine) {
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = Number(this.resolution);
      this.canvases = new Map(this.canvases).set(engine, canvas);
      args.canvas = canvas.transferControlToOffscreen();
    }
    return args;
  }

  protected override transfer(args: NerfLoadArgs): Transferable[] {
    return handedOver(args);
  }

  protected override fail(e: unknown): void {
    if (e instanceof NerfFormatError) this.setStatus('error', 'nerf.error.format', { message: e.message });
    else super.fail(e);
  }

  // ---- frames ----

  /** The view on screen (camera, resolution), or at `size`². */
  view(size = Number(this.resolution)): View {
    return orbitView(this.orbit, size, this.meta?.camera_angle_x ?? 0.7);
  }

  protected async refresh(): Promise<void> {
    this.dirty = true;
    await this.loop();
  }

  private setOrbit(o: Orbit): void {
    this.orbit = clampOrbit(o);
    this.dirty = true;
    this.writeUrl();
    void this.loop();
  }

  /** Renders while the view changes, then refines the still image; one frame in flight at a time. */
  private async loop(): Promise<void> {
    if (this.looping) return;
    this.looping = true;
    // frames/s counts back-to-back frames only: a pause at rest is not a slow frame
    if (this.stamps.length) this.stamps = [performance.now()];
    try {
      while (this.isConnected && this.runner?.engine && this.state === 'ready') {
        let jitter: FrameJitter;
        if (this.dirty) {
          this.dirty = false;
          this.frame = 0;
          jitter = CENTRED;
        } else if (this.runner.engine === 'wgsl' && this.frame < REFINE_FRAMES - 1) {
          this.frame++;
          jitter = { frame: this.frame, jx: halton(this.frame, 2), jy: halton(this.frame, 3), u: halton(this.frame, 5) };
        } else break;
        const r = await this.runner.call((api) => api.render(this.view(), jitter));
        this.moving = this.dirty;
        this.frameTimes = [...this.frameTimes.slice(-29), r.ms];
        this.stamps = [...this.stamps.slice(-9), performance.now()];
        this.stats = r.stats;
        this.drawn++;
      }
    } catch (e) {
      this.fail(e);
    } finally {
      this.looping = false;
      this.moving = false;
    }
  }

  private fps(): number | undefined {
    if (this.stamps.length < 2) return undefined;
    const span = this.stamps[this.stamps.length - 1] - this.stamps[0];
    return span > 0 ? ((this.stamps.length - 1) * 1000) / span : undefined;
  }

  // ---- input ----

  private onPointerDown(e: PointerEvent): void {
    try {
      (e.target as Element).setPointerCapture(e.pointerId); // keep the drag when the pointer leaves the view
    } catch {
      /* a pointer the browser does not track (synthetic): the drag works while over the view */
    }
    this.pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    this.pressed = this.pointers.size === 1 ? { x: e.clientX, y: e.clientY, moved: false } : undefined;
  }

  private onPointerMove(e: PointerEvent): void {
    const prev = this.pointers.get(e.pointerId);
    if (!prev) return;
    if (this.pointers.size === 2) {
      const other = [...this.pointers.entries()].find(([id]) => id !== e.pointerId)![1];
      const before = Math.hypot(prev.x - other.x, prev.y - other.y);
      const after = Math.hypot(e.clientX - other.x, e.clientY - other.y);
      if (before > 0 && after > 0) this.setOrbit({ ...this.orbit, radius: this.orbit.radius * (before / after) });
    } else {
      const dx = e.clientX - prev.x;
      const dy = e.clientY - prev.y;
      if (this.pressed && Math.hypot(e.clientX - this.pressed.x, e.clientY - this.pressed.y) > 4) this.pressed.moved = true;
      if (this.pressed?.moved)
        this.setOrbit({ ...this.orbit, azimuth: this.orbit.azimuth - dx * 0.4, elevation: this.orbit.elevation + dy * 0.4 });
    }
    this.pointers.set(e.pointerId, { x: e.clientX, y: e.clientY });
  }

  private onPointerUp(e: PointerEvent): void {
    this.pointers.delete(e.pointerId);
    if (this.pressed && !this.pressed.moved && e.type === 'pointerup') {
      const box = (e.target as HTMLElement).getBoundingClientRect();
      const size = Number(this.resolution);
      const x = Math.floor(((e.clientX - box.left) / box.width) * size);
      const y = Math.floor(((e.clientY - box.top) / box.height) * size);
      if (x >= 0 && y >= 0 && x < size && y < size) void this.inspect(x, y);
    }
    this.pressed = undefined;
  }

  private onWheel(e: WheelEvent): void {
    e.preventDefault();
    this.setOrbit({ ...this.orbit, radius: this.orbit.radius * Math.exp(e.deltaY * 0.001) });
  }

  private onKey(e: KeyboardEvent): void {
    const o = this.orbit;
    const size = Number(this.resolution);
    const moves: Record<string, Partial<Orbit>> = {
      ArrowLeft: { azimuth: o.azimuth + 5 },
      ArrowRight: { azimuth: o.azimuth - 5 },
      ArrowUp: { elevation: o.elevation + 5 },
      ArrowDown: { elevation: o.elevation - 5 },
      '+': { radius: o.radius / 1.1 },
      '=': { radius: o.radius / 1.1 },
      '-': { radius: o.radius * 1.1 },
    };
    if (moves[e.key]) {
      e.preventDefault();
      this.setOrbit({ ...o, ...moves[e.key] });
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      void this.inspect(size >> 1, size >> 1);
    }
  }

  // ---- inspector and reference check ----

  private async inspect(x: number, y: number): Promise<void> {
    if (!this.runner?.engine) return;
    this.inspecting = { x, y };
    try {
      this.inspection = await this.runner.call((api) => api.inspect(this.view(), x, y));
      await this.updateComplete;
      this.drawPlot();
    } catch (e) {
      this.fail(e);
    }
  }

  /** The WGSL frame against the reference path's, at the current size (at most 128²); PSNR in dB. */
  async checkReference(): Promise<number | undefined> {
    if (!this.runner?.engine) return undefined;
    if (this.runner.engine !== 'wgsl') {
      this.check = { key: 'nerf.check.nogpu' };
      return undefined;
    }
    const size = Math.min(CHECK_MAX, Number(this.resolution));
    this.check = { key: 'nerf.check.running' };
    try {
      const view = this.view(size);
      const gpu = await this.runner.call((api) => api.render(view, CENTRED, true));
      const ref = await this.runner.call((api) => api.reference(view));
      const db = psnr(gpu.pixels!, toBytes(ref.rgb), 255);
      this.check = {
        key: 'nerf.check.result',
        params: { size, psnr: Number.isFinite(db) ? fmt(db, 1) : '∞', ms: fmtInt(ref.ms) },
        psnr: db,
      };
      this.dirty = true;
      void this.loop();
      return db;
    } catch (e) {
      this.check = undefined;
      this.fail(e);
      return undefined;
    }
  }

  private drawPlot(): void {
    const canvas = this.renderRoot.querySelector<HTMLCanvasElement>('canvas.plot');
    const r = this.inspection;
    if (!canvas || !r) return;
    const dpr = Math.min(2, globalThis.devicePixelRatio || 1);
    canvas.width = PLOT_W * dpr;
    canvas.height = PLOT_H * dpr;
    const g = canvas.getContext('2d')!;
    g.scale(dpr, dpr);
    g.clearRect(0, 0, PLOT_W, PLOT_H);
    const n = r.t.length;
    if (!n) return;
    const pad = 6;
    const w = PLOT_W - 2 * pad;
    const h = PLOT_H - 2 * pad - 8;
    const x = (i: number) => pad + (n === 1 ? w / 2 : (i / (n - 1)) * w);
    const y = (v: number) => pad + h * (1 - v);
    g.fillStyle = themeColour(PLOT.skipped);
    r.skipped.forEach((s, i) => {
      if (s) g.fillRect(x(i) - 0.5, PLOT_H - pad - 6, 1.5, 6);
    });
    const peak = Math.max(...r.sigma, 1e-9);
    const maxW = Math.max(...r.weight, 1e-9);
    const line = (values: number[], colour: string, scale: number) => {
      g.strokeStyle = colour;
      g.lineWidth = 1.5;
      g.beginPath();
      values.forEach((v, i) => {
        if (i) g.lineTo(x(i), y(v / scale));
        else g.moveTo(x(i), y(v / scale));
      });
      g.stroke();
    };
    line(r.sigma, themeColour(PLOT.density), peak);
    line(r.transmittance, themeColour(PLOT.transmittance), 1);
    line(r.weight, themeColour(PLOT.weight), maxW);
    if (r.stoppedAfter >= 0) {
      // where the ray turned opaque: the renderer stops here
      g.strokeStyle = themeColour(PLOT.stop);
      g.setLineDash([3, 3]);
      g.beginPath();
      g.moveTo(x(r.stoppedAfter), pad);
      g.lineTo(x(r.stoppedAfter), pad + h);
      g.stroke();
      g.setLineDash([]);
    }
    canvas.dataset.drawn = 'true';
    this.plotTheme = theme();
  }

  /** Draws the current view again from its first frame (after something else drew into the canvas). */
  redraw(): void {
    this.dirty = true;
    void this.loop();
  }

  // ---- page ----

  private renderNumbers() {
    const m = this.model;
    if (!m) return nothing;
    const met = m.metrics as Record<string, number>;
    const meta = this.meta;
    const s = this.stats;
    const rays = Number(this.resolution) ** 2;
    const per = (v: number) => fmt(v / rays, 1);
    const fps = this.fps();
    const ms = this.frameTimes.length ? median(this.frameTimes) : undefined;
    const bytes = ['meta', 'field', 'occupancy'].reduce((n, role) => n + fileFor(m, role).bytes, 0);
    const dims = (d: number[]) => d.join('×');
    return html`<dl>
      <dt>${t('nerf.num.fps')}</dt><dd>${fps === undefined ? '—' : fmt(fps, 1)} ${this.runner?.engine ? `(${this.runner.engine}, ${this.resolution}²)` : ''}</dd>
      <dt>${t('nerf.num.ms')}</dt><dd data-testid="timing">${ms === undefined ? '—' : `${fmt(ms, ms < 10 ? 2 : 0)} ms`}</dd>
      <dt>${t('nerf.num.samples')}</dt><dd data-testid="samples">${s ? t('nerf.num.samples.value', { inside: per(s.inside), evaluated: per(s.evaluated), skipped: per(s.skipped), shaded: per(s.shaded) }) : '—'}</dd>
      <dt>${t('nerf.num.psnr')}</dt><dd data-testid="psnr">${t('nerf.num.psnr.value', { psnr: fmt(met.test_psnr_db, 2), size: met.image_size, min: fmt(met.test_psnr_min_db, 1) })}</dd>
      <dt>${t('nerf.num.params')}</dt><dd>${fmtInt(m.params.total)}</dd>
      ${meta ? html`<dt>${t('nerf.num.grids')}</dt><dd>${t('nerf.num.grids.value', { d: dims(meta.density_dims), f: dims(meta.feature_dims), c: meta.channels, o: dims(meta.cells), share: fmt(100 * met.occupied_cells_share, 1) })}</dd>` : nothing}
      <dt>${t('nerf.num.data')}</dt><dd>${t('nerf.num.data.value', { train: (m.dataset as unknown as Record<string, number>).train_views, test: (m.dataset as unknown as Record<string, number>).test_views, size: met.image_size })}</dd>
      <dt>${t('nerf.num.download')}</dt><dd>${fmt(bytes / 1e6, 2)} MB</dd>
      ${this.renderTraining()}
    </dl>`;
  }

  private renderInspector() {
    const r = this.inspection;
    const legend = html`<ul class="legend">
      <li><span ${inlineStyle({ background: `var(${PLOT.density})` })}></span>${t('nerf.legend.density', { peak: r ? fmt(Math.max(...r.sigma, 0), 0) : '—' })}</li>
      <li><span ${inlineStyle({ background: `var(${PLOT.transmittance})` })}></span>${t('nerf.legend.transmittance')}</li>
      <li><span ${inlineStyle({ background: `var(${PLOT.weight})` })}></span>${t('nerf.legend.weight')}</li>
      <li><span ${inlineStyle({ background: `var(${PLOT.skipped})` })}></span>${t('nerf.legend.skipped')}</li></ul>`;
    let summary: unknown = t('nerf.inspector.empty');
    if (r && !r.t.length) summary = t('nerf.inspector.miss', { x: r.x, y: r.y });
    else if (r) {
      const stop = r.stoppedAfter >= 0 ? r.stoppedAfter : r.t.length - 1;
      const skipped = r.skipped.slice(0, stop + 1).filter(Boolean).length;
      summary = t('nerf.inspector.summary', {
        x: r.x,
        y: r.y,
        n: r.t.length,
        skipped,
        evaluated: stop + 1 - skipped,
        after: r.t.length - stop - 1,
      });
    }
    return html`<section class="panel" data-testid="ray-inspector" aria-labelledby="ray-title">
      <h2 id="ray-title">${t('nerf.inspector')}</h2>
      <p class="help" data-testid="ray-summary">${summary}</p>
      <canvas class="plot" width=${PLOT_W} height=${PLOT_H} role="img" data-samples=${r ? r.t.length : 0}
        aria-label=${r ? t('nerf.inspector.aria', { x: r.x, y: r.y }) : t('nerf.inspector.empty')}></canvas>
      ${legend}
    </section>`;
  }

  /** The worker's canvas for the engine running now, labelled for tests and screen readers. */
  private outputCanvas(): HTMLCanvasElement | undefined {
    const engine = this.runner?.engine;
    const canvas = engine ? this.canvases.get(engine) : undefined;
    if (canvas) {
      canvas.dataset.testid = 'output';
      canvas.tabIndex = 0;
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', t('nerf.canvas.aria'));
      canvas.dataset.drawn = this.drawn > 0 ? 'true' : 'false';
      canvas.dataset.frames = String(this.drawn);
    }
    return canvas;
  }

  /** The view (drag, wheel, keys) with the inspected pixel marked, and the training photo nearest to it. */
  private renderViews() {
    const size = Number(this.resolution);
    const mark = this.inspecting;
    const nearest = this.meta ? nearestView(this.orbit, this.meta.train_views) : -1;
    const photo = nearest >= 0 ? this.meta!.train_views[nearest] : undefined;
    return html`<div class="views">
          <div class="stage" @pointerdown=${(e: PointerEvent) => this.onPointerDown(e)} @pointermove=${(e: PointerEvent) => this.onPointerMove(e)}
            @pointerup=${(e: PointerEvent) => this.onPointerUp(e)} @pointercancel=${(e: PointerEvent) => this.onPointerUp(e)}
            @wheel=${(e: WheelEvent) => this.onWheel(e)} @keydown=${(e: KeyboardEvent) => this.onKey(e)}>
            ${this.outputCanvas() ?? nothing}
            ${mark ? html`<div class="mark" ${inlineStyle({ left: `${((mark.x + 0.5) / size) * 100}%`, top: `${((mark.y + 0.5) / size) * 100}%` })}></div>` : nothing}
          </div>
          ${
            photo
              ? html`<figure class="photo" data-testid="nearest-photo" data-index=${nearest}>
            <img src=${new URL(photo.file, MODELS_URL).href} alt=${t('nerf.nearest.alt')} width="150" height="150">
            <figcaption>${t('nerf.nearest')}<br>${t('nerf.nearest.caption', {
              name: photo.file.split('/').pop()!.replace('.png', ''),
              angle: fmt(angleTo(this.orbit, photo.c2w), 0),
            })}</figcaption>
          </figure>`
              : nothing
          }
        </div>`;
  }

  private setResolution(resolution: Resolution): void {
    this.resolution = resolution;
    this.inspecting = undefined;
    this.frameTimes = [];
    this.setOrbit(this.orbit);
  }

  /** Resolution, engine, frames/s and the refinement count. */
  private renderBar() {
    const engine = this.runner?.engine;
    const fps = this.fps();
    const ms = this.frameTimes.length ? this.frameTimes[this.frameTimes.length - 1] : undefined;
    return html`<div class="bar">
          <label>${t('nerf.resolution')} <select data-testid="resolution" .value=${this.resolution}
            @change=${(e: Event) => this.setResolution((e.target as HTMLSelectElement).value as Resolution)}>
            ${RESOLUTIONS.map((r) => html`<option value=${r} ?selected=${r === this.resolution}>${r}</option>`)}</select></label>
          ${this.renderEngineSelect()}
          <span data-testid="fps">${fps === undefined ? t('nerf.fps.none') : t('nerf.fps', { fps: fmt(fps, 1) })}</span>
          <span>${ms === undefined ? '' : t('nerf.frame', { ms: fmt(ms, ms < 10 ? 1 : 0) })}</span>
          ${engine === 'wgsl' ? html`<span data-testid="refine">${t('nerf.refine', { n: this.frame, max: REFINE_FRAMES - 1 })}</span>` : nothing}
          <button @click=${() => this.setOrbit({ ...DEFAULT_ORBIT })}>${t('nerf.reset')}</button>
        </div>`;
  }

  private renderCheck() {
    const size = Number(this.resolution);
    return html`<div class="bar">
          <button data-testid="check-reference" ?disabled=${!this.runner?.engine || this.check?.key === 'nerf.check.running'}
            @click=${() => void this.checkReference()}>${t('nerf.check')}</button>
          <span data-testid="reference-psnr" data-psnr=${this.check?.psnr ?? ''}>${
            this.check ? t(this.check.key, this.check.params) : t('nerf.check.help', { size: Math.min(CHECK_MAX, size) })
          }</span>
        </div>`;
  }

  override render() {
    const o = this.orbit;
    return this.renderFrame(
      'nerf.title',
      'nerf.lead',
      html`
      <section class="panel">
        <h2>${t('nerf.view')}</h2>
        ${this.renderViews()}
        ${this.renderBar()}
        <p class="help">${t('nerf.camera', { az: fmt(o.azimuth, 0), el: fmt(o.elevation, 0), r: fmt(o.radius, 2) })}</p>
        <p class="help">${t('nerf.controls.help', { frames: REFINE_FRAMES })}</p>
        ${this.runner?.engine === 'wasm' ? html`<p class="help">${t('nerf.engine.wasm')}</p>` : nothing}
        ${this.renderCheck()}
      </section>
      ${this.renderInspector()}`,
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
