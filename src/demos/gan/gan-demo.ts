// #/gan: a grid of generated garments with the discriminator's score under each, one large sample, seed and
// truncation, an animated latent interpolation, and real test images scored for contrast. UI only.
import { css, html, nothing } from 'lit';
import { recallAuto } from '../../core/main-thread/auto-memory';
import { fmt, fmtInt, t } from '../../core/main-thread/i18n';
import { numberParam, type ParamTable } from '../../core/any-thread/url-state';
import { SUPERSEDED } from '../../core/main-thread/worker-bridge';
import { fileFor, type ManifestTraining } from '../../core/any-thread/manifest';
import type { GanLoadArgs, GanWorkerApi } from '../../models/gan/worker';
import { GAN, GAN_DEFAULTS } from '../../models/gan/entry';
import { demoStyles, ModelDemo, seedParam } from '../model-demo';
import './gan.strings';
import { qualityTable } from '../../ui/quality-table';
import type { TradeoffText } from '../../ui/tradeoff-panel';
import { reactive } from '../../ui/reactive-state';
import { paintImage } from '../../core/main-thread/paint-image';
import { decodeStripImage } from '../../models/vae/latent';
import { type ModelSource, sourceParam, trainedBanner, trainedParams, pickerWithRefusal } from '../trained-source';
import { keptTrained } from '../../ui/trained-models';
import type { ImageExportInfo as ExportInfo } from '../../engines/training/export-info';
import { latentFor, slerp } from '../../models/gan/latent';

/** One probe of the training run (training/gan.py): seconds of training, FMNIST-FD of 2,000 samples. */
interface CurvePoint {
  s: number;
  fmnist_fd_2000: number;
}

const GRID = 8;
const FRAMES = 48; // frames per interpolation leg
const TEXT: TradeoffText = {
  study: 'training-time',
  live: '/train',
  how: ['gan.how.1', 'gan.how.2', 'gan.how.3', 'gan.how.4'],
  strengths: ['gan.strength.1', 'gan.strength.2'],
  weaknesses: ['gan.weakness.1', 'gan.weakness.2'],
  when: ['gan.when.1', 'gan.when.2', 'gan.when.3'],
};

interface GanExtras {
  real_test_images: { index: number; label: number; pixels_base64: string }[];
}

export class GanDemo extends ModelDemo<GanLoadArgs, GanWorkerApi> {
  static override styles = [
    demoStyles,
    css`
    .controls { display: grid; gap: 0.5rem; min-width: 16rem; }
    .controls label { display: grid; grid-template-columns: 7rem 1fr 3rem; gap: 0.4rem; align-items: center; }
    .grid { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 0.5rem; }
    /* the samples keep their black background (and white score on it), framed for a dark page */
    .grid button { padding: 2px; background: #000; border: 2px solid transparent; border-radius: 4px; box-shadow: 0 0 0 1px var(--gmp-frame); }
    .grid button[aria-pressed='true'] { border-color: var(--gmp-pick); }
    .grid canvas { width: 100%; aspect-ratio: 1; image-rendering: pixelated; display: block; }
    .grid .score { color: #fff; font-size: 0.8rem; font-variant-numeric: tabular-nums; }
    .grid figure { background: #000; border-radius: 4px; padding: 2px; box-shadow: 0 0 0 1px var(--gmp-frame); }
    input[type='number'] { width: 7rem; }
  `,
  ];

  protected readonly entry = GAN;
  /** The state the view shows (one declaration per field). */
  private readonly ui = reactive(this, {
    extras: undefined as GanExtras | undefined,
    ...GAN_DEFAULTS,
    /** Which grid sample is shown large. */
    selected: 0,
    showReal: false,
    /** The discriminator's score of each grid sample, and of each real test image. */
    scores: [] as number[],
    realScores: [] as number[],
    largeScore: undefined as number | undefined,
    lastMs: undefined as number | undefined,
    /** An interpolation plays (its run is 'interpolate'). */
    playing: false,
    hasImage: false,
    /** our shipped GAN, or one trained on #/train (`model=trained` in the link) */
    source: 'shipped' as ModelSource,
    /** the trained GAN's description while it is on show */
    trained: undefined as ExportInfo | undefined,
    /** why picked files were not opened */
    refused: undefined as string | undefined,
  });
  private zDim = 64;
  private frame = 0;
  private gridPixels?: Float32Array;
  protected readonly urlParams: ParamTable<this> = [
    sourceParam(
      (d) => d.ui.source,
      (d, v) => {
        d.ui.source = v;
      },
    ),
    seedParam(
      (d) => d.ui.seed,
      (d, v) => {
        d.ui.seed = v;
      },
      GAN_DEFAULTS.seed,
    ),
    numberParam({
      name: 'truncation',
      min: 0.1,
      max: 1,
      fallback: GAN_DEFAULTS.truncation,
      get: (d) => d.ui.truncation,
      set: (d, v) => {
        d.ui.truncation = v;
      },
      format: (v) => String(Math.round(v * 100) / 100),
    }),
  ];

