// Home: one card per model kind and the device report.
import { launchWorker } from '../workers/launch';
import { LitElement, css, html, nothing } from 'lit';
import { I18nController, t, type MessageKey } from '../core/main-thread/i18n';
import './app.strings';
import { MODELS_URL } from '../core/main-thread/site';
import { loadManifest } from '../core/any-thread/model-files';
import type { Manifest } from '../core/any-thread/manifest';
import { afterFirstPaint } from '../core/main-thread/first-paint';
import { webGpuReport } from '../core/main-thread/webgpu-report';
import { KINDS, type ModelKind, entryFor } from '../models/registry';
import { renderThumb } from '../models/thumbnail';
import './device-report';

/** What every preview of one visit shares. */
interface ThumbContext {
  manifest: Manifest;
  /** Whether WebGPU is here: previews then run on our wgsl kernels, with no runtime to download. */
  webgpu: boolean;
  seed: number;
}

interface Thumb {
  state: 'waiting' | 'drawing' | 'done' | 'error';
  error?: string;
  text?: string;
}

export class HomePage extends LitElement {
  static override styles = css`
    :host { display: block; }
    .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(210px, 1fr)); gap: 0.8rem; margin: 1rem 0; }
    .card { background: var(--gmp-panel); border-radius: 8px; padding: 0.9rem; display: flex; flex-direction: column; gap: 0.4rem;
      box-shadow: 0 1px 2px var(--gmp-shadow); }
    .card h2 { font-size: 1.02rem; margin: 0; }
    .card p { margin: 0; flex: 1; color: var(--gmp-muted); }
    a.open { align-self: flex-start; background: var(--gmp-accent); color: var(--gmp-on-accent); padding: 0.35rem 0.8rem; border-radius: 4px;
      text-decoration: none; }
    @media (max-width: 640px), (pointer: coarse) { a.open { display: inline-flex; align-items: center; min-height: 44px; box-sizing: border-box; } }
    p.train { font-weight: 600; }
    @media (max-width: 640px), (pointer: coarse) { p.train a { display: inline-flex; align-items: center; min-height: 44px; } }
    .thumb { margin: 0; height: 84px; display: flex; align-items: center; gap: 0.6rem; }
    /* the samples keep their own black (or the scene's white) background, framed for a dark page */
    .thumb canvas { width: 84px; height: 84px; image-rendering: pixelated; background: #000; border-radius: 4px; box-shadow: 0 0 0 1px var(--gmp-frame); }
    .thumb canvas.scene { background: #fff; image-rendering: auto; }
    .thumb p.text { font-family: ui-monospace, monospace; font-size: 0.8rem; white-space: pre-wrap; overflow: hidden; height: 84px; margin: 0;
      background: var(--gmp-control); border-radius: 4px; padding: 0.2rem 0.4rem; flex: 1; color: var(--gmp-text); }
    .thumb .note { font-size: 0.8rem; color: var(--gmp-faint); }
    button.previews { font: inherit; padding: 0.3rem 0.7rem; border-radius: 4px; border: 1px solid var(--gmp-control-border);
      background: var(--gmp-control); color: var(--gmp-text); cursor: pointer; }
    :focus-visible { outline: 2px solid var(--gmp-focus); outline-offset: 2px; }
    @media (max-width: 640px), (pointer: coarse) { button.previews { min-height: 44px; } }
  `;
  static override properties = { thumbs: { state: true }, waitForClick: { state: true } };

  /** Each card's preview: where it stands, its error, and (the transformer's) text so far. */
  declare private thumbs: Readonly<Record<ModelKind, Thumb>>;
  /** Data saver on: previews wait for a click instead of downloading every model. */
  declare private waitForClick: boolean;
  private abort = new AbortController();
  private seen?: IntersectionObserver;
  /** Cards seen whose preview has not started yet, in the order they came into view. */
  private pending: ModelKind[] = [];
  private drawing = false;
  private shared?: Promise<ThumbContext>;

  constructor() {
    super();
    new I18nController(this);
    this.thumbs = Object.fromEntries(KINDS.map((k) => [k, { state: 'waiting' }])) as Record<ModelKind, Thumb>;
    this.waitForClick = !!(navigator as Navigator & { connection?: { saveData?: boolean } }).connection?.saveData;
  }

  private setThumb(k: ModelKind, patch: Partial<Thumb>): void {
    this.thumbs = { ...this.thumbs, [k]: { ...this.thumbs[k], ...patch } };
  }

  override firstUpdated(): void {
    // the cards and the device report are on screen before any model file is fetched
    if (!this.waitForClick) void afterFirstPaint().then(() => !this.waitForClick && this.startWhenSeen());
  }

  override disconnectedCallback(): void {
    this.abort.abort();
    this.seen?.disconnect();
    super.disconnectedCallback();
  }

