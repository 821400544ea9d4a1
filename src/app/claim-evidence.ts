// The texts beside a claim's verdict, shared by the compare page's claims table and the study page: the
// evidence with its numbers, and the caveat — why an inconclusive verdict could not decide, the claim's own
// limits, and for study claims how many seeds and what budget it rests on.
import { fmtInt, fmtSignificant as significant, t, type MessageKey } from '../core/main-thread/i18n';
import type { ClaimResult } from '../compare/claims';
import type { Evidence, Missing, Spread } from '../compare/verdict';
import './compare.strings';
import '../ui/fashion-mnist.strings';

const isSpread = (v: unknown): v is Spread => typeof v === 'object' && v !== null && 'mean' in v;

/** Evidence values as the visitor reads them, in the page's language: "153 ± 4.1" for a figure over
 * several seeds, "10 → 24.8, 25 → 30" for pairs. */
export function shownEvidence(e: Evidence): Record<string, string> {
  const show = (v: Evidence[string]): string => {
    if (typeof v === 'number') return significant(v);
    if (typeof v === 'string') return v;
    if (isSpread(v)) return v.values.length > 1 ? `${significant(v.mean)} ± ${significant(v.sd)}` : significant(v.mean);
    return v.map(([a, b]) => `${significant(a)} → ${significant(b)}`).join(', ');
  };
  return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, show(v)]));
}

/** The claim's evidence sentence with its numbers; `missing` is the text when its numbers are not there. */
export function evidenceText(r: ClaimResult, missing: (why: Missing) => string): string {
  if (r.why) return missing(r.why);
  const shown = shownEvidence(r.evidence);
  if (typeof r.evidence.classIndex === 'number') shown.className = t(`fmnist.class.${r.evidence.classIndex}` as MessageKey);
  return [
    t(`claim.${r.id}.evidence` as MessageKey, shown),
    ...(r.more ?? []).map((k) => t(`claim.${r.id}.more.${k}` as MessageKey, shown)),
  ].join(' ');
}

/** The caveat: why it is inconclusive (if it is), the claim's limits, and the study runs it rests on. */
export function caveatText(r: ClaimResult): string {
  const parts = [];
  if (r.verdict === 'inconclusive' && r.undecided) parts.push(t(`claims.undecided.${r.undecided}` as MessageKey));
  parts.push(t(`claim.${r.id}.caveat` as MessageKey, shownEvidence(r.evidence)));
  if (r.basis)
    parts.push(
      t(r.basis.seeds === 1 ? 'claims.basis.one' : 'claims.basis', {
        seeds: fmtInt(r.basis.seeds),
        minutes: significant(r.basis.budgetS / 60),
        device: r.basis.device,
      }),
    );
  return parts.join(' ');
}
