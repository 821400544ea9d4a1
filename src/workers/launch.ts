// How the page starts each worker. Vite bundles a worker only from a literal `new URL('./x.worker.ts',
// import.meta.url)` with literal options, so each one is spelled out here, beside the entry points; the model entries (models/) name
// their worker by key and never point up at this folder, and the entry points import only downward.
// Main thread only: the page's side (ui, demos, compare, app) asks for a worker here.
export const LAUNCH = {
  vae: () => new Worker(new URL('./vae.worker.ts', import.meta.url), { type: 'module', name: 'vae' }),
  gan: () => new Worker(new URL('./gan.worker.ts', import.meta.url), { type: 'module', name: 'gan' }),
  diffusion: () => new Worker(new URL('./diffusion.worker.ts', import.meta.url), { type: 'module', name: 'diffusion' }),
  transformer: () => new Worker(new URL('./transformer.worker.ts', import.meta.url), { type: 'module', name: 'transformer' }),
  nerf: () => new Worker(new URL('./nerf.worker.ts', import.meta.url), { type: 'module', name: 'nerf.worker' }),
  training: () => new Worker(new URL('./training.worker.ts', import.meta.url), { type: 'module', name: 'training' }),
  'text-training': () => new Worker(new URL('./text-training.worker.ts', import.meta.url), { type: 'module', name: 'text-training' }),
  ngram: () => new Worker(new URL('./ngram.worker.ts', import.meta.url), { type: 'module', name: 'ngram' }),
  'nerf-training': () => new Worker(new URL('./nerf-training.worker.ts', import.meta.url), { type: 'module', name: 'nerf-training' }),
  kernels: () => new Worker(new URL('./kernels.worker.ts', import.meta.url), { type: 'module', name: 'kernels.worker' }),
  helper: () => new Worker(new URL('./helper.worker.ts', import.meta.url), { type: 'module', name: 'helper' }),
} satisfies Record<string, () => Worker>;

export type WorkerKind = keyof typeof LAUNCH;

export function isWorkerKind(kind: string): kind is WorkerKind {
  return Object.hasOwn(LAUNCH, kind);
}

/** A fresh worker of `kind` (a model's id, `training` or `kernels`). */
export function launchWorker(kind: string): Worker {
  if (!isWorkerKind(kind)) throw new Error(`No worker is known for "${kind}". Known: ${Object.keys(LAUNCH).join(', ')}.`);
  return LAUNCH[kind]();
}
