// Remembers what `auto` measured per demo on this device, so the device report can say it before a demo runs.
import type { Engine } from '../any-thread/engine-choice';

export interface AutoDecision {
  engine: Engine;
  medians: Partial<Record<Engine, number>>;
  at: string;
}

const key = (model: string) => `gmp.auto.${model}`;

export function rememberAuto(model: string, decision: AutoDecision): void {
  try {
    localStorage.setItem(key(model), JSON.stringify(decision));
  } catch {
    /* storage blocked */
  }
}

export function recallAuto(model: string): AutoDecision | undefined {
  try {
    const raw = localStorage.getItem(key(model));
    if (!raw) return undefined;
    const d = JSON.parse(raw) as AutoDecision;
    return typeof d.engine === 'string' && typeof d.medians === 'object' ? d : undefined;
  } catch {
    return undefined;
  }
}

/** "wasm 0.9 ms, webgpu 312 ms" */
export function describeMedians(medians: Partial<Record<Engine, number>>, format: (ms: number) => string): string {
  return Object.entries(medians)
    .map(([e, ms]) => `${e} ${format(ms as number)} ms`)
    .join(', ');
}