  /** A GAN trained here generates at its own speed: its timings must not stand for ours. */
  protected override autoKey(): string {
    return this.ui.source === 'trained' ? 'gan_trained' : 'gan';
  }

  protected override loadArgs(files: Record<string, Uint8Array>): GanLoadArgs {
    this.ui.extras ??= JSON.parse(new TextDecoder().decode(files.extras)) as GanExtras;
    const kept = this.ui.source === 'trained' ? keptTrained<ExportInfo>('gan') : undefined;
    if (this.ui.source === 'trained' && !kept) {
      this.ui.source = 'shipped';
      this.setNote('trained', { key: 'trained.gone' });
    }
    this.ui.trained = kept?.info;
    this.ui.realScores = []; // another discriminator scores the real images anew
    const args = kept
      ? { generator: kept.files.generator!, discriminator: kept.files.discriminator!, zDim: kept.info.sizes.latent }
      : this.entry.loadArgs(files, this.model!);
    this.zDim = args.zDim;
    return args;
  }

  /** Shows ours again, or (`trained`) the GAN kept in this tab: the worker starts again on those files. */
  private async show(source: ModelSource): Promise<void> {
    this.ui.source = source;
    this.ui.refused = undefined;
    this.setNote('trained', undefined);
    this.writeUrl();
    await this.session.restart(this.choice);
  }

  override disconnectedCallback(): void {
    this.ui.playing = false;
    super.disconnectedCallback(); // aborts the interpolation
  }

  private latents(): Float32Array {
    const z = new Float32Array(GRID * this.zDim);
    for (let i = 0; i < GRID; i++) z.set(latentFor(this.ui.seed, i, this.zDim, this.ui.truncation), i * this.zDim);
    return z;
  }

  /** Generates the grid (one batch) and shows the selected sample large. */
  protected async refresh(): Promise<void> {
    if (!this.runner || this.state === 'error') return;
    const z = this.latents();
    try {
      const r = await this.runner.latest('grid', (api) => api.generate(z, GRID));
      if (r === SUPERSEDED) return;
      this.gridPixels = r.pixels;
      this.ui.scores = Array.from(r.scores);
      this.ui.lastMs = r.ms / GRID;
      this.recordTime(this.ui.lastMs);
      await this.updateComplete;
      this.paintGrid();
      if (!this.ui.playing)
        this.showLarge(r.pixels.subarray(this.ui.selected * 784, (this.ui.selected + 1) * 784), this.ui.scores[this.ui.selected]);
    } catch (e) {
      this.fail(e);
    }
  }

  private paintGrid(): void {
    if (!this.gridPixels) return;
    for (let i = 0; i < GRID; i++) {
      const c = this.renderRoot.querySelector<HTMLCanvasElement>(`[data-cell="${i}"]`);
      if (c) paintImage(c, this.gridPixels, i * 784);
    }
  }

  private showLarge(pixels: ArrayLike<number>, score: number): void {
    const c = this.renderRoot.querySelector<HTMLCanvasElement>('[data-testid="output"]');
    if (c) paintImage(c, pixels);
    this.ui.largeScore = score;
    this.ui.hasImage = true;
  }

  private setSeed(seed: number): void {
    this.ui.seed = seed;
    this.writeUrl();
    void this.refresh();
  }

  private select(i: number): void {
    this.ui.selected = i;
    if (this.gridPixels) this.showLarge(this.gridPixels.subarray(i * 784, (i + 1) * 784), this.ui.scores[i]);
  }

  private togglePlay(): void {
    if (this.ui.playing) {
      this.abortRun('interpolate');
      this.ui.playing = false;
    } else {
      void this.interpolate(this.beginRun('interpolate'));
    }
  }

