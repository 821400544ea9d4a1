// The training study's charts as specs for <gmp-line-chart>, from the study's runs and what the visitor picked
// (the metric of two plots, the time axis of one). No DOM: the study page renders them.
import { fmt, fmtInt, fmtSignificant as significant, t, type MessageKey } from '../core/main-thread/i18n';
import './study.strings';
import '../ui/fashion-mnist.strings';
import type { ChartSeries, ChartSpec } from '../ui/line-chart';
import {
  dataAmount,
  type ImageModel,
  IMAGE_MODELS,
  nerfViews,
  outliers,
  poorData,
  rareClass,
  type Study,
  type StudyPoint,
  stability,
  trainingTime,
  transformerData,
} from '../compare/study';
import { IGNORED_SHARE } from '../compare/study-claims';

export type StudyMetric = 'fmnist_fd' | 'coverage' | 'class_entropy_nats' | 'sharpness_laplacian_var';

/** What the visitor picked for the charts that offer a choice. */
export interface ChartView {
  seedMetric: StudyMetric;
  sizeMetric: StudyMetric;
  timeAxis: 's' | 'step';
}

export const modelName = (m: string): string => t(`study.model.${m}` as MessageKey);

const COLOUR: Record<ImageModel, string> = { vae: '--gmp-plot-1', gan: '--gmp-plot-3', diffusion: '--gmp-plot-2' };
const SEED_DASH = [undefined, [6, 3], [2, 3]];

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

export function dataAmountSpec(s: Study, v: ChartView): ChartSpec | undefined {
  const rows = dataAmount(s);
  const x = [...new Set(IMAGE_MODELS.flatMap((m) => rows[m].map((r) => r.images)))].sort((a, b) => a - b);
  if (!x.length) return undefined;
  const key = { fmnist_fd: 'fd', coverage: 'coverage', sharpness_laplacian_var: 'sharpness', class_entropy_nats: 'fd' } as const;
  const k = key[v.sizeMetric];
  return {
    title: t('study.data-amount.title'),
    x,
    xLog: true,
    yLog: k === 'fd',
    xLabel: t('study.axis.images'),
    yLabel: t(`study.metric.${v.sizeMetric}` as MessageKey),
    formatX: fmtInt,
    format: significant,
    series: IMAGE_MODELS.map((m) => {
      const at = (n: number) => rows[m].find((r) => r.images === n);
      return {
        label: modelName(m),
        colour: COLOUR[m],
        dash: MODEL_DASH[m],
        values: x.map((n) => at(n)?.[k] ?? null),
        // FD is kept per seed: its lowest and highest
        spread: k === 'fd' ? { low: x.map((n) => at(n)?.fds.min ?? null), high: x.map((n) => at(n)?.fds.max ?? null) } : undefined,
      };
    }),
  };
}

export function poorDataSpec(s: Study): ChartSpec | undefined {
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
      label: modelName(m),
      colour: COLOUR[m],
      dash: MODEL_DASH[m],
      values: [rows[m]!.clean, rows[m]!.damaged],
      spread: { low: [rows[m]!.cleanFds.min, rows[m]!.damagedFds.min], high: [rows[m]!.cleanFds.max, rows[m]!.damagedFds.max] },
    })),
  };
}

export function trainingTimeSpec(s: Study, v: ChartView): ChartSpec | undefined {
  const rows = trainingTime(s);
  const models = IMAGE_MODELS.filter((m) => rows[m]);
  if (!models.length) return undefined;
  const axis = v.timeAxis;
  const curves = models.map((m) => rows[m]!.curve.map((c) => ({ s: axis === 's' ? c.s : c.step, v: c.fd })));
  const { x, values } = axis === 's' ? onMoments(curves, moments(s)) : onUnion(curves);
  // on the seconds axis every seed is probed at the same moments: the seeds' lowest and highest FD there
  const spread = (m: ImageModel) => {
    if (axis !== 's') return undefined;
    const seeds = onMoments(
      rows[m]!.curves.map((c) => c.map((p) => ({ s: p.s, v: p.fd }))),
      moments(s),
    ).values;
    const at = (i: number) => seeds.map((v) => v[i]).filter((v): v is number => v != null);
    return {
      low: x.map((_, i) => (at(i).length ? Math.min(...at(i)) : null)),
      high: x.map((_, i) => (at(i).length ? Math.max(...at(i)) : null)),
    };
  };
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
    series: models.map((m, i) => ({ label: modelName(m), colour: COLOUR[m], dash: MODEL_DASH[m], values: values[i]!, spread: spread(m) })),
  };
}

