// #/study: the training study's runs (public/models/study.json, written by training/study.py) as one plot per
// experiment, each with a sentence on what it shows and the verdicts of the claims it decides. UI only: the
// tables come from src/compare/study.ts, the verdicts from src/compare/study-claims.ts. The link names the
// plot to open at: #/study?plot=stability.
import { Task, TaskStatus } from '@lit/task';
import { messageOf } from '../core/any-thread/errors';
import { LitElement, css, html, nothing } from 'lit';
import { fmt, fmtInt, fmtSignificant as significant, I18nController, t, type MessageKey } from '../core/main-thread/i18n';
import './study.strings';
import './compare.strings';
import '../ui/fashion-mnist.strings';
import '../ui/line-chart';
import type { ChartSpec } from '../ui/line-chart';
import { controlStyles } from '../ui/control-styles';
import { reactive } from '../ui/reactive-state';
import { LinkState } from '../ui/link-state';
import { MODELS_URL } from '../core/main-thread/site';
import { devices, experimentOf, IMAGE_MODELS, loadStudy, progress, rareClass, type Study, trainingTime } from '../compare/study';
import { STUDY_CLAIMS } from '../compare/study-claims';
import { caveatText, evidenceText } from './claim-evidence';
import {
  dataAmountSpec,
  modelName,
  nerfSpec,
  poorDataSpec,
  rareSpec,
  type StudyMetric,
  stabilitySpec,
  textSpec,
  trainingTimeSpec,
} from './study-charts';

