// The evidence text beside a claim's verdict, shared by the compare page's claims table and the study page.
import { fmtSignificant as significant, t, type MessageKey } from '../core/main-thread/i18n';
import type { ClaimResult } from '../compare/claims';
import './compare.strings';

/** The claim's evidence sentence with its numbers; `missing` is the text when its numbers are not there. */
export function evidenceText(r: ClaimResult, missing: (why: 'unmeasured' | 'no-experiment') => string): string {
  if (r.why === 'unmeasured' || r.why === 'no-experiment') return missing(r.why);
  const shown = Object.fromEntries(Object.entries(r.evidence).map(([k, v]) => [k, typeof v === 'number' ? significant(v) : v]));
  const text = t(`claim.${r.id}.evidence` as MessageKey, shown);
  return r.caveat === 'too-close' ? `${text} ${t('claims.tooclose', shown)}` : text;
}
