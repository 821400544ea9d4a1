// #/vae: latent sliders drive the decoder live; a latent map to click; test images to encode; the
// trade-off panel with numbers measured here. UI only: models run in the VAE worker via ModelRunner.
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { describeMedians, rememberAuto } from '../../app/auto-memory';
import { fmt, fmtInt, I18nController, t, type MessageKey } from '../../app/i18n';
import { buildHash, formatVector, type ParamIssue, parseChoice, parseHash, parseVector } from '../../app/url-state';
import { webGpuReason } from '../../app/device-report';
import { type WebGpuReport, webGpuReport } from '../../kernels/gpu-device';
import { SUPERSEDED } from '../../workers/bridge';
import { type EngineChoice, median } from '../../workers/engines';
import { type ManifestModel, fileFor } from '../../workers/manifest';
import { fetchModelFile, loadManifest, ModelLoadError, type Progress } from '../../workers/model-files';
import { EngineStartError, ModelRunner, type RunnerEvent } from '../../workers/model-runner';
import { seededNormals } from '../../workers/seeded-inputs';
import type { VaeLoadArgs, VaeWorkerApi } from '../../workers/vae.worker';
import type { DemoState } from '../shared/demo-status';
import type { TradeoffText } from '../shared/tradeoff-panel';
import { fromCanvas, mapView, paintImage, paintMap, CLASS_COLOURS, type MapView } from './draw';
import { clampLatent, decodeStripImage, LATENT_RANGE, type LatentExtras, latentFromMap, projectLatent, samplePrior } from './latent';
import '../shared/demo-status';
import '../shared/engine-select';
import '../shared/tradeoff-panel';

const MODELS_URL = new URL('models/', document.baseURI).href;
const ENGINES = ['auto', 'webgpu', 'wasm'] as const;
const TEXT: TradeoffText = {
  how: ['vae.how.1', 'vae.how.2', 'vae.how.3', 'vae.how.4'],
  strengths: ['vae.strength.1', 'vae.strength.2', 'vae.strength.3'],
  weaknesses: ['vae.weakness.1', 'vae.weakness.2'],
  when: ['vae.when.1', 'vae.when.2'],
};

type Message = { key: MessageKey; params?: Record<string, string | number> };
type Note = Message | { issue: ParamIssue };

export class VaeDemo extends LitElement {
  static override styles = css`
    :host { display: block; }
    .layout { display: grid; grid-template-columns: minmax(0, 1.25fr) minmax(0, 1fr); gap: 1rem; align-items: start; }
    @media (max-width: 860px) { .layout { grid-template-columns: 1fr; } }
    .panel { background: #fff; border-radius: 8px; padding: 0.9rem 1rem; box-shadow: 0 1px 2px #0001; margin-bottom: 1rem; }
    .top { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; }
    figure { margin: 0; text-align: center; }
    figcaption { font-size: 0.85rem; color: #3d4556; }
    canvas.img { width: 196px; height: 196px; image-rendering: pixelated; background: #000; border-radius: 4px; }
    canvas.small { width: 98px; height: 98px; }
    .sliders { display: grid; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); gap: 0.2rem 1rem; }
    .slider { display: grid; grid-template-columns: 3rem 1fr 4.2rem; align-items: center; gap: 0.4rem; font-size: 0.88rem; }
    .slider input { width: 100%; }
    .kl { color: #6a7185; font-variant-numeric: tabular-nums; text-align: right; }
    .buttons { display: flex; gap: 0.5rem; flex-wrap: wrap; margin: 0.5rem 0; }
    button { font: inherit; padding: 0.3rem 0.7rem; border-radius: 4px; border: 1px solid #8893ab; background: #f4f6fb; cursor: pointer; }
    button:focus-visible, canvas:focus-visible, input:focus-visible { outline: 2px solid #2f5bd3; outline-offset: 2px; }
    .map { width: 280px; height: 280px; border: 1px solid #ccd; border-radius: 4px; cursor: crosshair; }
    .legend { display: flex; flex-wrap: wrap; gap: 0.2rem 0.7rem; font-size: 0.8rem; margin-top: 0.3rem; }
    .legend span::before { content: ''; display: inline-block; width: 0.7rem; height: 0.7rem; margin-right: 0.25rem; background: var(--c); border-radius: 2px; }
    .strip { display: flex; flex-wrap: wrap; gap: 0.3rem; }
    .strip button { padding: 2px; background: #000; border: 2px solid transparent; }
    .strip button[aria-pressed='true'] { border-color: #ffcf4a; }
    .strip canvas { width: 42px; height: 42px; image-rendering: pixelated; display: block; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0; }
    dt { color: #3d4556; } dd { margin: 0; font-variant-numeric: tabular-nums; }
    .timing { font-variant-numeric: tabular-nums; }
    h1 { margin: 0.2rem 0 0.4rem; } h2 { font-size: 1.05rem; margin: 0 0 0.4rem; }
  `;

