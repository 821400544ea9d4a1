// Draws the noise schedule: ᾱ_t (the share of the clean image left in x_t) over t, the timesteps the sampler
// visits as ticks, and the current t marked. Canvas only; no model logic. <gmp-schedule-plot> is that canvas,
// redrawn in its own updated() when the t shown, the run, the theme or the language changes.
import { html, LitElement } from 'lit';
import { t as text } from '../../core/main-thread/i18n';
import { themeColour } from '../../core/main-thread/theme';

export interface PlotColours {
  curve: string;
  visited: string;
  marker: string;
  text: string;
}

/** The current theme's plot colours (tokens in index.html). */
export function scheduleColours(): PlotColours {
  return {
    curve: themeColour('--gmp-plot-1'),
    visited: themeColour('--gmp-plot-faint'),
    marker: themeColour('--gmp-plot-3'),
    text: themeColour('--gmp-plot-text'),
  };
}

/** t (0..T-1) -> x pixel and ᾱ (0..1) -> y pixel inside a padded plot area. */
export function plotPoint(t: number, alphaBar: number, timesteps: number, w: number, h: number, pad = 24): [number, number] {
  return [pad + (t / (timesteps - 1)) * (w - 2 * pad), h - pad - alphaBar * (h - 2 * pad)];
}

export function drawSchedule(
  canvas: HTMLCanvasElement,
  alphaBar: readonly number[],
  visited: readonly number[],
  current: number | undefined,
  labels: { t: string; alphaBar: string },
  colours = scheduleColours(),
): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const { width: w, height: h } = canvas;
  const T = alphaBar.length;
  ctx.clearRect(0, 0, w, h);
  ctx.font = '12px sans-serif';
  ctx.fillStyle = colours.text;
  ctx.strokeStyle = colours.text;
  ctx.lineWidth = 1;
  // axes
  const [x0, y0] = plotPoint(0, 0, T, w, h);
  const [x1, y1] = plotPoint(T - 1, 1, T, w, h);
  ctx.beginPath();
  ctx.moveTo(x0, y1);
  ctx.lineTo(x0, y0);
  ctx.lineTo(x1, y0);
  ctx.stroke();
  ctx.fillText('1', x0 - 12, y1 + 4);
  ctx.fillText('0', x0 - 12, y0 + 4);
  ctx.fillText(`${T - 1}`, x1 - 18, y0 + 16);
  ctx.fillText(labels.t, (x0 + x1) / 2, y0 + 16);
  ctx.fillText(labels.alphaBar, x0 + 6, y1 - 10);
  // visited timesteps
  ctx.strokeStyle = colours.visited;
  for (const t of visited) {
    const [x] = plotPoint(t, 0, T, w, h);
    ctx.beginPath();
    ctx.moveTo(x, y0);
    ctx.lineTo(x, y0 - 5);
    ctx.stroke();
  }
  // the curve
  ctx.strokeStyle = colours.curve;
  ctx.lineWidth = 2;
  ctx.beginPath();
  for (let t = 0; t < T; t++) {
    const [x, y] = plotPoint(t, alphaBar[t], T, w, h);
    if (t === 0) ctx.moveTo(x, y);
    else ctx.lineTo(x, y);
  }
  ctx.stroke();
  // the current timestep
  if (current !== undefined && current >= 0) {
    const [x, y] = plotPoint(current, alphaBar[current], T, w, h);
    ctx.strokeStyle = colours.marker;
    ctx.fillStyle = colours.marker;
    ctx.lineWidth = 1;
    ctx.setLineDash([3, 3]);
    ctx.beginPath();
    ctx.moveTo(x, y0);
    ctx.lineTo(x, y1);
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.beginPath();
    ctx.arc(x, y, 5, 0, 2 * Math.PI);
    ctx.fill();
  }
}

export class SchedulePlot extends LitElement {
  static override properties = {
    alphaBar: { attribute: false },
    visited: { attribute: false },
    current: { attribute: false },
    label: { attribute: false },
    look: { attribute: false },
  };
  declare alphaBar: readonly number[] | undefined;
  /** The run's timesteps (undefined: no run yet, nothing drawn). */
  declare visited: readonly number[] | undefined;
  /** The t shown (-1: the clean image). */
  declare current: number | undefined;
  declare label: string;
  /** The theme and language the page is shown in: a new one redraws the plot in its colours and words. */
  declare look: string;

  constructor() {
    super();
    this.label = '';
    this.look = '';
  }

  protected override createRenderRoot() {
    return this;
  }

  override render() {
    return html`<canvas class="plot" data-testid="schedule" width="420" height="170" role="img"
      data-t=${this.current === undefined ? '' : String(this.current)} aria-label=${this.label}></canvas>`;
  }

  protected override updated(): void {
    const canvas = this.querySelector('canvas');
    if (!canvas || !this.alphaBar || !this.visited || this.current === undefined) return;
    drawSchedule(canvas, this.alphaBar, this.visited, this.current, {
      t: text('diffusion.schedule.axis.t'),
      alphaBar: text('diffusion.schedule.axis.ab'),
    });
  }
}

customElements.define('gmp-schedule-plot', SchedulePlot);
declare global {
  interface HTMLElementTagNameMap {
    'gmp-schedule-plot': SchedulePlot;
  }
}
