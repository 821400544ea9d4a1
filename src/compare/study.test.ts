import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import {
  dataAmount,
  experimentOf,
  nerfViews,
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

/** A study where each image model's FD is `fd[m]` at full data and grows by `few[m]` at 600 images. */
function study(
  o: {
    fd?: Record<string, number>;
    few?: Record<string, number>;
    damaged?: Record<string, number>;
    rare?: Record<string, number>;
    seedsFd?: Record<string, number[]>;
    text?: { gpt: number[]; ngram: number[] };
    psnr?: number[];
  } = {},
): Study {
  const fd = o.fd ?? { vae: 130, gan: 200, diffusion: 60 };
  const runs: StudyRun[] = [];
  for (const m of ['vae', 'gan', 'diffusion'] as const) {
    for (const n of SIZES) {
      const f = n === 600 ? fd[m]! * (o.few?.[m] ?? 2) : n === 6000 ? fd[m]! * 1.3 : fd[m]!;
      runs.push(run(m, `fmnist-${n}`, { images: n }, {}, 0, curve(f)));
    }
    runs.push(run(m, 'fmnist-damaged-0.5', { images: 60000, damaged: 30000 }, {}, 0, curve(fd[m]! * (o.damaged?.[m] ?? 1.5))));
    // the many-sample count at the end, with a classifier that makes no mistakes
    const count = Math.round(10000 * (o.rare?.[m] ?? 0.009));
    const rareFinal = { rare_samples: 10000, rare_class_count: count, yardstick_false_positive_rate: 0, yardstick_recall: 1 };
    runs.push(run(m, 'fmnist-rare8-0.01', { images: 54545, rare_class: 8, rare_class_images: 545 }, rareFinal, 0, curve(fd[m]!)));
  }
  for (const m of ['gan', 'diffusion'] as const)
    for (const seed of [1, 2]) runs.push(run(m, 'fmnist-60000', { images: 60000 }, {}, seed, curve(o.seedsFd?.[m]?.[seed - 1] ?? fd[m]!)));
  const text = o.text ?? { gpt: [3.0, 2.0, 1.5], ngram: [2.4, 2.0, 1.8] };
  for (const [i, share] of [0.01, 0.1, 1].entries()) {
    runs.push(
      run(
        'gpt',
        `fortunes-${share}`,
        { share_of_training_fortunes: share, train_chars: 2.6e6 * share },
        { val_loss_nats_per_char: text.gpt[i] },
        0,
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
      if (e.done === e.expected) expect(judge(c.id, s).verdict, c.id).not.toBe('not-measurable');
    }
  });
});

describe('the experiments read from the runs', () => {
  const s = study();
  it('data amount: one row per size, ascending, with FD, coverage and sharpness', () => {
    const rows = dataAmount(s);
    expect(rows.vae.map((r) => r.images)).toEqual(SIZES);
    expect(rows.gan[0]!.fd).toBe(400);
    expect(rows.gan[2]!.fd).toBe(200);
  });
  it('poor data, training time, stability, rare class, text and views', () => {
    expect(poorData(s).vae).toMatchObject({ clean: 130, damaged: 195, ratio: 1.5 });
    expect(trainingTime(s).gan).toMatchObject({ secondsToLevel: undefined, cpuSeconds: 590 });
    // diffusion: FD 240 at 150 s, 120 at 300 s; log FD linear in between reaches 150 at 150 + 150·log(240/150)/log(2)
    expect(trainingTime(s).diffusion!.secondsToLevel).toBeCloseTo(150 + (150 * Math.log(240 / 150)) / Math.log(2), 6);
    expect(stability(s).gan).toMatchObject({ mean: 200, sd: 0, collapses: 0 });
    expect(rareClass(s).gan).toMatchObject({ share: 0.009, samples: 10000, classIndex: 8 });
    const [lo, hi] = [rareClass(s).gan!.low, rareClass(s).gan!.high];
    expect(lo).toBeLessThan(0.009);
    expect(hi).toBeGreaterThan(0.009);
    expect(hi - lo).toBeLessThan(0.004);
    expect(rareClass(s).gan!.trainShare).toBeCloseTo(0.01, 3);
    expect(transformerData(s).map((r) => r.share)).toEqual([0.01, 0.1, 1]);
    expect(nerfViews(s).map((r) => r.views)).toEqual([10, 25, 50, 100]);
  });
  it('progress: runs per experiment against what the protocol asks for', () => {
    const few = { ...s, runs: s.runs.filter((r) => r.model === 'nerf').map((r) => ({ ...r, experiments: ['nerf_views' as const] })) };
    expect(progress(few).nerf_views).toEqual({ done: 4, expected: 4 });
    expect(progress(few).data_amount).toEqual({ done: 0, expected: 9 });
    expect(progress({ ...few, runs: few.runs.slice(1) }).nerf_views.done).toBe(3);
  });
});

