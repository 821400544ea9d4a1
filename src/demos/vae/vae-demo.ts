// #/vae: latent sliders drive the decoder live; a latent map to click; test images to encode; the
// trade-off panel with numbers measured here. UI only: models run in the VAE worker via ModelRunner.
import { css, html, nothing, type PropertyValues } from 'lit';
import { inlineStyle } from '../../ui/inline-style';
import { fmt, fmtInt, t, type MessageKey } from '../../core/main-thread/i18n';
import { type ParamTable, vectorParam } from '../../core/any-thread/url-state';
import { SUPERSEDED } from '../../core/main-thread/worker-bridge';
import { fileFor } from '../../core/any-thread/manifest';
import type { VaeLoadArgs, VaeWorkerApi } from '../../models/vae/worker';
import { VAE } from '../../models/vae/entry';
import { demoStyles, ModelDemo } from '../model-demo';
import { type ModelSource, sourceParam, trainedBanner, trainedParams, pickerWithRefusal } from '../trained-source';
import { keptTrained } from '../../ui/trained-models';
import type { ImageExportInfo as ExportInfo } from '../../engines/training/export-info';
import './vae.strings';
import '../../ui/fashion-mnist.strings';
import type { TradeoffText } from '../../ui/tradeoff-panel';
import { reactive } from '../../ui/reactive-state';
import { paintImage } from '../../core/main-thread/paint-image';
import { theme } from '../../core/main-thread/theme';
import { fromCanvas, mapView, paintMap, CLASS_COLOURS, type MapView } from './draw';
import {
  clampLatent,
  decodeStripImage,
  LATENT_RANGE,
  type LatentExtras,
  latentFromMap,
  projectLatent,
  samplePrior,
} from '../../models/vae/latent';

const TEXT: TradeoffText = {
  study: 'data-amount',
  live: '/train',
  how: ['vae.how.1', 'vae.how.2', 'vae.how.3', 'vae.how.4'],
  strengths: ['vae.strength.1', 'vae.strength.2', 'vae.strength.3'],
  weaknesses: ['vae.weakness.1', 'vae.weakness.2'],
  when: ['vae.when.1', 'vae.when.2'],
};

export class VaeDemo extends ModelDemo<VaeLoadArgs, VaeWorkerApi> {
  static override styles = [
    demoStyles,
    css`
    canvas.small { width: 98px; height: 98px; }
    .sliders { display: grid; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); gap: 0.2rem 1rem; }
    .slider { display: grid; grid-template-columns: 3rem 1fr 4.2rem; align-items: center; gap: 0.4rem; font-size: 0.88rem; }
    .slider input { width: 100%; }
    .kl { color: var(--gmp-faint); font-variant-numeric: tabular-nums; text-align: right; }
    .buttons { display: flex; gap: 0.5rem; flex-wrap: wrap; margin: 0.5rem 0; }
    /* as wide as its column allows, up to 280 px beside the demo on a desktop; the whole panel on a phone */
    .map { display: block; width: min(100%, 280px); aspect-ratio: 1; box-sizing: border-box; border: 1px solid var(--gmp-border);
      border-radius: 4px; cursor: crosshair; }
    @media (max-width: 640px) { .map { width: 100%; } }
    .legend { display: flex; flex-wrap: wrap; gap: 0.2rem 0.7rem; font-size: 0.8rem; margin-top: 0.3rem; }
    .legend span::before { content: ''; display: inline-block; width: 0.7rem; height: 0.7rem; margin-right: 0.25rem; background: var(--c); border-radius: 2px; }
    .strip { display: flex; flex-wrap: wrap; gap: 0.3rem; }
    .strip button { padding: 2px; background: #000; border: 2px solid transparent; box-shadow: 0 0 0 1px var(--gmp-frame); }
    .strip button[aria-pressed='true'] { border-color: var(--gmp-pick); }
    .strip canvas { width: 42px; height: 42px; image-rendering: pixelated; display: block; }
  `,
  ];

