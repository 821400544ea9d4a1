// The WGSL kernels the image models (VAE, GAN, diffusion U-Net) run on — what the graph engine lowers their
// ONNX ops to — compiled once per device. Each family's host module (conv/, elementwise/, norm/, layout/,
// matmul/, attention/) declares its kernels' Params and packs them.
import { compileKernels, type KernelsOf } from './gpu';
import type { ParamsOf } from './params';
import { SOFTMAX } from './attention/attention';
import { CONV, CONV_DIRECT } from './conv/conv';
import { BINARY, UNARY } from './elementwise/elementwise';
import { CONCAT, GATHER, SPLIT, TRANSPOSE, UPSAMPLE } from './layout/layout';
import { BMM, MATMUL } from './matmul/matmul';
import { GROUP_NORM } from './norm/norm';

export const IMAGE_KERNELS = {
  conv: CONV,
  convDirect: CONV_DIRECT,
  unary: UNARY,
  binary: BINARY,
  groupNorm: GROUP_NORM,
  upsample: UPSAMPLE,
  concat: CONCAT,
  matmul: MATMUL,
  split: SPLIT,
  gather: GATHER,
  transpose: TRANSPOSE,
  bmm: BMM,
  softmax: SOFTMAX,
} as const;
export type ImageKernelName = keyof typeof IMAGE_KERNELS;
/** What a dispatch of kernel `K` packs. */
export type ImageKernelParams<K extends ImageKernelName> = ParamsOf<(typeof IMAGE_KERNELS)[K]['params']>;

export type ImageKernels = KernelsOf<typeof IMAGE_KERNELS>;
export const ImageKernels = {
  /** Compiles every kernel (in parallel, off the thread); rejects with the compiler's messages if one fails. */
  create: (device: GPUDevice): Promise<ImageKernels> => compileKernels(device, IMAGE_KERNELS),
};
