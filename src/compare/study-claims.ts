// The article's claims about learning, each judged from the training study's runs (study.json): supported,
// not supported, or not measurable while the runs are missing. Thresholds are stated beside each claim;
// every verdict reads one experiment, named in `plot` (the plot's id on #/study). No DOM.
import {
  dataAmount,
  type ImageModel,
  nerfViews,
  poorData,
  type RareRow,
  rareClass,
  type Study,
  stability,
  trainingTime,
  transformerData,
} from './study';
import { type ClaimResult, round, verdict } from './verdict';

export interface StudyClaim {
  id: string;
  plot: string;
  judge(study: Study | undefined): ClaimResult;
}

/** A model "ignores" a class when it draws it at most half as often as the class occurs in its training set. */
export const IGNORED_SHARE = 0.5;
/** NeRF: "few views suffice" when this many views come within NERF_DB of the PSNR with the most views. */
export const FEW_VIEWS = 25;
export const NERF_DB = 1;

/** "Loses the least" needs a clear lead: the VAE's factor at least CLEAR_LEAD times smaller than every other
 * model's. Closer than that, the run-to-run spread of one seed could decide (the GAN's final FD varies by
 * about a tenth between seeds): not supported, and the evidence says no model leads clearly. */
export const CLEAR_LEAD = 1.1;

const missing = (id: string, plot: string): ClaimResult => ({ id, plot, verdict: 'not-measurable', why: 'no-experiment', evidence: {} });
const pct = (v: number) => round(100 * v);

/** Judges "the VAE loses the least" from every model's factor (FD with the harder data over FD with the
 * easier), with the CLEAR_LEAD margin; the factors come back rounded for the evidence text. */
function vaeLeastHurt(id: string, plot: string, ratios: Record<ImageModel, number>, more: ClaimResult['evidence']): ClaimResult {
  const all = Object.values(ratios);
  const others = Object.entries(ratios)
    .filter(([m]) => m !== 'vae')
    .map(([, r]) => r);
  const shown = Object.fromEntries(Object.entries(ratios).map(([m, r]) => [m, round(r)]));
  const evidence = { ...shown, ...more, lead: Math.round(100 * (CLEAR_LEAD - 1)) };
  const result: ClaimResult = { id, plot, verdict: verdict(others.every((r) => r >= CLEAR_LEAD * ratios.vae)), evidence };
  // nobody ahead of the second best by the margin: say so, since the numbers then barely order the models
  const [first, second] = [...all].sort((x, y) => x - y);
  return second! < CLEAR_LEAD * first! ? { ...result, caveat: 'too-close' } : result;
}

function rareVerdict(id: string, plot: string, r: RareRow | undefined): ClaimResult {
  if (!r) return missing(id, plot);
  const limit = IGNORED_SHARE * r.trainShare;
  const evidence = { share: pct(r.share), low: pct(r.low), high: pct(r.high), train: pct(r.trainShare), samples: r.samples };
  if (r.low <= limit && limit < r.high) return { id, plot, verdict: 'not-measurable', evidence };
  return { id, plot, verdict: verdict(r.share <= limit), evidence };
}