export const PLOTS = ['data-amount', 'poor-data', 'training-time', 'stability', 'rare-class', 'transformer-data', 'nerf-views'] as const;
type Plot = (typeof PLOTS)[number];
type Metric = StudyMetric;
const minutes = (seconds: number) => significant(seconds / 60);
const fmtSignificantPct = (share: number) => significant(100 * share);

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
      .claims .caveat { display: block; color: var(--gmp-muted); font-size: 0.85rem; }
      .verdict { display: inline-block; padding: 0.05rem 0.5rem; border-radius: 999px; font-size: 0.85rem; white-space: nowrap; }
      .verdict.supported { background: var(--gmp-good-bg); color: var(--gmp-good-text); }
      .verdict.not-supported { background: var(--gmp-bad-bg); color: var(--gmp-bad-text); }
      .verdict.not-measurable { background: var(--gmp-neutral-bg); color: var(--gmp-neutral-text); }
      .verdict.inconclusive { background: var(--gmp-open-bg); color: var(--gmp-open-text); }
      .error { color: var(--gmp-error); }
      label { font-size: 0.9rem; }
      select { padding: 0.3rem 0.7rem; border-radius: 4px; border: 1px solid var(--gmp-control-border); background: var(--gmp-control); color: var(--gmp-text); }
      @media (max-width: 640px), (pointer: coarse) {
        select { min-height: 44px; }
        a.back { display: inline-flex; align-items: center; min-height: 44px; }
      }
    `,
  ];
  /** The study's runs (study.json); once they are in, the page opens at the plot the link names. */
  private readonly runs = new Task(this, { task: () => loadStudy(MODELS_URL), args: () => [] });
  /** The page has opened at the link's plot since the study came in. */
  private opened = false;
  /** The state the view shows (one declaration per field). */
  private readonly ui = reactive(this, {
    timeAxis: 's' as 's' | 'step',
    seedMetric: 'fmnist_fd' as Metric,
    sizeMetric: 'fmnist_fd' as Metric,
  });
  private plot: Plot | undefined;

  constructor() {
    super();
    new I18nController(this);
  }

  /** The plot to open at, in the link: #/study?plot=stability (an unknown one is dropped). */
  private readonly link = new LinkState(this, {
    path: '/study',
    codec: {
      read: (params) => {
        const asked = params.get('plot');
        this.plot = (PLOTS as readonly string[]).includes(asked ?? '') ? (asked as Plot) : undefined;
        return [];
      },
      write: () => ({ plot: this.plot }),
    },
    onNewLink: () => this.scrollToPlot(),
  });

  override connectedCallback(): void {
    super.connectedCallback();
    this.link.read();
    this.scrollToPlot();
  }

  protected override updated(): void {
    if (this.opened || !this.runs.value) return;
    this.opened = true;
    this.scrollToPlot();
  }

  private scrollToPlot(): void {
    if (!this.plot || !this.runs.value) return;
    const el = this.renderRoot.querySelector<HTMLElement>(`#${this.plot}`);
    el?.scrollIntoView({ block: 'start' });
    el?.focus({ preventScroll: true });
  }

  private name(m: string): string {
    return modelName(m);
  }

  private claims(plot: Plot) {
    const results = STUDY_CLAIMS.filter((c) => c.plot === plot).map((c) => c.judge(this.runs.value));
    return html`<ul class="claims">${results.map(
      (
        r,
      ) => html`<li data-claim=${r.id} data-verdict=${r.verdict}><span class="verdict ${r.verdict}">${t(`claims.verdict.${r.verdict}` as MessageKey)}</span>
        <strong>${t(`claim.${r.id}.text` as MessageKey)}</strong>
        ${evidenceText(r, () => t('study.noruns'))}
        <span class="caveat" data-testid="claim-caveat">${caveatText(r)}</span></li>`,
    )}</ul>`;
  }

  /** A plot whose experiment has some of its runs but not all says how far it got. */
  private partial(plot: Plot) {
    const p = progress(this.runs.value!)[experimentOf(plot)];
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
    const p = this.runs.value!.protocol;
    const list = (xs: number[], f: (v: number) => string) =>
      [...xs]
        .sort((a, b) => a - b)
        .map(f)
        .join(' / ');
    const rare = rareClass(this.runs.value!);
    const rareIndex = Object.values(rare)[0]?.classIndex ?? p.rare_class;
    return {
      sizes: list(p.sizes, fmtInt),
      damaged: fmtInt(100 * p.damaged_share),
      rare: fmt(100 * p.rare_share, 0),
      rareName: rareIndex === undefined ? '–' : t(`fmnist.class.${rareIndex}` as MessageKey),
      rareSamples: fmtInt(p.rare_samples),
      outliers: fmt(100 * (p.outlier_share ?? 0), 0),
      shares: list(p.corpus_shares, (v) => `${fmtSignificantPct(v)} %`),
      views: list(p.views, fmtInt),
      samples: fmtInt(p.probe_samples),
    };
  }

  private metricSelect(value: Metric, metrics: Metric[], set: (m: Metric) => void, testid: string) {
    return html`<label>${t('study.metric')} <select data-testid=${testid} @change=${(e: Event) => set((e.target as HTMLSelectElement).value as Metric)}>
      ${metrics.map((m) => html`<option value=${m} ?selected=${m === value}>${t(`study.metric.${m}` as MessageKey)}</option>`)}</select></label>`;
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
    const s = this.runs.value;
    return html`<h1>${t('study.title')}</h1>
      <p>${t('study.lead')}</p>
      <p class="small">${t('study.weak')}</p>
      ${this.runs.error ? html`<p class="error" role="alert">${t('study.error', { message: messageOf(this.runs.error) })}</p>` : nothing}
      ${this.runs.status === TaskStatus.COMPLETE && !this.runs.value ? html`<p role="status">${t('study.missing')}</p>` : nothing}
      ${
        s
          ? html`<p class="small" data-testid="study-protocol">${this.protocolNote(s)}</p>
        ${this.section(
          'data-amount',
          dataAmountSpec(s, this.ui),
          this.metricSelect(
            this.ui.sizeMetric,
            ['fmnist_fd', 'coverage', 'sharpness_laplacian_var'],
            (m) => (this.ui.sizeMetric = m),
            'size-metric',
          ),
        )}
        ${this.section('poor-data', poorDataSpec(s))}
        ${this.section(
          'training-time',
          trainingTimeSpec(s, this.ui),
          html`<label>${t('study.axis.label')} <select data-testid="time-axis" @change=${(e: Event) => (this.ui.timeAxis = (e.target as HTMLSelectElement).value as 's' | 'step')}>
            <option value="s" ?selected=${this.ui.timeAxis === 's'}>${t('study.axis.seconds')}</option>
            <option value="step" ?selected=${this.ui.timeAxis === 'step'}>${t('study.axis.steps')}</option></select></label>
          ${this.cpuNote(s)}`,
        )}
        ${this.section(
          'stability',
          stabilitySpec(s, this.ui),
          this.metricSelect(
            this.ui.seedMetric,
            ['fmnist_fd', 'coverage', 'class_entropy_nats'],
            (m) => (this.ui.seedMetric = m),
            'seed-metric',
          ),
        )}
        ${this.section('rare-class', rareSpec(s))}
        ${this.section('transformer-data', textSpec(s))}
        ${this.section('nerf-views', nerfSpec(s))}`
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
