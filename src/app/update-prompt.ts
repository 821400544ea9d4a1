// "A new version is ready": shown when the service worker has installed a newer site; Reload switches to it.
import { LitElement, css, html } from 'lit';
import { I18nController, t } from '../core/main-thread/i18n';
import './pwa.strings';

export class UpdatePrompt extends LitElement {
  static override styles = css`
    :host { position: fixed; inset: auto 0.8rem 0.8rem auto; z-index: 10; max-width: calc(100vw - 1.6rem); }
    div { display: flex; flex-wrap: wrap; align-items: center; gap: 0.6rem; padding: 0.7rem 0.9rem; border-radius: 8px;
      background: var(--gmp-panel, #fff); color: var(--gmp-text, #1d2330); border: 1px solid var(--gmp-border, #d5d9e3);
      box-shadow: 0 2px 8px var(--gmp-shadow, #0002); }
    button { font: inherit; min-height: 44px; padding: 0 1rem; border-radius: 4px; border: 0; cursor: pointer;
      background: var(--gmp-accent, #2f5bd3); color: var(--gmp-on-accent, #fff); }
    button:focus-visible { outline: 2px solid var(--gmp-focus, #2f5bd3); outline-offset: 2px; }
  `;

  /** Switches to the waiting version (and reloads). */
  apply: () => void = () => undefined;

  constructor() {
    super();
    new I18nController(this);
  }

  override render() {
    return html`<div role="status" data-testid="update-prompt">
      <span>${t('update.ready')}</span>
      <button data-testid="update-reload" @click=${() => this.apply()}>${t('update.reload')}</button>
    </div>`;
  }
}

customElements.define('gmp-update-prompt', UpdatePrompt);
declare global {
  interface HTMLElementTagNameMap {
    'gmp-update-prompt': UpdatePrompt;
  }
}
