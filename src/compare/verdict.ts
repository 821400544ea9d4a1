// What judging a claim gives, shared by the claims judged from the finished models (claims.ts) and those
// judged from the training study (study-claims.ts). No DOM.

export type Verdict = 'supported' | 'not-supported' | 'not-measurable';

export interface ClaimResult {
  id: string;
  verdict: Verdict;
  /** Numbers for the evidence text (already rounded for display where that matters). */
  evidence: Record<string, string | number>;
  /** Which evidence text: 'claim.<id>.evidence' or, when not measurable, why. */
  why?: 'unmeasured' | 'no-experiment';
  /** Said after the evidence text: 'too-close', no model has a clear lead (the claim's lead is not shown). */
  caveat?: 'too-close';
  /** The study plot the evidence comes from (its id on #/study), for claims judged from study.json. */
  plot?: string;
}

/** About `digits` + 1 significant digits, for evidence numbers. */
export const round = (v: number, digits = 2) => Number(v.toPrecision(digits + 1));
export const unmeasured = (id: string, evidence: Record<string, string | number> = {}): ClaimResult => ({
  id,
  verdict: 'not-measurable',
  why: 'unmeasured',
  evidence,
});
export const verdict = (ok: boolean) => (ok ? 'supported' : 'not-supported') as Verdict;
