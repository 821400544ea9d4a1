// A line chart over uPlot (https://github.com/leeoniya/uPlot: small, fast, made for this): axes labelled
// with their units, values under the cursor in the legend, log scales, colours from the theme's tokens, the
// width of its box (phones included). The same numbers stand in a table below it for screen readers and
// for anyone who wants them exactly. Thin: the page hands it a ChartSpec and nothing else.
import { LitElement, css, html, unsafeCSS } from 'lit';
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import { ThemeController, themeColour } from '../core/main-thread/theme';
import { I18nController, t } from '../core/main-thread/i18n';
import './session.strings';

export interface ChartSeries {
  label: string;
  /** One value per x; null where the series has none. */
  values: (number | null)[];
  /** A colour token, e.g. '--gmp-plot-1'. */
  colour: string;
  dash?: number[];
  /** Bars instead of a line (for categories). */
  bars?: boolean;
  /** Bars of several series side by side: this one left (-1) or right (1) of its x. */
  align?: -1 | 1;
  /** Where each value has several runs (seeds): the lowest and highest, drawn as a whisker through the point. */
  spread?: { low: (number | null)[]; high: (number | null)[] };
}

export interface ChartSpec {
  /** Accessible name of the chart (what it shows). */
  title: string;
  x: number[];
  xLabel: string;
  yLabel: string;
  series: ChartSeries[];
  xLog?: boolean;
  yLog?: boolean;
  /** Names for the x values, where x is a category (0, 1, 2…) rather than a number. */
  xNames?: string[];
  /** How a value reads in the legend and the table. */
  format?: (v: number) => string;
  formatX?: (v: number) => string;
  /** A horizontal reference line (e.g. a class's share in the training set). */
  level?: { y: number; label: string };
  /** The y axis starts at zero (bars). */
  yFromZero?: boolean;
}

const HEIGHT = 260;

/**
 * The first uPlot a page makes stays reachable for good: uPlot defines its `rect` getter on each chart
 * object, and V8 keeps that first getter (and through its closure the chart, our hooks and so the whole page)
 * in the object shapes that later objects share. So the first one is a throwaway on a detached box, made
 * before any real chart; the memory e2e test (e2e/memory.spec.ts) finds a page kept alive if this stops working.
 */
let firstChartMade = false;
function makeThrowawayChart(): void {
  if (firstChartMade) return;
  firstChartMade = true;
  new uPlot({ width: 1, height: 1, series: [{}, {}] }, [[0], [0]], document.createElement('div')).destroy();
}

export class LineChart extends LitElement {
  static override styles = [
    unsafeCSS(uplotCss),
    css`
      :host { display: block; }
      figure { margin: 0; }
      .plot { width: 100%; min-height: ${HEIGHT}px; }
      .u-legend { font-size: 0.8rem; color: var(--gmp-text); }
      .u-legend th { font-weight: 500; }
      .u-legend th button { font: inherit; color: inherit; background: none; border: 0; padding: 0 0.2rem; cursor: pointer; }
      .u-legend th button:focus-visible { outline: 2px solid var(--gmp-focus); outline-offset: 2px; }
      .ylabel { font-size: 0.8rem; font-weight: 600; color: var(--gmp-text); margin: 0 0 0.2rem; }
      details { font-size: 0.85rem; margin-top: 0.3rem; }
      .values { border-collapse: collapse; font-variant-numeric: tabular-nums; }
      .values td, .values th { padding: 0.15rem 0.6rem 0.15rem 0; text-align: right; border-bottom: 1px solid var(--gmp-rule); }
      .values th:first-child, .values td:first-child { text-align: left; }
      .scroll { overflow-x: auto; }
      @media (max-width: 640px), (pointer: coarse) {
        summary { min-height: 44px; display: flex; align-items: center; }
        summary::before { content: '▸'; margin-right: 0.4rem; } /* a flex summary loses its marker */
        details[open] > summary::before { content: '▾'; }
        .u-legend th button { min-height: 44px; display: inline-flex; align-items: center; }
      }
    `,
  ];
  static override properties = { spec: { attribute: false } };
  declare spec: ChartSpec | undefined;

  private chart?: uPlot;
  private resize = new ResizeObserver(() => this.fit());

