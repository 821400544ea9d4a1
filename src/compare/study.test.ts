import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import {
  dataAmount,
  experimentOf,
  nerfViews,
  outliers,
  parseStudy,
  poorData,
  progress,
  rareClass,
  type Study,
  type StudyRun,
  stability,
  StudyError,
  trainingTime,
  transformerData,
} from './study';
import { STUDY_CLAIMS } from './study-claims';

const SIZES = [600, 6000, 60000];

/** A probe curve at 1/4, 1/2 and all of a 600 s budget ending at `fd`, starting at 4·fd. */
const curve = (fd: number, extra: Record<string, unknown> = {}) =>
  [150, 300, 600].map((s, i) => ({
    s,
    step: (i + 1) * 1000,
    fmnist_fd: fd * [4, 2, 1][i]!,
    coverage: 1,
    class_entropy_nats: 2.29,
    class_histogram: [100, 100, 100, 100, 100, 100, 100, 100, 100, 100],
    ...extra,
  }));

function run(
  model: StudyRun['model'],
  what: string,
  data: Record<string, unknown>,
  final: Record<string, unknown> = {},
  seed = 0,
  c = curve(100),
): StudyRun {
  return {
    id: `${model}/${what}/seed${seed}/600s`,
    experiments: ['data_amount'],
    model,
    seed,
    budget_s: { gpt: 1800, nerf: 300, ngram: 0 }[model as string] ?? 600,
    device: 'cpu (1 thread)',
    wall_s: 700,
    train_cpu_s: 590,
    steps: 3000,
    data,
    curve: c,
    final: { ...c[c.length - 1], ...final },
    collapsed: false,
  };
}

/** Seed multipliers of every image run's FD: a spread of a few per cent, as between real seeds. */
const JITTER = [1, 1.03, 0.97];

/** A study where each image model's FD is `fd[m]` at full data (times JITTER per seed), grows by `few[m]` at
 * 600 images and by `damaged[m]` with damaged data; the rare-class runs draw trousers at `rare[m]` and
 * outliers at `outliers[m]` of their samples. */
function study(
  o: {
    fd?: Record<string, number>;
    few?: Record<string, number>;
    damaged?: Record<string, number>;
    rare?: Record<string, number>;
    outliers?: Record<string, number>;
    seeds?: number;
    gptSeeds?: number;
    text?: { gpt: number[]; ngram: number[] };
    psnr?: number[];
  } = {},
): Study {
  const fd = o.fd ?? { vae: 130, gan: 100, diffusion: 60 };
  const seeds = [0, 1, 2].slice(0, o.seeds ?? 3);
  const runs: StudyRun[] = [];
  for (const m of ['vae', 'gan', 'diffusion'] as const) {
    for (const seed of seeds) {
      const j = JITTER[seed]!;
      for (const n of SIZES) {
        const f = (n === 600 ? fd[m]! * (o.few?.[m] ?? 2) : n === 6000 ? fd[m]! * 1.3 : fd[m]!) * j;
        runs.push(run(m, `fmnist-${n}`, { images: n }, { precision: 0.7, memorisation_ratio: 1.2 }, seed, curve(f)));
      }
      runs.push(run(m, 'fmnist-damaged-0.5', { images: 60000, damaged: 30000 }, {}, seed, curve(fd[m]! * j * (o.damaged?.[m] ?? 1.5))));
      // the many-sample counts at the end, with detectors that make no mistakes
      const rareFinal = {
        rare_samples: 10000,
        rare_class_count: Math.round(10000 * (o.rare?.[m] ?? 0.009)),
        yardstick_false_positive_rate: 0,
        yardstick_recall: 1,
        outlier_samples: 10000,
        outlier_count: Math.round(10000 * (o.outliers?.[m] ?? 0.018)),
        outlier_detector_false_positive_rate: 0,
        outlier_detector_recall: 1,
      };
      const rareData = { images: 54545, rare_class: 1, rare_class_images: 545, outliers: 1091 };
      runs.push(run(m, 'fmnist-rare1-0.01-out0.02', rareData, rareFinal, seed, curve(fd[m]! * j)));
    }
    // an earlier rare-class run with another class stays out of the tables
    runs.push(
      run(
        m,
        'fmnist-rare8-0.01',
        { images: 54545, rare_class: 8, rare_class_images: 545 },
        { rare_samples: 10000, rare_class_count: 5000 },
        0,
        curve(fd[m]!),
      ),
    );
  }
  const text = o.text ?? { gpt: [3.0, 2.0, 1.5], ngram: [2.4, 2.0, 1.8] };
  for (const [i, share] of [0.01, 0.1, 1].entries()) {
    for (let seed = 0; seed < (o.gptSeeds ?? 3); seed++)
      runs.push(
        run(
          'gpt',
          `fortunes-${share}`,
          { share_of_training_fortunes: share, train_chars: 2.6e6 * share },
          { val_loss_nats_per_char: text.gpt[i] },
          seed,
          [],
        ),
      );
    runs.push(
      run(
        'ngram',
        `fortunes-${share}`,
        { share_of_training_fortunes: share, train_chars: 2.6e6 * share },
        { val_loss_nats_per_char: text.ngram[i], order: 5 },
        0,
        [],
      ),
    );
  }
  const psnr = o.psnr ?? [24, 29.5, 30, 30.2];
  for (const [i, v] of [10, 25, 50, 100].entries())
    runs.push(run('nerf', `views-${v}`, { train_views: v }, { test_psnr_db: psnr[i] }, 0, []));
  return parseStudy({
    protocol: {
      name: 'test',
      image_budget_s: 600,
      gpt_budget_s: 1800,
      nerf_budget_s: 300,
      probe_samples: 1000,
      probe_shares: [0.25, 0.5, 1],
      rare_samples: 10000,
      diffusion_steps: 10,
      sizes: SIZES,
      seeds: [0, 1, 2],
      damaged_share: 0.5,
      rare_share: 0.01,
      corpus_shares: [0.01, 0.1, 1],
      views: [10, 25, 50, 100],
      fd_level: 150,
      collapse_rule: 'test',
      rare_class: 1,
    },
    runs,
  });
}