  protected readonly entry = VAE;
  /** The state the view shows (one declaration per field). */
  private readonly ui = reactive(this, {
    extras: undefined as LatentExtras | undefined,
    /** The latent shown (replaced on every change, never edited in place). */
    z: new Float32Array(16) as Float32Array<ArrayBufferLike>,
    lastMs: undefined as number | undefined,
    /** The test image encoded into `z`, if that is where `z` came from. */
    picked: undefined as number | undefined,
    hasImage: false,
    /** our shipped VAE, or one trained on #/train (`model=trained` in the link) */
    source: 'shipped' as ModelSource,
    /** the trained VAE's description while it is on show */
    trained: undefined as ExportInfo | undefined,
    /** why picked files were not opened */
    refused: undefined as string | undefined,
  });
  /** Our extras (test strip, map, slider order), parsed once. */
  private shipped?: LatentExtras;
  private view?: MapView;
  /** Repaints the map when its size on screen changes (a phone turned, a window resized). */
  /** The map's width on screen, as its ResizeObserver last saw it (reading clientWidth on every update would force a layout). */
  private mapCssWidth = 0;
  private readonly mapResize = new ResizeObserver((entries) => {
    this.mapCssWidth = entries.at(-1)?.contentRect.width ?? 0;
    this.paintMapNow();
  });
  private observedMap?: HTMLCanvasElement;
  /** What the latent map shows now (size, theme, z). */
  private mapShown = '';
  protected readonly urlParams: ParamTable<this> = [
    sourceParam(
      (d) => d.ui.source,
      (d, v) => {
        d.ui.source = v;
      },
    ),
    vectorParam({
      name: 'z',
      length: (d) => d.ui.extras?.latent_dim ?? d.ui.z.length,
      min: -LATENT_RANGE,
      max: LATENT_RANGE,
      fill: 0,
      get: (d) => d.ui.z,
      set: (d, z) => {
        d.ui.z = Float32Array.from(z);
      },
    }),
  ];

  /** A VAE trained here decodes at its own speed: its timings must not stand for ours. */
  protected override autoKey(): string {
    return this.ui.source === 'trained' ? 'vae_trained' : 'vae';
  }

  protected override loadArgs(files: Record<string, Uint8Array>): VaeLoadArgs {
    this.shipped ??= JSON.parse(new TextDecoder().decode(files.extras)) as LatentExtras;
    const kept = this.ui.source === 'trained' ? keptTrained<ExportInfo>('vae') : undefined;
    if (this.ui.source === 'trained' && !kept) {
      this.ui.source = 'shipped';
      this.setNote('trained', { key: 'trained.gone' });
    }
    this.ui.trained = kept?.info;
    if (!kept) {
      this.ui.extras = this.shipped;
      if (this.ui.z.length !== this.shipped.latent_dim) this.ui.z = new Float32Array(this.shipped.latent_dim);
      return this.entry.loadArgs(files, this.model!);
    }
    // yours: its own latent width and slider order (by KL on your training images); our test strip to encode
    const Z = kept.info.sizes.latent;
    const order = kept.info.sliderOrder ?? Array.from({ length: Z }, (_, i) => i);
    this.ui.extras = { ...this.shipped, latent_dim: Z, slider_order: order, kl_per_dim_nats: kept.info.klPerDim ?? new Array(Z).fill(0) };
    if (this.ui.z.length !== Z) this.ui.z = new Float32Array(Z);
    return { decoder: kept.files.decoder!, encoder: kept.files.encoder, latentDim: Z };
  }

  /** Shows ours again, or (`trained`) the VAE kept in this tab: the worker starts again on those files. */
  private async show(source: ModelSource): Promise<void> {
    this.ui.source = source;
    this.ui.refused = undefined;
    this.ui.picked = undefined;
    this.setNote('trained', undefined);
    this.writeUrl();
    await this.session.restart(this.choice);
  }

  protected refresh(): Promise<void> {
    return this.decode();
  }

  // ---- model calls ----

