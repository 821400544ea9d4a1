// public/models/study.json: the training study's runs (written by training/study.py), checked on load, and
// the tables each experiment's plot and claim read from it. No DOM.
import { type Spread, spreadOf } from './verdict';

export type StudyModel = 'vae' | 'gan' | 'diffusion' | 'gpt' | 'ngram' | 'nerf';
export const IMAGE_MODELS = ['vae', 'gan', 'diffusion'] as const;
export type ImageModel = (typeof IMAGE_MODELS)[number];
export const EXPERIMENTS = [
  'data_amount',
  'poor_data',
  'training_time',
  'stability',
  'rare_class',
  'transformer_data',
  'nerf_views',
] as const;
export type Experiment = (typeof EXPERIMENTS)[number];

/** One probe of a run: training seconds and steps so far, and what was measured then. */
export interface StudyPoint {
  step: number;
  s: number;
  fmnist_fd?: number;
  coverage?: number;
  class_entropy_nats?: number;
  min_class_share?: number;
  sharpness_laplacian_var?: number;
  class_histogram?: number[];
  rare_class_share?: number;
  /** GPT: validation loss over 128 windows, and the smoothed training loss. */
  val_128_windows?: number;
  train?: number;
}

export interface StudyRun {
  id: string;
  experiments: Experiment[];
  model: StudyModel;
  seed: number;
  budget_s: number;
  device: string;
  /** The CPU (name, cores, one-thread matmul GFLOP/s measured before the run) or GPU the run had. */
  machine?: { cpu?: string; cores?: number; matmul_gflops_256?: number; gpu?: string };
  wall_s: number;
  train_cpu_s: number;
  steps: number;
  data: Record<string, unknown>;
  curve: StudyPoint[];
  final: Record<string, unknown>;
  collapsed?: boolean;
}

export interface StudyProtocol {
  name: string;
  image_budget_s: number;
  gpt_budget_s: number;
  nerf_budget_s: number;
  probe_samples: number;
  /** Shares of the budget at which image runs are probed. */
  probe_shares: number[];
  /** Images of the last measurement of a rare_class run. */
  rare_samples: number;
  diffusion_steps: number;
  sizes: number[];
  seeds: number[];
  damaged_share: number;
  rare_share: number;
  corpus_shares: number[];
  views: number[];
  fd_level: number;
  collapse_rule: string;
  /** The Fashion-MNIST class cut to rare_share in the rare_class runs. */
  rare_class?: number;
  /** Share of the rare_class runs' images inverted (the outliers). */
  outlier_share?: number;
}

export interface Study {
  protocol: StudyProtocol;
  runs: StudyRun[];
}