const judge = (id: string, s: Study | undefined) => STUDY_CLAIMS.find((c) => c.id === id)!.judge(s);

describe('study.json', () => {
  it('rejects a broken file with a message naming what is wrong', () => {
    expect(() => parseStudy(null)).toThrow(StudyError);
    expect(() => parseStudy({ runs: [] })).toThrow(/protocol/);
    const s = study();
    const bad = { ...s, runs: [{ ...s.runs[0]!, curve: [{ s: 1, step: 1 }] }] };
    expect(() => parseStudy(bad)).toThrow(/FD at every probe/);
    expect(() => parseStudy({ ...s, runs: [{ ...s.runs[0]!, model: 'rnn' }] })).toThrow(/unknown model/);
    expect(() => parseStudy({ ...s, protocol: { ...s.protocol, rare_class: 12 } })).toThrow(/rare_class/);
    expect(parseStudy({ ...s, protocol: { ...s.protocol, rare_class: 8 } }).protocol.rare_class).toBe(8);
  });

  // The shipped file, once the study has run: its schema; every experiment whose runs are all there judges its claims.
  it.runIf(existsSync('public/models/study.json'))('the shipped study.json: complete experiments give verdicts', () => {
    const s = parseStudy(JSON.parse(readFileSync('public/models/study.json', 'utf8')));
    expect(s.protocol.name).not.toBe('smoke');
    expect(s.runs.length).toBeGreaterThan(0);
    const done = progress(s);
    for (const c of STUDY_CLAIMS) {
      const e = done[experimentOf(c.plot)];
      expect(e.done, c.id).toBeLessThanOrEqual(e.expected);
      // a complete experiment always gives its evidence (the NeRF data row describes without a verdict)
      if (e.done === e.expected) expect(judge(c.id, s).why, c.id).toBeUndefined();
    }
  });
});

