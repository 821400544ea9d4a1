// <gmp-nerf-inspector>: the NeRF demo's ray inspector panel — a summary of the inspected ray and a plot of
// density, transmittance and weight along it, with grey marks for the samples the occupancy grid skipped and a
// dashed line where the ray turned opaque. The numbers come from models/nerf/ray-plot.ts; this paints them
// whenever it renders (a new ray, a theme or language switch). Renders into the page's own root, so the demo's
// panel, plot and legend styles apply.
import { html, LitElement } from 'lit';
import { fmt, I18nController, t } from '../../core/main-thread/i18n';
import { ThemeController, themeColour } from '../../core/main-thread/theme';
import type { RayInspection } from '../../engines/nerf/nerf-reference';
import { type Curve, peakDensity, type RayPlot, rayPlot, raySummary } from '../../models/nerf/ray-plot';
import { inlineStyle } from '../../ui/inline-style';
import './nerf.strings';

export const PLOT_W = 360;
export const PLOT_H = 150;
/** The plot's colours: theme tokens (index.html), shared by the canvas and its legend. */
const PLOT = {
  density: '--gmp-plot-1',
  transmittance: '--gmp-plot-2',
  weight: '--gmp-plot-3',
  skipped: '--gmp-plot-faint',
  stop: '--gmp-plot-strong',
} as const;
const CURVES: readonly Curve[] = ['density', 'transmittance', 'weight'];

export class RayInspector extends LitElement {
  static override properties = { inspection: { attribute: false } };
  /** The inspected ray (undefined: none yet). */
  declare inspection: RayInspection | undefined;

  constructor() {
    super();
    new I18nController(this);
    new ThemeController(this); // a theme switch re-renders, so updated() repaints in the new colours
  }

  protected override createRenderRoot() {
    return this;
  }

  private summary(): string {
    const r = this.inspection;
    if (!r) return t('nerf.inspector.empty');
    const s = raySummary(r);
    return s ? t('nerf.inspector.summary', { ...s }) : t('nerf.inspector.miss', { x: r.x, y: r.y });
  }

  override render() {
    const r = this.inspection;
    const swatch = (token: string) => html`<span ${inlineStyle({ background: `var(${token})` })}></span>`;
    return html`<section class="panel" data-testid="ray-inspector" aria-labelledby="ray-title">
      <h2 id="ray-title">${t('nerf.inspector')}</h2>
      <p class="help" data-testid="ray-summary">${this.summary()}</p>
      <canvas class="plot" width=${PLOT_W} height=${PLOT_H} role="img" data-samples=${r ? r.t.length : 0}
        aria-label=${r ? t('nerf.inspector.aria', { x: r.x, y: r.y }) : t('nerf.inspector.empty')}></canvas>
      <ul class="legend">
        <li>${swatch(PLOT.density)}${t('nerf.legend.density', { peak: r ? fmt(peakDensity(r), 0) : '—' })}</li>
        <li>${swatch(PLOT.transmittance)}${t('nerf.legend.transmittance')}</li>
        <li>${swatch(PLOT.weight)}${t('nerf.legend.weight')}</li>
        <li>${swatch(PLOT.skipped)}${t('nerf.legend.skipped')}</li>
      </ul>
    </section>`;
  }

  protected override updated(): void {
    const canvas = this.querySelector<HTMLCanvasElement>('canvas.plot');
    if (canvas && this.inspection) paint(canvas, rayPlot(this.inspection, PLOT_W, PLOT_H));
  }
}

/** Paints `plot` (undefined: a ray without samples, an empty plot) at up to twice the CSS pixels. */
function paint(canvas: HTMLCanvasElement, plot: RayPlot | undefined): void {
  const dpr = Math.min(2, globalThis.devicePixelRatio || 1);
  canvas.width = PLOT_W * dpr;
  canvas.height = PLOT_H * dpr;
  const g = canvas.getContext('2d')!;
  g.scale(dpr, dpr);
  g.clearRect(0, 0, PLOT_W, PLOT_H);
  if (!plot) return;
  g.fillStyle = themeColour(PLOT.skipped);
  for (const m of plot.marks) g.fillRect(m.x, m.y, m.w, m.h);
  g.lineWidth = 1.5;
  for (const curve of CURVES) {
    g.strokeStyle = themeColour(PLOT[curve]);
    g.beginPath();
    for (const [i, [x, y]] of plot.curves[curve].entries()) {
      if (i) g.lineTo(x, y);
      else g.moveTo(x, y);
    }
    g.stroke();
  }
  if (plot.stop) {
    // where the ray turned opaque: the renderer stops here
    g.strokeStyle = themeColour(PLOT.stop);
    g.setLineDash([3, 3]);
    g.beginPath();
    g.moveTo(plot.stop.x, plot.stop.top);
    g.lineTo(plot.stop.x, plot.stop.bottom);
    g.stroke();
    g.setLineDash([]);
  }
  canvas.dataset.drawn = 'true';
}

customElements.define('gmp-nerf-inspector', RayInspector);
declare global {
  interface HTMLElementTagNameMap {
    'gmp-nerf-inspector': RayInspector;
  }
}
