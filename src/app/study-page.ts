// #/study: the training study's runs (public/models/study.json, written by training/study.py) as one plot per
// experiment, each with a sentence on what it shows and the verdicts of the claims it decides. UI only: the
// tables come from src/compare/study.ts, the verdicts from src/compare/study-claims.ts. The link names the
// plot to open at: #/study?plot=stability.
import { LitElement, css, html, nothing } from 'lit';
import { fmt, fmtInt, fmtSignificant as significant, I18nController, t, type MessageKey } from '../core/i18n';
import './study.strings';
import './compare.strings';
import '../demos/shared/fashion-mnist.strings';
import '../demos/shared/line-chart';
import type { ChartSeries, ChartSpec } from '../demos/shared/line-chart';
import { controlStyles } from '../demos/shared/control-styles';
import { buildHash, parseHash } from '../core/url-state';
import { MODELS_URL } from '../core/site';
import {
  dataAmount,
  devices,
  experimentOf,
  type ImageModel,
  IMAGE_MODELS,
  loadStudy,
  nerfViews,
  poorData,
  progress,
  rareClass,
  type Study,
  type StudyPoint,
  stability,
  trainingTime,
  transformerData,
} from '../compare/study';
import { STUDY_CLAIMS } from '../compare/study-claims';
import { evidenceText } from './claim-evidence';

export const PLOTS = ['data-amount', 'poor-data', 'training-time', 'stability', 'rare-class', 'transformer-data', 'nerf-views'] as const;
type Plot = (typeof PLOTS)[number];
const COLOUR: Record<ImageModel, string> = { vae: '--gmp-plot-1', gan: '--gmp-plot-3', diffusion: '--gmp-plot-2' };
const SEED_DASH = [undefined, [6, 3], [2, 3]];
type Metric = 'fmnist_fd' | 'coverage' | 'class_entropy_nats' | 'sharpness_laplacian_var';

const minutes = (seconds: number) => significant(seconds / 60);
const fmtSignificantPct = (share: number) => significant(100 * share);
const MODEL_DASH: Record<ImageModel, number[] | undefined> = { vae: undefined, gan: [7, 3], diffusion: [2, 3] };

/**
 * Curves probed at the same shares of one budget, on one x axis: x = the nominal moments (share × budget;
 * each run's probe lands a fraction of a second after its moment), each probe at the moment nearest it.
 */
function onMoments(curves: { s: number; v: number }[][], moments: number[]): { x: number[]; values: (number | null)[][] } {
  const nearest = (s: number) => moments.reduce((a, b) => (Math.abs(b - s) < Math.abs(a - s) ? b : a));
  return { x: moments, values: curves.map((c) => moments.map((m) => c.find((p) => nearest(p.s) === m)?.v ?? null)) };
}

/** Curves on an axis they do not share (steps): every x any of them has, null where one has none. */
function onUnion(curves: { s: number; v: number }[][]): { x: number[]; values: (number | null)[][] } {
  const x = [...new Set(curves.flatMap((c) => c.map((p) => p.s)))].sort((a, b) => a - b);
  return { x, values: curves.map((c) => x.map((s) => c.find((p) => p.s === s)?.v ?? null)) };
}

