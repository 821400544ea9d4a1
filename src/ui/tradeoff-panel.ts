// The trade-off panel (data-testid="tradeoffs"): how it works, strengths, weaknesses, when to use it, and
// the numbers the demo measures (slotted in by the demo).
import { LitElement, css, html, nothing } from 'lit';
import { I18nController, t, type MessageKey } from '../core/main-thread/i18n';

const LIVE_TEXT = { '/train': 'tradeoffs.live', '/train-text': 'tradeoffs.live-text', '/train-nerf': 'tradeoffs.live-nerf' } as const;
import './session.strings';

export interface TradeoffText {
  how: MessageKey[];
  strengths: MessageKey[];
  weaknesses: MessageKey[];
  when: MessageKey[];
  /** The training study's plot about how this model learns (an id on #/study). */
  study: 'data-amount' | 'poor-data' | 'training-time' | 'stability' | 'rare-class' | 'transformer-data' | 'nerf-views';
  /** The page where the model also trains live: #/train (the VAE, the GAN, diffusion), #/train-text (the GPT) or #/train-nerf. */
  live?: '/train' | '/train-text' | '/train-nerf';
}

export class TradeoffPanel extends LitElement {
  static override properties = { text: { attribute: false } };
  static override styles = css`
    :host { display: block; background: var(--gmp-panel); border-radius: 8px; padding: 0.9rem 1rem; box-shadow: 0 1px 2px var(--gmp-shadow); }
    @media (max-width: 640px) { :host { padding: 0.75rem 0.6rem; } }
    h2 { font-size: 1.1rem; margin: 0 0 0.4rem; }
    h3 { font-size: 0.98rem; margin: 0.8rem 0 0.3rem; }
    ol, ul { margin: 0; padding-left: 1.2rem; }
    li { margin: 0.2rem 0; }
    @media (max-width: 640px), (pointer: coarse) { a.study { display: inline-flex; align-items: center; min-height: 44px; } }
  `;
  declare text: TradeoffText;

  constructor() {
    super();
    new I18nController(this); // re-renders on a language switch
  }

  override render() {
    const list = (keys: MessageKey[]) => keys.map((k) => html`<li>${t(k)}</li>`);
    return html`<section data-testid="tradeoffs" aria-labelledby="tradeoffs-title">
      <h2 id="tradeoffs-title">${t('tradeoffs.title')}</h2>
      <h3>${t('tradeoffs.how')}</h3><ol>${list(this.text.how)}</ol>
      <h3>${t('tradeoffs.strengths')}</h3><ul>${list(this.text.strengths)}</ul>
      <h3>${t('tradeoffs.weaknesses')}</h3><ul>${list(this.text.weaknesses)}</ul>
      <h3>${t('tradeoffs.when')}</h3><ul>${list(this.text.when)}</ul>
      <h3>${t('tradeoffs.measured')}</h3><slot></slot>
      <p><a class="study" data-testid="study-link" href="#/study?plot=${this.text.study}">${t(`tradeoffs.study.${this.text.study}` as MessageKey)}</a></p>
      ${this.text.live ? html`<p><a class="study" data-testid="train-link" href="#${this.text.live}">${t(LIVE_TEXT[this.text.live])}</a></p>` : nothing}
    </section>`;
  }
}

customElements.define('gmp-tradeoffs', TradeoffPanel);
declare global {
  interface HTMLElementTagNameMap {
    'gmp-tradeoffs': TradeoffPanel;
  }
}
