// The engines a demo can run on. `auto` is a choice, not an engine: it measures and picks one.
// `cpu` runs our kernels' CPU references in the worker: nothing to download, so `auto` starts there where a
// model has it, and switches to another engine only where that is measured faster.
export const ENGINE_CHOICES = ['auto', 'webgpu', 'wasm', 'wgsl', 'cpu'] as const;
export type EngineChoice = (typeof ENGINE_CHOICES)[number];
export type Engine = Exclude<EngineChoice, 'auto'>;

/** Engines that need a WebGPU adapter. */
export const GPU_ENGINES: readonly Engine[] = ['webgpu', 'wgsl'];

/** The engine `auto` starts on before it has measured anything: `cpu` where the model has it, else `wasm`. */
export function autoStart(engines: readonly Engine[]): Engine {
  return engines.includes('cpu') ? 'cpu' : 'wasm';
}

/**
 * Engines `auto` leaves out unless asked for: onnxruntime's WebGPU build is a runtime of its own, 6.6 MB
 * gzipped on top of the 3.7 MB WASM build, so a visitor downloads it only by picking `webgpu`.
 */
export const AUTO_LEAVES_OUT: readonly Engine[] = ['webgpu'];

/** Median of a list of timings (ms). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The q-quantile (0..1) by nearest rank. */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}

/** The engine with the lowest median time; ties go to the first listed. */
export function fastest(medians: Partial<Record<Engine, number>>): Engine | undefined {
  let best: Engine | undefined;
  for (const [engine, ms] of Object.entries(medians) as [Engine, number][]) {
    if (!Number.isFinite(ms)) continue;
    if (best === undefined || ms < (medians[best] as number)) best = engine;
  }
  return best;
}

/**
 * WASM threads onnxruntime-web gets: threads need cross-origin isolation (SharedArrayBuffer); leave one core
 * for the page and the other workers, and more than 4 rarely helps models this small.
 */
export function wasmThreadCount(cores: number, crossOriginIsolated: boolean): number {
  return crossOriginIsolated ? Math.max(1, Math.min(4, cores - 1)) : 1;
}

/** Whether cross-origin isolation would give onnxruntime more than one thread on a device with `cores`. */
export function isolationAddsThreads(cores: number): boolean {
  return wasmThreadCount(cores, true) > wasmThreadCount(cores, false);
}
