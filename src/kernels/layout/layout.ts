// Host side of layout.wgsl (nearest upsampling, channel concatenation and slicing, row gather, batched
// transpose: one Params struct for its five entries) and embedding.wgsl. CPU references: layout-reference.ts.
import embeddingWgsl from './embedding.wgsl?raw';
import layoutWgsl from './layout.wgsl?raw';
import { kernelSpec } from '../gpu';
import { declareParams, type ParamsOf } from '../params';

export const LAYOUT_PARAMS = declareParams({
  // of the input
  batch: 'u32',
  channels: 'u32',
  h: 'u32',
  w: 'u32',
  factor: 'u32',
  out_channels: 'u32',
  channel_offset: 'u32',
  /** threads that do work */
  count: 'u32',
});
export type LayoutParams = ParamsOf<typeof LAYOUT_PARAMS>;
const layout = /* @__NO_SIDE_EFFECTS__ */ (entry: string) => kernelSpec('layout', layoutWgsl, entry, LAYOUT_PARAMS);
export const UPSAMPLE = layout('upsample_nearest');
export const CONCAT = layout('concat_channels');
export const SPLIT = layout('split_channels');
export const GATHER = layout('gather_rows');
export const TRANSPOSE = layout('transpose');

/** `upsample_nearest`: x [batch, channels, h, w] → [batch, channels, h·factor, w·factor]. */
export function upsampleParams(batch: number, channels: number, h: number, w: number, factor: number): LayoutParams {
  return { batch, channels, h, w, factor, out_channels: 0, channel_offset: 0, count: batch * channels * h * w * factor * factor };
}

/** `concat_channels`: x [batch, channels, spatial] into channels [offset, offset + channels) of y with outChannels. */
export function concatParams(batch: number, channels: number, spatial: number, outChannels: number, offset: number): LayoutParams {
  return {
    batch,
    channels,
    h: 1,
    w: spatial,
    factor: 1,
    out_channels: outChannels,
    channel_offset: offset,
    count: batch * channels * spatial,
  };
}

/** `split_channels`: channels [offset, offset + channels) of x [batch, total, spatial]. */
export function splitParams(batch: number, channels: number, spatial: number, total: number, offset: number): LayoutParams {
  return { batch, channels, h: 1, w: spatial, factor: 1, out_channels: total, channel_offset: offset, count: batch * channels * spatial };
}

/** `gather_rows`: `rows` ids (first in the buffer) pick rows of `width` from the table at `tableAt`. */
export function gatherParams(rows: number, width: number, tableAt: number): LayoutParams {
  return { batch: rows, channels: 1, h: 1, w: width, factor: 1, out_channels: 0, channel_offset: tableAt, count: rows * width };
}

/** `transpose`: x [batch, h, w] → y [batch, w, h]. */
export function transposeParams(batch: number, h: number, w: number): LayoutParams {
  return { batch, channels: 1, h, w, factor: 1, out_channels: 0, channel_offset: 0, count: batch * h * w };
}

export const EMBEDDING_PARAMS = declareParams({
  T: 'u32',
  E: 'u32',
  /** position of token 0 */
  first: 'u32',
});
export const EMBEDDING = kernelSpec('embedding', embeddingWgsl, 'main', EMBEDDING_PARAMS);
