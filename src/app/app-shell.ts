// The shell: header with navigation, language and colour-scheme switches, and the page for the current hash route.
import { LitElement, css, html, nothing } from 'lit';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import { I18nController, lang, setLang, t } from '../core/main-thread/i18n';
import { findRoute, ROUTES } from './routes';
import { parseHash, shown } from '../core/any-thread/url-state';
import { replaceLink } from '../ui/link-state';
import './app.strings';
import './home-page';
import './theme-toggle';

export class AppShell extends LitElement {
  static override styles = css`
    :host { display: block; min-height: 100vh; font-family: system-ui, sans-serif; color: var(--gmp-text); background: var(--gmp-bg); }
    header { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1rem; padding: 0.6rem 1rem;
      background: var(--gmp-header-bg); color: var(--gmp-header-text); }
    header a.brand { color: var(--gmp-header-text); font-weight: 700; text-decoration: none; margin-right: auto; }
    nav ul { display: flex; flex-wrap: wrap; gap: 0.25rem; list-style: none; margin: 0; padding: 0; }
    nav a { color: var(--gmp-header-link); text-decoration: none; padding: 0.3rem 0.55rem; border-radius: 4px; }
    nav a[aria-current='page'] { background: var(--gmp-header-current); color: var(--gmp-header-text); }
    header a:focus-visible, button:focus-visible { outline: 2px solid var(--gmp-header-focus); outline-offset: 2px; }
    button.lang { font: inherit; background: transparent; color: var(--gmp-header-text); border: 1px solid var(--gmp-header-border); border-radius: 4px;
      padding: 0.3rem 0.6rem; cursor: pointer; }
    .switches { display: flex; gap: 0.5rem; }
    main { max-width: 1200px; margin: 0 auto; padding: 1rem; }
    .notfound { background: var(--gmp-panel); border-radius: 8px; padding: 1.5rem; }
    /* phones: every link and switch in the header is a 44 px target; the page keeps more of the width */
    @media (max-width: 640px), (pointer: coarse) {
      header { padding: 0.3rem 0.5rem; gap: 0.25rem 0.5rem; }
      header a.brand, nav a { display: inline-flex; align-items: center; min-height: 44px; min-width: 44px; box-sizing: border-box; }
      nav a { justify-content: center; padding: 0 0.5rem; }
      nav ul { gap: 0 0.1rem; }
      button.lang { min-height: 44px; min-width: 44px; }
    }
    @media (max-width: 640px) { main { padding: 0.75rem 0.5rem; } }
  `;

  static override properties = { path: { state: true }, loadFailure: { state: true } };

  /** The route shown: the hash's path. */
  declare private path: string;
  /** A page whose module could not be fetched (offline, a broken deploy), with the browser's reason. */
  declare private loadFailure: { path: string; message: string } | undefined;

  constructor() {
    super();
    new I18nController(this);
    this.path = '/';
  }
  private onHash = () => this.route();
  /** A file dropped beside a drop zone would make the browser open it and leave the site (and a training run). */
  private keepDroppedFiles = (e: DragEvent) => {
    if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHash);
    window.addEventListener('dragover', this.keepDroppedFiles);
    window.addEventListener('drop', this.keepDroppedFiles);
    this.route();
    document.documentElement.lang = lang();
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this.onHash);
    window.removeEventListener('dragover', this.keepDroppedFiles);
    window.removeEventListener('drop', this.keepDroppedFiles);
    super.disconnectedCallback();
  }

  private route(): void {
    this.path = parseHash(location.hash).path;
    const r = findRoute(this.path);
    // a page that keeps nothing in the link gets a link with nothing after its path
    if (r && !r.readsLink && location.hash) replaceLink(`#${r.path}`);
    if (r?.load && !customElements.get(r.tag)) {
      r.load().then(
        () => {
          if (this.loadFailure?.path === r.path) this.loadFailure = undefined;
        },
        (e: unknown) => {
          this.loadFailure = { path: r.path, message: e instanceof Error ? e.message : String(e) };
        },
      );
    }
    document.title = `${this.pageTitle()} · ${t('app.title')}`;
  }

  private pageTitle(): string {
    const r = findRoute(this.path);
    return r ? t(r.nav) : t('notfound.title');
  }

  override updated(): void {
    document.title = `${this.pageTitle()} · ${t('app.title')}`;
  }

  private renderPage() {
    const r = findRoute(this.path);
    if (!r) {
      return html`<section class="notfound" role="alert"><h1>${t('notfound.title')}</h1>
        <p>${t('notfound.body', { route: shown(this.path) })}</p></section>`;
    }
    if (this.loadFailure?.path === r.path) {
      return html`<section class="notfound" role="alert"><h1>${t(r.nav)}</h1>
        <p>${t('page.loadfailed', { message: this.loadFailure.message.slice(0, 200) })}</p></section>`;
    }
    // the tag comes from our own route table, never from the link
    const tag = unsafeStatic(r.tag);
    return staticHtml`<${tag}></${tag}>`;
  }

  override render() {
    return html`
      <header>
        <a class="brand" href="#/">${t('app.title')}</a>
        <nav aria-label=${t('nav.label')}>
          <ul>
            ${ROUTES.map((r) => html`<li><a href="#${r.path}" aria-current=${r.path === this.path ? 'page' : nothing}>${t(r.nav)}</a></li>`)}
          </ul>
        </nav>
        <div class="switches">
          <button class="lang" data-testid="lang-toggle" title=${t('lang.toggle.title')}
            @click=${() => setLang(lang() === 'en' ? 'de' : 'en')}>${t('lang.toggle')}</button>
          <gmp-theme-toggle></gmp-theme-toggle>
        </div>
      </header>
      <main>${this.renderPage()}</main>
    `;
  }
}

customElements.define('gmp-app', AppShell);
declare global {
  interface HTMLElementTagNameMap {
    'gmp-app': AppShell;
  }
}