  /**
   * A card's preview starts when the card comes into view: a visitor who never scrolls downloads only what
   * they see.
   */
  private startWhenSeen(): void {
    this.waitForClick = false;
    this.seen = new IntersectionObserver(
      (entries) => {
        for (const e of entries.filter((x) => x.isIntersecting)) {
          this.seen?.unobserve(e.target);
          this.pending.push((e.target as HTMLElement).dataset.kind as ModelKind);
        }
        if (!this.drawing) void this.drawThumbs();
      },
      { rootMargin: '64px' },
    );
    for (const card of this.renderRoot.querySelectorAll('article.card')) this.seen.observe(card);
  }

  /** What every preview shares: the manifest, the engine (wgsl where WebGPU is) and this visit's seed. */
  private async context(): Promise<ThumbContext> {
    const [manifest, report] = await Promise.all([loadManifest(MODELS_URL), webGpuReport()]);
    return { manifest, webgpu: report.available, seed: 1 + Math.floor(Math.random() * 9999) };
  }

  /** The cards seen so far, one model after another (on a small machine five at once would slow each other and the page). */
  private async drawThumbs(): Promise<void> {
    this.drawing = true;
    const signal = this.abort.signal;
    try {
      this.shared ??= this.context();
      let shared: ThumbContext;
      try {
        shared = await this.shared;
      } catch (e) {
        for (const k of KINDS) this.setThumb(k, { state: 'error', error: e instanceof Error ? e.message : String(e) });
        return;
      }
      for (let k = this.pending.shift(); k && !signal.aborted; k = this.pending.shift()) await this.drawThumb(k, shared, signal);
    } finally {
      this.drawing = false;
    }
  }

  private async drawThumb(k: ModelKind, { manifest, webgpu, seed }: ThumbContext, signal: AbortSignal): Promise<void> {
    const entry = entryFor(k);
    this.setThumb(k, { state: 'drawing' });
    await this.updateComplete;
    const canvas = this.renderRoot.querySelector<HTMLCanvasElement>(`[data-testid="thumb-${k}"] canvas`)!;
    // cpu needs no runtime download; then our kernels where WebGPU is; onnxruntime's wasm last
    const engine = entry.engines.includes('cpu') ? 'cpu' : webgpu && entry.engines.includes('wgsl') ? 'wgsl' : 'wasm';
    try {
      await renderThumb(
        entry,
        () => launchWorker(k),
        manifest,
        MODELS_URL,
        { canvas, text: (text) => this.setThumb(k, { text }) },
        seed,
        engine,
        signal,
      );
      this.setThumb(k, { state: 'done' });
    } catch (e) {
      if (!signal.aborted) this.setThumb(k, { state: 'error', error: e instanceof Error ? e.message : String(e) });
    }
  }

  private renderThumb(k: ModelKind) {
    const { state, error, text } = this.thumbs[k];
    const { size, look } = entryFor(k).thumbnail;
    return html`<figure class="thumb" data-testid="thumb-${k}" data-state=${state} aria-label=${t('home.thumb.label', { model: t(`card.${k}.title` as MessageKey) })}>
      ${
        look === 'text'
          ? html`<p class="text">${text ?? ''}</p><canvas hidden width="1" height="1"></canvas>`
          : html`<canvas class=${look === 'scene' ? 'scene' : ''} width=${size} height=${size}></canvas>`
      }
      ${state === 'waiting' && this.waitForClick ? html`<button class="previews" @click=${() => this.startWhenSeen()}>${t('home.thumb.start')}</button>` : nothing}
      ${state === 'error' ? html`<span class="note" title=${error ?? ''}>${t('home.thumb.error')}</span>` : nothing}
      ${state === 'drawing' ? html`<span class="note">${t('home.thumb.drawing')}</span>` : nothing}
    </figure>`;
  }

  override render() {
    return html`
      <h1>${t('app.title')}</h1>
      <p>${t('app.tagline')}</p>
      <p>${t('home.intro')}</p>
      <div class="cards">
        ${KINDS.map(
          (k) => html`<article class="card" data-testid="card-${k}" data-kind=${k}>
            <h2>${t(`card.${k}.title` as MessageKey)}</h2>
            ${this.renderThumb(k)}
            <p>${t(`card.${k}.when` as MessageKey)}</p>
            <a class="open" href="#/${k}">${t('home.open')}</a>
          </article>`,
        )}
      </div>
      <p class="train"><a data-testid="train-link" href="#/train">${t('home.train')}</a></p>
      <gmp-device-report></gmp-device-report>
    `;
  }
}

customElements.define('gmp-home-page', HomePage);
declare global {
  interface HTMLElementTagNameMap {
    'gmp-home-page': HomePage;
  }
}