describe('the experiments read from the runs', () => {
  const s = study();
  it('data amount: one row per size, ascending, with each figure over the seeds', () => {
    const rows = dataAmount(s);
    expect(rows.vae.map((r) => r.images)).toEqual(SIZES);
    expect(rows.gan[0]!.fd).toBeCloseTo(200, 6); // 100 × 2 × mean(JITTER)
    expect(rows.gan[0]!.fds).toMatchObject({ min: 194, max: 206 });
    expect(rows.gan[0]!.fds.values).toHaveLength(3);
    expect(rows.gan[2]!.precision?.mean).toBeCloseTo(0.7, 9);
    expect(rows.gan[2]!.memorisation?.mean).toBeCloseTo(1.2, 9);
  });
  it('poor data, training time, stability, rare class, outliers, text and views', () => {
    expect(poorData(s).vae).toMatchObject({ clean: 130, damaged: 195, collapsed: 0 });
    expect(poorData(s).vae!.ratios.mean).toBeCloseTo(1.5, 9);
    expect(trainingTime(s).vae).toMatchObject({ cpuSeconds: 590 });
    expect(trainingTime(s).vae!.curves).toHaveLength(3);
    // diffusion seed 0: FD 240 at 150 s, 120 at 300 s; log FD linear in between reaches 150 at 150 + 150·log(240/150)/log(2)
    expect(trainingTime(s).diffusion!.secondsToLevel[0]).toBeCloseTo(150 + (150 * Math.log(240 / 150)) / Math.log(2), 6);
    expect(stability(s).gan).toMatchObject({ collapses: 0 });
    expect(stability(s).gan!.mean).toBeCloseTo(100, 6);
    // seeds pooled: 3 × 10,000 samples; the Bag run of an earlier protocol is not among them
    expect(rareClass(s).gan).toMatchObject({ samples: 30000, classIndex: 1 });
    expect(rareClass(s).gan!.share).toBeCloseTo(0.009, 9);
    const [lo, hi] = [rareClass(s).gan!.low, rareClass(s).gan!.high];
    expect(lo).toBeLessThan(0.009);
    expect(hi).toBeGreaterThan(0.009);
    expect(hi - lo).toBeLessThan(0.003);
    expect(rareClass(s).gan!.trainShare).toBeCloseTo(0.01, 3);
    expect(outliers(s).gan!.share).toBeCloseTo(0.018, 9);
    expect(outliers(s).gan!.trainShare).toBeCloseTo(0.02, 3);
    expect(transformerData(s).map((r) => r.share)).toEqual([0.01, 0.1, 1]);
    expect(nerfViews(s).map((r) => r.views)).toEqual([10, 25, 50, 100]);
  });
  it('progress: runs per experiment against what the protocol asks for (seeds included)', () => {
    const few = { ...s, runs: s.runs.filter((r) => r.model === 'nerf').map((r) => ({ ...r, experiments: ['nerf_views' as const] })) };
    expect(progress(few).nerf_views).toEqual({ done: 4, expected: 4 });
    expect(progress(few).data_amount).toEqual({ done: 0, expected: 27 });
    expect(progress(s).rare_class).toEqual({ done: 9, expected: 9 });
    expect(progress({ ...few, runs: few.runs.slice(1) }).nerf_views.done).toBe(3);
  });
});