export const STUDY_CLAIMS: readonly StudyClaim[] = [
  {
    // "VAEs do better with limited training data": from the most to the fewest training images, the VAE's FD
    // grows by the smallest factor of the three image models (it loses the least, by CLEAR_LEAD)
    id: 'vae-little-data',
    plot: 'data-amount',
    judge(study) {
      const rows = study && dataAmount(study);
      // every model at every size, so that all three are judged on the same pair of sizes
      if (!rows || Object.values(rows).some((r) => r.length < Math.max(2, study.protocol.sizes.length))) return missing(this.id, this.plot);
      const ratio = (m: ImageModel) => rows[m][0]!.fd / rows[m][rows[m].length - 1]!.fd;
      return vaeLeastHurt(
        this.id,
        this.plot,
        { vae: ratio('vae'), gan: ratio('gan'), diffusion: ratio('diffusion') },
        { few: rows.vae[0]!.images, many: rows.vae[rows.vae.length - 1]!.images },
      );
    },
  },
  {
    // "VAEs do better with poor training data": damaging part of the training images raises the VAE's FD
    // (against clean test images) by the smallest factor of the three (by CLEAR_LEAD)
    id: 'vae-poor-data',
    plot: 'poor-data',
    judge(study) {
      const rows = study && poorData(study);
      if (!rows?.vae || !rows.gan || !rows.diffusion) return missing(this.id, this.plot);
      return vaeLeastHurt(
        this.id,
        this.plot,
        { vae: rows.vae.ratio, gan: rows.gan.ratio, diffusion: rows.diffusion.ratio },
        { share: pct(study!.protocol.damaged_share) },
      );
    },
  },
  {
    // "GANs need more training time and compute": at full data and equal budgets the GAN is the last of the
    // three to bring its FD down to the protocol's level (a model that never gets there within the budget
    // counts as slowest); not measurable when none of them gets there
    id: 'gan-training-time',
    plot: 'training-time',
    judge(study) {
      const rows = study && trainingTime(study);
      if (!rows?.vae || !rows.gan || !rows.diffusion) return missing(this.id, this.plot);
      const reach = (m: ImageModel) => rows[m]!.secondsToLevel ?? Number.POSITIVE_INFINITY;
      const others = Math.max(reach('vae'), reach('diffusion'));
      // nobody there, or the GAN level with the slowest other one (both out of the budget): undecided
      if (![reach('vae'), reach('gan'), reach('diffusion')].some(Number.isFinite) || reach('gan') === others)
        return missing(this.id, this.plot);
      const shown = (m: ImageModel) => (Number.isFinite(reach(m)) ? Math.round(reach(m)) : `>${Math.round(rows[m]!.budget)}`);
      return {
        id: this.id,
        plot: this.plot,
        verdict: verdict(reach('gan') > others),
        evidence: { level: study!.protocol.fd_level, vae: shown('vae'), gan: shown('gan'), diffusion: shown('diffusion') },
      };
    },
  },
  {
    // "GANs ignore outliers": with one class cut to 1 % of the training set, the GAN draws it at most half as
    // often as it occurs there (IGNORED_SHARE), counted on many samples and corrected for the classifier's
    // errors; not measurable while the 95 % interval of that share straddles the threshold
    id: 'gan-outliers',
    plot: 'rare-class',
    judge(study) {
      return rareVerdict(this.id, this.plot, study && rareClass(study).gan);
    },
  },
  {
    // "diffusion models overlook details that are rare in the data": the same test for the diffusion model
    id: 'diffusion-rare',
    plot: 'rare-class',
    judge(study) {
      return rareVerdict(this.id, this.plot, study && rareClass(study).diffusion);
    },
  },
  {
    // "diffusion models are easier to train than GANs": over the seeds, no diffusion run collapses (the rule
    // in study.json) and its final FD varies less, relative to its mean, than the GAN's
    id: 'diffusion-easier',
    plot: 'stability',
    judge(study) {
      const s = study && stability(study);
      if (!s?.gan || !s.diffusion) return missing(this.id, this.plot);
      return {
        id: this.id,
        plot: this.plot,
        verdict: verdict(s.diffusion.collapses === 0 && s.diffusion.cv < s.gan.cv),
        evidence: {
          seeds: s.gan.runs.length,
          gan: pct(s.gan.cv),
          diffusion: pct(s.diffusion.cv),
          ganCollapses: s.gan.collapses,
          diffusionCollapses: s.diffusion.collapses,
        },
      };
    },
  },
  {
    // "transformers need large data sets": a crossover, at equal training budgets: on the smallest share of the
    // corpus the GPT's validation loss is above the n-gram model's, on the largest below it
    id: 'transformer-data',
    plot: 'transformer-data',
    judge(study) {
      const rows = study ? transformerData(study).filter((r) => r.gpt !== undefined && r.ngram !== undefined) : [];
      if (rows.length < 2) return missing(this.id, this.plot);
      const [few, many] = [rows[0]!, rows[rows.length - 1]!];
      return {
        id: this.id,
        plot: this.plot,
        verdict: verdict(few.gpt! > few.ngram! && many.gpt! < many.ngram!),
        evidence: {
          few: pct(few.share),
          many: pct(many.share),
          gptFew: round(few.gpt!),
          ngramFew: round(few.ngram!),
          gptMany: round(many.gpt!),
          ngramMany: round(many.ngram!),
        },
      };
    },
  },
  {
    // "NeRFs need comparatively little data": FEW_VIEWS views of the scene come within NERF_DB of the PSNR
    // that the most views give
    id: 'nerf-few-views',
    plot: 'nerf-views',
    judge(study) {
      const rows = study ? nerfViews(study) : [];
      const few = [...rows].reverse().find((r) => r.views <= FEW_VIEWS);
      const most = rows[rows.length - 1];
      if (!few || !most || few === most) return missing(this.id, this.plot);
      return {
        id: this.id,
        plot: this.plot,
        verdict: verdict(few.psnr >= most.psnr - NERF_DB),
        evidence: { views: few.views, psnr: round(few.psnr), most: most.views, best: round(most.psnr), db: NERF_DB },
      };
    },
  },
];
