// #/compare: the five models in one table (manifest figures + ms per sample measured here), the article's
// claims judged from those numbers, and the chooser. UI only: numbers in src/compare/ (facts, claims, chooser,
// measure). Chooser state lives in the link: #/compare?need=sharp,fast&content=image.
import { LitElement, css, html, nothing } from 'lit';
import { Task } from '@lit/task';
import { messageOf } from '../core/any-thread/errors';
import { fmt, fmtInt, I18nController, lang, t, type MessageKey } from '../core/main-thread/i18n';
import './compare.strings';
import { controlStyles } from '../ui/control-styles';
import { reactive } from '../ui/reactive-state';
import { LinkState } from '../ui/link-state';
import { describeMedians, recallAuto, rememberAuto } from '../core/main-thread/auto-memory';
import { MODELS_URL } from '../core/main-thread/site';
import { webGpuReport } from '../core/main-thread/webgpu-report';
import { loadManifest } from '../core/any-thread/model-files';
import type { Engine } from '../core/any-thread/engine-choice';
import { caveatText, evidenceText } from './claim-evidence';
import { type ClaimResult, judgeAll } from '../compare/claims';
import { chooserParams, type Constraint, CONSTRAINTS, type Content, CONTENTS, parseChooser, rank } from '../compare/chooser';
import { factsFrom, KINDS, type Measured, type ModelFacts, type ModelKind } from '../compare/facts';
import { measureModel } from '../compare/measure';
import { loadStudy } from '../compare/study';
import { downloadModel } from '../models/model-entry';
import { entryFor } from '../models/registry';

type Scope = 'all' | 'wasm';
interface MeasureState {
  kind: ModelKind;
  index: number;
  download?: { file: string; done: number; total: number };
}

export class ComparePage extends LitElement {
  static override styles = [
    controlStyles,
    css`
    :host { display: block; }
    .panel { background: var(--gmp-panel); border-radius: 8px; padding: 0.9rem 1rem; box-shadow: 0 1px 2px var(--gmp-shadow); margin-bottom: 1rem;
      overflow-x: auto; }
    table { border-collapse: collapse; font-variant-numeric: tabular-nums; width: 100%; }
    td, th { padding: 0.3rem 0.8rem 0.3rem 0; text-align: left; vertical-align: top; border-bottom: 1px solid var(--gmp-rule); }
    th { font-size: 0.85rem; font-weight: 600; }
    td.num { text-align: right; white-space: nowrap; }
    .small, .help { font-size: 0.85rem; color: var(--gmp-muted); }
    select { padding: 0.3rem 0.7rem; border-radius: 4px; border: 1px solid var(--gmp-control-border); background: var(--gmp-control); color: var(--gmp-text); }
    progress { width: min(24rem, 100%); display: block; margin: 0.4rem 0; }
    .controls { display: flex; flex-wrap: wrap; gap: 0.8rem; align-items: center; }
    .verdict { display: inline-block; padding: 0.05rem 0.5rem; border-radius: 999px; font-size: 0.85rem; white-space: nowrap; }
    .verdict.supported { background: var(--gmp-good-bg); color: var(--gmp-good-text); }
    .verdict.not-supported { background: var(--gmp-bad-bg); color: var(--gmp-bad-text); }
    .verdict.not-measurable { background: var(--gmp-neutral-bg); color: var(--gmp-neutral-text); }
    .verdict.inconclusive { background: var(--gmp-open-bg); color: var(--gmp-open-text); }
    .error { color: var(--gmp-error); }
    fieldset { border: 1px solid var(--gmp-border); border-radius: 6px; margin: 0 0 0.6rem; }
    fieldset label { display: block; margin: 0.15rem 0; }
    @media (max-width: 640px), (pointer: coarse) {
      /* a tick box and its words are one 44 px tall target; the model names in the table too */
      fieldset label { display: flex; align-items: center; gap: 0.4rem; min-height: 44px; margin: 0; }
      td > a { display: inline-flex; align-items: center; min-height: 44px; min-width: 44px; }
    }
    ol.ranking { padding-left: 1.4rem; }
    ol.ranking li { margin: 0.4rem 0; }
    ol.ranking li.nofit { color: var(--gmp-faint); }
    ol.ranking ul { margin: 0.2rem 0; padding-left: 1.1rem; font-size: 0.9rem; }
    .plus { color: var(--gmp-good-text); } .minus { color: var(--gmp-bad-text); }
  `,
  ];

