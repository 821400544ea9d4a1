// public/models/study.json: the training study's runs (written by training/study.py), checked on load, and
// the tables each experiment's plot and claim read from it. No DOM.

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

const data = (r: StudyRun) => r.data as { images?: number; damaged?: number; train_chars?: number; train_views?: number };
const kind = (r: StudyRun) => {
  const id = r.id.split('/')[1] ?? '';
  return id.includes('damaged') ? 'damaged' : id.includes('rare') ? 'rare' : 'clean';
};
const finalOf = (r: StudyRun) => r.curve[r.curve.length - 1]!;
const full = (s: Study) => Math.max(...s.protocol.sizes);
/** Image runs of one model on clean data with all `images`, seed 0 (the runs several experiments share). */
const cleanRun = (s: Study, m: ImageModel, images = full(s), seed = 0) =>
  s.runs.find((r) => r.model === m && r.seed === seed && kind(r) === 'clean' && data(r).images === images);

export interface SizeRow {
  images: number;
  fd: number;
  coverage: number;
  sharpness: number;
}
/** data_amount: per model, FD, coverage and sharpness at each training-set size (ascending). */
export function dataAmount(s: Study): Record<ImageModel, SizeRow[]> {
  const out = {} as Record<ImageModel, SizeRow[]>;
  for (const m of IMAGE_MODELS) {
    out[m] = [...s.protocol.sizes]
      .sort((a, b) => a - b)
      .map((n) => cleanRun(s, m, n))
      .filter((r): r is StudyRun => !!r)
      .map((r) => {
        const f = finalOf(r);
        return { images: data(r).images!, fd: f.fmnist_fd!, coverage: f.coverage ?? NaN, sharpness: f.sharpness_laplacian_var ?? NaN };
      });
  }
  return out;
}

