// The engine <select> every demo shows (data-testid="engine"). Unavailable engines stay listed but
// disabled, with the reason, so a visitor sees why.
import { LitElement, css, html } from 'lit';
import { I18nController, t, type MessageKey } from '../core/main-thread/i18n';
import './session.strings';
import { controlStyles } from './control-styles';
import type { EngineChoice } from '../core/any-thread/engine-choice';

export interface EngineOption {
  choice: EngineChoice;
  /** Why it can't be chosen here; undefined when it can. */
  unavailable?: string;
}

export class EngineSelect extends LitElement {
  static override properties = { value: {}, options: { attribute: false }, disabled: { type: Boolean } };
  static override styles = [
    controlStyles,
    css`
    :host { display: inline-block; max-width: 100%; }
    label { display: inline-flex; gap: 0.4rem; align-items: center; font-weight: 600; max-width: 100%; }
    /* an option's text (an engine and why it is off) may be long: the menu shrinks to the screen instead */
    select { font: inherit; padding: 0.2rem; min-width: 0; max-width: min(24rem, 100vw - 9rem); text-overflow: ellipsis; }
  `,
  ];
  /** The current choice. */
  declare value: EngineChoice;
  /** Every engine this demo knows, available or not. */
  declare options: EngineOption[];
  /** Locked while an engine starts. */
  declare disabled: boolean;

  constructor() {
    super();
    new I18nController(this); // re-renders on a language switch
    this.value = 'auto';
    this.options = [];
    this.disabled = false;
  }

  private onChange(e: Event) {
    const value = (e.target as HTMLSelectElement).value as EngineChoice;
    this.dispatchEvent(new CustomEvent<EngineChoice>('engine-change', { detail: value, bubbles: true, composed: true }));
  }

  override render() {
    return html`<label>${t('demo.engine.label')}
      <select data-testid="engine" .value=${this.value} ?disabled=${this.disabled} @change=${this.onChange}>
        ${this.options.map(
          (o) => html`<option value=${o.choice} ?disabled=${!!o.unavailable} ?selected=${o.choice === this.value}>
          ${o.unavailable ? t('demo.engine.off', { engine: o.choice, reason: o.unavailable }) : t(`demo.engine.${o.choice}` as MessageKey)}
        </option>`,
        )}
      </select></label>`;
  }
}

customElements.define('gmp-engine-select', EngineSelect);
declare global {
  interface HTMLElementTagNameMap {
    'gmp-engine-select': EngineSelect;
  }
}
