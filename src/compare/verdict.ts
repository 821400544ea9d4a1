// What judging a claim gives, shared by the claims judged from the finished models (claims.ts) and those
// judged from the training study (study-claims.ts), and the few rules every verdict follows. No DOM.
//
// Four verdicts. 'supported' and 'not-supported' only where the data can decide: the lead is larger than
// the claim's own margin and than the spread between seeds, every model the rule needs reached the quality
// it needs, and no known artefact could explain the result. Where one of those fails the verdict is
// 'inconclusive', with the reason (`undecided`). 'not-measurable': a number is missing.

export type Verdict = 'supported' | 'not-supported' | 'inconclusive' | 'not-measurable';

/** Why a verdict is 'inconclusive'. */
export type Undecided =
  /** fewer seeds than MIN_SEEDS behind a comparison of models */
  | 'few-seeds'
  /** the models' seeds overlap: the lead is within the run-to-run spread */
  | 'within-spread'
  /** a lead, but smaller than the claim's own margin */
  | 'below-margin'
  /** a model never reached the quality the rule needs (an untrained model's numbers say little) */
  | 'not-reached'
  /** a known artefact of the measurement could explain the result */
  | 'artefact'
  /** the claim read two ways (e.g. absolute quality and loss factor), and the readings disagree */
  | 'ways-disagree'
  /** the events the rule counts (collapses) did not happen on either side */
  | 'no-events';

/** Evidence values: text, a number, a figure over seeds ("mean ± sd"), or pairs ("x → y, …", e.g. a curve). */
export type Missing = 'unmeasured' | 'no-experiment' | 'not-shown';

export type Evidence = Record<string, string | number | Spread | [number, number][]>;

export interface ClaimResult {
  id: string;
  verdict: Verdict;
  /** Numbers for the evidence and caveat texts (already rounded for display where that matters); a Spread
   * reads "mean ± sd" where it has several seeds. */
  evidence: Evidence;
  /** Which evidence text: 'claim.<id>.evidence' or, when not measurable, why: no time measured here yet, no
   * study runs, or a measure not taken for these models ('not-shown'). */
  why?: Missing;
  /** Optional sentences after the evidence, 'claim.<id>.more.<key>', for figures not every run has. */
  more?: string[];
  /** With 'inconclusive': why the data cannot decide. */
  undecided?: Undecided;
  /** What the verdict rests on, for claims judged from the study: seeds per setting and each run's budget. */
  basis?: { seeds: number; budgetS: number; device: string };
  /** The study plot the evidence comes from (its id on #/study), for claims judged from study.json. */
  plot?: string;
}

/** Seeds a study verdict needs wherever it compares models. */
export const MIN_SEEDS = 3;
/** The lead a comparison needs beyond the seeds' spread: a tenth of the larger mean. */
export const MARGIN = 0.1;

/** About `digits` + 1 significant digits, for evidence numbers. */
export const round = (v: number, digits = 2) => Number(v.toPrecision(digits + 1));
export const unmeasured = (id: string, evidence: Evidence = {}): ClaimResult => ({
  id,
  verdict: 'not-measurable',
  why: 'unmeasured',
  evidence,
});
export const verdict = (ok: boolean) => (ok ? 'supported' : 'not-supported') as Verdict;

/** A figure over seeds: mean, sample standard deviation (0 for one value), lowest, highest, and the values. */
export interface Spread {
  mean: number;
  sd: number;
  min: number;
  max: number;
  values: number[];
}
export function spreadOf(values: number[]): Spread {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, sd, min: Math.min(...values), max: Math.max(...values), values };
}

/** How two figures over seeds compare, lower being better: 'a' or 'b' leads only when every seed of it is
 * below every seed of the other (no overlap) and its mean is lower by more than `margin` of the larger mean;
 * 'spread' when the seeds overlap, 'margin' when they don't but the lead is too small. */
export function lower(a: Spread, b: Spread, margin = MARGIN): 'a' | 'b' | 'spread' | 'margin' {
  const [lead, other] = a.mean <= b.mean ? ([a, b] as const) : ([b, a] as const);
  if (lead.max >= other.min) return 'spread';
  if (lead.mean > other.mean * (1 - margin)) return 'margin';
  return lead === a ? 'a' : 'b';
}

/** A spread rounded for display (mean and sd to `digits` + 1 significant digits). */
export const rounded = (s: Spread, digits = 2): Spread => ({ ...s, mean: round(s.mean, digits), sd: round(s.sd, 1) });