export function stabilitySpec(s: Study, v: ChartView): ChartSpec | undefined {
  const rows = stability(s);
  const runs = IMAGE_MODELS.flatMap((m) => (rows[m]?.runs ?? []).map((r) => ({ m, ...r })));
  if (!runs.length) return undefined;
  const metric = v.seedMetric;
  const { x, values } = onMoments(
    runs.map((r) => r.curve.map((c: StudyPoint) => ({ s: c.s, v: c[metric] as number }))),
    moments(s),
  );
  const series: ChartSeries[] = runs.map((r, i) => ({
    label: t('study.seedrun', { model: modelName(r.m), seed: r.seed }) + (r.collapsed ? ` (${t('study.collapsed')})` : ''),
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
export function moments(s: Study): number[] {
  return s.protocol.probe_shares.map((f) => Math.round(f * s.protocol.image_budget_s * 10) / 10);
}

/** rare_class: how often each model draws the rare class and the outliers, as a share of how often they
 * occur in its training set (100 %: as often; the line at half: "ignored" below it), seeds pooled, with the
 * seeds' lowest and highest. */
export function rareSpec(s: Study): ChartSpec | undefined {
  const [rare, odd] = [rareClass(s), outliers(s)];
  const models = IMAGE_MODELS.filter((m) => rare[m] || odd[m]);
  if (!models.length) return undefined;
  const first = rare[models[0]!] ?? odd[models[0]!]!;
  const both = models.some((m) => rare[m]) && models.some((m) => odd[m]);
  const relative = (rows: typeof rare, label: string, colour: string, align: -1 | 1): ChartSeries => ({
    label,
    colour,
    bars: true,
    align: both ? align : undefined,
    values: models.map((m) => (rows[m] ? (100 * rows[m]!.share) / rows[m]!.trainShare : null)),
    spread: {
      low: models.map((m) => (rows[m] ? (100 * Math.min(...rows[m]!.perSeed)) / rows[m]!.trainShare : null)),
      high: models.map((m) => (rows[m] ? (100 * Math.max(...rows[m]!.perSeed)) / rows[m]!.trainShare : null)),
    },
  });
  const series = [
    ...(models.some((m) => rare[m])
      ? [
          relative(
            rare,
            t('study.rare.class', {
              name: t(`fmnist.class.${first.classIndex}` as MessageKey),
              share: fmt(100 * (rare[models[0]!]?.trainShare ?? 0), 1),
            }),
            '--gmp-plot-1',
            -1,
          ),
        ]
      : []),
    ...(models.some((m) => odd[m])
      ? [relative(odd, t('study.rare.outliers', { share: fmt(100 * (odd[models[0]!]?.trainShare ?? 0), 1) }), '--gmp-plot-3', 1)]
      : []),
  ];
  return {
    title: t('study.rare-class.title'),
    x: models.map((_, i) => i),
    xNames: models.map((m) => modelName(m)),
    xLabel: t('study.axis.model'),
    yLabel: t('study.axis.relshare'),
    format: (v) => `${fmt(v, 0)} %`,
    yFromZero: true,
    level: { y: 100 * IGNORED_SHARE, label: t('study.axis.ignored') },
    series,
  };
}

export function textSpec(s: Study): ChartSpec | undefined {
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

export function nerfSpec(s: Study): ChartSpec | undefined {
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