  /** The model list and what this browser's WebGPU offers (the table and the measurement need both). */
  private readonly basics = new Task(this, { task: () => Promise.all([loadManifest(MODELS_URL), webGpuReport()]), args: () => [] });
  /** The training study's runs, for the claims about learning (without them, those claims say what is missing). */
  private readonly studyRuns = new Task(this, { task: () => loadStudy(MODELS_URL), args: () => [] });
  private get manifest() {
    return this.basics.value?.[0];
  }
  private get webgpu() {
    return this.basics.value?.[1];
  }
  /** The state the view shows (one declaration per field). */
  private readonly ui = reactive(this, {
    /** ms per measured unit per model (here or by the demos' `auto` before), replaced on each result. */
    measured: {} as Partial<Record<ModelKind, Measured & { at: string }>>,
    failures: {} as Partial<Record<ModelKind, string>>,
    measuring: undefined as MeasureState | undefined,
    scope: 'all' as Scope,
    /** The chooser's state (in the link): replaced, never changed in place. */
    constraints: new Set() as ReadonlySet<Constraint>,
    content: 'any' as Content,
    /** Link values that made no sense, listed once. */
    dropped: [] as string[],
  });
  private cancel?: () => void;

  constructor() {
    super();
    new I18nController(this);
  }
  /** The chooser's state in the link (what was dropped is said in a note, and gone from the address bar). */
  private readonly link = new LinkState(this, {
    path: '/compare',
    codec: {
      read: (params) => {
        const c = parseChooser(params);
        this.ui.constraints = c.constraints;
        this.ui.content = c.content;
        this.ui.dropped = c.dropped;
        return [];
      },
      write: () => chooserParams(this.ui.constraints, this.ui.content),
    },
  });

  override connectedCallback(): void {
    super.connectedCallback();
    this.link.read();
    const measured: typeof this.ui.measured = {};
    for (const kind of KINDS) {
      // what the demos' `auto` measured here before: the same unit, the same workers
      const a = recallAuto(kind);
      const best = a?.medians[a.engine];
      if (a && best !== undefined) measured[kind] = { engine: a.engine, ms: best, medians: a.medians as Record<string, number>, at: a.at };
    }
    this.ui.measured = measured;
  }

  override disconnectedCallback(): void {
    this.cancel?.();
    super.disconnectedCallback();
  }

  /** The chooser changed: the link follows, and the note about dropped link values goes. */
  private writeUrl(): void {
    this.link.write(true);
    this.ui.dropped = [];
  }

  private async measureAll(): Promise<void> {
    const manifest = this.manifest;
    const webgpu = this.webgpu;
    if (!manifest || !webgpu || this.ui.measuring) return;
    this.ui.failures = {};
    const kinds = KINDS.filter((k) => manifest.models[k]);
    for (const [index, kind] of kinds.entries()) {
      this.ui.measuring = { kind, index };
      try {
        const files = await downloadModel(entryFor(kind), manifest, MODELS_URL, (p) => {
          this.ui.measuring = { kind, index, download: { file: p.file, done: p.loaded, total: p.total } };
        });
        this.ui.measuring = { kind, index };
        const job = measureModel(kind, manifest, files, { webgpu, engines: this.ui.scope === 'wasm' ? ['wasm'] : undefined });
        this.cancel = job.cancel;
        const m = await job.done;
        const at = new Date().toISOString();
        this.ui.measured = { ...this.ui.measured, [kind]: { ...m, at } };
        if (this.ui.scope === 'all')
          rememberAuto(kind, { engine: m.engine as Engine, medians: m.medians as Partial<Record<Engine, number>>, at });
      } catch (e) {
        this.ui.failures = { ...this.ui.failures, [kind]: e instanceof Error ? e.message : String(e) };
      }
      if (!this.isConnected) return;
    }
    this.ui.measuring = undefined;
    this.cancel = undefined;
  }

  private name(kind: ModelKind): string {
    return t(`nav.${kind}` as MessageKey);
  }

