// When the study's PyTorch GPT passed each n-gram order (public/models/study.json, experiment transformer_data,
// all of the fortunes): the first evaluation at which its held-out loss was below the n-gram's loss of that
// order on the same held-out text. #/train-text marks these beside its own live crossings. No DOM.
import type { Study, StudyRun } from './study';

export interface StudyCrossing {
  order: number;
  /** training seconds (one CPU thread) and characters learned from until then */
  s: number;
  chars: number;
}

interface Extra {
  config?: { batch_size?: number; context?: number };
  tuning?: { order: number; discount: number; dev_loss: number }[];
}

const fullShare = (r: StudyRun) => r.experiments.includes('transformer_data') && r.data.share_of_training_fortunes === 1;

/** The study GPT's held-out loss (its own held-out text, 128-character windows) over its training seconds. */
export function studyCurve(study: Study): { s: number; loss: number }[] {
  const gpt = study.runs.find((r) => r.model === 'gpt' && fullShare(r));
  return (gpt?.curve ?? []).flatMap((c) => (c.val_128_windows === undefined ? [] : [{ s: c.s, loss: c.val_128_windows }]));
}

export function studyCrossings(study: Study): StudyCrossing[] {
  const gpt = study.runs.find((r) => r.model === 'gpt' && fullShare(r)) as (StudyRun & Extra) | undefined;
  const ngram = study.runs.find((r) => r.model === 'ngram' && fullShare(r)) as (StudyRun & Extra) | undefined;
  if (!gpt || !ngram?.tuning) return [];
  const perStep = (gpt.config?.batch_size ?? 0) * (gpt.config?.context ?? 0);
  const discount = ngram.final.discount;
  const out: StudyCrossing[] = [];
  for (const g of ngram.tuning.filter((t) => t.discount === discount).sort((a, b) => a.order - b.order)) {
    if (g.order > 6) break;
    const p = gpt.curve.find((c) => c.val_128_windows !== undefined && c.val_128_windows < g.dev_loss);
    if (p) out.push({ order: g.order, s: p.s, chars: p.step * perStep });
  }
  return out;
}
