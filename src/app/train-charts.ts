// What #/train draws from a training session's numbers, as templates without state: the loss curves of the
// three models, the class histogram of their samples, and "what to watch" with the latest numbers.
import { html, nothing } from 'lit';
import { fmt, fmtInt, t, type MessageKey } from '../core/main-thread/i18n';
import '../ui/line-chart';
import type { ChartSpec } from '../ui/line-chart';
import type { StepStats } from '../engines/training/trainer';
import { NET_DEFAULTS } from '../engines/training/nets';
import type { DrawResult, ScoredModel } from '../models/training/worker';
import { FD_LEVEL, type TimedScore, TIMING } from '../models/training/session';
import { ALL_CLASSES } from './train-settings';
import './train.strings';
import '../ui/fashion-mnist.strings';

const CURVE_POINTS = 400;

/** At most `n` points of a curve, evenly spaced, the last one always in. */
export function thin(history: readonly StepStats[], n: number): StepStats[] {
  if (history.length <= n) return history.slice();
  const every = history.length / n;
  const out = Array.from({ length: n - 1 }, (_, i) => history[Math.floor(i * every)]!);
  out.push(history.at(-1)!);
  return out;
}

export function lossCurves(history: readonly StepStats[]) {
  const pts = thin(history, CURVE_POINTS);
  const x = pts.map((p) => p.step);
  const vae: ChartSpec = {
    title: t('train.loss.vae'),
    x,
    xLabel: t('train.loss.x'),
    yLabel: t('train.loss.y'),
    series: [
      { label: t('train.series.recon'), values: pts.map((p) => p.recon), colour: '--gmp-plot-1' },
      { label: t('train.series.kl'), values: pts.map((p) => p.kl), colour: '--gmp-plot-2', dash: [6, 3] },
    ],
    format: (v) => fmt(v, 1),
  };
  const gan: ChartSpec = {
    title: t('train.loss.gan'),
    x,
    xLabel: t('train.loss.x'),
    yLabel: t('train.loss.y-gan'),
    series: [
      { label: t('train.series.d'), values: pts.map((p) => p.d), colour: '--gmp-plot-3' },
      { label: t('train.series.g'), values: pts.map((p) => p.g), colour: '--gmp-plot-1', dash: [6, 3] },
      { label: t('train.series.dreal'), values: pts.map((p) => p.dReal), colour: '--gmp-plot-2', dash: [2, 3] },
      { label: t('train.series.dfake'), values: pts.map((p) => p.dFake), colour: '--gmp-plot-strong', dash: [8, 2, 2, 2] },
    ],
    format: (v) => fmt(v, 3),
  };
  const diffusion: ChartSpec = {
    title: t('train.loss.diffusion'),
    x,
    xLabel: t('train.loss.x'),
    yLabel: t('train.loss.y-dif'),
    series: [{ label: t('train.series.dif'), values: pts.map((p) => p.dif), colour: '--gmp-plot-2' }],
    format: (v) => fmt(v, 3),
  };
  const chart = (m: string, spec: ChartSpec) =>
    html`<section><h2>${spec.title}</h2>${x.length ? html`<gmp-line-chart data-testid="loss-chart-${m}" .spec=${spec}></gmp-line-chart>` : nothing}</section>`;
  return html`<div class="trio" data-testid="loss-chart" data-points=${x.length}>
    ${chart('vae', vae)} ${chart('gan', gan)} ${chart('diffusion', diffusion)}
  </div>`;
}

const SCORED: readonly ScoredModel[] = ['vae', 'gan', 'diffusion'];
const COLOURS: Record<ScoredModel, string> = { vae: '--gmp-plot-1', gan: '--gmp-plot-3', diffusion: '--gmp-plot-2' };

