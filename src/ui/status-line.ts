// The status line of a page that runs a model (data-testid="status" with data-state), download progress (data-testid="progress"),
// notes about engine choice and recoveries, and the error box with a retry button.
import { LitElement, css, html, nothing } from 'lit';
import { fmt, I18nController, t } from '../core/main-thread/i18n';
import './session.strings';
import { controlStyles } from './control-styles';

import type { SessionState } from './model-session';

export interface DownloadProgress {
  file: string;
  loaded: number;
  total: number;
}

export class StatusLine extends LitElement {
  static override properties = {
    state: { reflect: true },
    text: {},
    progress: { attribute: false },
    notes: { attribute: false },
  };
  static override styles = [
    controlStyles,
    css`
    :host { display: block; margin: 0.4rem 0; }
    .status { font-weight: 600; margin: 0.4rem 0; }
    /* room for a two-line status and the progress bar, taken from the start: nothing below jumps when a download starts or ends */
    .line { min-height: calc(2 * 1.5em + 1.6rem); }
    .status[data-state='error'] { color: var(--gmp-error); }
    .status[data-state='ready'] { color: var(--gmp-ok); }
    progress { width: min(24rem, 100%); display: block; margin: 0.3rem 0; }
    .error { background: var(--gmp-error-bg); border: 1px solid var(--gmp-error-border); border-radius: 6px; padding: 0.7rem; margin: 0.4rem 0; }
    .error h2 { margin: 0 0 0.3rem; font-size: 1rem; }
    ul.notes { margin: 0.3rem 0; padding-left: 1.1rem; color: var(--gmp-muted); }
  `,
  ];
  declare state: SessionState;
  /** The line shown beside the state, already translated. */
  declare text: string;
  declare progress: DownloadProgress | undefined;
  /** Extra lines: engine choice, ignored URL parameters, recoveries. Already translated. */
  declare notes: string[];

  constructor() {
    super();
    new I18nController(this); // re-renders on a language switch
    this.state = 'loading';
    this.text = '';
    this.notes = [];
  }

  override render() {
    const p = this.progress;
    const mb = (b: number) => fmt(b / 1e6, 2);
    return html`<div class="line">
      ${
        this.state === 'error'
          ? html`<div class="error" role="alert"><h2>${t('demo.error.title')}</h2>
            <p class="status" data-testid="status" data-state="error">${this.text}</p>
            <button data-testid="retry" @click=${() => this.dispatchEvent(new CustomEvent('retry', { bubbles: true, composed: true }))}>${t('demo.retry')}</button></div>`
          : html`<p class="status" data-testid="status" data-state=${this.state} role="status" aria-live="polite">${this.text}</p>`
      }
      ${
        p && this.state === 'loading'
          ? html`<progress data-testid="progress" max=${p.total} value=${p.loaded}
            aria-label=${t('demo.status.downloading', { file: p.file, done: mb(p.loaded), total: mb(p.total) })}></progress>`
          : nothing
      }</div>
      ${this.notes.length ? html`<ul class="notes" data-testid="notes" aria-live="polite">${this.notes.map((n) => html`<li>${n}</li>`)}</ul>` : nothing}
    `;
  }
}

customElements.define('gmp-status-line', StatusLine);
declare global {
  interface HTMLElementTagNameMap {
    'gmp-status-line': StatusLine;
  }
}