  /** Animates a spherical interpolation from the large sample to the next one, one generator call a frame. */
  private async interpolate(signal: AbortSignal): Promise<void> {
    this.ui.playing = true;
    try {
      while (this.runner && this.state === 'ready') {
        const leg = Math.floor(this.frame / FRAMES);
        const a = latentFor(this.ui.seed, (this.ui.selected + leg) % GRID, this.zDim, this.ui.truncation);
        const b = latentFor(this.ui.seed, (this.ui.selected + leg + 1) % GRID, this.zDim, this.ui.truncation);
        const s = (this.frame % FRAMES) / FRAMES;
        const tt = 0.5 - 0.5 * Math.cos(Math.PI * s); // ease in and out at the endpoints
        const frameStart = performance.now();
        const r = await this.runner.call((api) => api.generate(slerp(a, b, tt), 1), { signal });
        this.ui.lastMs = r.ms;
        this.recordTime(r.ms);
        this.showLarge(r.pixels, r.scores[0]);
        this.frame = (this.frame + 1) % (FRAMES * GRID);
        // At most one frame per display refresh.
        const wait = Math.max(0, 16 - (performance.now() - frameStart));
        await new Promise((r) => setTimeout(() => requestAnimationFrame(r), wait));
        signal.throwIfAborted();
      }
      this.ui.playing = false;
    } catch (e) {
      if (!signal.aborted) this.ui.playing = false; // else Pause (or leaving) said so already
      this.fail(e);
    }
  }

  private async toggleReal(): Promise<void> {
    this.ui.showReal = !this.ui.showReal;
    if (!this.ui.showReal || !this.ui.extras || !this.runner || this.ui.realScores.length) {
      await this.updateComplete;
      this.paintCells();
      return;
    }
    const imgs = this.ui.extras.real_test_images;
    const batch = new Float32Array(imgs.length * 784);
    imgs.forEach((im, i) => {
      batch.set(decodeStripImage(im.pixels_base64), i * 784);
    });
    try {
      const r = await this.runner.call((api) => api.score(batch, imgs.length));
      this.ui.realScores = Array.from(r.scores);
    } catch (e) {
      this.fail(e);
    }
    await this.updateComplete;
    this.paintCells();
  }

  private paintCells(): void {
    if (this.ui.showReal && this.ui.extras) {
      this.ui.extras.real_test_images.forEach((im, i) => {
        const c = this.renderRoot.querySelector<HTMLCanvasElement>(`[data-real="${i}"]`);
        if (c) paintImage(c, decodeStripImage(im.pixels_base64));
      });
    } else {
      this.paintGrid();
    }
  }

  private renderGrid() {
    if (this.ui.showReal && this.ui.extras) {
      return html`<p class="help">${t('gan.real.caption')}</p>
        <div class="grid" data-testid="real-grid">${this.ui.extras.real_test_images.map(
          (_, i) => html`<figure>
          <canvas width="28" height="28" data-real=${i}></canvas>
          <figcaption class="score" data-testid="real-score-${i}">${this.ui.realScores[i] === undefined ? '…' : fmt(this.ui.realScores[i], 3)}</figcaption>
        </figure>`,
        )}</div>`;
    }
    return html`<div class="grid" data-testid="sample-grid">${Array.from(
      { length: GRID },
      (_, i) => html`<button
        aria-pressed=${this.ui.selected === i ? 'true' : 'false'} aria-label=${t('gan.pick', { index: i + 1 })} @click=${() => this.select(i)}>
        <canvas width="28" height="28" data-cell=${i}></canvas>
        <span class="score" data-testid="disc-score-${i}">${this.ui.scores[i] === undefined ? '…' : fmt(this.ui.scores[i], 3)}</span>
      </button>`,
    )}</div>`;
  }

  /** The numbers of a GAN trained here: its time per image, sizes, step and last losses. */
  private renderTrainedNumbers(tr: ExportInfo) {
    const params = trainedParams(tr);
    const f = tr.figures;
    return html`<dl>
      <dt>${t('gan.num.ms')}</dt>
      ${this.renderTimingPanel(this.ui.lastMs)}
      <dt>${t('gan.num.params')}</dt><dd>${fmtInt(params.main)} / ${fmtInt(params.total - params.main)}</dd>
      <dt>${t('gan.num.trained.sizes')}</dt><dd>${t('gan.num.trained.sizes.value', { latent: tr.sizes.latent, hidden: tr.sizes.hidden })}</dd>
      <dt>${t('gan.num.trained.loss')}</dt><dd>${f.d === undefined ? '—' : t('gan.num.trained.loss.value', { d: fmt(f.d, 2), g: fmt(f.g ?? 0, 2), step: fmtInt(tr.step) })}</dd>
    </dl>`;
  }

  private renderNumbers() {
    const m = this.model;
    if (!m) return html`<p>…</p>`;
    if (this.ui.trained) return this.renderTrainedNumbers(this.ui.trained);
    const vae = recallAuto('vae');
    const vaeMs = vae ? vae.medians[vae.engine] : undefined;
    return html`<dl>
      <dt>${t('gan.num.ms')}</dt>
      ${this.renderTimingPanel(this.ui.lastMs)}
      <dt>${t('gan.num.vae')}</dt><dd>${vaeMs === undefined ? t('gan.num.vae.none') : `${fmt(vaeMs, 2)} ms (${vae!.engine})`}</dd>
      <dt>${t('gan.num.params')}</dt><dd>${fmtInt(m.params.generator)} / ${fmtInt(m.params.discriminator)}</dd>
      <dt>${t('gan.num.download')}</dt><dd>${fmt((fileFor(m, 'generator').bytes + fileFor(m, 'discriminator').bytes) / 1e6, 2)} MB</dd>
      ${this.renderTraining()}
      ${this.renderCurve(m.training)}
    </dl>
    ${qualityTable(this.manifest, ['real', 'vae', 'gan'])}`;
  }