/** FD per model over training time, the study's garment level, and when each model first reached it. */
export function fdChart(
  scores: readonly TimedScore[],
  reached: (m: ScoredModel) => number | undefined,
  realFd?: { at500: number; at1000: number },
) {
  const last = scores.at(-1);
  const spec: ChartSpec = {
    title: t('train.fd.title'),
    x: scores.map((s) => s.trainS),
    xLabel: t('train.fd.x'),
    yLabel: t('train.fd.y'),
    series: SCORED.map((m) => ({ label: t(`train.${m}`), values: scores.map((s) => s.fd[m]), colour: COLOURS[m] })),
    level: { y: FD_LEVEL, label: t('train.fd.level', { level: FD_LEVEL }) },
    format: (v) => fmt(v, 0),
  };
  const line = (m: ScoredModel) => {
    const at = reached(m);
    const model = t(`train.${m}`);
    if (at !== undefined) return t('train.fd.reached', { model, level: FD_LEVEL, seconds: fmt(at, 0) });
    return last ? t('train.fd.not-yet', { model, level: FD_LEVEL, fd: fmt(last.fd[m], 0), covered: last.covered[m] }) : '';
  };
  return html`<section data-testid="fd-chart" data-points=${scores.length}>
    <h2>${t('train.fd.title')}</h2>
    ${
      last
        ? html`<gmp-line-chart .spec=${spec}></gmp-line-chart>
          <ul>${SCORED.map((m) => html`<li data-testid="fd-${m}" data-fd=${last.fd[m]} data-reached-s=${reached(m) ?? nothing}>${line(m)}</li>`)}</ul>`
        : html`<p class="small">${t('train.fd.waiting', { seconds: TIMING.scoreMs / 1000 })}</p>`
    }
    <p class="small">${t('train.fd.note', { samples: last?.samples ?? 512, level: FD_LEVEL })}${
      realFd ? ` ${t('train.fd.bias', { at500: fmt(realFd.at500, 1), at1000: fmt(realFd.at1000, 1) })}` : ''
    }</p>
  </section>`;
}

export function classHistogram(d: DrawResult | undefined) {
  if (!d?.vaeClasses || !d.ganClasses || !d.diffusionClasses) return nothing;
  const count = (cls: Uint8Array) => ALL_CLASSES.map((c) => cls.filter((x) => x === c).length);
  const spec: ChartSpec = {
    title: t('train.hist'),
    x: ALL_CLASSES,
    xNames: ALL_CLASSES.map((c) => t(`fmnist.class.${c}` as MessageKey)),
    xLabel: t('train.hist.x'),
    yLabel: t('train.hist.y'),
    series: [
      { label: t('train.vae'), values: count(d.vaeClasses), colour: '--gmp-plot-1', bars: true },
      { label: t('train.gan'), values: count(d.ganClasses), colour: '--gmp-plot-3', bars: true },
      { label: t('train.diffusion'), values: count(d.diffusionClasses), colour: '--gmp-plot-2', bars: true },
    ],
    format: (v) => fmtInt(v),
    yFromZero: true,
  };
  return html`<section><h2>${t('train.hist')}</h2><gmp-line-chart data-testid="class-histogram" .spec=${spec}></gmp-line-chart></section>`;
}

export function watchPanel(last: StepStats | undefined, hidden: number) {
  return html`<section data-testid="tradeoffs">
    <h2>${t('train.watch.title')}</h2>
    <ul>
      <li>${t('train.watch.blur')}</li>
      <li>${t('train.watch.collapse')}</li>
      <li>${t('train.watch.oscillation')}</li>
      <li>${t('train.watch.diffusion', { passes: NET_DEFAULTS.ddimSteps })}</li>
      <li>${t('train.watch.data')}</li>
    </ul>
    ${last ? html`<p class="numbers" data-testid="watch-numbers">${t('train.watch.numbers', { steps: fmtInt(last.step), vae: fmt(last.recon + last.kl, 1), dfake: fmt(last.dFake, 3), dif: fmt(last.dif, 3) })}</p>` : nothing}
    <p class="small">${t('train.nets', { hidden, vaeLatent: NET_DEFAULTS.vaeLatent, ganLatent: NET_DEFAULTS.ganLatent })}</p>
    <p><a data-testid="study-link" href="#/study?plot=training-time">${t('train.watch.study')}</a> · <a data-testid="train-text-link" href="#/train-text">${t('train.watch.text')}</a> · <a data-testid="train-nerf-link" href="#/train-nerf">${t('train.watch.nerf')}</a></p>
  </section>`;
}