  private async decode(): Promise<void> {
    if (!this.runner || this.state === 'error') return;
    const z = this.ui.z.slice();
    try {
      const r = await this.runner.latest('decode', (api) => api.decode(z, 1));
      if (r === SUPERSEDED) return;
      const canvas = this.renderRoot.querySelector<HTMLCanvasElement>('[data-testid="output"]');
      if (canvas) paintImage(canvas, r.pixels);
      this.ui.hasImage = true;
      this.ui.lastMs = r.ms;
      this.recordTime(r.ms);
    } catch (e) {
      this.fail(e); // a crash or lost device is reported by the runner, which restarts and re-decodes
    }
  }

  private setLatent(z: Float32Array<ArrayBufferLike>, keepPick = false): void {
    this.ui.z = z;
    if (!keepPick) this.ui.picked = undefined;
    this.writeUrl();
    void this.decode();
  }

  private onSlider(dim: number, e: Event): void {
    const z = this.ui.z.slice();
    z[dim] = clampLatent(Number((e.target as HTMLInputElement).value));
    this.setLatent(z);
  }

  private async encodeStrip(i: number): Promise<void> {
    if (!this.runner || !this.ui.extras) return;
    const item = this.ui.extras.test_strip[i];
    try {
      const r = await this.runner.call((api) => api.encode(decodeStripImage(item.pixels_base64), 1));
      this.ui.picked = i;
      this.setLatent(Float32Array.from(r.mu, clampLatent), true);
    } catch (e) {
      this.fail(e);
    }
  }

  // ---- latent map ----

  private mapCanvas(): HTMLCanvasElement | null {
    return this.renderRoot.querySelector<HTMLCanvasElement>('[data-testid="latent-map"]');
  }

  private paintMapNow(): void {
    const c = this.mapCanvas();
    if (!c || !this.ui.extras || this.ui.trained) return;
    // the canvas's pixels follow its size on screen (it fills a phone's width), sharp on high-density screens
    const px = Math.round(this.mapCssWidth * Math.min(2, globalThis.devicePixelRatio || 1));
    if (px > 0 && c.width !== px) {
      c.width = px;
      c.height = px;
    }
    // only when what it shows changed: every update (a download's progress, a status line) comes through here
    const shown = `${c.width}|${theme()}|${this.ui.z.join(',')}`;
    if (shown === this.mapShown && c === this.observedMap && c.dataset.painted) return;
    this.mapShown = shown;
    c.dataset.painted = '1';
    this.view ??= mapView(this.ui.extras.pca.points);
    paintMap(c, this.ui.extras.pca.points, this.view, projectLatent(this.ui.z, this.ui.extras.pca));
  }

  private onMapClick(e: MouseEvent): void {
    const c = this.mapCanvas();
    if (!c || !this.ui.extras || !this.view) return;
    const rect = c.getBoundingClientRect();
    const [a, b] = fromCanvas(
      this.view,
      c.width,
      c.height,
      ((e.clientX - rect.left) / rect.width) * c.width,
      ((e.clientY - rect.top) / rect.height) * c.height,
    );
    this.setLatent(latentFromMap(a, b, this.ui.extras.pca));
  }