  constructor() {
    super();
    new ThemeController(this);
    new I18nController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.resize.observe(this);
    if (this.spec && !this.chart) this.requestUpdate(); // came back after a render while away
  }

  override disconnectedCallback(): void {
    this.resize.disconnect();
    this.chart?.destroy();
    this.chart = undefined;
    super.disconnectedCallback();
  }

  private get box(): HTMLElement | null {
    return this.renderRoot.querySelector('.plot');
  }

  private fit(): void {
    const width = this.box?.clientWidth ?? 0;
    if (this.chart && width > 0 && width !== this.chart.width) this.chart.setSize({ width, height: HEIGHT });
  }

  override updated(): void {
    // rebuilt on every change of data, language or theme: a chart is cheap, and colours are baked into it
    this.chart?.destroy();
    this.chart = undefined;
    const spec = this.spec;
    const box = this.box;
    // Lit also renders detached elements (data that arrives after the visitor left): a uPlot made then would
    // hold window listeners, and with them this element and its page, for ever
    if (!spec || !box || !this.isConnected) return;
    makeThrowawayChart();
    const text = themeColour('--gmp-plot-text');
    const grid = themeColour('--gmp-rule');
    const format = spec.format ?? ((v: number) => String(v));
    const formatX = spec.formatX ?? ((v: number) => spec.xNames?.[v] ?? String(v));
    // long numbers on a log axis in the short form of the visitor's language (10 Mio., 10M), so phones fit them
    const compact = new Intl.NumberFormat(document.documentElement.lang || 'en', { notation: 'compact' });
    const axis = (label?: string): uPlot.Axis => ({
      label,
      stroke: text,
      grid: { stroke: grid, width: 1 },
      ticks: { stroke: grid, width: 1 },
    });
    const level = spec.level;
    const barCentres = new Map<string, number>(); // "series:index" → the bar's middle, in canvas pixels
    this.chart = new uPlot(
      {
        width: Math.max(box.clientWidth, 200),
        height: HEIGHT,
        padding: [12, 24, null, null], // room on the right for the last x label
        scales: {
          x: spec.xLog ? { time: false, distr: 3 } : spec.xNames ? { time: false, range: [-0.3, spec.x.length - 0.7] } : { time: false },
          y: spec.yLog ? { distr: 3 } : spec.yFromZero ? { range: (_u, _min, max) => [0, max * 1.15] } : {},
        },
        axes: [
          {
            ...axis(spec.xLabel),
            ...(spec.xNames
              ? { splits: () => spec.x, values: (_u, vals) => vals.map((v) => formatX(v)) }
              : spec.xLog
                ? { values: (_u, vals) => vals.map((v) => (v == null ? '' : compact.format(v))) }
                : {}),
          },
          // the y label stands above the plot, level (a turned label longer than the plot is cut off)
          { ...axis(), size: 56 },
        ],
        hooks: {
          setSeries: [(u, i) => i != null && this.pressed(box, i, u.series[i]?.show !== false)],
          draw: [(u) => drawSpreads(u, spec, barCentres)],
        },
        series: [
          { label: spec.xLabel, value: (_u, v) => (v == null ? '–' : formatX(v)) },
          ...spec.series.map((s) => seriesOptions(s, format, barCentres)),
          ...(level
            ? [{ label: level.label, stroke: text, width: 1, dash: [4, 4], points: { show: false }, value: () => format(level.y) }]
            : []),
        ],
      },
      [spec.x, ...spec.series.map((s) => s.values), ...(level ? [spec.x.map(() => level.y)] : [])] as uPlot.AlignedData,
      box,
    );
    this.keyboardLegend(box);
    box.querySelector('canvas')?.setAttribute('aria-hidden', 'true');
  }

  /**
   * uPlot shows or hides a line when its legend label is clicked; a button around each label (the click bubbles
   * up to uPlot's handler) lets a keyboard do the same and says whether the line is shown.
   */
  private keyboardLegend(box: HTMLElement): void {
    box.querySelectorAll('.u-legend tr.u-series').forEach((row, i) => {
      const th = row.querySelector('th');
      if (i === 0 || !th) return;
      const button = document.createElement('button');
      button.type = 'button';
      button.setAttribute('aria-pressed', 'true');
      button.append(...th.childNodes);
      th.append(button);
    });
  }