export class StudyPage extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host { display: block; }
      section { background: var(--gmp-panel); border-radius: 8px; padding: 0.9rem 1rem; box-shadow: 0 1px 2px var(--gmp-shadow); margin-bottom: 1rem; }
      h2 { margin-top: 0; font-size: 1.15rem; }
      .small, .what { font-size: 0.9rem; color: var(--gmp-muted); }
      .claims { list-style: none; padding: 0; margin: 0.6rem 0 0; }
      .claims li { margin: 0.3rem 0; font-size: 0.9rem; }
      .verdict { display: inline-block; padding: 0.05rem 0.5rem; border-radius: 999px; font-size: 0.85rem; white-space: nowrap; }
      .verdict.supported { background: var(--gmp-good-bg); color: var(--gmp-good-text); }
      .verdict.not-supported { background: var(--gmp-bad-bg); color: var(--gmp-bad-text); }
      .verdict.not-measurable { background: var(--gmp-neutral-bg); color: var(--gmp-neutral-text); }
      .error { color: var(--gmp-error); }
      label { font-size: 0.9rem; }
      select { padding: 0.3rem 0.7rem; border-radius: 4px; border: 1px solid var(--gmp-control-border); background: var(--gmp-control); color: var(--gmp-text); }
      @media (max-width: 640px), (pointer: coarse) {
        select { min-height: 44px; }
        a.back { display: inline-flex; align-items: center; min-height: 44px; }
      }
    `,
  ];
  static override properties = {
    study: { state: true },
    missing: { state: true },
    error: { state: true },
    timeAxis: { state: true },
    seedMetric: { state: true },
    sizeMetric: { state: true },
  };
  declare private study: Study | undefined;
  declare private missing: boolean;
  declare private error: string | undefined;
  declare private timeAxis: 's' | 'step';
  declare private seedMetric: Metric;
  declare private sizeMetric: Metric;
  private plot: Plot | undefined;

  constructor() {
    super();
    new I18nController(this);
    this.missing = false;
    this.timeAxis = 's';
    this.seedMetric = 'fmnist_fd';
    this.sizeMetric = 'fmnist_fd';
  }

  private onHash = () => this.readUrl();

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHash);
    this.readUrl();
    void this.load();
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this.onHash);
    super.disconnectedCallback();
  }

  private async load(): Promise<void> {
    try {
      this.study = await loadStudy(MODELS_URL);
      this.missing = !this.study;
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
    }
    await this.updateComplete;
    this.scrollToPlot();
  }

  private readUrl(): void {
    const { path, params } = parseHash(location.hash);
    if (path !== '/study') return;
    const asked = params.get('plot');
    this.plot = (PLOTS as readonly string[]).includes(asked ?? '') ? (asked as Plot) : undefined;
    const hash = buildHash('/study', { plot: this.plot });
    if (hash !== location.hash) history.replaceState(null, '', hash);
    this.scrollToPlot();
  }

  private scrollToPlot(): void {
    if (!this.plot || !this.study) return;
    const el = this.renderRoot.querySelector<HTMLElement>(`#${this.plot}`);
    el?.scrollIntoView({ block: 'start' });
    el?.focus({ preventScroll: true });
  }

  private name(m: string): string {
    return t(`study.model.${m}` as MessageKey);
  }

  private claims(plot: Plot) {
    const results = STUDY_CLAIMS.filter((c) => c.plot === plot).map((c) => c.judge(this.study));
    return html`<ul class="claims">${results.map(
      (
        r,
      ) => html`<li data-claim=${r.id} data-verdict=${r.verdict}><span class="verdict ${r.verdict}">${t(`claims.verdict.${r.verdict}` as MessageKey)}</span>
        <strong>${t(`claim.${r.id}.text` as MessageKey)}</strong>
        ${evidenceText(r, () => t('study.noruns'))}</li>`,
    )}</ul>`;
  }

  /** A plot whose experiment has some of its runs but not all says how far it got. */
  private partial(plot: Plot) {
    const p = progress(this.study!)[experimentOf(plot)];
    if (!p.done || p.done >= p.expected) return nothing;
    return html`<p class="small" data-role="progress">${t('study.partial', { done: fmtInt(p.done), expected: fmtInt(p.expected) })}</p>`;
  }

  private section(plot: Plot, spec: ChartSpec | undefined, extra: unknown = nothing) {
    return html`<section id=${plot} tabindex="-1" data-testid="study-${plot}" aria-labelledby="${plot}-h">
      <h2 id="${plot}-h">${t(`study.${plot}.title` as MessageKey)}</h2>
      ${this.partial(plot)}
      ${extra}
      ${spec ? html`<gmp-line-chart .spec=${spec}></gmp-line-chart>` : html`<p class="small">${t('study.noruns')}</p>`}
      <p class="what">${t(`study.${plot}.what` as MessageKey, this.whatParams())}</p>
      ${this.claims(plot)}
    </section>`;
  }

  /** The protocol's numbers for the sentences under the plots. */
  private whatParams(): Record<string, string> {
    const p = this.study!.protocol;
    const list = (xs: number[], f: (v: number) => string) =>
      [...xs]
        .sort((a, b) => a - b)
        .map(f)
        .join(' / ');
    const rare = rareClass(this.study!);
    const rareIndex = Object.values(rare)[0]?.classIndex ?? p.rare_class;
    return {
      sizes: list(p.sizes, fmtInt),
      damaged: fmtInt(100 * p.damaged_share),
      rare: fmt(100 * p.rare_share, 0),
      rareName: rareIndex === undefined ? '–' : t(`fmnist.class.${rareIndex}` as MessageKey),
      rareSamples: fmtInt(p.rare_samples),
      shares: list(p.corpus_shares, (v) => `${fmtSignificantPct(v)} %`),
      views: list(p.views, fmtInt),
      samples: fmtInt(p.probe_samples),
    };
  }

  private metricSelect(value: Metric, metrics: Metric[], set: (m: Metric) => void, testid: string) {
    return html`<label>${t('study.metric')} <select data-testid=${testid} @change=${(e: Event) => set((e.target as HTMLSelectElement).value as Metric)}>
      ${metrics.map((m) => html`<option value=${m} ?selected=${m === value}>${t(`study.metric.${m}` as MessageKey)}</option>`)}</select></label>`;
  }

  private dataAmountSpec(s: Study): ChartSpec | undefined {
    const rows = dataAmount(s);
    const x = [...new Set(IMAGE_MODELS.flatMap((m) => rows[m].map((r) => r.images)))].sort((a, b) => a - b);
    if (!x.length) return undefined;
    const key = { fmnist_fd: 'fd', coverage: 'coverage', sharpness_laplacian_var: 'sharpness', class_entropy_nats: 'fd' } as const;
    const k = key[this.sizeMetric];
    return {
      title: t('study.data-amount.title'),
      x,
      xLog: true,
      yLog: k === 'fd',
      xLabel: t('study.axis.images'),
      yLabel: t(`study.metric.${this.sizeMetric}` as MessageKey),
      formatX: fmtInt,
      format: significant,
      series: IMAGE_MODELS.map((m) => ({
        label: this.name(m),
        colour: COLOUR[m],
        dash: MODEL_DASH[m],
        values: x.map((n) => rows[m].find((r) => r.images === n)?.[k] ?? null),
      })),
    };
  }

  private poorDataSpec(s: Study): ChartSpec | undefined {
    const rows = poorData(s);
    const models = IMAGE_MODELS.filter((m) => rows[m]);
    if (!models.length) return undefined;
    return {
      title: t('study.poor-data.title'),
      x: [0, 1],
      xNames: [t('study.axis.clean'), t('study.axis.damaged', { share: fmtInt(100 * s.protocol.damaged_share) })],
      yLog: true,
      xLabel: t('study.axis.data'),
      yLabel: t('study.metric.fmnist_fd'),
      format: significant,
      series: models.map((m) => ({
        label: this.name(m),
        colour: COLOUR[m],
        dash: MODEL_DASH[m],
        values: [rows[m]!.clean, rows[m]!.damaged],
      })),
    };
  }

  private trainingTimeSpec(s: Study): ChartSpec | undefined {
    const rows = trainingTime(s);
    const models = IMAGE_MODELS.filter((m) => rows[m]);
    if (!models.length) return undefined;
    const axis = this.timeAxis;
    const curves = models.map((m) => rows[m]!.curve.map((c) => ({ s: axis === 's' ? c.s : c.step, v: c.fd })));
    const { x, values } = axis === 's' ? onMoments(curves, this.moments(s)) : onUnion(curves);
    return {
      title: t('study.training-time.title'),
      x,
      xLog: axis === 'step',
      yLog: true,
      xLabel: t(axis === 's' ? 'study.axis.seconds' : 'study.axis.steps'),
      yLabel: t('study.metric.fmnist_fd'),
      formatX: (v) => fmtInt(v),
      format: significant,
      level: { y: s.protocol.fd_level, label: t('study.level', { level: fmtInt(s.protocol.fd_level) }) },
      series: models.map((m, i) => ({ label: this.name(m), colour: COLOUR[m], dash: MODEL_DASH[m], values: values[i]! })),
    };
  }

  private stabilitySpec(s: Study): ChartSpec | undefined {
    const rows = stability(s);
    const runs = (['gan', 'diffusion'] as const).flatMap((m) => (rows[m]?.runs ?? []).map((r) => ({ m, ...r })));
    if (!runs.length) return undefined;
    const metric = this.seedMetric;
    const { x, values } = onMoments(
      runs.map((r) => r.curve.map((c: StudyPoint) => ({ s: c.s, v: c[metric] as number }))),
      this.moments(s),
    );
    const series: ChartSeries[] = runs.map((r, i) => ({
      label: t('study.seedrun', { model: this.name(r.m), seed: r.seed }) + (r.collapsed ? ` (${t('study.collapsed')})` : ''),
      colour: COLOUR[r.m],
      dash: SEED_DASH[r.seed % SEED_DASH.length],
      values: values[i]!,
    }));
    return {
      title: t('study.stability.title'),
      x,
      yLog: metric === 'fmnist_fd',
      xLabel: t('study.axis.seconds'),
      yLabel: t(`study.metric.${metric}` as MessageKey),
      formatX: fmtInt,
      format: significant,
      series,
    };
  }

  /** When image runs are probed: the protocol's shares of its budget, in seconds. */
  private moments(s: Study): number[] {
    return s.protocol.probe_shares.map((f) => Math.round(f * s.protocol.image_budget_s * 10) / 10);
  }

  private rareSpec(s: Study): ChartSpec | undefined {
    const rows = rareClass(s);
    const models = IMAGE_MODELS.filter((m) => rows[m]);
    if (!models.length) return undefined;
    const train = rows[models[0]!]!.trainShare;
    return {
      title: t('study.rare-class.title'),
      x: models.map((_, i) => i),
      xNames: models.map((m) => this.name(m)),
      xLabel: t('study.axis.model'),
      yLabel: t('study.axis.rareshare', { name: t(`fmnist.class.${rows[models[0]!]!.classIndex}` as MessageKey) }),
      format: (v) => `${fmt(v, 1)} %`,
      yFromZero: true,
      level: { y: 100 * train, label: t('study.axis.trainshare') },
      series: [{ label: t('study.axis.samples'), colour: '--gmp-plot-1', bars: true, values: models.map((m) => 100 * rows[m]!.share) }],
    };
  }

  private textSpec(s: Study): ChartSpec | undefined {
    const rows = transformerData(s);
    if (!rows.length) return undefined;
    return {
      title: t('study.transformer-data.title'),
      x: rows.map((r) => r.chars),
      xLog: true,
      xLabel: t('study.axis.chars'),
      yLabel: t('study.axis.loss'),
      formatX: fmtInt,
      format: (v) => fmt(v, 3),
      series: [
        { label: t('study.model.gpt'), colour: '--gmp-plot-1', values: rows.map((r) => r.gpt ?? null) },
        { label: t('study.model.ngram'), colour: '--gmp-plot-3', dash: [6, 3], values: rows.map((r) => r.ngram ?? null) },
      ],
    };
  }

  private nerfSpec(s: Study): ChartSpec | undefined {
    const rows = nerfViews(s);
    if (!rows.length) return undefined;
    return {
      title: t('study.nerf-views.title'),
      x: rows.map((r) => r.views),
      xLog: true,
      formatX: fmtInt,
      xLabel: t('study.axis.views'),
      yLabel: t('study.axis.psnr'),
      format: (v) => `${fmt(v, 2)} dB`,
      series: [{ label: t('study.model.nerf'), colour: '--gmp-plot-2', values: rows.map((r) => r.psnr) }],
    };
  }

  private protocolNote(s: Study) {
    const p = s.protocol;
    return t('study.protocol', {
      name: p.name,
      image: minutes(p.image_budget_s),
      gpt: minutes(p.gpt_budget_s),
      nerf: minutes(p.nerf_budget_s),
      samples: fmtInt(p.probe_samples),
      runs: s.runs.length,
      devices: devices(s).join('; '),
    });
  }

  override render() {
    const s = this.study;
    return html`<h1>${t('study.title')}</h1>
      <p>${t('study.lead')}</p>
      <p class="small">${t('study.weak')}</p>
      ${this.error ? html`<p class="error" role="alert">${t('study.error', { message: this.error })}</p>` : nothing}
      ${this.missing ? html`<p role="status">${t('study.missing')}</p>` : nothing}
      ${
        s
          ? html`<p class="small" data-testid="study-protocol">${this.protocolNote(s)}</p>
        ${this.section(
          'data-amount',
          this.dataAmountSpec(s),
          this.metricSelect(
            this.sizeMetric,
            ['fmnist_fd', 'coverage', 'sharpness_laplacian_var'],
            (m) => (this.sizeMetric = m),
            'size-metric',
          ),
        )}
        ${this.section('poor-data', this.poorDataSpec(s))}
        ${this.section(
          'training-time',
          this.trainingTimeSpec(s),
          html`<label>${t('study.axis.label')} <select data-testid="time-axis" @change=${(e: Event) => (this.timeAxis = (e.target as HTMLSelectElement).value as 's' | 'step')}>
            <option value="s" ?selected=${this.timeAxis === 's'}>${t('study.axis.seconds')}</option>
            <option value="step" ?selected=${this.timeAxis === 'step'}>${t('study.axis.steps')}</option></select></label>
          ${this.cpuNote(s)}`,
        )}
        ${this.section(
          'stability',
          this.stabilitySpec(s),
          this.metricSelect(this.seedMetric, ['fmnist_fd', 'coverage', 'class_entropy_nats'], (m) => (this.seedMetric = m), 'seed-metric'),
        )}
        ${this.section('rare-class', this.rareSpec(s))}
        ${this.section('transformer-data', this.textSpec(s))}
        ${this.section('nerf-views', this.nerfSpec(s))}`
          : nothing
      }
      <p class="small"><a class="back" data-testid="study-back" href="#/compare">${t('study.back')}</a></p>`;
  }

  private cpuNote(s: Study) {
    const rows = trainingTime(s);
    const models = IMAGE_MODELS.filter((m) => rows[m]);
    if (!models.length) return nothing;
    return html`<p class="small" data-testid="cpu-seconds">${t('study.cpu', {
      list: models.map((m) => `${this.name(m)} ${fmtInt(rows[m]!.cpuSeconds)}`).join(', '),
    })}</p>`;
  }
}

customElements.define('gmp-study-page', StudyPage);
declare global {
  interface HTMLElementTagNameMap {
    'gmp-study-page': StudyPage;
  }
}
