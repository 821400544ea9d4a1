// <gmp-nerf-photo>: the training photo taken closest to the NeRF demo's view (models/nerf/orbit.ts picks it),
// with its name and how far its direction is from the view's. Renders into the page's own root, so the demo's
// photo style applies.
import { html, LitElement, nothing } from 'lit';
import { fmt, I18nController, t } from '../../core/main-thread/i18n';
import { MODELS_URL } from '../../core/main-thread/site';
import type { PhotoChoice } from '../../models/nerf/orbit';
import './nerf.strings';

export class NearestPhoto extends LitElement {
  static override properties = { photo: { attribute: false } };
  declare photo: PhotoChoice | undefined;

  constructor() {
    super();
    new I18nController(this);
  }

  protected override createRenderRoot() {
    return this;
  }

  override render() {
    const p = this.photo;
    if (!p) return nothing;
    return html`<figure class="photo" data-testid="nearest-photo" data-index=${p.index}>
      <img src=${new URL(p.file, MODELS_URL).href} alt=${t('nerf.nearest.alt')} width="150" height="150">
      <figcaption>${t('nerf.nearest')}<br>${t('nerf.nearest.caption', { name: p.name, angle: fmt(p.angle, 0) })}</figcaption>
    </figure>`;
  }
}

customElements.define('gmp-nerf-photo', NearestPhoto);
declare global {
  interface HTMLElementTagNameMap {
    'gmp-nerf-photo': NearestPhoto;
  }
}
