// Models trained in this tab, kept in memory for their demo: a training page keeps one here and the demo
// opens it from a link (`#/nerf?field=trained`) without a reload and without sending anything anywhere. They
// live as long as the tab; saving runs across reloads is the saved-runs store's job. Main thread only.

export interface KeptModel<T> {
  model: T;
  /** What the demo's banner says about it: training step, photos or images, the last held-out score. */
  step: number;
  data: string;
  score?: number;
}

const kept = new Map<string, KeptModel<unknown>>();

/** Keeps `model` for the demo `id` (a newer one replaces it). */
export function keepModel<T>(id: string, model: KeptModel<T>): void {
  kept.set(id, model);
}

/** The model kept for demo `id`, if this tab has one. */
export function keptModel<T>(id: string): KeptModel<T> | undefined {
  return kept.get(id) as KeptModel<T> | undefined;
}
