// The WGSL kernels a GPT forward pass needs, compiled once per device and head size: attention (prefill,
// decode and the probabilities for the heatmap), the linear layer, layer norm, GELU, the embedding and the
// cache write. Their Params and grids: the family modules (attention/, matmul/, norm/, elementwise/, layout/).
import { compileKernels, type Kernel, type KernelsOf } from './gpu';
import { attentionSpecs, KV_CACHE } from './attention/attention';
import { GELU } from './elementwise/elementwise';
import { EMBEDDING } from './layout/layout';
import { gemmGrid, MATMUL, type MATMUL_PARAMS, MATMUL_ROWS, rowsGrid } from './matmul/matmul';
import { LAYER_NORM } from './norm/norm';

function transformerSpecs(headDim: number) {
  return {
    ...attentionSpecs(headDim),
    matmul: MATMUL,
    matmulRows: MATMUL_ROWS,
    layerNorm: LAYER_NORM,
    gelu: GELU,
    embedding: EMBEDDING,
    kvCache: KV_CACHE,
  };
}

export type TransformerKernels = KernelsOf<ReturnType<typeof transformerSpecs>> & { readonly headDim: number };
export const TransformerKernels = {
  /** Compiles every kernel (in parallel, off the thread); rejects with the compiler's messages if one fails. */
  async create(device: GPUDevice, headDim: number): Promise<TransformerKernels> {
    return { headDim, ...(await compileKernels(device, transformerSpecs(headDim))) };
  },
};

/** Rows at or below which the linear layer runs one thread per output (`rows`) instead of 16×16 tiles. */
export const ROWS_KERNEL_MAX = 4;

/** The linear-layer kernel and grid for M rows and N outputs. */
export function linearKernel(
  k: TransformerKernels,
  M: number,
  N: number,
): { kernel: Kernel<typeof MATMUL_PARAMS.fields>; grid: [number, number] } {
  return M <= ROWS_KERNEL_MAX ? { kernel: k.matmulRows, grid: rowsGrid(M, N) } : { kernel: k.matmul, grid: gemmGrid(M, N) };
}

// The attention helpers callers of these kernels bind with (the GPT engine, the attention benchmark worker).
export { attentionGrid, attentionParams } from './attention/attention';
