// The saved-runs panel every training page shows: where the run on the page is saved (step, size, whether
// the browser keeps it), the storage-full warning, the list of saved runs (reopen, rename, download, delete),
// opening a run file from another browser, "delete all my data", and the setting that keeps training while
// the tab is hidden. A thin element over the page's RunKeeper (run-keeper.ts).
import { css, html, LitElement, nothing } from 'lit';
import { fmt, I18nController, t } from '../core/main-thread/i18n';
import './saved-runs.strings';
import type { RunMeta } from '../core/main-thread/run-store';
import { controlStyles } from './control-styles';
import { reactive } from './reactive-state';
import type { RunKeeper } from './run-keeper';

const mb = (bytes: number) => fmt(bytes / 1e6, bytes < 1e7 ? 1 : 0);

export class SavedRuns extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host { display: block; }
      label { display: inline-flex; flex-wrap: wrap; gap: 0.35rem; align-items: center; max-width: 100%; }
      input[type='file'] { max-width: 100%; min-width: 0; }
      .name { overflow-wrap: anywhere; }
      ul { list-style: none; padding: 0; margin: 0.4rem 0; }
      li { display: flex; flex-wrap: wrap; gap: 0.3rem 0.6rem; align-items: center; padding: 0.3rem 0; border-top: 1px solid var(--gmp-rule); font-size: 0.9rem; }
      li[aria-current='true'] .name { font-weight: 600; }
      .small { font-size: 0.9rem; color: var(--gmp-muted); }
      .error { color: var(--gmp-error); }
      @media (max-width: 640px), (pointer: coarse) { button, input { min-height: 44px; } }
    `,
  ];
  static override properties = {
    keeper: { attribute: false },
    version: { attribute: false },
    keepHidden: { type: Boolean },
    hiddenPaused: { type: Boolean },
  };

  declare keeper: RunKeeper<unknown> | undefined;
  /** the keeper's change count (its lists and notes change inside it) */
  declare version: number;
  /** training goes on while the tab is hidden */
  declare keepHidden: boolean;
  /** training was paused because the tab was hidden */
  declare hiddenPaused: boolean;
  /** The visitor reopens a saved run, or opens a run file (the page pauses, then restarts on it). */
  reopen?: (id: string) => void;
  openFile?: (bytes: Uint8Array, name: string) => void;
  changeKeepHidden?: (keep: boolean) => void;
  private readonly view = reactive(this, { renaming: undefined as string | undefined, confirmAll: false });

  constructor() {
    super();
    this.keepHidden = false;
    this.hiddenPaused = false;
    new I18nController(this);
  }

  private async download(id: string): Promise<void> {
    const f = await this.keeper?.file(id);
    if (!f) return;
    const url = URL.createObjectURL(new Blob([f.bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
    const a = Object.assign(document.createElement('a'), { href: url, download: f.name });
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  private async importRun(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    this.openFile?.(new Uint8Array(await file.arrayBuffer()), file.name);
  }

  private renderRun(r: RunMeta) {
    const k = this.keeper!;
    const current = r.id === k.currentId;
    const when = new Date(r.updated).toLocaleString();
    const name =
      this.view.renaming === r.id
        ? html`<input aria-label=${t('runs.rename.label')} .value=${r.name} @keydown=${(e: KeyboardEvent) => {
            if (e.key === 'Enter') {
              this.view.renaming = undefined;
              void k.rename(r.id, (e.target as HTMLInputElement).value);
            } else if (e.key === 'Escape') this.view.renaming = undefined;
          }} />`
        : html`<span class="name">${r.name}</span>`;
    return html`<li data-run=${r.id} data-step=${r.step} aria-current=${current ? 'true' : 'false'}>
      ${name} <span class="small">${t('runs.item', { step: r.step, mb: mb(r.bytes), when })}${current ? t('runs.item.current') : ''}</span>
      ${current ? nothing : html`<button @click=${() => this.reopen?.(r.id)}>${t('runs.open')}</button>`}
      <button @click=${() => (this.view.renaming = r.id)}>${t('runs.rename')}</button>
      <button @click=${() => void this.download(r.id)}>${t('runs.download')}</button>
      <button @click=${() => void k.remove(r.id)}>${t('runs.delete')}</button>
    </li>`;
  }

  private renderStatus() {
    const k = this.keeper!;
    const parts = [];
    if (k.problem)
      parts.push(
        html`<p class="error" role="alert" data-testid="run-save-problem">${t(`runs.problem.${k.problem}`, { step: k.lastSaved?.step ?? 0 })}</p>`,
      );
    if (k.lastSaved)
      parts.push(
        html`<p class="small" data-testid="run-saved" data-step=${k.lastSaved.step}>${t('runs.saved', { step: k.lastSaved.step, mb: mb(k.lastSaved.bytes) })}
        ${k.persisted === undefined ? '' : t(k.persisted ? 'runs.persisted' : 'runs.not-persisted')}</p>`,
      );
    if (this.hiddenPaused) parts.push(html`<p class="small" data-testid="hidden-paused">${t('runs.hidden-paused')}</p>`);
    return parts;
  }

  override render() {
    const k = this.keeper;
    if (!k) return nothing;
    return html`<h2>${t('runs.title')}</h2>
      <p class="small">${t('runs.lead')}</p>
      ${this.renderStatus()}
      <label><input type="checkbox" data-testid="keep-hidden" .checked=${this.keepHidden}
        @change=${(e: Event) => this.changeKeepHidden?.((e.target as HTMLInputElement).checked)} /> ${t('runs.keep-hidden')}</label>
      ${k.runs.length ? html`<ul data-testid="runs-list">${k.runs.map((r) => this.renderRun(r))}</ul>` : html`<p class="small" data-testid="runs-list">${t('runs.none')}</p>`}
      <label>${t('runs.import')} <input type="file" data-testid="run-file" accept=".gmprun,application/octet-stream" @change=${(e: Event) => void this.importRun(e)} /></label>
      ${k.refused ? html`<p class="error" role="alert">${k.refused}</p>` : nothing}
      <p>${
        this.view.confirmAll
          ? html`${t('runs.delete-all.sure')} <button data-testid="delete-all-yes" @click=${() => {
              this.view.confirmAll = false;
              void k.removeAll();
            }}>${t('runs.delete-all.yes')}</button> <button @click=${() => (this.view.confirmAll = false)}>${t('runs.delete-all.no')}</button>`
          : html`<button data-testid="delete-all" @click=${() => (this.view.confirmAll = true)}>${t('runs.delete-all')}</button>`
      }</p>`;
  }
}

customElements.define('gmp-saved-runs', SavedRuns);
declare global {
  interface HTMLElementTagNameMap {
    'gmp-saved-runs': SavedRuns;
  }
}
