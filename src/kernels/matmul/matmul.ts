// Host side of matmul.wgsl (the linear layer y = x·wᵀ + b, tiled `main` and one-row `rows`) and bmm.wgsl
// (batched matmul): the Params declarations, their packing and grids. CPU references: matmul-reference.ts.
import bmmWgsl from './bmm.wgsl?raw';
import matmulWgsl from './matmul.wgsl?raw';
import { kernelSpec } from '../gpu';
import { declareParams, type ParamsOf } from '../params';

export const MATMUL_PARAMS = declareParams({
  M: 'u32',
  N: 'u32',
  K: 'u32',
  /** 1: add to what y holds (the residual connection) */
  accumulate: 'u32',
  /** element offsets, so one buffer can hold several operands */
  x_offset: 'u32',
  y_offset: 'u32',
});
export type MatmulParams = ParamsOf<typeof MATMUL_PARAMS>;
export const MATMUL = kernelSpec('matmul', matmulWgsl, 'main', MATMUL_PARAMS);
export const MATMUL_ROWS = kernelSpec('matmul', matmulWgsl, 'rows', MATMUL_PARAMS);

/** y[M, N] (+)= x[M, K] · w[N, K]ᵀ + b: a linear layer (a Gemm with transB = 1). */
export function linearParams(M: number, N: number, K: number, accumulate: 0 | 1 = 0): MatmulParams {
  return { M, N, K, accumulate, x_offset: 0, y_offset: 0 };
}

/** `main`: 16 × 16 outputs per workgroup. */
export function gemmGrid(M: number, N: number): [number, number] {
  return [Math.ceil(N / 16), Math.ceil(M / 16)];
}

/** `rows`: one thread per output column, a workgroup row per row of y. */
export function rowsGrid(M: number, N: number): [number, number] {
  return [Math.ceil(N / 64), M];
}

export const BMM_PARAMS = declareParams({ M: 'u32', N: 'u32', K: 'u32' });
export const BMM = kernelSpec('bmm', bmmWgsl, 'main', BMM_PARAMS);

export function bmmGrid(batch: number, M: number, N: number): [number, number, number] {
  return [Math.ceil(N / 16), Math.ceil(M / 16), batch];
}
