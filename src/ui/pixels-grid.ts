// <gmp-pixels>: a canvas that paints its own grey images (a grid of samples, a row of reconstructions) whenever
// it is given new ones. It renders into the page's own root, so the page's canvas styles apply and tests find
// the canvas by its test id; `data-drawn` says that something has been painted.
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { paintGrid } from '../core/main-thread/paint-image';

export class PixelsGrid extends LitElement {
  static override properties = {
    pixels: { attribute: false },
    count: { type: Number },
    cols: { type: Number },
    label: {},
    testid: {},
    look: {},
  };
  /** `count` images of 28×28 in [0, 1], one after the other. */
  declare pixels: Float32Array | undefined;
  declare count: number;
  /** Images per row. */
  declare cols: number;
  declare label: string;
  /** The canvas's data-testid. */
  declare testid: string;
  /** The canvas's class (its size and shape on the page). */
  declare look: string;

  protected override createRenderRoot() {
    return this;
  }

  override render() {
    return html`<canvas class=${this.look ?? nothing} data-testid=${this.testid ?? nothing} aria-label=${this.label ?? nothing}
      width="224" height="224" data-drawn=${this.pixels ? 'true' : nothing}></canvas>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    const canvas = this.querySelector('canvas');
    if (!canvas || !this.pixels || !(changed.has('pixels') || changed.has('count') || changed.has('cols'))) return;
    paintGrid(canvas, this.pixels, this.count, this.cols);
  }
}

customElements.define('gmp-pixels', PixelsGrid);
declare global {
  interface HTMLElementTagNameMap {
    'gmp-pixels': PixelsGrid;
  }
}