  private onMapKey(e: KeyboardEvent): void {
    if (!this.ui.extras || !this.view) return;
    const step = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] }[e.key];
    if (!step && e.key !== 'Enter') return;
    e.preventDefault();
    const [a, b] = projectLatent(this.ui.z, this.ui.extras.pca);
    const dx = (this.view.max[0] - this.view.min[0]) / 30;
    const dy = (this.view.max[1] - this.view.min[1]) / 30;
    this.setLatent(latentFromMap(a + (step?.[0] ?? 0) * dx, b + (step?.[1] ?? 0) * dy, this.ui.extras.pca));
  }

  // ---- rendering ----

  override disconnectedCallback(): void {
    this.mapResize.disconnect();
    this.observedMap = undefined;
    super.disconnectedCallback();
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const map = this.mapCanvas();
    if (map && map !== this.observedMap) {
      this.mapResize.observe(map);
      this.observedMap = map;
    }
    this.paintMapNow();
    if (this.ui.extras) {
      this.ui.extras.test_strip.forEach((item, i) => {
        const c = this.renderRoot.querySelector<HTMLCanvasElement>(`[data-strip="${i}"]`);
        if (c && !c.dataset.painted) {
          paintImage(c, decodeStripImage(item.pixels_base64));
          c.dataset.painted = '1';
        }
      });
      const orig = this.renderRoot.querySelector<HTMLCanvasElement>('[data-testid="original"]');
      if (orig && this.ui.picked !== undefined) paintImage(orig, decodeStripImage(this.ui.extras.test_strip[this.ui.picked].pixels_base64));
    }
  }

  private classLabel(label: number): string {
    return t(`fmnist.class.${label}` as MessageKey);
  }

  private renderSliders() {
    const ex = this.ui.extras;
    if (!ex) return nothing;
    return html`<div class="sliders" role="group" aria-label=${t('vae.sliders')}>
      ${ex.slider_order.map(
        (dim) => html`<div class="slider">
        <label for="z${dim}">${t('vae.slider.label', { index: dim })}</label>
        <input id="z${dim}" type="range" data-testid="latent-${dim}" min=${-LATENT_RANGE} max=${LATENT_RANGE} step="0.01"
          .value=${String(this.ui.z[dim])} ?disabled=${this.state !== 'ready'} @input=${(e: Event) => this.onSlider(dim, e)} />
        <span class="kl" title=${t('vae.slider.kl.title')}>${t('vae.slider.kl', { kl: fmt(ex.kl_per_dim_nats[dim], 2) })}</span>
      </div>`,
      )}
    </div>`;
  }

  private renderNumbers() {
    const m = this.model;
    if (!m) return html`<p>…</p>`;
    const tr = this.ui.trained;
    if (tr) return this.renderTrainedNumbers(tr);
    const dl = (bytes: number) => `${fmt(bytes / 1e6, 2)} MB`;
    const decBytes = fileFor(m, 'decoder').bytes + fileFor(m, 'encoder').bytes;
    const num = (k: string) => Number(m.metrics[k]);
    return html`<dl>
      <dt>${t('vae.num.decode')}</dt>
      ${this.renderTimingPanel(this.ui.lastMs)}
      <dt>${t('vae.num.params')}</dt><dd>${fmtInt(m.params.decoder)} / ${fmtInt(m.params.total)}</dd>
      <dt>${t('vae.num.download')}</dt><dd>${dl(decBytes)}</dd>
      <dt>${t('vae.num.elbo')}</dt><dd>${t('vae.num.nats', { value: fmt(num('test_elbo_nats'), 1) })}</dd>
      <dt>${t('vae.num.nll', { k: num('iw_samples') })}</dt><dd>${t('vae.num.nats', { value: fmt(num('test_iw_nll_nats'), 1) })}</dd>
      <dt>${t('vae.num.mse')}</dt><dd>${fmt(num('test_reconstruction_mse'), 4)}</dd>
      ${this.renderTraining()}
    </dl>`;
  }

  /** The numbers of a VAE trained here: its decode time, sizes, step and last losses. */
  private renderTrainedNumbers(tr: ExportInfo) {
    const params = trainedParams(tr);
    const f = tr.figures;
    return html`<dl>
      <dt>${t('vae.num.decode')}</dt>
      ${this.renderTimingPanel(this.ui.lastMs)}
      <dt>${t('vae.num.params')}</dt><dd>${fmtInt(params.main)} / ${fmtInt(params.total)}</dd>
      <dt>${t('vae.num.trained.sizes')}</dt><dd>${t('vae.num.trained.sizes.value', { latent: tr.sizes.latent, hidden: tr.sizes.hidden })}</dd>
      <dt>${t('vae.num.trained.loss')}</dt><dd>${f.recon === undefined ? '—' : t('vae.num.trained.loss.value', { recon: fmt(f.recon, 1), kl: fmt(f.kl ?? 0, 1), step: fmtInt(tr.step) })}</dd>
    </dl>`;
  }

  private renderOutput(ready: boolean) {
    return html`<section class="panel">
            <div class="top">
              <figure>
                <canvas class="img" data-testid="output" width="28" height="28" role="img" aria-label=${t('vae.output.aria')}
                  data-drawn=${this.ui.hasImage ? 'true' : 'false'}></canvas>
                <figcaption>${this.ui.picked !== undefined ? t('vae.reconstruction') : t('vae.output.aria')} ·
                  <span class="timing" data-testid="timing">${this.ui.lastMs === undefined ? '—' : `${fmt(this.ui.lastMs, 2)} ms`}</span></figcaption>
              </figure>
              ${
                this.ui.picked !== undefined
                  ? html`<figure><canvas class="img" data-testid="original" width="28" height="28"
                  role="img" aria-label=${t('vae.original')}></canvas><figcaption>${t('vae.original')}</figcaption></figure>`
                  : nothing
              }
              <div>
                ${this.renderEngineSelect()}
                <div class="buttons">
                  <button data-testid="randomize" ?disabled=${!ready} @click=${() => this.setLatent(samplePrior(this.ui.z.length))}>${t('vae.randomize')}</button>
                  <button data-testid="centre" ?disabled=${!ready} @click=${() => this.setLatent(new Float32Array(this.ui.z.length))}>${t('vae.centre')}</button>
                </div>
              </div>
            </div>
            <h2>${t('vae.sliders')}</h2>
            ${this.renderSliders()}
            ${pickerWithRefusal('vae', { refused: this.ui.refused, setRefused: (m) => (this.ui.refused = m), show: (s) => this.show(s) })}
          </section>`;
  }

  private renderStrip(ready: boolean) {
    const ex = this.ui.extras;
    return html`<section class="panel">
            <h2>${t('vae.strip.title')}</h2>
            <p>${t('vae.strip.help')}</p>
            <div class="strip" data-testid="encode-sample">
              ${ex?.test_strip.map(
                (item, i) => html`<button aria-pressed=${this.ui.picked === i ? 'true' : 'false'} ?disabled=${!ready}
                  data-testid="encode-sample-${i}" aria-label=${t('vae.strip.pick', { index: item.index, label: this.classLabel(item.label) })}
                  @click=${() => void this.encodeStrip(i)}><canvas width="28" height="28" data-strip=${i}></canvas></button>`,
              )}
            </div>
          </section>`;
  }

  private renderMap() {
    if (this.ui.trained)
      return html`<section class="panel"><h2>${t('vae.map.title')}</h2><p>${t('trained.no-map', { latent: this.ui.trained.sizes.latent })}</p></section>`;
    return html`<section class="panel">
            <h2>${t('vae.map.title')}</h2>
            <p>${t('vae.map.help')}</p>
            <canvas class="map" data-testid="latent-map" width="280" height="280" tabindex="0" role="img"
              aria-label=${t('vae.map.aria')} @click=${this.onMapClick} @keydown=${this.onMapKey}></canvas>
            <div class="legend">${this.ui.extras?.class_names.map(
              (_, i) => html`<span ${inlineStyle({ '--c': CLASS_COLOURS[i] })}>${this.classLabel(i)}</span>`,
            )}</div>
          </section>`;
  }

  override render() {
    const ready = this.state === 'ready';
    return this.renderFrame(
      'vae.title',
      'vae.lead',
      html`${trainedBanner(this.ui.source === 'trained' ? this.ui.trained : undefined, () => void this.show('shipped'))}${this.renderOutput(ready)}${this.renderStrip(ready)}`,
      TEXT,
      this.renderNumbers(),
      this.renderMap(),
    );
  }
}

customElements.define('gmp-vae-demo', VaeDemo);
declare global {
  interface HTMLElementTagNameMap {
    'gmp-vae-demo': VaeDemo;
  }
}
