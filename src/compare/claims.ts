// The article's claims, each judged from our numbers: supported, not supported, or not measurable here
// (a number is missing, or nothing we measure can decide it). Thresholds are stated beside each claim.
// No DOM: the compare page renders the verdicts and evidence through i18n keys `claim.<id>.*`.
import type { ModelFacts, ModelKind, Reference } from './facts';
import { STUDY_CLAIMS } from './study-claims';
import type { Study } from './study';
import { type ClaimResult, round, unmeasured, verdict } from './verdict';

export type { ClaimResult, Verdict } from './verdict';

type Facts = Partial<Record<ModelKind, ModelFacts>>;

export interface Claim {
  id: string;
  judge(f: Facts, ref: Reference): ClaimResult;
}

/** 30 frames per second: below it a renderer is not real-time. */
export const REALTIME_MS = 1000 / 30;
/** "Comparatively little data": at most a hundredth of the images the image models learned from. */
export const FEW_VIEWS_SHARE = 0.01;
/** A NeRF counts as having learned the scene from those views at ≥ 30 dB PSNR on held-out views. */
export const GOOD_PSNR_DB = 30;

export const CLAIMS: readonly Claim[] = [
  {
    // "GANs can also generate new content faster" — one generator call against a whole diffusion sampling run
    id: 'gan-faster',
    judge(f) {
      const [g, d] = [f.gan?.msPerSample, f.diffusion?.msPerSample];
      if (g === undefined || d === undefined) return unmeasured(this.id);
      return { id: this.id, verdict: verdict(g < d), evidence: { gan: round(g), diffusion: round(d), factor: round(d / g) } };
    },
  },
  {
    // "images made by GANs are usually sharper and more detailed than those of VAEs"
    id: 'vae-blurrier',
    judge(f, ref) {
      const [v, g] = [f.vae?.quality.sharpness, f.gan?.quality.sharpness];
      if (v === undefined || g === undefined) return unmeasured(this.id);
      return {
        id: this.id,
        verdict: verdict(v < g),
        evidence: { vae: round(v), gan: round(g), real: ref.realSharpness !== undefined ? round(ref.realSharpness) : '–' },
      };
    },
  },
  {
    // "adding and removing noise needs considerable compute: training is costly" — training time on the same
    // CPU and sampling cost here, both against VAE and GAN
    id: 'diffusion-costly',
    judge(f) {
      const d = f.diffusion;
      const others = [f.vae, f.gan].filter((m): m is ModelFacts => !!m);
      if (!d || others.length < 2 || d.msPerSample === undefined || others.some((m) => m.msPerSample === undefined)) {
        return unmeasured(this.id, d ? { train: Math.round(d.training.seconds / 60) } : {});
      }
      const trainsLonger = others.every((m) => d.training.seconds > m.training.seconds);
      const samplesSlower = others.every((m) => d.msPerSample! > m.msPerSample!);
      return {
        id: this.id,
        verdict: verdict(trainsLonger && samplesSlower),
        evidence: {
          train: Math.round(d.training.seconds / 60),
          trainVae: Math.round(f.vae!.training.seconds / 60),
          trainGan: Math.round(f.gan!.training.seconds / 60),
          factor: round(Math.min(...others.map((m) => d.msPerSample! / m.msPerSample!))),
        },
      };
    },
  },
  {
    // "diffusion models make highly precise images — sometimes more precise than GANs" (lower Fréchet distance)
    id: 'diffusion-precise',
    judge(f) {
      const [d, g] = [f.diffusion?.quality.fd, f.gan?.quality.fd];
      if (d === undefined || g === undefined) return unmeasured(this.id);
      return {
        id: this.id,
        verdict: verdict(d < g),
        evidence: {
          diffusion: round(d, 3),
          gan: round(g, 3),
          vae: f.vae?.quality.fd !== undefined ? round(f.vae.quality.fd, 3) : '–',
          steps: f.diffusion?.quality.fdSteps ?? '–',
          samples: f.gan?.quality.fdSamples ?? '–',
        },
      };
    },
  },
  {
    // "generating new content is often slow, so NeRFs suit real-time use poorly"
    id: 'nerf-slow',
    judge(f) {
      const n = f.nerf?.msPerSample;
      if (n === undefined) return unmeasured(this.id);
      return {
        id: this.id,
        verdict: verdict(n > REALTIME_MS),
        evidence: { ms: round(n), fps: round(1000 / n), limit: Math.round(REALTIME_MS) },
      };
    },
  },
  {
    // "NeRFs need comparatively little training data" — views of one scene against the image models' data
    id: 'nerf-little-data',
    judge(f) {
      const n = f.nerf;
      const images = Math.max(...[f.vae, f.gan, f.diffusion].map((m) => m?.data.amount ?? 0));
      if (!n || n.quality.psnr === undefined || !images) return unmeasured(this.id);
      return {
        id: this.id,
        verdict: verdict(n.data.amount <= FEW_VIEWS_SHARE * images && n.quality.psnr >= GOOD_PSNR_DB),
        evidence: { views: n.data.amount, images, psnr: round(n.quality.psnr) },
      };
    },
  },
];

/** Every claim: those judged from the finished models, then those judged from the training study (not
 * measurable while study.json is missing or lacks an experiment's runs). */
export function judgeAll(f: Facts, ref: Reference, study?: Study): ClaimResult[] {
  return [...CLAIMS.map((c) => c.judge(f, ref)), ...STUDY_CLAIMS.map((c) => c.judge(study))];
}