  private renderTable(models: Partial<Record<ModelKind, ModelFacts>>, realFd?: number, realSharp?: number) {
    const n = (v: number | undefined, d = 3) => (v === undefined ? '–' : fmt(v, d));
    const locale = lang() === 'de' ? 'de-DE' : 'en-GB';
    return html`<section class="panel"><table data-testid="compare-table">
      <thead><tr><th>${t('compare.col.model')}</th><th>${t('compare.col.params')}</th><th>${t('compare.col.download')}</th><th>${t('compare.col.ms')}</th>
        <th>${t('compare.col.sample')}</th><th>${t('compare.col.training')}</th><th>${t('compare.col.data')}</th><th>${t('compare.col.quality')}</th></tr></thead>
      <tbody>${KINDS.filter((k) => models[k]).map((kind) => {
        const m = models[kind]!;
        const q = m.quality;
        // the measure a model has: validation loss (text), held-out PSNR (a scene) or the image-quality row
        const quality =
          q.valLoss !== undefined
            ? t('compare.quality.text', { loss: n(q.valLoss) })
            : q.psnr !== undefined
              ? t('compare.quality.nerf', { psnr: n(q.psnr, 1) })
              : t('compare.quality.image', { fd: n(q.fd, 1), coverage: n(q.coverage, 2), sharpness: n(q.sharpness) });
        const amount = m.data.unit === 'characters' ? fmt(m.data.amount / 1e6, 2) : fmtInt(m.data.amount);
        return html`<tr data-model=${kind}>
          <td><a href="#/${kind}">${this.name(kind)}</a></td>
          <td class="num">${fmtInt(m.params)}</td>
          <td class="num">${fmt(m.downloadBytes / 1e6, 1)} MB</td>
          <td class="num" data-testid="ms-${kind}" data-ms=${m.msPerSample ?? ''}>${
            m.msPerSample === undefined
              ? html`<span class="small">${this.ui.failures[kind] ? '—' : t('compare.notmeasured')}</span>`
              : html`${fmt(m.msPerSample, m.msPerSample < 10 ? 2 : m.msPerSample < 1000 ? 1 : 0)}<br><span class="small">${t('compare.engine', { engine: m.engine ?? '' })}</span>`
          }</td>
          <td class="small">${t(`sample.${kind}` as MessageKey)}</td>
          <td class="small">${t('compare.training', { minutes: fmtInt(m.training.seconds / 60), steps: fmtInt(m.training.steps), device: m.training.device })}${m.training.stoppedByTimeLimit ? html`<br>${t('compare.training.cut')}` : nothing}</td>
          <td class="small">${t(`compare.data.${m.data.unit}` as MessageKey, { amount })}</td>
          <td class="small">${quality}</td>
        </tr>`;
      })}</tbody></table>
      <p class="help">${t('compare.quality.help', { realFd: n(realFd, 2), realSharp: n(realSharp) })}</p>
      ${
        KINDS.some((k) => this.ui.measured[k])
          ? html`<details data-testid="medians"><summary class="small">${t('compare.medians')}</summary><ul class="small">
        ${KINDS.filter((k) => this.ui.measured[k]).map(
          (k) =>
            html`<li>${this.name(k)}: ${t('compare.measured', {
              when: new Date(this.ui.measured[k]!.at).toLocaleString(locale),
              details: describeMedians(this.ui.measured[k]!.medians, (ms) => fmt(ms, ms < 10 ? 2 : 0)),
            })}</li>`,
        )}</ul></details>`
          : nothing
      }</section>`;
  }

  private evidence(r: ClaimResult): string {
    return evidenceText(r, (why) =>
      t(why === 'unmeasured' ? 'claims.unmeasured' : why === 'not-shown' ? 'claims.notshown' : 'claims.nostudy'),
    );
  }

  private renderClaims(results: ClaimResult[]) {
    return html`<section class="panel"><h2>${t('claims.title')}</h2>
      <table data-testid="claims"><thead><tr><th>${t('claims.col.claim')}</th><th>${t('claims.col.evidence')}</th><th>${t('claims.col.verdict')}</th><th>${t('claims.col.caveat')}</th></tr></thead>
      <tbody>${results.map(
        (r) => html`<tr data-claim=${r.id} data-verdict=${r.verdict}>
        <td>${t(`claim.${r.id}.text` as MessageKey)}</td>
        <td class="small">${this.evidence(r)}${r.plot ? html` <a href="#/study?plot=${r.plot}">${t('claims.plot')}</a>` : nothing}</td>
        <td><span class="verdict ${r.verdict}">${t(`claims.verdict.${r.verdict}` as MessageKey)}</span></td>
        <td class="small" data-testid="claim-caveat">${caveatText(r)}</td></tr>`,
      )}</tbody></table>
      ${this.studyRuns.error ? html`<p class="error" role="alert">${t('claims.studyerror', { message: messageOf(this.studyRuns.error) })}</p>` : nothing}
      <p class="help">${t('claims.help')} <a href="#/study">${t('claims.studylink')}</a>
        <a href="#/train" data-testid="train-link">${t('claims.trainlink')}</a>
        <a href="#/train-text" data-testid="train-text-link">${t('claims.textlink')}</a>
        <a href="#/train-nerf" data-testid="train-nerf-link">${t('claims.nerflink')}</a></p></section>`;
  }

