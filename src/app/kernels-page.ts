// #/kernels: runs the kernel suite and the three image models on every engine in a worker, shows the tables
// and offers the results as JSON. UI only (numbers: src/kernels/kernel-suite.ts, src/engines/kernel-comparison.ts);
// the models are those of the registry with a `kernelsGraph`.
import { launchWorker } from '../workers/launch';
import * as Comlink from 'comlink';
import { LitElement, css, html, nothing } from 'lit';
import { fmt, I18nController, t } from '../core/main-thread/i18n';
import './kernels.strings';
import { controlStyles } from '../ui/control-styles';
import type { KernelResult } from '../kernels/kernel-suite';
import { type Manifest, fileFor } from '../core/any-thread/manifest';
import { fetchModelFile, loadManifest } from '../core/any-thread/model-files';
import type { KernelsWorkerApi, ModelFile, ModelRow } from '../engines/kernel-comparison';
import { MODELS_URL } from '../core/main-thread/site';
import { endWorker } from '../core/main-thread/worker-bridge';
import { type WebGpuReport, webGpuReport } from '../core/main-thread/webgpu-report';
import { webGpuReason } from '../ui/webgpu-reason';
import { MODELS as GRAPH_MODELS } from '../models/registry';

/** The graphs our engine runs, from the registry: [label, model, role]. */
const MODELS = GRAPH_MODELS.flatMap((m) => (m.kernelsGraph ? [{ id: m.id, ...m.kernelsGraph }] : []));
const RUNS = 5;

export class KernelsPage extends LitElement {
  static override styles = [
    controlStyles,
    css`
    :host { display: block; }
    .panel { background: var(--gmp-panel); border-radius: 8px; padding: 0.9rem 1rem; box-shadow: 0 1px 2px var(--gmp-shadow); margin-bottom: 1rem;
      overflow-x: auto; }
    table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
    td, th { padding: 0.15rem 0.8rem 0.15rem 0; text-align: left; }
    td.num { text-align: right; }
    a.download { display: inline-block; padding: 0.3rem 0.7rem; border-radius: 4px; border: 1px solid var(--gmp-control-border);
      background: var(--gmp-control); color: var(--gmp-text); text-decoration: none; }
    @media (max-width: 640px), (pointer: coarse) {
      a.download { display: inline-flex; align-items: center; min-height: 44px; box-sizing: border-box; }
    }
    progress { width: min(24rem, 100%); display: block; margin: 0.4rem 0; }
    .help { font-size: 0.85rem; color: var(--gmp-muted); }
    .error { color: var(--gmp-error); }
  `,
  ];
  static override properties = {
    running: { state: true },
    webgpu: { state: true },
    progress: { state: true },
    adapter: { state: true },
    kernels: { state: true },
    models: { state: true },
    failure: { state: true },
    download: { state: true },
  };

  declare private running: boolean;
  declare private progress: { done: number; total: number } | undefined;
  declare private adapter: string | undefined;
  declare private kernels: KernelResult[];
  declare private models: ModelRow[];
  declare private failure: string | undefined;
  /** What the last run found of WebGPU (before one: only whether the API exists). */
  declare private webgpu: WebGpuReport | undefined;
  /** Object URL of the results as JSON. */
  declare private download: string | undefined;
  private worker?: Worker;
  private api?: Comlink.Remote<KernelsWorkerApi>;

  constructor() {
    super();
    new I18nController(this);
    this.running = false;
    this.kernels = [];
    this.models = [];
  }

  override disconnectedCallback(): void {
    this.stopWorker();
    if (this.download) URL.revokeObjectURL(this.download);
    super.disconnectedCallback();
  }

  private noGpu() {
    const reason = !navigator.gpu ? t('device.noapi') : this.webgpu && !this.webgpu.available ? webGpuReason(this.webgpu) : undefined;
    return reason === undefined ? nothing : html`<p role="status">${t('kernels.nogpu', { reason })}</p>`;
  }