describe('verdicts from the study flip when the numbers do', () => {
  it('without a study every claim about learning is not measurable', () => {
    for (const c of STUDY_CLAIMS)
      expect(judge(c.id, undefined)).toMatchObject({ verdict: 'not-measurable', why: 'no-experiment', plot: c.plot });
  });
  it('VAE and little data: supported when the VAE loses the smallest factor', () => {
    expect(judge('vae-little-data', study({ few: { vae: 1.2, gan: 3, diffusion: 2 } })).verdict).toBe('supported');
    expect(judge('vae-little-data', study({ few: { vae: 2.5, gan: 3, diffusion: 2 } })).verdict).toBe('not-supported');
  });
  it('VAE and poor data', () => {
    expect(judge('vae-poor-data', study({ damaged: { vae: 1.1, gan: 1.5, diffusion: 1.4 } })).verdict).toBe('supported');
    expect(judge('vae-poor-data', study({ damaged: { vae: 1.6, gan: 1.5, diffusion: 1.4 } })).verdict).toBe('not-supported');
  });
  it('"loses the least" needs a lead of CLEAR_LEAD; without one it is not supported and says no model leads', () => {
    const close = judge('vae-poor-data', study({ damaged: { vae: 1.3, gan: 1.4, diffusion: 1.35 } }));
    expect(close).toMatchObject({ verdict: 'not-supported', caveat: 'too-close', evidence: { lead: 10 } });
    expect(judge('vae-little-data', study({ few: { vae: 1.0, gan: 1.05, diffusion: 0.98 } })).caveat).toBe('too-close');
    const clear = judge('vae-poor-data', study({ damaged: { vae: 1.3, gan: 1.45, diffusion: 1.44 } }));
    expect(clear).toMatchObject({ verdict: 'supported' });
    expect(clear.caveat).toBeUndefined();
    // another model clearly ahead: not supported, and no caveat
    const other = judge('vae-poor-data', study({ damaged: { vae: 1.3, gan: 1.4, diffusion: 1.15 } }));
    expect(other.verdict).toBe('not-supported');
    expect(other.caveat).toBeUndefined();
  });
  it('GAN training time: supported when the GAN reaches the FD level last (never counts as last)', () => {
    const slowGan = judge('gan-training-time', study({ fd: { vae: 100, gan: 200, diffusion: 60 } }));
    expect(slowGan).toMatchObject({ verdict: 'supported', evidence: { gan: '>600', diffusion: 252 } });
    expect(judge('gan-training-time', study({ fd: { vae: 200, gan: 60, diffusion: 100 } })).verdict).toBe('not-supported');
    // nobody reaches the level: the claim cannot be decided from these runs
    expect(judge('gan-training-time', study({ fd: { vae: 900, gan: 900, diffusion: 900 } })).verdict).toBe('not-measurable');
  });
  it('outliers and rare details: supported at half the training share or less', () => {
    expect(judge('gan-outliers', study({ rare: { gan: 0.003 } })).verdict).toBe('supported');
    // 0.5 % of 10,000 samples: the interval straddles the line at half of 1 %, undecided
    expect(judge('gan-outliers', study({ rare: { gan: 0.005 } })).verdict).toBe('not-measurable');
    expect(judge('gan-outliers', study({ rare: { gan: 0.009 } })).verdict).toBe('not-supported');
    expect(judge('diffusion-rare', study({ rare: { diffusion: 0.002 } })).verdict).toBe('supported');
    expect(judge('diffusion-rare', study({ rare: { diffusion: 0.012 } })).verdict).toBe('not-supported');
  });
  it('diffusion easier to train: less spread over seeds and no collapse', () => {
    const steady = study({ seedsFd: { gan: [150, 260], diffusion: [61, 59] } });
    expect(judge('diffusion-easier', steady).verdict).toBe('supported');
    expect(judge('diffusion-easier', study({ seedsFd: { gan: [201, 199], diffusion: [40, 90] } })).verdict).toBe('not-supported');
    const broken = study({ seedsFd: { gan: [150, 260], diffusion: [61, 59] } });
    broken.runs.find((r) => r.model === 'diffusion' && r.seed === 1)!.collapsed = true;
    expect(judge('diffusion-easier', broken)).toMatchObject({ verdict: 'not-supported', evidence: { diffusionCollapses: 1 } });
  });
  it('transformers need data: a crossover with the n-gram model', () => {
    expect(judge('transformer-data', study({ text: { gpt: [3, 2, 1.5], ngram: [2.4, 2, 1.8] } })).verdict).toBe('supported');
    expect(judge('transformer-data', study({ text: { gpt: [2.2, 1.8, 1.5], ngram: [2.4, 2, 1.8] } })).verdict).toBe('not-supported');
    expect(judge('transformer-data', study({ text: { gpt: [3, 2.5, 2.0], ngram: [2.4, 2, 1.8] } })).verdict).toBe('not-supported');
  });
  it('NeRF few views: 25 views within 1 dB of 100', () => {
    expect(judge('nerf-few-views', study({ psnr: [24, 29.5, 30, 30.2] })).verdict).toBe('supported');
    expect(judge('nerf-few-views', study({ psnr: [20, 26, 29, 30.2] })).verdict).toBe('not-supported');
  });
});