  /** How quality grew while it trained (the manifest's probes): the article's "needs training time", measured. */
  private renderCurve(training: ManifestTraining) {
    const curve = (training.curve ?? []).filter((p): p is CurvePoint => typeof p.fmnist_fd_2000 === 'number');
    if (curve.length < 2) return nothing;
    const picks = [...new Set([0, Math.floor(curve.length / 3), Math.floor((2 * curve.length) / 3), curve.length - 1])];
    const points = picks.map((i) => t('gan.num.curve.point', { minutes: fmt(curve[i].s / 60, 0), fd: fmt(curve[i].fmnist_fd_2000, 0) }));
    return html`<dt>${t('gan.num.curve')}</dt><dd data-testid="gan-curve">${points.join(' · ')}</dd>`;
  }

  private renderOutput(ready: boolean) {
    return html`<section class="panel">
            <div class="top">
              <figure>
                <canvas class="img" data-testid="output" width="28" height="28" role="img" aria-label=${t('gan.output.aria')}
                  data-drawn=${this.ui.hasImage ? 'true' : 'false'}></canvas>
                <figcaption><span data-testid="disc-score" title=${t('gan.score.title')}>${this.ui.largeScore === undefined ? '—' : fmt(this.ui.largeScore, 3)}</span>
                  · <span data-testid="timing">${this.ui.lastMs === undefined ? '—' : `${fmt(this.ui.lastMs, 2)} ms`}</span></figcaption>
              </figure>
              <div class="controls">
                ${this.renderEngineSelect()}
                <label>${t('gan.seed')}<input type="number" data-testid="seed" min="0" max="999999" .value=${String(this.ui.seed)}
                  ?disabled=${!ready} @change=${(e: Event) => this.setSeed(Math.max(0, Math.min(999999, Math.round(Number((e.target as HTMLInputElement).value) || 0))))} /><span></span></label>
                <label>${t('gan.truncation')}<input type="range" data-testid="truncation" min="0.1" max="1" step="0.05" .value=${String(this.ui.truncation)}
                  ?disabled=${!ready} @input=${(e: Event) => {
                    this.ui.truncation = Number((e.target as HTMLInputElement).value);
                    this.writeUrl();
                    void this.refresh();
                  }} />
                  <span>${fmt(this.ui.truncation, 2)}</span></label>
                <p class="help">${t('gan.truncation.help')}</p>
                <div>
                  <button data-testid="generate" ?disabled=${!ready} @click=${() => this.setSeed((this.ui.seed + 1) % 1000000)}>${t('gan.generate')}</button>
                  <button data-testid="interpolate" aria-pressed=${this.ui.playing ? 'true' : 'false'} ?disabled=${!ready}
                    @click=${() => this.togglePlay()}>${this.ui.playing ? t('gan.pause') : t('gan.interpolate')}</button>
                </div>
                <p class="help">${t('gan.interpolate.help')}</p>
                ${pickerWithRefusal('gan', { refused: this.ui.refused, setRefused: (m) => (this.ui.refused = m), show: (s) => this.show(s) })}
              </div>
            </div>
          </section>`;
  }

  private renderGridPanel(ready: boolean) {
    return html`<section class="panel">
            <h2>${t('gan.grid')}</h2>
            <p><button data-testid="show-real" aria-pressed=${this.ui.showReal ? 'true' : 'false'} ?disabled=${!ready}
              @click=${() => void this.toggleReal()}>${this.ui.showReal ? t('gan.fake') : t('gan.real')}</button></p>
            ${this.renderGrid()}
          </section>`;
  }

  override render() {
    const ready = this.state === 'ready';
    return this.renderFrame(
      'gan.title',
      'gan.lead',
      html`${trainedBanner(this.ui.source === 'trained' ? this.ui.trained : undefined, () => void this.show('shipped'))}${this.renderOutput(ready)}${this.renderGridPanel(ready)}`,
      TEXT,
      this.renderNumbers(),
    );
  }
}

customElements.define('gmp-gan-demo', GanDemo);
declare global {
  interface HTMLElementTagNameMap {
    'gmp-gan-demo': GanDemo;
  }
}