export class StudyError extends Error {
  override name = 'StudyError';
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const MODELS: readonly string[] = ['vae', 'gan', 'diffusion', 'gpt', 'ngram', 'nerf'];

/** Validates the parsed JSON; throws StudyError naming the first thing that is wrong. */
export function parseStudy(json: unknown): Study {
  const fail = (msg: string): never => {
    throw new StudyError(msg);
  };
  if (typeof json !== 'object' || json === null) fail('not a JSON object');
  const s = json as Partial<Study>;
  const p = s.protocol as Partial<StudyProtocol> | undefined;
  if (!p || typeof p.name !== 'string') fail('missing "protocol"');
  for (const k of ['image_budget_s', 'gpt_budget_s', 'nerf_budget_s', 'probe_samples', 'rare_share', 'damaged_share', 'fd_level'] as const)
    if (!isNum(p![k])) fail(`protocol: "${k}" is not a number`);
  for (const k of ['sizes', 'seeds', 'corpus_shares', 'views', 'probe_shares'] as const)
    if (!Array.isArray(p![k]) || !p![k]!.length || !p![k]!.every(isNum)) fail(`protocol: "${k}" is not a list of numbers`);
  const rare = p!.rare_class;
  if (rare !== undefined && !(Number.isInteger(rare) && rare >= 0 && rare < 10)) fail('protocol: "rare_class" is not a class 0–9');
  if (!Array.isArray(s.runs)) fail('missing "runs"');
  for (const r of s.runs!) {
    const where = `run ${JSON.stringify(r?.id)}`;
    if (typeof r?.id !== 'string') fail('a run without an id');
    if (!MODELS.includes(r.model)) fail(`${where}: unknown model ${JSON.stringify(r.model)}`);
    if (!Array.isArray(r.experiments) || r.experiments.some((e) => !(EXPERIMENTS as readonly string[]).includes(e)))
      fail(`${where}: unknown experiment in ${JSON.stringify(r.experiments)}`);
    for (const k of ['seed', 'budget_s', 'wall_s', 'train_cpu_s', 'steps'] as const)
      if (!isNum(r[k])) fail(`${where}: "${k}" is not a number`);
    if (!Array.isArray(r.curve) || r.curve.some((c) => !isNum(c?.s) || !isNum(c?.step))) fail(`${where}: bad curve`);
    if (typeof r.final !== 'object' || r.final === null) fail(`${where}: no final figures`);
    if (typeof r.data !== 'object' || r.data === null) fail(`${where}: no data description`);
    if ((IMAGE_MODELS as readonly string[]).includes(r.model) && (!r.curve.length || r.curve.some((c) => !isNum(c.fmnist_fd))))
      fail(`${where}: an image run needs FD at every probe`);
  }
  // only the runs at the protocol's budgets: a comparison needs equal budgets
  const budget: Record<StudyModel, number> = {
    vae: p!.image_budget_s!,
    gan: p!.image_budget_s!,
    diffusion: p!.image_budget_s!,
    gpt: p!.gpt_budget_s!,
    ngram: 0,
    nerf: p!.nerf_budget_s!,
  };
  return { protocol: p as StudyProtocol, runs: s.runs!.filter((r) => r.budget_s === budget[r.model]) };
}

// ---- the tables of each experiment ----------------------------------------------------------------------
// Every image experiment has runs at each of the protocol's seeds; a table gives each figure over the seeds
// (a Spread: mean, sd, lowest, highest), so that a verdict can ask whether a lead is larger than the seeds'
// own spread, and says how many seeds it rests on.

const data = (r: StudyRun) => r.data as { images?: number; damaged?: number; train_chars?: number; train_views?: number };
const kind = (r: StudyRun) => {
  const id = r.id.split('/')[1] ?? '';
  return id.includes('damaged') ? 'damaged' : id.includes('rare') ? 'rare' : 'clean';
};
const finalOf = (r: StudyRun) => r.curve[r.curve.length - 1]!;
const full = (s: Study) => Math.max(...s.protocol.sizes);
const num = (v: unknown) => (isNum(v) ? v : undefined);
/** Image runs of one model on clean data with `images`, one per seed, by seed. */
const cleanRuns = (s: Study, m: ImageModel, images = full(s)) =>
  s.runs.filter((r) => r.model === m && kind(r) === 'clean' && data(r).images === images).sort((a, b) => a.seed - b.seed);
/** The spread of a figure over runs, where every run has it (undefined otherwise). */
function spreadOver(runs: StudyRun[], figure: (r: StudyRun) => number | undefined): Spread | undefined {
  const values = runs.map(figure);
  return values.length && values.every(isNum) ? spreadOf(values as number[]) : undefined;
}

export interface SizeRow {
  images: number;
  /** Mean final FD over the seeds, and its spread. */
  fd: number;
  fds: Spread;
  /** The seed of each of fds.values, in order. */
  seeds: number[];
  coverage: number;
  sharpness: number;
  /** k-NN precision and recall in the classifier's features (runs that measured them). */
  precision?: Spread;
  recall?: Spread;
  /** Samples' median distance to their nearest training image over test images' (below 1: copying). */
  memorisation?: Spread;
}
/** data_amount: per model, the figures at each training-set size (ascending), over the seeds. */
export function dataAmount(s: Study): Record<ImageModel, SizeRow[]> {
  const out = {} as Record<ImageModel, SizeRow[]>;
  for (const m of IMAGE_MODELS) {
    out[m] = [...s.protocol.sizes]
      .sort((a, b) => a - b)
      .map((n) => cleanRuns(s, m, n))
      .filter((runs) => runs.length > 0)
      .map((runs) => {
        const fds = spreadOver(runs, (r) => finalOf(r).fmnist_fd)!;
        return {
          images: data(runs[0]!).images!,
          fd: fds.mean,
          fds,
          seeds: runs.map((r) => r.seed),
          coverage: spreadOver(runs, (r) => finalOf(r).coverage)?.mean ?? NaN,
          sharpness: spreadOver(runs, (r) => finalOf(r).sharpness_laplacian_var)?.mean ?? NaN,
          precision: spreadOver(runs, (r) => num(r.final.precision)),
          recall: spreadOver(runs, (r) => num(r.final.recall)),
          memorisation: spreadOver(runs, (r) => num(r.final.memorisation_ratio)),
        };
      });
  }
  return out;
}

export interface PoorRow {
  /** Mean FD over the seeds on clean and on partly damaged training data (both against clean test images). */
  clean: number;
  damaged: number;
  cleanFds: Spread;
  damagedFds: Spread;
  /** damaged FD / clean FD of each seed: how much the damage cost. */
  ratios: Spread;
  /** Damaged runs the collapse rule flags. */
  collapsed: number;
  damagedImages: number;
}
/** poor_data: per model, clean and damaged runs paired by seed (seeds with both). */
export function poorData(s: Study): Partial<Record<ImageModel, PoorRow>> {
  const out: Partial<Record<ImageModel, PoorRow>> = {};
  for (const m of IMAGE_MODELS) {
    const bad = s.runs.filter((r) => r.model === m && kind(r) === 'damaged').sort((a, b) => a.seed - b.seed);
    const pairs = bad
      .map((b) => [cleanRuns(s, m).find((c) => c.seed === b.seed), b] as const)
      .filter((p): p is readonly [StudyRun, StudyRun] => !!p[0]);
    if (!pairs.length) continue;
    const fd = (r: StudyRun) => finalOf(r).fmnist_fd!;
    const cleanFds = spreadOf(pairs.map(([c]) => fd(c)));
    const damagedFds = spreadOf(pairs.map(([, d]) => fd(d)));
    out[m] = {
      clean: cleanFds.mean,
      damaged: damagedFds.mean,
      cleanFds,
      damagedFds,
      ratios: spreadOf(pairs.map(([c, d]) => fd(d) / fd(c))),
      collapsed: pairs.filter(([, d]) => d.collapsed).length,
      damagedImages: data(pairs[0]![1]).damaged ?? NaN,
    };
  }
  return out;
}

/**
 * When a curve first comes down to `level`: between the two probes around the crossing, log FD taken as
 * linear in seconds and in steps (probes are far apart, and FD falls roughly exponentially); at the first
 * probe when that is already below it.
 */
export function crossing(curve: { s: number; step: number; fd: number }[], level: number): { s: number; step: number } | undefined {
  const i = curve.findIndex((c) => c.fd <= level);
  if (i < 0) return undefined;
  if (i === 0) return { s: curve[0]!.s, step: curve[0]!.step };
  const [a, b] = [curve[i - 1]!, curve[i]!];
  const f = (Math.log(a.fd) - Math.log(level)) / (Math.log(a.fd) - Math.log(b.fd));
  return { s: a.s + f * (b.s - a.s), step: a.step + f * (b.step - a.step) };
}

type FdCurve = { s: number; step: number; fd: number }[];
export interface TimeRow {
  /** The FD curve of the first seed (the plot's line). */
  curve: FdCurve;
  /** Every seed's curve, by seed. */
  curves: FdCurve[];
  /** Training seconds until FD first reached the protocol's level, per seed (undefined: not within the budget). */
  secondsToLevel: (number | undefined)[];
  stepsToLevel: (number | undefined)[];
  cpuSeconds: number;
  budget: number;
}
/** Seconds until each curve first reaches `level` (undefined where it never does). */
export const secondsTo = (curves: FdCurve[], level: number) => curves.map((c) => crossing(c, level)?.s);
/** training_time: per model at full data, FD against seconds and steps over the seeds; time to the FD level. */
export function trainingTime(s: Study): Partial<Record<ImageModel, TimeRow>> {
  const out: Partial<Record<ImageModel, TimeRow>> = {};
  for (const m of IMAGE_MODELS) {
    const runs = cleanRuns(s, m);
    if (!runs.length) continue;
    const curves = runs.map((r) => r.curve.map((c) => ({ s: c.s, step: c.step, fd: c.fmnist_fd! })));
    const hits = curves.map((c) => crossing(c, s.protocol.fd_level));
    out[m] = {
      curve: curves[0]!,
      curves,
      secondsToLevel: hits.map((h) => h?.s),
      stepsToLevel: hits.map((h) => h?.step),
      cpuSeconds: runs[0]!.train_cpu_s,
      budget: runs[0]!.budget_s,
    };
  }
  return out;
}

export interface SeedRuns {
  runs: { seed: number; curve: StudyPoint[]; collapsed: boolean }[];
  /** Final FD over the seeds: mean, sample standard deviation, and sd / mean. */
  mean: number;
  sd: number;
  cv: number;
  collapses: number;
}
/** stability: each image model at full data with each seed of the protocol. */
export function stability(s: Study): Partial<Record<ImageModel, SeedRuns>> {
  const out: Partial<Record<ImageModel, SeedRuns>> = {};
  for (const m of IMAGE_MODELS) {
    const runs = cleanRuns(s, m).filter((r) => s.protocol.seeds.includes(r.seed));
    if (runs.length < 2) continue;
    const fds = spreadOf(runs.map((r) => finalOf(r).fmnist_fd!));
    out[m] = {
      runs: runs.map((r) => ({ seed: r.seed, curve: r.curve, collapsed: r.collapsed === true })),
      mean: fds.mean,
      sd: fds.sd,
      cv: fds.sd / fds.mean,
      collapses: runs.filter((r) => r.collapsed).length,
    };
  }
  return out;
}

/** Collapses per model over the image runs of this protocol that every image model has (the same data and
 * seed; earlier rare-class runs with another class left out): how many the collapse rule flags, of how many. */
export function collapses(s: Study): Record<ImageModel, { collapsed: number; runs: number; ids: string[] }> {
  const current = (r: StudyRun) => kind(r) !== 'rare' || s.protocol.rare_class === undefined || r.data.rare_class === s.protocol.rare_class;
  const setting = (r: StudyRun) => r.id.slice(r.id.indexOf('/'));
  const of = (m: ImageModel) => s.runs.filter((r) => r.model === m && current(r));
  const sets = IMAGE_MODELS.map((m) => new Set(of(m).map(setting)));
  const shared = new Set([...sets[0]!].filter((x) => sets.every((set) => set.has(x))));
  const out = {} as Record<ImageModel, { collapsed: number; runs: number; ids: string[] }>;
  for (const m of IMAGE_MODELS) {
    const runs = of(m).filter((r) => shared.has(setting(r)));
    const hit = runs.filter((r) => r.collapsed);
    out[m] = { collapsed: hit.length, runs: runs.length, ids: hit.map((r) => r.id) };
  }
  return out;
}

export interface RareRow {
  /** The share of the samples as the detector counts it (all seeds pooled), and corrected for its errors. */
  observed: number;
  share: number;
  /** 95 % interval of the corrected share (Wilson's, on the samples counted). */
  low: number;
  high: number;
  samples: number;
  /** Each seed's corrected share, by seed. */
  perSeed: number[];
  /** The detector's false-positive rate on real test images (mean over the runs). */
  fpr: number;
  /** The share of the training set. */
  trainShare: number;
  /** The class (0..9) that was made rare (rare class only). */
  classIndex: number;
}

/** Wilson's 95 % score interval of a share k / n. */
export function wilson(k: number, n: number): [number, number] {
  const z = 1.96;
  const p = k / n;
  const mid = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return [Math.max(0, mid - half), Math.min(1, mid + half)];
}

/** A count of k in n samples by a detector with the given error rates: observed = recall·true + fpr·(1 − true). */
function corrected(counts: { k: number; n: number; fpr: number; recall: number }[], trainShare: number, classIndex: number): RareRow {
  const [k, n] = [counts.reduce((a, c) => a + c.k, 0), counts.reduce((a, c) => a + c.n, 0)];
  const fpr = counts.reduce((a, c) => a + c.fpr, 0) / counts.length;
  const recall = counts.reduce((a, c) => a + c.recall, 0) / counts.length;
  const correct = (v: number) => Math.min(1, Math.max(0, (v - fpr) / (recall - fpr)));
  const [lo, hi] = wilson(k, n);
  return {
    observed: k / n,
    share: correct(k / n),
    low: correct(lo),
    high: correct(hi),
    samples: n,
    perSeed: counts.map((c) => correct(c.k / c.n)),
    fpr,
    trainShare,
    classIndex,
  };
}

/** The rare_class runs of the protocol's rare class (earlier runs with another class stay out), by seed. */
const rareRuns = (s: Study, m: ImageModel) =>
  s.runs
    .filter(
      (x) => x.model === m && kind(x) === 'rare' && (s.protocol.rare_class === undefined || x.data.rare_class === s.protocol.rare_class),
    )
    .sort((a, b) => a.seed - b.seed);

/** The names under which a rare_class run's final figures keep one count: what was counted, of how many
 * samples, the detector's error rates, and how many of the training images were of that kind. */
interface CountFields {
  count: string;
  samples: string;
  fpr: string;
  recall: string;
  inTraining: string;
}

/** Per model, one count of the rare_class runs (all seeds pooled), corrected for the detector's errors. */
function pooledCounts(s: Study, fields: CountFields): Partial<Record<ImageModel, RareRow>> {
  const out: Partial<Record<ImageModel, RareRow>> = {};
  for (const m of IMAGE_MODELS) {
    const runs = rareRuns(s, m).filter((r) => isNum(r.final[fields.count]) && isNum(r.final[fields.samples]));
    if (!runs.length) continue;
    const counts = runs.map((r) => ({
      k: r.final[fields.count] as number,
      n: r.final[fields.samples] as number,
      fpr: num(r.final[fields.fpr]) ?? 0,
      recall: num(r.final[fields.recall]) ?? 1,
    }));
    const d = runs[0]!.data as Record<string, number>;
    out[m] = corrected(counts, d[fields.inTraining]! / d.images!, d.rare_class!);
  }
  return out;
}

/**
 * rare_class: per model, how often the class cut to 1 % of the training set appears among its samples (the
 * many-sample count at each run's end, all seeds pooled), corrected for the classifier's errors.
 */
export const rareClass = (s: Study) =>
  pooledCounts(s, {
    count: 'rare_class_count',
    samples: 'rare_samples',
    fpr: 'yardstick_false_positive_rate',
    recall: 'yardstick_recall',
    inTraining: 'rare_class_images',
  });

/** rare_class, its outliers: how often each model draws something nearest an inverted image (seeds pooled). */
export const outliers = (s: Study) =>
  pooledCounts(s, {
    count: 'outlier_count',
    samples: 'outlier_samples',
    fpr: 'outlier_detector_false_positive_rate',
    recall: 'outlier_detector_recall',
    inTraining: 'outliers',
  });

export interface TextRow {
  share: number;
  chars: number;
  /** The GPT's validation loss, mean over its runs (seeds) on this share, and how many there are. */
  gpt?: number;
  gptRuns: number;
  ngram?: number;
  ngramOrder?: number;
}
/** transformer_data: validation loss of the GPT and of the tuned n-gram model per corpus share (ascending). */
export function transformerData(s: Study): TextRow[] {
  return [...s.protocol.corpus_shares]
    .sort((a, b) => a - b)
    .map((share) => {
      const of = (m: StudyModel) =>
        s.runs.filter((r) => r.model === m && (r.data as { share_of_training_fortunes?: number }).share_of_training_fortunes === share);
      const gpts = of('gpt');
      const [g, n] = [gpts[0], of('ngram')[0]];
      const loss = spreadOver(gpts, (r) => num(r.final.val_loss_nats_per_char));
      return {
        share,
        chars: data(g ?? n ?? ({ data: {} } as StudyRun)).train_chars ?? NaN,
        gpt: loss?.mean,
        gptRuns: gpts.length,
        ngram: n?.final.val_loss_nats_per_char as number | undefined,
        ngramOrder: n?.final.order as number | undefined,
      };
    })
    .filter((r) => r.gpt !== undefined || r.ngram !== undefined);
}

export interface ViewsRow {
  views: number;
  psnr: number;
}
/** nerf_views: PSNR on the held-out views per number of training views (ascending). */
export function nerfViews(s: Study): ViewsRow[] {
  return s.runs
    .filter((r) => r.model === 'nerf')
    .map((r) => ({ views: data(r).train_views ?? NaN, psnr: r.final.test_psnr_db as number }))
    .filter((r) => isNum(r.views) && isNum(r.psnr))
    .sort((a, b) => a.views - b.views);
}

/** The experiment a plot of #/study shows (the plot's id is the experiment's name with hyphens). */
export const experimentOf = (plot: string): Experiment => plot.replaceAll('-', '_') as Experiment;

/** How many runs each experiment has in the file, against how many the protocol asks for. */
export function progress(s: Study): Record<Experiment, { done: number; expected: number }> {
  const p = s.protocol;
  const images = IMAGE_MODELS.length;
  const expected: Record<Experiment, number> = {
    data_amount: images * p.sizes.length * p.seeds.length,
    poor_data: images * 2 * p.seeds.length,
    training_time: images * p.seeds.length,
    stability: images * p.seeds.length,
    rare_class: images * p.seeds.length,
    transformer_data: 2 * p.corpus_shares.length,
    nerf_views: p.views.length,
  };
  // counted from the runs each table reads (a run serves several experiments, whatever its tags say)
  const full = Math.max(...p.sizes);
  const clean = (n: number) => IMAGE_MODELS.reduce((k, m) => k + cleanRuns(s, m, n).filter((r) => p.seeds.includes(r.seed)).length, 0);
  const damaged = s.runs.filter(
    (r) => kind(r) === 'damaged' && p.seeds.includes(r.seed) && (IMAGE_MODELS as readonly string[]).includes(r.model),
  ).length;
  const done: Record<Experiment, number> = {
    data_amount: p.sizes.reduce((k, n) => k + clean(n), 0),
    poor_data: clean(full) + damaged,
    training_time: clean(full),
    stability: clean(full),
    rare_class: IMAGE_MODELS.reduce((k, m) => k + rareRuns(s, m).filter((r) => p.seeds.includes(r.seed)).length, 0),
    transformer_data: s.runs.filter((r) => r.experiments.includes('transformer_data')).length,
    nerf_views: s.runs.filter((r) => r.experiments.includes('nerf_views')).length,
  };
  const out = {} as Record<Experiment, { done: number; expected: number }>;
  for (const e of EXPERIMENTS) out[e] = { done: done[e], expected: expected[e] };
  return out;
}

/** Where each run ran (the devices of the study's runs, once each). */
export function devices(s: Study): string[] {
  return [...new Set(s.runs.map((r) => r.device))];
}

/**
 * The study file beside the manifest: undefined where there is none (a site without a study still works),
 * StudyError where it is there but broken or unreachable.
 */
export async function loadStudy(baseUrl: string, fetchImpl: typeof fetch = fetch): Promise<Study | undefined> {
  let res: Response;
  try {
    res = await fetchImpl(new URL('study.json', baseUrl), { cache: 'no-cache' });
  } catch (e) {
    throw new StudyError(e instanceof Error ? e.message : String(e));
  }
  // a host that answers a missing file with its index page (single-page-app fallback) has no study either
  if (res.status === 404 || (res.ok && /html/.test(res.headers.get('content-type') ?? ''))) return undefined;
  if (!res.ok) throw new StudyError(`HTTP ${res.status}`);
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    throw new StudyError('not valid JSON');
  }
  return parseStudy(json);
}
