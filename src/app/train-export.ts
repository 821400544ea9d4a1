// The training pages' "take the models with you" panel: the models as they are now (VAE and GAN, GPT, radiance
// field), exported as standard ONNX files with a JSON description (engines/training/export-info.ts), offered
// as downloads, or opened in their demo from this tab (ui/kept-models.ts) without sending anything anywhere.
// A thin element: the page hands it the export call and says in its slot what it does not offer.
import { css, html, LitElement, nothing } from 'lit';
import { fmt, I18nController, t } from '../core/main-thread/i18n';
import './train-export.strings';
import type { ExportedModel, ExportedModelId } from '../engines/training/export-info';
import { controlStyles } from '../ui/control-styles';
import { keepForDemo } from '../ui/trained-models';
import { reactive } from '../ui/reactive-state';
import { messageOf } from '../core/any-thread/errors';

export type { ExportedModel, ExportedModelId };

/** Each model's download button, as the UI contract (DESIGN.md) names it. */
const EXPORT_HOOKS: Record<ExportedModelId, string> = { vae: 'export-vae', gan: 'export-gan', gpt: 'export-gpt', nerf: 'export-nerf' };

interface Download {
  name: string;
  bytes: number;
  url: string;
}

/** The JSON written beside the ONNX files: the description plus each file's name and size. */
export function exportJson(m: ExportedModel): string {
  const files = m.files.map((f) => ({ part: f.part, name: f.name, bytes: f.bytes.byteLength }));
  return `${JSON.stringify({ ...m.info, files }, null, 2)}\n`;
}

export class TrainExport extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host { display: block; }
      .row { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; margin: 0.4rem 0; }
      ul { margin: 0.3rem 0; padding-left: 1.2rem; font-size: 0.9rem; overflow-wrap: anywhere; }
      .small { font-size: 0.9rem; color: var(--gmp-muted); }
      .error { color: var(--gmp-error); }
      @media (max-width: 640px), (pointer: coarse) { button, a { min-height: 44px; } }
    `,
  ];
  static override properties = { enabled: { type: Boolean }, models: { attribute: false } };

  /** Whether the worker is ready and has trained at least a step. */
  declare enabled: boolean;
  /** The models the page offers. */
  declare models: readonly ExportedModelId[];
  /** Exports one model from the training worker (set by the page). */
  exportModel?: (model: ExportedModelId) => Promise<ExportedModel>;
  /** Opens one model in its demo (set by a page whose demo takes it another way; else kept for the demo's link). */
  openModel?: (model: ExportedModelId) => Promise<void>;
  private readonly view = reactive(this, {
    downloads: {} as Partial<Record<ExportedModelId, { step: number; files: Download[] }>>,
    problem: undefined as string | undefined,
    busy: false,
  });

  constructor() {
    super();
    this.enabled = false;
    this.models = ['vae', 'gan'];
    new I18nController(this);
  }

  override disconnectedCallback(): void {
    this.revoke();
    super.disconnectedCallback();
  }

  private revoke(model?: ExportedModelId): void {
    for (const [id, d] of Object.entries(this.view.downloads))
      if (!model || id === model) for (const f of d.files) URL.revokeObjectURL(f.url);
  }

  private async run<T>(model: ExportedModelId, then: (m: ExportedModel) => T): Promise<T | undefined> {
    if (!this.exportModel) return undefined;
    this.view.busy = true;
    this.view.problem = undefined;
    try {
      return then(await this.exportModel(model));
    } catch (e) {
      this.view.problem = t('export.failed', { message: messageOf(e) });
      return undefined;
    } finally {
      this.view.busy = false;
    }
  }

  private async download(model: ExportedModelId): Promise<void> {
    await this.run(model, (m) => {
      this.revoke(model);
      const link = (name: string, blob: Blob): Download => ({ name, bytes: blob.size, url: URL.createObjectURL(blob) });
      const files = [
        ...m.files.map((f) => link(f.name, new Blob([f.bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }))),
        link(`${model}.json`, new Blob([exportJson(m)], { type: 'application/json' })),
      ];
      this.view.downloads = { ...this.view.downloads, [model]: { step: m.info.step, files } };
    });
  }

  private async open(model: ExportedModelId): Promise<void> {
    if (this.openModel) return this.openModel(model);
    const hash = await this.run(model, keepForDemo);
    if (hash) location.hash = hash;
  }

  private renderModel(model: ExportedModelId) {
    const hook = EXPORT_HOOKS[model];
    const d = this.view.downloads[model];
    const off = !this.enabled || this.view.busy;
    return html`<div class="row">
        <strong>${t(`export.${model}`)}</strong>
        <button data-testid=${hook} ?disabled=${off} @click=${() => void this.download(model)}>${t('export.files')}</button>
        <button data-testid="open-in-demo" data-model=${model} ?disabled=${off} @click=${() => void this.open(model)}>${t(`export.open.${model}`)}</button>
      </div>
      ${
        d
          ? html`<p class="small">${t('export.ready', { step: d.step })}</p>
        <ul data-testid="export-files-${model}">${d.files.map((f) => html`<li><a href=${f.url} download=${f.name}>${f.name}</a> (${fmt(f.bytes / 1024, 0)} KB)</li>`)}</ul>`
          : nothing
      }`;
  }

  override render() {
    const images = this.models.includes('vae');
    return html`<h2>${t('export.title')}</h2>
      <p class="small">${t(images ? 'export.lead' : 'export.lead.one')}</p>
      ${this.models.map((m) => this.renderModel(m))}
      <slot></slot>
      ${this.view.problem ? html`<p class="error" role="alert">${this.view.problem}</p>` : nothing}`;
  }
}

customElements.define('gmp-train-export', TrainExport);
declare global {
  interface HTMLElementTagNameMap {
    'gmp-train-export': TrainExport;
  }
}
