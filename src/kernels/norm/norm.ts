// Host side of groupnorm.wgsl (group norm of NCHW maps, an activation fused) and layernorm.wgsl (over rows):
// the Params declarations, their packing, the specs to compile. CPU references: norm-reference.ts.
import groupNormWgsl from './groupnorm.wgsl?raw';
import layerNormWgsl from './layernorm.wgsl?raw';
import { kernelSpec } from '../gpu';
import { declareParams, type ParamsOf } from '../params';
import { ACTIVATION, ACTIVATION_WGSL, type Activation } from '../elementwise/activation';

export const GROUP_NORM_PARAMS = declareParams(
  {
    channels: 'u32',
    spatial: 'u32',
    groups: 'u32',
    /** the ACTIVATION applied after the affine */
    act: 'u32',
    eps: 'f32',
    /** leaky ReLU's slope, when act is leaky */
    alpha: 'f32',
  },
  [ACTIVATION_WGSL],
);
export type GroupNormParams = ParamsOf<typeof GROUP_NORM_PARAMS>;
export const GROUP_NORM = kernelSpec('groupnorm', groupNormWgsl, 'main', GROUP_NORM_PARAMS);

/** groupnorm.wgsl's params; its grid is [groups, batch]. */
export function groupNormParams(channels: number, spatial: number, groups: number, eps = 1e-5, act: Activation = 'none'): GroupNormParams {
  if (channels % groups) throw new Error(`groupnorm: ${channels} channels do not split into ${groups} groups`);
  return { channels, spatial, groups, act: ACTIVATION.values[act], eps, alpha: 0 };
}

export const LAYER_NORM_PARAMS = declareParams({ rows: 'u32', E: 'u32', eps: 'f32' });
export const LAYER_NORM = kernelSpec('layernorm', layerNormWgsl, 'main', LAYER_NORM_PARAMS);
