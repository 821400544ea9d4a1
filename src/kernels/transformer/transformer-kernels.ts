// The WGSL kernels a GPT forward pass needs, compiled once per device: attention (prefill, decode and the
// probabilities for the heatmap), the linear layer, layer norm, GELU, the embedding and the cache write.
import attentionWgsl from './attention.wgsl?raw';
import embeddingWgsl from './embedding.wgsl?raw';
import geluWgsl from './gelu.wgsl?raw';
import kvCacheWgsl from './kv-cache.wgsl?raw';
import layerNormWgsl from './layernorm.wgsl?raw';
import matmulWgsl from './matmul.wgsl?raw';
import { Kernel } from '../gpu';

/** Attention's workgroup size and key tile (TILE in attention.wgsl). */
export const ATTENTION_TILE = 32;
/** The largest head size whose K and V tiles fit the 16 KiB of workgroup memory every adapter has. */
export const MAX_HEAD_DIM = 64;

export function attentionSource(headDim: number): string {
  if (!Number.isInteger(headDim) || headDim < 1 || headDim > MAX_HEAD_DIM) {
    throw new Error(`attention.wgsl: head size ${headDim} is not supported (1…${MAX_HEAD_DIM})`);
  }
  return attentionWgsl.replace(/^const HEAD_DIM = \d+u;/m, `const HEAD_DIM = ${headDim}u;`);
}

/** Types of attention.wgsl's `Params` fields, in order. */
export const ATTENTION_PARAM_TYPES = ['u32', 'u32', 'u32', 'u32', 'u32', 'u32', 'f32', 'u32'] as const;

export class TransformerKernels {
  private constructor(readonly headDim: number, readonly prefill: Kernel, readonly decode: Kernel, readonly probabilities: Kernel,
    readonly matmul: Kernel, readonly matmulRows: Kernel, readonly layerNorm: Kernel, readonly gelu: Kernel,
    readonly embedding: Kernel, readonly kvCache: Kernel) {}

  /** Compiles every kernel (in parallel, off the thread); rejects with the compiler's messages if one fails. */
  static async create(device: GPUDevice, headDim: number): Promise<TransformerKernels> {
    const att = attentionSource(headDim);
    const mm = ['u32', 'u32', 'u32', 'u32', 'u32', 'u32', 'u32', 'u32'] as const;
    const k = await Promise.all([
      Kernel.create(device, 'attention', att, 'prefill', ATTENTION_PARAM_TYPES),
      Kernel.create(device, 'attention', att, 'decode', ATTENTION_PARAM_TYPES),
      Kernel.create(device, 'attention', att, 'probabilities', ATTENTION_PARAM_TYPES),
      Kernel.create(device, 'matmul', matmulWgsl, 'main', mm),
      Kernel.create(device, 'matmul', matmulWgsl, 'rows', mm),
      Kernel.create(device, 'layernorm', layerNormWgsl, 'main', ['u32', 'u32', 'f32', 'u32']),
      Kernel.create(device, 'gelu', geluWgsl, 'main', ['u32']),
      Kernel.create(device, 'embedding', embeddingWgsl, 'main', ['u32', 'u32', 'u32', 'u32']),
      Kernel.create(device, 'kv-cache', kvCacheWgsl, 'main', mm),
    ]);
    return new TransformerKernels(headDim, ...(k as [Kernel, Kernel, Kernel, Kernel, Kernel, Kernel, Kernel, Kernel, Kernel]));
  }
}

/** Rows at or below which the linear layer runs one thread per output (`rows`) instead of 16×16 tiles. */
export const ROWS_KERNEL_MAX = 4;

/** The linear-layer kernel and grid for M rows and N outputs. */
export function linearKernel(k: TransformerKernels, M: number, N: number): { kernel: Kernel; grid: [number, number] } {
  return M <= ROWS_KERNEL_MAX ? { kernel: k.matmulRows, grid: [Math.ceil(N / 64), M] } : { kernel: k.matmul, grid: [Math.ceil(N / 16), Math.ceil(M / 16)] };
}

/** Attention params in the order of attention.wgsl's struct. */
export function attentionParams(s: { T: number; pos: number; C: number; H: number; kvBase: number; probsBase: number; D: number }): number[] {
  return [s.T, s.pos, s.C, s.H, s.kvBase, s.probsBase, 1 / Math.sqrt(s.D), 0];
}

/** Workgroups for attention: prefill tiles the rows, decode gives each row its own workgroup. */
export function attentionGrid(kind: 'prefill' | 'decode', T: number, H: number): [number, number] {
  return kind === 'prefill' ? [Math.ceil(T / ATTENTION_TILE), H] : [T, H];
}