  private renderChooser() {
    const ranked = rank(this.ui.constraints, this.ui.content);
    const toggle = (c: Constraint, on: boolean) => {
      const next = new Set(this.ui.constraints);
      if (on) next.add(c);
      else next.delete(c);
      this.ui.constraints = next;
      this.writeUrl();
    };
    return html`<section class="panel" data-testid="chooser"><h2>${t('chooser.title')}</h2><p class="small">${t('chooser.lead')}</p>
      ${this.ui.dropped.length ? html`<p class="small" role="status">${t('chooser.dropped', { values: this.ui.dropped.join(', ') })}</p>` : nothing}
      <fieldset><legend>${t('chooser.needs')}</legend>
        ${CONSTRAINTS.map(
          (c) => html`<label><input type="checkbox" data-testid="need-${c}" .checked=${this.ui.constraints.has(c)}
          @change=${(e: Event) => toggle(c, (e.target as HTMLInputElement).checked)}> ${t(`chooser.need.${c}` as MessageKey)}</label>`,
        )}
      </fieldset>
      <label>${t('chooser.content')} <select data-testid="content" .value=${this.ui.content}
        @change=${(e: Event) => {
          this.ui.content = (e.target as HTMLSelectElement).value as Content;
          this.writeUrl();
        }}>
        ${CONTENTS.map((c) => html`<option value=${c} ?selected=${c === this.ui.content}>${t(`chooser.content.${c}` as MessageKey)}</option>`)}
      </select></label>
      <ol class="ranking" data-testid="ranking" aria-live="polite">${ranked.map(
        (r) => html`<li data-model=${r.model} data-score=${r.score} class=${r.fits ? '' : 'nofit'}>
        <strong>${this.name(r.model)}</strong> — ${r.fits ? t('chooser.score', { score: r.score }) : t('chooser.nofit')}
        ${r.fits ? html` · <a href="#/${r.model}">${t('chooser.open')}</a>` : nothing}
        ${r.reasons.length ? html`<ul>${r.reasons.map((x) => html`<li class=${x.weight > 0 ? 'plus' : x.weight < 0 ? 'minus' : ''}>${x.weight > 0 ? '+' : ''}${x.weight}: ${t(`chooser.reason.${x.reason}` as MessageKey)}</li>`)}</ul>` : nothing}
      </li>`,
      )}</ol></section>`;
  }

  override render() {
    const manifest = this.manifest;
    const facts = manifest ? factsFrom(manifest, this.ui.measured) : undefined;
    const m = this.ui.measuring;
    const total = manifest ? KINDS.filter((k) => manifest.models[k]).length : KINDS.length;
    return html`
      <h1>${t('compare.title')}</h1>
      <p>${t('compare.lead')}</p>
      ${this.basics.error ? html`<p class="error" role="alert">${messageOf(this.basics.error)}</p>` : nothing}
      <div class="controls">
        <label>${t('compare.scope.label')} <select data-testid="measure-scope" ?disabled=${!!m}
          @change=${(e: Event) => {
            this.ui.scope = (e.target as HTMLSelectElement).value as Scope;
          }}>
          <option value="all" ?selected=${this.ui.scope === 'all'}>${t('compare.scope.all')}</option>
          <option value="wasm" ?selected=${this.ui.scope === 'wasm'}>${t('compare.scope.wasm')}</option>
        </select></label>
        <button data-testid="measure" ?disabled=${!manifest || !this.webgpu || !!m} @click=${() => void this.measureAll()}>${t('compare.measure')}</button>
      </div>
      ${
        m
          ? html`<progress data-testid="compare-progress" max=${total} value=${m.index + (m.download ? m.download.done / Math.max(1, m.download.total) / 2 : 0.5)}
          aria-label=${t('compare.measuring', { model: this.name(m.kind), done: m.index, total })}></progress>
        <p role="status">${
          m.download
            ? t('compare.downloading', {
                file: m.download.file,
                model: this.name(m.kind),
                done: fmt(m.download.done / 1e6, 1),
                total: fmt(m.download.total / 1e6, 1),
              })
            : t('compare.measuring', { model: this.name(m.kind), done: m.index, total })
        }</p>`
          : nothing
      }
      ${this.webgpu?.adapter?.software ? html`<p class="small">${t('compare.software')}</p>` : nothing}
      ${Object.entries(this.ui.failures).map(([k, msg]) => html`<p class="error" role="alert">${t('compare.failed', { model: this.name(k as ModelKind), message: msg })}</p>`)}
      ${facts ? this.renderTable(facts.models, facts.reference.realFd, facts.reference.realSharpness) : nothing}
      ${facts ? this.renderClaims(judgeAll(facts.models, facts.reference, this.studyRuns.value)) : nothing}
      ${this.renderChooser()}
    `;
  }
}

customElements.define('gmp-compare-page', ComparePage);
declare global {
  interface HTMLElementTagNameMap {
    'gmp-compare-page': ComparePage;
  }
}