export interface PoorRow {
  clean: number;
  damaged: number;
  /** damaged FD / clean FD: how much the damage cost. */
  ratio: number;
  damagedImages: number;
}
/** poor_data: per model, FD on clean and on partly damaged training data (both against clean test images). */
export function poorData(s: Study): Partial<Record<ImageModel, PoorRow>> {
  const out: Partial<Record<ImageModel, PoorRow>> = {};
  for (const m of IMAGE_MODELS) {
    const clean = cleanRun(s, m);
    const bad = s.runs.find((r) => r.model === m && r.seed === 0 && kind(r) === 'damaged');
    if (!clean || !bad) continue;
    const [c, d] = [finalOf(clean).fmnist_fd!, finalOf(bad).fmnist_fd!];
    out[m] = { clean: c, damaged: d, ratio: d / c, damagedImages: data(bad).damaged ?? NaN };
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

export interface TimeRow {
  curve: { s: number; step: number; fd: number }[];
  /** Training seconds until FD first reached the protocol's level (undefined: never within the budget). */
  secondsToLevel?: number;
  stepsToLevel?: number;
  cpuSeconds: number;
  budget: number;
}
/** training_time: per model at full data, FD against seconds and steps; time to the FD level; CPU seconds. */
export function trainingTime(s: Study): Partial<Record<ImageModel, TimeRow>> {
  const out: Partial<Record<ImageModel, TimeRow>> = {};
  for (const m of IMAGE_MODELS) {
    const r = cleanRun(s, m);
    if (!r) continue;
    const curve = r.curve.map((c) => ({ s: c.s, step: c.step, fd: c.fmnist_fd! }));
    const hit = crossing(curve, s.protocol.fd_level);
    out[m] = { curve, secondsToLevel: hit?.s, stepsToLevel: hit?.step, cpuSeconds: r.train_cpu_s, budget: r.budget_s };
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
/** stability: GAN and diffusion at the same setting with each seed of the protocol. */
export function stability(s: Study): Partial<Record<'gan' | 'diffusion', SeedRuns>> {
  const out: Partial<Record<'gan' | 'diffusion', SeedRuns>> = {};
  for (const m of ['gan', 'diffusion'] as const) {
    const runs = s.protocol.seeds.map((seed) => cleanRun(s, m, full(s), seed)).filter((r): r is StudyRun => !!r);
    if (runs.length < 2) continue;
    const fds = runs.map((r) => finalOf(r).fmnist_fd!);
    const mean = fds.reduce((a, b) => a + b, 0) / fds.length;
    const sd = Math.sqrt(fds.reduce((a, b) => a + (b - mean) ** 2, 0) / (fds.length - 1));
    out[m] = {
      runs: runs.map((r) => ({ seed: r.seed, curve: r.curve, collapsed: r.collapsed === true })),
      mean,
      sd,
      cv: sd / mean,
      collapses: runs.filter((r) => r.collapsed).length,
    };
  }
  return out;
}

export interface RareRow {
  /** The rare class's share of the samples as the classifier counts it, and corrected for its errors. */
  observed: number;
  share: number;
  /** 95 % interval of the corrected share (Wilson's, on the samples counted). */
  low: number;
  high: number;
  samples: number;
  /** The class's share of the training set. */
  trainShare: number;
  /** The class (0..9) that was made rare. */
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

/**
 * rare_class: per model, how often the class cut to 1 % of the training set appears among its samples (the
 * many-sample count of the run's end), corrected for the classifier: observed = recall·true + fpr·(1 − true).
 */
export function rareClass(s: Study): Partial<Record<ImageModel, RareRow>> {
  const out: Partial<Record<ImageModel, RareRow>> = {};
  for (const m of IMAGE_MODELS) {
    const r = s.runs.find((x) => x.model === m && x.seed === 0 && kind(x) === 'rare');
    const f = r?.final as
      | { rare_samples?: number; rare_class_count?: number; yardstick_false_positive_rate?: number; yardstick_recall?: number }
      | undefined;
    if (!r || !f || !isNum(f.rare_samples) || !isNum(f.rare_class_count)) continue;
    const [fpr, recall] = [f.yardstick_false_positive_rate ?? 0, f.yardstick_recall ?? 1];
    const correct = (v: number) => Math.min(1, Math.max(0, (v - fpr) / (recall - fpr)));
    const [lo, hi] = wilson(f.rare_class_count, f.rare_samples);
    const d = r.data as { images: number; rare_class_images: number; rare_class: number };
    out[m] = {
      observed: f.rare_class_count / f.rare_samples,
      share: correct(f.rare_class_count / f.rare_samples),
      low: correct(lo),
      high: correct(hi),
      samples: f.rare_samples,
      trainShare: d.rare_class_images / d.images,
      classIndex: d.rare_class,
    };
  }
  return out;
}

export interface TextRow {
  share: number;
  chars: number;
  gpt?: number;
  ngram?: number;
  ngramOrder?: number;
}
/** transformer_data: validation loss of the GPT and of the tuned n-gram model per corpus share (ascending). */
export function transformerData(s: Study): TextRow[] {
  return [...s.protocol.corpus_shares]
    .sort((a, b) => a - b)
    .map((share) => {
      const of = (m: StudyModel) =>
        s.runs.find((r) => r.model === m && (r.data as { share_of_training_fortunes?: number }).share_of_training_fortunes === share);
      const [g, n] = [of('gpt'), of('ngram')];
      return {
        share,
        chars: data(g ?? n ?? ({ data: {} } as StudyRun)).train_chars ?? NaN,
        gpt: g?.final.val_loss_nats_per_char as number | undefined,
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
    data_amount: images * p.sizes.length,
    poor_data: images * 2,
    training_time: images,
    stability: 2 * p.seeds.length,
    rare_class: images,
    transformer_data: 2 * p.corpus_shares.length,
    nerf_views: p.views.length,
  };
  const out = {} as Record<Experiment, { done: number; expected: number }>;
  for (const e of EXPERIMENTS) out[e] = { done: s.runs.filter((r) => r.experiments.includes(e)).length, expected: expected[e] };
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
