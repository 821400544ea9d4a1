// <gmp-diffusion-image>: one 28×28 canvas of the diffusion demo (x_t, the x̂_0 preview, a cell of the grid) that
// paints the image it is given in its own updated(). It renders into the page's root, so the page's canvas
// styles apply and tests find the canvas by its test id; `data-step` and `data-drawn` change in the same update
// as the pixels, so whoever sees a step sees its image.
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { paintImage } from '../../core/main-thread/paint-image';
import { SIZE } from '../../models/diffusion/playback';
import { toUnit } from '../../models/diffusion/sampler';

export class DiffusionImage extends LitElement {
  static override properties = {
    x: { attribute: false },
    offset: { attribute: false },
    step: { attribute: false },
    look: {},
    testid: {},
    cell: { attribute: false },
    label: { attribute: false },
  };
  /** Images at pixel scale [-1, 1]; this one starts at `offset`. null: clear the canvas; undefined: keep what it shows. */
  declare x: Float32Array | null | undefined;
  declare offset: number;
  /** The canvas's data-step (the step shown), if it has one. */
  declare step: string | undefined;
  /** The canvas's class. */
  declare look: string | undefined;
  declare testid: string | undefined;
  /** The canvas's data-cell (its place in the grid). */
  declare cell: number | undefined;
  declare label: string;

  constructor() {
    super();
    this.offset = 0;
    this.label = '';
  }

  protected override createRenderRoot() {
    return this;
  }

  override render() {
    return html`<canvas class=${this.look ?? nothing} width="28" height="28" role="img" aria-label=${this.label}
      data-testid=${this.testid ?? nothing} data-cell=${this.cell ?? nothing} data-step=${this.step ?? nothing}
      data-drawn=${this.x ? 'true' : nothing}></canvas>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    const canvas = this.querySelector('canvas');
    if (!canvas || !(changed.has('x') || changed.has('offset')) || this.x === undefined) return;
    if (this.x) paintImage(canvas, toUnit(this.x.subarray(this.offset, this.offset + SIZE)));
    else canvas.getContext('2d')?.clearRect(0, 0, canvas.width, canvas.height);
  }
}

customElements.define('gmp-diffusion-image', DiffusionImage);
declare global {
  interface HTMLElementTagNameMap {
    'gmp-diffusion-image': DiffusionImage;
  }
}