  private i18n = new I18nController(this);
  private state: DemoState = 'loading';
  /** The status line as a message, translated at render time so a language switch updates it. */
  private status: Message = { key: 'demo.status.loading' };
  private progress?: Progress;
  private notes: Note[] = [];
  private choice: EngineChoice = 'auto';
  private webgpu?: WebGpuReport;
  private model?: ManifestModel;
  private extras?: LatentExtras;
  private files?: { decoder: Uint8Array; encoder: Uint8Array };
  private runner?: ModelRunner<VaeLoadArgs, VaeWorkerApi>;
  private z: Float32Array<ArrayBufferLike> = new Float32Array(16);
  private lastMs?: number;
  private times: number[] = [];
  private picked?: number;
  private view?: MapView;
  private urlTimer?: number;
  private hasImage = false;
  private onHash = () => this.applyHash();

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHash);
    void this.start();
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this.onHash);
    this.runner?.dispose();
    this.runner = undefined;
    super.disconnectedCallback();
  }

  // ---- start-up ----

  private setStatus(state: DemoState, key: MessageKey, params?: Record<string, string | number>): void {
    this.state = state;
    this.status = { key, params };
    this.requestUpdate();
  }

  private async start(): Promise<void> {
    this.setStatus('loading', 'demo.status.loading');
    try {
      this.webgpu = await webGpuReport();
      this.readUrl();
      if (!this.model) {
        const manifest = await loadManifest(MODELS_URL);
        const model = manifest.models.vae;
        if (!model) throw new ModelLoadError('load.missing', { model: 'vae' });
        this.model = model;
      }
      if (!this.files || !this.extras) {
        const get = (role: string) => fetchModelFile(MODELS_URL, fileFor(this.model!, role), (p) => {
          this.progress = p;
          this.setStatus('loading', 'demo.status.downloading', { file: p.file, done: fmt(p.loaded / 1e6, 2), total: fmt(p.total / 1e6, 2) });
        });
        const decoder = await get('decoder');
        const encoder = await get('encoder');
        this.extras = JSON.parse(new TextDecoder().decode(await get('extras'))) as LatentExtras;
        this.files = { decoder, encoder };
        this.progress = undefined;
      }
      this.runner ??= new ModelRunner<VaeLoadArgs, VaeWorkerApi>({
        createWorker: () => new Worker(new URL('../../workers/vae.worker.ts', import.meta.url), { type: 'module', name: 'vae' }),
        loadArgs: () => ({ decoder: this.files!.decoder, encoder: this.files!.encoder, latentDim: this.extras!.latent_dim }),
        webgpu: this.webgpu,
        onEvent: (e) => this.onRunnerEvent(e),
      });
      await this.runner.select(this.choice);
      await this.decode();
    } catch (e) {
      this.fail(e);
    }
  }

  private fail(e: unknown): void {
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
        this.setStatus('ready', 'demo.status.ready', { engine: e.engine });
        break;
      case 'auto-measuring':
        this.setNote('auto', { key: 'demo.auto.measuring' });
        break;
      case 'auto-decided': {
        const details = describeMedians(e.medians, (ms) => fmt(ms, ms < 10 ? 2 : 0));
        rememberAuto('vae', { engine: e.engine, medians: e.medians, at: new Date().toISOString() });
        this.setNote('auto', !this.webgpu?.available
          ? { key: 'demo.auto.nowebgpu', params: { reason: webGpuReason(this.webgpu!) } }
          : e.webgpuError ? { key: 'demo.auto.webgpufailed', params: { reason: e.webgpuError } }
            : { key: 'demo.auto.choice', params: { engine: e.engine, details } });
        this.setStatus('ready', 'demo.status.ready', { engine: e.engine });
        void this.decode();
        break;
      }
      case 'crashed':
        this.setNote('recovery', { key: 'worker.crashed', params: { reason: e.message } });
        this.setStatus('loading', 'demo.status.recovering', { why: e.message });
        break;
      case 'device-lost':
        this.setNote('recovery', { key: 'demo.devicelost', params: { reason: e.reason } });
        this.setStatus('loading', 'demo.status.recovering', { why: e.reason });
        break;
      case 'recovered':
        this.setStatus('ready', 'demo.status.ready', { engine: e.engine });
        void this.decode();
        break;
      case 'failed':
        this.setStatus('error', 'worker.failed', { reason: e.message });
        break;
    }
  }

  private noteSlots = new Map<string, Note>();
  private setNote(slot: string, note: Note | undefined): void {
    if (note) this.noteSlots.set(slot, note); else this.noteSlots.delete(slot);
    this.notes = [...this.noteSlots.values()];
    this.requestUpdate();
  }

  // ---- URL state ----

  private readUrl(): void {
    const { params } = parseHash(location.hash);
    const dim = this.extras?.latent_dim ?? this.z.length;
    const engine = parseChoice('engine', params.get('engine'), ENGINES, 'auto',
      t('demo.url.engine', { allowed: ENGINES.join(', ') }));
    const z = parseVector('z', params.get('z'), dim, -LATENT_RANGE, LATENT_RANGE, 0,
      t('demo.url.number', { count: dim, min: -LATENT_RANGE, max: LATENT_RANGE }));
    let choice = engine.value;
    const issues = [engine.issue, z.issue].filter((i): i is ParamIssue => !!i);
    if (choice === 'webgpu' && this.webgpu && !this.webgpu.available) {
      issues.push({ name: 'engine', value: 'webgpu', why: webGpuReason(this.webgpu) });
      choice = 'auto';
    }
    this.choice = choice;
    this.z = Float32Array.from(z.value);
    this.setNote('url', issues.length ? { issue: issues[0] } : undefined);
    if (issues[1]) this.setNote('url2', { issue: issues[1] });
  }

  private applyHash(): void {
    const { path } = parseHash(location.hash);
    if (path !== '/vae' || !this.runner) return;
    const before = this.choice;
    this.readUrl();
    if (this.choice !== before) void this.changeEngine(this.choice, false);
    else void this.decode();
  }

  private writeUrl(): void {
    clearTimeout(this.urlTimer);
    this.urlTimer = window.setTimeout(() => {
      const hash = buildHash('/vae', { z: formatVector(this.z), engine: this.choice === 'auto' ? undefined : this.choice });
      if (hash !== location.hash) history.replaceState(null, '', hash);
    }, 200);
  }

  // ---- model calls ----

  private async decode(): Promise<void> {
    if (!this.runner || this.state === 'error') return;
    const z = this.z.slice();
    try {
      const r = await this.runner.latest('decode', (api) => api.decode(z, 1));
      if (r === SUPERSEDED) return;
      const canvas = this.renderRoot.querySelector<HTMLCanvasElement>('[data-testid="output"]');
      if (canvas) paintImage(canvas, r.pixels);
      this.hasImage = true;
      this.lastMs = r.ms;
      this.times = [...this.times.slice(-49), r.ms];
      this.requestUpdate();
    } catch (e) {
      // A crash or lost device is reported by the runner, which restarts the worker and re-decodes.
      if (e instanceof Error && e.name === 'WorkerCrashedError') return;
      this.fail(e);
    }
  }

  private setLatent(z: Float32Array<ArrayBufferLike>, keepPick = false): void {
    this.z = z;
    if (!keepPick) this.picked = undefined;
    this.requestUpdate();
    this.writeUrl();
    void this.decode();
  }

  private onSlider(dim: number, e: Event): void {
    const z = this.z.slice();
    z[dim] = clampLatent(Number((e.target as HTMLInputElement).value));
    this.setLatent(z);
  }

  private async encodeStrip(i: number): Promise<void> {
    if (!this.runner || !this.extras) return;
    const item = this.extras.test_strip[i];
    try {
      const r = await this.runner.call((api) => api.encode(decodeStripImage(item.pixels_base64), 1));
      this.picked = i;
      this.setLatent(Float32Array.from(r.mu, clampLatent), true);
    } catch (e) {
      if (e instanceof Error && e.name === 'WorkerCrashedError') return;
      this.fail(e);
    }
  }

  private async changeEngine(choice: EngineChoice, writeUrl = true): Promise<void> {
    this.choice = choice;
    this.setNote('auto', undefined);
    if (choice !== 'auto') this.setNote('auto', { key: 'demo.chosen', params: { engine: choice } });
    if (writeUrl) this.writeUrl();
    if (!this.runner) return;
    this.setStatus('loading', 'demo.status.starting', { engine: choice });
    this.times = [];
    try {
      await this.runner.select(choice);
      await this.decode();
    } catch (e) {
      this.fail(e);
    }
  }

  /**
   * For `npm run bench`: decodes `count` fixed latents `rounds` times on the current engine. Returns the
   * engine time measured in the worker and the round trip seen by the page, both in ms per decode.
   */
  async benchDecode(count = 16, rounds = 10): Promise<{ engine: string; worker: number[]; roundTrip: number[] }> {
    if (!this.runner?.engine) throw new Error('The VAE is not ready yet.');
    const dim = this.z.length;
    const latents = Float32Array.from(seededNormals(count * dim, 42), clampLatent);
    const worker: number[] = [];
    const roundTrip: number[] = [];
    for (let r = 0; r < rounds; r++) {
      for (let i = 0; i < count; i++) {
        const z = latents.slice(i * dim, (i + 1) * dim);
        const t0 = performance.now();
        const out = await this.runner.call((api) => api.decode(z, 1));
        roundTrip.push(performance.now() - t0);
        worker.push(out.ms);
      }
    }
    return { engine: this.runner.engine, worker, roundTrip };
  }

  // ---- latent map ----

  private mapCanvas(): HTMLCanvasElement | null {
    return this.renderRoot.querySelector<HTMLCanvasElement>('[data-testid="latent-map"]');
  }

  private paintMapNow(): void {
    const c = this.mapCanvas();
    if (!c || !this.extras) return;
    this.view ??= mapView(this.extras.pca.points);
    paintMap(c, this.extras.pca.points, this.view, projectLatent(this.z, this.extras.pca));
  }

  private onMapClick(e: MouseEvent): void {
    const c = this.mapCanvas();
    if (!c || !this.extras || !this.view) return;
    const rect = c.getBoundingClientRect();
    const [a, b] = fromCanvas(this.view, c.width, c.height, ((e.clientX - rect.left) / rect.width) * c.width,
      ((e.clientY - rect.top) / rect.height) * c.height);
    this.setLatent(latentFromMap(a, b, this.extras.pca));
  }

  private onMapKey(e: KeyboardEvent): void {
    if (!this.extras || !this.view) return;
    const step = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] }[e.key];
    if (!step && e.key !== 'Enter') return;
    e.preventDefault();
    const [a, b] = projectLatent(this.z, this.extras.pca);
    const dx = (this.view.max[0] - this.view.min[0]) / 30;
    const dy = (this.view.max[1] - this.view.min[1]) / 30;
    this.setLatent(latentFromMap(a + (step?.[0] ?? 0) * dx, b + (step?.[1] ?? 0) * dy, this.extras.pca));
  }

  // ---- rendering ----

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.paintMapNow();
    if (this.extras) {
      this.extras.test_strip.forEach((item, i) => {
        const c = this.renderRoot.querySelector<HTMLCanvasElement>(`[data-strip="${i}"]`);
        if (c && !c.dataset.painted) { paintImage(c, decodeStripImage(item.pixels_base64)); c.dataset.painted = '1'; }
      });
      const orig = this.renderRoot.querySelector<HTMLCanvasElement>('[data-testid="original"]');
      if (orig && this.picked !== undefined) paintImage(orig, decodeStripImage(this.extras.test_strip[this.picked].pixels_base64));
    }
  }

  private classLabel(label: number): string {
    return t(`vae.class.${label}` as MessageKey);
  }

  private renderSliders() {
    const ex = this.extras;
    if (!ex) return nothing;
    return html`<div class="sliders" role="group" aria-label=${t('vae.sliders')}>
      ${ex.slider_order.map((dim) => html`<div class="slider">
        <label for="z${dim}">${t('vae.slider.label', { index: dim })}</label>
        <input id="z${dim}" type="range" data-testid="latent-${dim}" min=${-LATENT_RANGE} max=${LATENT_RANGE} step="0.01"
          .value=${String(this.z[dim])} ?disabled=${this.state !== 'ready'} @input=${(e: Event) => this.onSlider(dim, e)} />
        <span class="kl" title=${t('vae.slider.kl.title')}>${t('vae.slider.kl', { kl: fmt(ex.kl_per_dim_nats[dim], 2) })}</span>
      </div>`)}
    </div>`;
  }

  private renderNumbers() {
    const m = this.model;
    if (!m) return html`<p>…</p>`;
    const dl = (bytes: number) => fmt(bytes / 1e6, 2) + ' MB';
    const decBytes = fileFor(m, 'decoder').bytes + fileFor(m, 'encoder').bytes;
    const num = (k: string) => Number(m.metrics[k]);
    const med = median(this.times);
    return html`<dl>
      <dt>${t('vae.num.decode')}</dt>
      <dd data-testid="timing-panel">${this.lastMs === undefined ? '—' : `${fmt(this.lastMs, 2)} ms / ${fmt(med, 2)} ms`}
        ${this.runner?.engine ? `(${this.runner.engine})` : ''}</dd>
      <dt>${t('vae.num.params')}</dt><dd>${fmtInt(m.params.decoder)} / ${fmtInt(m.params.total)}</dd>
      <dt>${t('vae.num.download')}</dt><dd>${dl(decBytes)}</dd>
      <dt>${t('vae.num.elbo')}</dt><dd>${t('vae.num.nats', { value: fmt(num('test_elbo_nats'), 1) })}</dd>
      <dt>${t('vae.num.nll', { k: num('iw_samples') })}</dt><dd>${t('vae.num.nats', { value: fmt(num('test_iw_nll_nats'), 1) })}</dd>
      <dt>${t('vae.num.mse')}</dt><dd>${fmt(num('test_reconstruction_mse'), 4)}</dd>
      <dt>${t('vae.num.training')}</dt><dd>${t('vae.num.training.value', { steps: fmtInt(m.training.steps),
        minutes: fmt(m.training.wall_time_s / 60, 0), device: m.training.device })}</dd>
    </dl>`;
  }

  private noteText(n: Note): string {
    return 'issue' in n ? t('demo.url.ignored', { name: n.issue.name, value: n.issue.value, why: n.issue.why }) : t(n.key, n.params);
  }

  override render() {
    void this.i18n;
    const ex = this.extras;
    const ready = this.state === 'ready';
    const options = ENGINES.map((choice) => ({
      choice,
      unavailable: choice === 'webgpu' && this.webgpu && !this.webgpu.available ? webGpuReason(this.webgpu) : undefined,
    }));
    return html`
      <h1>${t('vae.title')}</h1>
      <p>${t('vae.lead')}</p>
      <gmp-demo-status .state=${this.state} .text=${t(this.status.key, this.status.params)} .progress=${this.progress}
        .notes=${this.notes.map((n) => this.noteText(n))} @retry=${() => void this.start()}></gmp-demo-status>
      <div class="layout">
        <div>
          <section class="panel">
            <div class="top">
              <figure>
                <canvas class="img" data-testid="output" width="28" height="28" role="img" aria-label=${t('vae.output.aria')}
                  data-drawn=${this.hasImage ? 'true' : 'false'}></canvas>
                <figcaption>${this.picked !== undefined ? t('vae.reconstruction') : t('vae.output.aria')} ·
                  <span class="timing" data-testid="timing">${this.lastMs === undefined ? '—' : `${fmt(this.lastMs, 2)} ms`}</span></figcaption>
              </figure>
              ${this.picked !== undefined ? html`<figure><canvas class="img" data-testid="original" width="28" height="28"
                  role="img" aria-label=${t('vae.original')}></canvas><figcaption>${t('vae.original')}</figcaption></figure>` : nothing}
              <div>
                <gmp-engine-select .value=${this.choice} .options=${options} ?disabled=${this.state === 'loading' && !this.runner?.engine}
                  @engine-change=${(e: CustomEvent<EngineChoice>) => void this.changeEngine(e.detail)}></gmp-engine-select>
                <div class="buttons">
                  <button data-testid="randomize" ?disabled=${!ready} @click=${() => this.setLatent(samplePrior(this.z.length))}>${t('vae.randomize')}</button>
                  <button data-testid="centre" ?disabled=${!ready} @click=${() => this.setLatent(new Float32Array(this.z.length))}>${t('vae.centre')}</button>
                </div>
              </div>
            </div>
            <h2>${t('vae.sliders')}</h2>
            ${this.renderSliders()}
          </section>
          <section class="panel">
            <h2>${t('vae.strip.title')}</h2>
            <p>${t('vae.strip.help')}</p>
            <div class="strip" data-testid="encode-sample">
              ${ex?.test_strip.map((item, i) => html`<button aria-pressed=${this.picked === i ? 'true' : 'false'} ?disabled=${!ready}
                  data-testid="encode-sample-${i}" aria-label=${t('vae.strip.pick', { index: item.index, label: this.classLabel(item.label) })}
                  @click=${() => void this.encodeStrip(i)}><canvas width="28" height="28" data-strip=${i}></canvas></button>`)}
            </div>
          </section>
        </div>
        <div>
          <section class="panel">
            <h2>${t('vae.map.title')}</h2>
            <p>${t('vae.map.help')}</p>
            <canvas class="map" data-testid="latent-map" width="280" height="280" tabindex="0" role="img"
              aria-label=${t('vae.map.aria')} @click=${this.onMapClick} @keydown=${this.onMapKey}></canvas>
            <div class="legend">${ex?.class_names.map((_, i) => html`<span style="--c:${CLASS_COLOURS[i]}">${this.classLabel(i)}</span>`)}</div>
          </section>
          <gmp-tradeoffs .text=${TEXT}>${this.renderNumbers()}</gmp-tradeoffs>
        </div>
      </div>
    `;
  }
}

customElements.define('gmp-vae-demo', VaeDemo);
declare global {
  interface HTMLElementTagNameMap {
    'gmp-vae-demo': VaeDemo;
  }
}
