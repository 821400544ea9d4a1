// Home: one card per model kind and the device report.
import { LitElement, css, html } from 'lit';
import { I18nController, t, type MessageKey } from './i18n';
import { ROUTES } from './routes';
import './device-report';

const KINDS = ['vae', 'gan', 'diffusion', 'transformer', 'nerf'] as const;

export class HomePage extends LitElement {
  static override styles = css`
    :host { display: block; }
    .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(210px, 1fr)); gap: 0.8rem; margin: 1rem 0; }
    .card { background: #fff; border-radius: 8px; padding: 0.9rem; display: flex; flex-direction: column; gap: 0.4rem;
      box-shadow: 0 1px 2px #0001; }
    .card h2 { font-size: 1.02rem; margin: 0; }
    .card p { margin: 0; flex: 1; color: #3d4556; }
    .soon { color: #4f5668; font-style: italic; }
    a.open { align-self: flex-start; background: #2f5bd3; color: #fff; padding: 0.35rem 0.8rem; border-radius: 4px; text-decoration: none; }
    a.open:focus-visible { outline: 2px solid #ffcf4a; outline-offset: 2px; }
  `;
  private i18n = new I18nController(this);

  override render() {
    void this.i18n;
    return html`
      <h1>${t('app.title')}</h1>
      <p>${t('app.tagline')}</p>
      <p>${t('home.intro')}</p>
      <div class="cards">
        ${KINDS.map((k) => {
          const built = ROUTES.find((r) => r.path === `/${k}`)?.built;
          return html`<article class="card" data-testid="card-${k}">
            <h2>${t(`card.${k}.title` as MessageKey)}</h2>
            <p>${t(`card.${k}.when` as MessageKey)}</p>
            ${built ? html`<a class="open" href="#/${k}">${t('home.open')}</a>` : html`<span class="soon">${t('home.soon')}</span>`}
          </article>`;
        })}
      </div>
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