describe('verdicts from the study flip when the numbers do, and are inconclusive where the data cannot decide', () => {
  it('without a study every claim about learning is not measurable', () => {
    for (const c of STUDY_CLAIMS)
      expect(judge(c.id, undefined)).toMatchObject({ verdict: 'not-measurable', why: 'no-experiment', plot: c.plot });
  });
  it('VAE and little data: read as absolute quality and as loss factor', () => {
    // the VAE best with 600 images and losing the least
    const best = { fd: { vae: 100, gan: 110, diffusion: 120 }, few: { vae: 1.1, gan: 2, diffusion: 2 } };
    expect(judge('vae-little-data', study(best))).toMatchObject({ verdict: 'supported', basis: { seeds: 3, budgetS: 600 } });
    // the GAN far better with little data and losing less: against
    expect(
      judge('vae-little-data', study({ fd: { vae: 130, gan: 100, diffusion: 120 }, few: { vae: 2.5, gan: 1.2, diffusion: 2 } })).verdict,
    ).toBe('not-supported');
    // the readings disagree: the VAE loses the least, but the GAN is still better in absolute terms
    expect(
      judge('vae-little-data', study({ fd: { vae: 130, gan: 50, diffusion: 120 }, few: { vae: 1.1, gan: 2, diffusion: 2 } })),
    ).toMatchObject({
      verdict: 'inconclusive',
      undecided: 'ways-disagree',
    });
    // one seed: inconclusive, however clear the numbers
    expect(judge('vae-little-data', study({ ...best, seeds: 1 }))).toMatchObject({ verdict: 'inconclusive', undecided: 'few-seeds' });
    // all within the seeds' spread
    expect(
      judge('vae-little-data', study({ fd: { vae: 100, gan: 101, diffusion: 102 }, few: { vae: 2, gan: 2, diffusion: 2 } })),
    ).toMatchObject({
      verdict: 'inconclusive',
      undecided: 'within-spread',
    });
    // the VAE never reached the FD level (150): its factor is not read, and the absolute reading alone decides
    expect(
      judge('vae-little-data', study({ fd: { vae: 400, gan: 100, diffusion: 120 }, few: { vae: 1, gan: 2, diffusion: 2 } })).verdict,
    ).toBe('not-supported');
  });
  it('VAE and poor data: the same two readings, collapses counted', () => {
    const vaeBest = { fd: { vae: 100, gan: 110, diffusion: 120 }, damaged: { vae: 1.1, gan: 1.6, diffusion: 1.6 } };
    expect(judge('vae-poor-data', study(vaeBest)).verdict).toBe('supported');
    expect(judge('vae-poor-data', study({ ...vaeBest, damaged: { vae: 1.8, gan: 1.2, diffusion: 1.2 } })).verdict).toBe('not-supported');
    // a lead beyond the spread but under the margin (10 %): damaged FD 100·1.5 vs 110·1.42 → 150 vs 156
    const close = judge(
      'vae-poor-data',
      study({ fd: { vae: 100, gan: 110, diffusion: 300 }, damaged: { vae: 1.5, gan: 1.42, diffusion: 1 } }),
    );
    expect(close.verdict).toBe('inconclusive');
    // diffusion never reached the level: its small factor does not count against the VAE
    const flattered = judge(
      'vae-poor-data',
      study({ fd: { vae: 100, gan: 110, diffusion: 400 }, damaged: { vae: 1.2, gan: 1.6, diffusion: 1.05 } }),
    );
    expect(flattered.verdict).toBe('supported');
    const c = study(vaeBest);
    c.runs.find((r) => r.model === 'gan' && r.id.includes('damaged'))!.collapsed = true;
    expect(judge('vae-poor-data', c).evidence).toMatchObject({ collapsed: 1, collapsedGan: 1 });
  });
  it('GAN training time: GAN against VAE at three FD levels; diffusion does not decide', () => {
    // FD reaches 150 (the level) when the final FD is 150; VAE at 50 gets there at 150 s, the GAN at 100 at 300 s
    const slowGan = judge('gan-training-time', study({ fd: { vae: 50, gan: 130, diffusion: 900 } }));
    expect(slowGan.verdict).toBe('supported');
    expect(judge('gan-training-time', study({ fd: { vae: 130, gan: 50, diffusion: 10 } })).verdict).toBe('not-supported');
    // the GAN never gets there: slower than any VAE seed that does
    expect(judge('gan-training-time', study({ fd: { vae: 50, gan: 500, diffusion: 60 } }))).toMatchObject({
      verdict: 'supported',
      evidence: { gan: '>600' },
    });
    // at 187 the VAE is first, at 112 the GAN (curves cross): the level decides, so nothing is decided
    const crossing = study({ fd: { vae: 100, gan: 100, diffusion: 60 } });
    for (const r of crossing.runs.filter((x) => x.model === 'vae'))
      r.curve = r.curve.map((c, i) => ({ ...c, fmnist_fd: [160, 130, 120][i]! }));
    for (const r of crossing.runs.filter((x) => x.model === 'gan'))
      r.curve = r.curve.map((c, i) => ({ ...c, fmnist_fd: [400, 150, 60][i]! }));
    expect(judge('gan-training-time', crossing)).toMatchObject({ verdict: 'inconclusive', undecided: 'ways-disagree' });
    expect(judge('gan-training-time', study({ fd: { vae: 50, gan: 130, diffusion: 60 }, seeds: 2 })).undecided).toBe('few-seeds');
  });
  it('outliers and the rare class: ignored at half the training share or less, beyond the interval', () => {
    expect(judge('gan-outliers', study({ outliers: { gan: 0.004 } })).verdict).toBe('supported');
    // 1 % of 30,000 samples against a line at 1 % (half of 2 %): the interval straddles it
    expect(judge('gan-outliers', study({ outliers: { gan: 0.01 } }))).toMatchObject({
      verdict: 'inconclusive',
      undecided: 'within-spread',
    });
    expect(judge('gan-outliers', study({ outliers: { gan: 0.02 } })).verdict).toBe('not-supported');
    expect(judge('gan-outliers', study({ outliers: { gan: 0.004 }, seeds: 2 })).undecided).toBe('few-seeds');
    // an untrained GAN "ignores" everything: no verdict
    expect(judge('gan-outliers', study({ outliers: { gan: 0.004 }, fd: { vae: 100, gan: 500, diffusion: 60 } })).undecided).toBe(
      'not-reached',
    );
    // one seed on the other side of the line, though the pooled interval is below it
    const odd = study({ outliers: { gan: 0.002 } });
    const seed2 = odd.runs.find((r) => r.model === 'gan' && r.seed === 2 && r.id.includes('rare1'))!;
    seed2.final = { ...seed2.final, outlier_count: 150 };
    expect(judge('gan-outliers', odd)).toMatchObject({ verdict: 'inconclusive', undecided: 'within-spread' });
    expect(judge('diffusion-rare', study({ rare: { diffusion: 0.002 } })).verdict).toBe('supported');
    expect(judge('diffusion-rare', study({ rare: { diffusion: 0.012 } })).verdict).toBe('not-supported');
  });
  it('the rare class: a model that draws the class rarely even when it is common cannot be said to overlook it for rarity', () => {
    const s = study({ rare: { diffusion: 0.002 } });
    for (const r of s.runs.filter((x) => x.model === 'diffusion' && x.id.includes('fmnist-60000/')))
      r.curve = r.curve.map((c) => ({ ...c, class_histogram: [120, 20, 110, 110, 110, 110, 110, 110, 110, 100] }));
    expect(judge('diffusion-rare', s)).toMatchObject({ verdict: 'inconclusive', undecided: 'not-reached' });
    expect(judge('diffusion-rare', s).evidence.baseline).toBeCloseTo(2, 1);
  });
  it('the rare class: a class the classifier uses as a bin for junk (Bag) cannot decide', () => {
    const s = study({ rare: { diffusion: 0.002 } });
    const bag = parseStudy({ ...s, protocol: { ...s.protocol, rare_class: 8 } });
    expect(judge('diffusion-rare', bag)).toMatchObject({ verdict: 'inconclusive', undecided: 'artefact', evidence: { classIndex: 8 } });
  });
  it('diffusion easier to train: collapses over the runs both have decide, spread alone does not', () => {
    expect(judge('diffusion-easier', study())).toMatchObject({ verdict: 'inconclusive', undecided: 'no-events' });
    const s = study();
    const gans = s.runs.filter((r) => r.model === 'gan' && !r.id.includes('rare8'));
    gans[0]!.collapsed = true;
    expect(judge('diffusion-easier', s)).toMatchObject({
      verdict: 'inconclusive',
      undecided: 'below-margin',
      evidence: { ganCollapses: 1 },
    });
    gans[1]!.collapsed = true;
    expect(judge('diffusion-easier', s).verdict).toBe('supported');
    // a collapse in an earlier protocol's run does not count
    const old = s.runs.find((r) => r.model === 'diffusion' && r.id.includes('rare8'))!;
    old.collapsed = true;
    expect(judge('diffusion-easier', s).verdict).toBe('supported');
    const diffusions = s.runs.filter((r) => r.model === 'diffusion' && !r.id.includes('rare8'));
    diffusions[0]!.collapsed = true;
    expect(judge('diffusion-easier', s).verdict).toBe('inconclusive');
    for (const r of gans) r.collapsed = false;
    diffusions[1]!.collapsed = true;
    expect(judge('diffusion-easier', s)).toMatchObject({ verdict: 'not-supported', evidence: { diffusionCollapses: 2 } });
    expect(judge('diffusion-easier', study({ seeds: 2 })).undecided).toBe('few-seeds');
  });
  it('transformers and data: a crossover with the n-gram model beyond 2 %, on three GPT seeds', () => {
    expect(judge('transformer-data', study({ text: { gpt: [3, 2, 1.5], ngram: [2.4, 2, 1.8] } }))).toMatchObject({
      verdict: 'supported',
      evidence: { over: 2.6e6 },
    });
    expect(judge('transformer-data', study({ text: { gpt: [2.2, 1.8, 1.5], ngram: [2.4, 2, 1.8] } })).verdict).toBe('not-supported');
    expect(judge('transformer-data', study({ text: { gpt: [3, 2.5, 2.0], ngram: [2.4, 2, 1.8] } })).verdict).toBe('not-supported');
    expect(judge('transformer-data', study({ text: { gpt: [2.41, 2, 1.79], ngram: [2.4, 2, 1.8] } })).undecided).toBe('below-margin');
    expect(judge('transformer-data', study({ gptSeeds: 1 }))).toMatchObject({
      verdict: 'inconclusive',
      undecided: 'few-seeds',
      basis: { seeds: 1 },
    });
  });
  it('NeRF and little data: one descriptive row, no rival to judge against', () => {
    const r = judge('nerf-little-data', study({ psnr: [24, 29.5, 30, 30.2] }));
    expect(r).toMatchObject({ verdict: 'not-measurable', evidence: { views: 25, most: 100, best: 30.2 } });
    expect(r.why).toBeUndefined();
    expect(r.evidence.curve).toEqual([
      [10, 24],
      [25, 29.5],
      [50, 30],
      [100, 30.2],
    ]);
  });
});
