// The colour-scheme switch in the header (data-testid="theme-toggle"): one button that steps through
// system → light → dark, shows the choice, and is remembered (src/core/main-thread/theme.ts).
import { LitElement, css, html } from 'lit';
import { I18nController, t, type MessageKey } from '../core/main-thread/i18n';
import { nextThemeChoice, setThemeChoice, ThemeController, theme, themeChoice, type ThemeChoice } from '../core/main-thread/theme';
import './theme.strings';

const ICON: Record<ThemeChoice, string> = { system: '◐', light: '☀', dark: '☾' };
const name = (c: ThemeChoice) => t(`theme.${c}` as MessageKey);

export class ThemeToggle extends LitElement {
  static override styles = css`
    :host { display: inline-block; }
    button { font: inherit; background: transparent; color: var(--gmp-header-text); border: 1px solid var(--gmp-header-border);
      border-radius: 4px; padding: 0.3rem 0.6rem; cursor: pointer; }
    button:focus-visible { outline: 2px solid var(--gmp-header-focus); outline-offset: 2px; }
    span.icon { display: inline-block; width: 1.1em; text-align: center; }
    @media (max-width: 640px), (pointer: coarse) { button { min-height: 44px; min-width: 44px; } }
  `;

  constructor() {
    super();
    new I18nController(this);
    new ThemeController(this);
  }

  override render() {
    const choice = themeChoice();
    const next = nextThemeChoice(choice);
    return html`<button data-testid="theme-toggle" data-choice=${choice} data-theme=${theme()}
      aria-label=${t('theme.toggle.aria', { scheme: name(choice) })} title=${t('theme.toggle.title', { next: name(next) })}
      @click=${() => setThemeChoice(next)}><span class="icon" aria-hidden="true">${ICON[choice]}</span> ${name(choice)}</button>`;
  }
}

customElements.define('gmp-theme-toggle', ThemeToggle);
declare global {
  interface HTMLElementTagNameMap {
    'gmp-theme-toggle': ThemeToggle;
  }
}
