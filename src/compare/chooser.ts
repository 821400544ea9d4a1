// The model chooser: the visitor's constraints → a ranked list of the five model kinds with reasons.
// The rule table is read off the article's "when to use" lists (and its strengths and weaknesses); each
// rule names the model, the constraint, a weight and the reason shown. No DOM: the compare page renders it.
import type { ModelKind } from './facts';
import { KINDS } from './facts';
import { shown } from '../core/any-thread/url-state';

export const CONSTRAINTS = ['little-data', 'sharp', 'fast', 'compute', 'realtime'] as const;
export type Constraint = (typeof CONSTRAINTS)[number];
export const CONTENTS = ['any', 'image', 'text', '3d', 'audio'] as const;
export type Content = (typeof CONTENTS)[number];

/** How well a kind makes a kind of content: 2 its home ground, 1 possible but not mature, 0 not at all. */
export const CONTENT_FIT: Record<Exclude<Content, 'any'>, Record<ModelKind, 0 | 1 | 2>> = {
  // VAE, GAN and diffusion are the image makers; the article sees transformers for many kinds of content
  image: { vae: 2, gan: 2, diffusion: 2, transformer: 1, nerf: 0 },
  // text is the transformers' field; the article calls diffusion for text promising but not mature yet
  text: { vae: 0, gan: 0, diffusion: 1, transformer: 2, nerf: 0 },
  // NeRF makes 3-D scenes (and nothing else); diffusion can also build 3-D from stills, with more data
  '3d': { vae: 0, gan: 0, diffusion: 1, transformer: 0, nerf: 2 },
  // diffusion: "visual or acoustic content"; GANs and transformers are used for audio too, less directly
  audio: { vae: 0, gan: 1, diffusion: 2, transformer: 1, nerf: 0 },
};

export interface Rule {
  model: ModelKind;
  when: Constraint;
  /** Added to the model's score when the constraint is ticked (negative: speaks against it). */
  weight: number;
  /** The reason shown, an i18n key under `chooser.reason.`. */
  reason: string;
}

/** The rule table. Weights: 2 the article names it as a reason to choose / avoid, 1 a weaker hint. */
export const RULES: readonly Rule[] = [
  // little training data
  { model: 'vae', when: 'little-data', weight: 2, reason: 'vae.little-data' },
  { model: 'nerf', when: 'little-data', weight: 2, reason: 'nerf.little-data' },
  { model: 'diffusion', when: 'little-data', weight: -2, reason: 'diffusion.little-data' },
  { model: 'transformer', when: 'little-data', weight: -2, reason: 'transformer.little-data' },
  // sharp, precise output
  { model: 'gan', when: 'sharp', weight: 2, reason: 'gan.sharp' },
  { model: 'diffusion', when: 'sharp', weight: 2, reason: 'diffusion.sharp' },
  { model: 'vae', when: 'sharp', weight: -2, reason: 'vae.sharp' },
  // fast and cheap at generation
  { model: 'gan', when: 'fast', weight: 2, reason: 'gan.fast' },
  { model: 'vae', when: 'fast', weight: 1, reason: 'vae.fast' },
  { model: 'diffusion', when: 'fast', weight: -2, reason: 'diffusion.fast' },
  { model: 'transformer', when: 'fast', weight: -1, reason: 'transformer.fast' },
  { model: 'nerf', when: 'fast', weight: -2, reason: 'nerf.fast' },
  // lots of compute for training (and inference)
  { model: 'gan', when: 'compute', weight: 1, reason: 'gan.compute' },
  { model: 'diffusion', when: 'compute', weight: 1, reason: 'diffusion.compute' },
  { model: 'transformer', when: 'compute', weight: 2, reason: 'transformer.compute' },
  // real time
  { model: 'gan', when: 'realtime', weight: 1, reason: 'gan.realtime' },
  { model: 'vae', when: 'realtime', weight: 1, reason: 'vae.realtime' },
  { model: 'nerf', when: 'realtime', weight: -3, reason: 'nerf.realtime' },
  { model: 'diffusion', when: 'realtime', weight: -2, reason: 'diffusion.realtime' },
];

export interface Ranked {
  model: ModelKind;
  score: number;
  /** False when the model does not make the chosen content at all (listed last, not recommended). */
  fits: boolean;
  /** Rules that fired, strongest first, plus the content fit as the first reason. */
  reasons: { reason: string; weight: number }[];
}

/**
 * Ranks the five kinds for the ticked constraints and content type. Score = sum of fired rule weights +
 * 2 × content fit (so the content decides first); models that cannot make the content come last. Ties keep
 * the order of KINDS.
 */
export function rank(constraints: ReadonlySet<Constraint>, content: Content): Ranked[] {
  const rows = KINDS.map((model, order) => {
    const reasons: Ranked['reasons'] = [];
    let score = 0;
    let fits = true;
    if (content !== 'any') {
      const fit = CONTENT_FIT[content][model];
      fits = fit > 0;
      score += 2 * fit;
      reasons.push({ reason: `content.${fit}`, weight: 2 * fit });
    }
    const fired = RULES.filter((r) => r.model === model && constraints.has(r.when)).sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
    for (const r of fired) {
      score += r.weight;
      reasons.push({ reason: r.reason, weight: r.weight });
    }
    return { model, score, fits, reasons, order };
  });
  rows.sort((a, b) => Number(b.fits) - Number(a.fits) || b.score - a.score || a.order - b.order);
  return rows.map(({ order: _, ...r }) => r);
}

/** Reads `need=a,b&content=c` (unknown values dropped and reported). */
const MAX_DROPPED = 5;

export function parseChooser(params: URLSearchParams): { constraints: Set<Constraint>; content: Content; dropped: string[] } {
  const dropped: string[] = [];
  const constraints = new Set<Constraint>();
  for (const v of (params.get('need') ?? '').split(',').filter(Boolean)) {
    if ((CONSTRAINTS as readonly string[]).includes(v)) constraints.add(v as Constraint);
    else dropped.push(`need=${shown(v)}`);
  }
  const raw = params.get('content');
  let content: Content = 'any';
  if (raw !== null) {
    if ((CONTENTS as readonly string[]).includes(raw)) content = raw as Content;
    else dropped.push(`content=${shown(raw)}`);
  }
  // each value cut short, and at most a few of them: a hostile link must not fill the page
  const listed = dropped.length > MAX_DROPPED ? [...dropped.slice(0, MAX_DROPPED), `… (+${dropped.length - MAX_DROPPED})`] : dropped;
  return { constraints, content, dropped: listed };
}

export function chooserParams(constraints: ReadonlySet<Constraint>, content: Content): Record<string, string | undefined> {
  return {
    need: constraints.size ? CONSTRAINTS.filter((c) => constraints.has(c)).join(',') : undefined,
    content: content === 'any' ? undefined : content,
  };
}