  private async run(): Promise<void> {
    this.running = true;
    this.failure = undefined;
    this.kernels = [];
    this.models = [];
    this.progress = { done: 0, total: 1 };
    this.stopWorker();
    this.worker = launchWorker('kernels');
    const api = Comlink.wrap<KernelsWorkerApi>(this.worker);
    this.api = api;
    try {
      const manifest: Manifest = await loadManifest(MODELS_URL);
      const files: ModelFile[] = [];
      for (const g of MODELS) {
        files.push({ model: g.label, bytes: await fetchModelFile(MODELS_URL, fileFor(manifest.models[g.id], g.role)), inputs: g.input() });
      }
      // an API without a usable adapter is no WebGPU either, in the same words as the demos
      this.webgpu = await webGpuReport();
      const gpu = this.webgpu.available;
      if (gpu) {
        const k = await api.kernels(
          Comlink.proxy((done: number, total: number) => {
            this.progress = { done, total: total + MODELS.length * 3 };
          }),
        );
        this.adapter = k.adapter;
        this.kernels = k.results;
      }
      const offset = this.kernels.length;
      this.models = await api.models(
        files,
        RUNS,
        Comlink.proxy((done: number, total: number) => {
          this.progress = { done: offset + done, total: offset + total };
        }),
      );
      const json = {
        date: new Date().toISOString(),
        userAgent: navigator.userAgent,
        adapter: this.adapter ?? null,
        kernels: this.kernels,
        models: this.models,
        what: 'kernels: max relative error against the CPU reference on fresh random inputs, median ms per call (up to 10 calls per submit, 2-5 rounds); models: median ms of 5 calls with one image, max |output − wasm output|',
      };
      if (this.download) URL.revokeObjectURL(this.download);
      this.download = URL.createObjectURL(new Blob([JSON.stringify(json, null, 2)], { type: 'application/json' }));
    } catch (e) {
      this.failure = e instanceof Error ? e.message : String(e);
    } finally {
      this.running = false;
      if (this.api === api) this.stopWorker();
    }
  }

  /** Ends the worker and its proxy: a call left pending on them would hold this page. */
  private stopWorker(): void {
    endWorker(this.worker, this.api);
    this.worker = undefined;
    this.api = undefined;
  }

  override render() {
    const p = this.progress;
    const exp = (v: number) => (Number.isFinite(v) ? v.toExponential(1) : '—');
    return html`
      <h1>${t('kernels.title')}</h1>
      <p>${t('kernels.lead')}</p>
      ${this.noGpu()}
      <p>
        <button data-testid="run-kernels" ?disabled=${this.running} @click=${() => void this.run()}>${t('kernels.run')}</button>
        ${this.download && !this.running ? html`<a class="download" data-testid="download-json" href=${this.download} download="gmp-kernels.json">${t('kernels.download')}</a>` : nothing}
      </p>
      ${
        this.running && p
          ? html`<progress data-testid="kernels-progress" max=${p.total} value=${p.done} aria-label=${t('kernels.running', p)}></progress>
        <p role="status">${t('kernels.running', p)}</p>`
          : nothing
      }
      ${!this.running && this.adapter ? html`<p role="status" data-testid="kernels-done">${t('kernels.done', { adapter: this.adapter })}</p>` : nothing}
      ${this.failure ? html`<p class="error" role="alert">${t('kernels.failed', { message: this.failure })}</p>` : nothing}
      ${
        this.kernels.length
          ? html`<section class="panel"><h2>${t('kernels.table.kernels')}</h2>
        <table data-testid="kernel-results"><thead><tr><th>${t('kernels.col.kernel')}</th><th>${t('kernels.col.shape')}</th><th>${t('kernels.col.err')}</th>
          <th>${t('kernels.col.ms')}</th><th>${t('kernels.col.gflops')}</th></tr></thead>
        <tbody>${this.kernels.map(
          (r) => html`<tr data-err=${r.relErr}><td>${r.name}</td><td>${r.shape}</td><td class="num">${exp(r.relErr)}</td>
          <td class="num">${fmt(r.ms, r.ms < 10 ? 3 : 1)}</td><td class="num">${fmt(r.gflops, 2)}</td></tr>`,
        )}</tbody></table>
        <p class="help">${t('kernels.help')}</p></section>`
          : nothing
      }
      ${
        this.models.length
          ? html`<section class="panel"><h2>${t('kernels.table.models')}</h2>
        <table data-testid="model-results"><thead><tr><th>${t('kernels.col.model')}</th><th>${t('kernels.col.engine')}</th><th>${t('kernels.col.ms')}</th><th>${t('kernels.col.diff')}</th></tr></thead>
        <tbody>${this.models.map(
          (r) => html`<tr data-engine=${r.engine} data-err=${r.maxErr ?? ''}><td>${r.model}</td><td>${r.engine}</td>
          ${r.error ? html`<td colspan="2" class="error">${r.error}</td>` : html`<td class="num">${fmt(r.ms!, r.ms! < 10 ? 2 : 1)}</td><td class="num">${exp(r.maxErr!)}</td>`}</tr>`,
        )}</tbody></table></section>`
          : nothing
      }
    `;
  }
}

customElements.define('gmp-kernels-page', KernelsPage);
declare global {
  interface HTMLElementTagNameMap {
    'gmp-kernels-page': KernelsPage;
  }
}
