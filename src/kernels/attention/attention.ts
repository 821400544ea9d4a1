// Host side of attention.wgsl (causal attention over the key/value cache: prefill, decode and the
// probabilities for the heatmap), kv-cache.wgsl (the cache write), softmax.wgsl (the U-Net's attention) and
// attention-naive.wgsl (the benchmark's baseline). CPU references: attention-reference.ts.
import attentionWgsl from './attention.wgsl?raw';
import kvCacheWgsl from './kv-cache.wgsl?raw';
import naiveWgsl from './attention-naive.wgsl?raw';
import softmaxWgsl from './softmax.wgsl?raw';
import { kernelSpec } from '../gpu';
import { declareParams, type ParamsOf } from '../params';

/** Attention's workgroup size and key tile (TILE in attention.wgsl). */
export const ATTENTION_TILE = 32;
/** The largest head size whose K and V tiles fit the 16 KiB of workgroup memory every adapter has. */
export const MAX_HEAD_DIM = 64;

export const ATTENTION_PARAMS = declareParams({
  /** new tokens (query rows) */
  T: 'u32',
  /** cache slot of query row 0 */
  pos: 'u32',
  /** cache slots per head */
  C: 'u32',
  /** heads */
  H: 'u32',
  /** element offset of this layer's keys in `cache`; values follow after H·C·D */
  kv_base: 'u32',
  /** element offset of this layer's probabilities in `probs` */
  probs_base: 'u32',
  /** 1 / sqrt(HEAD_DIM) */
  scale: 'f32',
});
export type AttentionParams = ParamsOf<typeof ATTENTION_PARAMS>;

/** attention.wgsl with its HEAD_DIM set (the K and V tiles are sized by it). */
export function attentionSource(headDim: number): string {
  if (!Number.isInteger(headDim) || headDim < 1 || headDim > MAX_HEAD_DIM) {
    throw new Error(`attention.wgsl: head size ${headDim} is not supported (1…${MAX_HEAD_DIM})`);
  }
  return attentionWgsl.replace(/^const HEAD_DIM = \d+u;/m, `const HEAD_DIM = ${headDim}u;`);
}

/** The three entries of attention.wgsl for one head size. */
export function attentionSpecs(headDim: number) {
  const code = attentionSource(headDim);
  const spec = (entry: string) => kernelSpec('attention', code, entry, ATTENTION_PARAMS);
  return { prefill: spec('prefill'), decode: spec('decode'), probabilities: spec('probabilities') };
}

/** Attention params for T queries at `pos` over C cache slots of H heads of size D. */
export function attentionParams(s: {
  T: number;
  pos: number;
  C: number;
  H: number;
  kvBase: number;
  probsBase: number;
  D: number;
}): AttentionParams {
  return { T: s.T, pos: s.pos, C: s.C, H: s.H, kv_base: s.kvBase, probs_base: s.probsBase, scale: 1 / Math.sqrt(s.D) };
}

/** Workgroups for attention: prefill tiles the rows, decode gives each row its own workgroup. */
export function attentionGrid(kind: 'prefill' | 'decode', T: number, H: number): [number, number] {
  return kind === 'prefill' ? [Math.ceil(T / ATTENTION_TILE), H] : [T, H];
}

/** `probabilities`: a workgroup per 32 cache slots of each query row and head. */
export function probabilitiesGrid(C: number, T: number, H: number): [number, number, number] {
  return [Math.ceil(C / 32), T, H];
}

export const KV_CACHE_PARAMS = declareParams({ T: 'u32', H: 'u32', D: 'u32', C: 'u32', pos: 'u32', kv_base: 'u32' });
export const KV_CACHE = kernelSpec('kv-cache', kvCacheWgsl, 'main', KV_CACHE_PARAMS);

export const SOFTMAX_PARAMS = declareParams({ rows: 'u32', n: 'u32' });
export const SOFTMAX = kernelSpec('softmax', softmaxWgsl, 'main', SOFTMAX_PARAMS);

/** attention-naive.wgsl: T queries over S keys, H heads of size D. */
export const NAIVE_ATTENTION_PARAMS = declareParams({ T: 'u32', S: 'u32', H: 'u32', D: 'u32', scale: 'f32' });
export const NAIVE_ATTENTION = ['scores_pass', 'softmax_pass', 'values_pass'].map((entry) =>
  kernelSpec('attention-naive', naiveWgsl, entry, NAIVE_ATTENTION_PARAMS),
);