  private pressed(box: HTMLElement, series: number, shown: boolean): void {
    box.querySelectorAll('.u-legend tr.u-series')[series]?.querySelector('button')?.setAttribute('aria-pressed', String(shown));
  }

  override render() {
    const spec = this.spec;
    if (!spec) return html``;
    const format = spec.format ?? ((v: number) => String(v));
    const formatX = spec.formatX ?? ((v: number) => spec.xNames?.[v] ?? String(v));
    return html`<figure role="group" aria-label=${spec.title}>
      <p class="ylabel" aria-hidden="true">${spec.yLabel}</p>
      <div class="plot"></div>
      <details><summary>${t('chart.table')}</summary><div class="scroll" tabindex="0" role="region" aria-label=${spec.title}>
        <table class="values" data-role="values"><thead><tr><th>${spec.xLabel}</th>${spec.series.map((s) => html`<th>${s.label}</th>`)}</tr></thead>
        <tbody>${spec.x.map(
          (x, i) =>
            html`<tr><td>${formatX(x)}</td>${spec.series.map((s) => {
              const v = s.values[i];
              const [lo, hi] = [s.spread?.low[i], s.spread?.high[i]];
              const range = lo != null && hi != null && lo !== hi ? ` (${format(lo)}–${format(hi)})` : '';
              return html`<td data-value=${v ?? ''}>${v == null ? '–' : format(v) + range}</td>`;
            })}</tr>`,
        )}</tbody></table></div></details>
    </figure>`;
  }
}

/** uPlot's options for one series: a line with points, or bars (side by side by `align`) whose middles are
 * kept in `barCentres` for the spread whiskers. */
function seriesOptions(s: ChartSeries, format: (v: number) => string, barCentres: Map<string, number>): uPlot.Series {
  return {
    label: s.label,
    stroke: themeColour(s.colour),
    width: 2,
    ...(s.bars
      ? {
          paths: uPlot.paths.bars!({
            size: [0.45, 64],
            align: s.align ?? 0,
            each: (_u, si, i, left, _top, width) => barCentres.set(`${si}:${i}`, left + width / 2),
          }),
          fill: themeColour(s.colour),
        }
      : {}),
    dash: s.dash,
    spanGaps: true,
    points: { show: !s.bars, size: 6, fill: themeColour(s.colour) },
    value: (_u: uPlot, v: number | null) => (v == null ? '–' : format(v)),
  };
}

/** Each series' spread as a vertical whisker with short caps at every x (through the middle of its bar, for
 * bars), in the series' colour, clipped to the plot; hidden series stay hidden, and a log axis skips values ≤ 0. */
function drawSpreads(u: uPlot, spec: ChartSpec, barCentres: Map<string, number>): void {
  const ctx = u.ctx;
  ctx.save();
  ctx.beginPath();
  ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
  ctx.clip();
  spec.series.forEach((s, k) => {
    if (!s.spread || u.series[k + 1]?.show === false) return;
    ctx.strokeStyle = themeColour(s.colour);
    ctx.lineWidth = 1.5 * devicePixelRatio;
    const cap = 4 * devicePixelRatio;
    spec.x.forEach((x, i) => {
      const [lo, hi] = [s.spread!.low[i], s.spread!.high[i]];
      if (lo == null || hi == null || (spec.yLog && (lo <= 0 || hi <= 0))) return;
      const px = barCentres.get(`${k + 1}:${i}`) ?? u.valToPos(x, 'x', true);
      const [y0, y1] = [u.valToPos(lo, 'y', true), u.valToPos(hi, 'y', true)];
      ctx.beginPath();
      ctx.moveTo(px, y0);
      ctx.lineTo(px, y1);
      ctx.moveTo(px - cap, y0);
      ctx.lineTo(px + cap, y0);
      ctx.moveTo(px - cap, y1);
      ctx.lineTo(px + cap, y1);
      ctx.stroke();
    });
  });
  ctx.restore();
}

customElements.define('gmp-line-chart', LineChart);
declare global {
  interface HTMLElementTagNameMap {
    'gmp-line-chart': LineChart;
  }
}
