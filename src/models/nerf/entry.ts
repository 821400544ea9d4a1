// The NeRF in the registry: the field, its occupancy grid and the scene description; the worker draws into
// an OffscreenCanvas of its own.
import { type NerfMeta, NerfFormatError, parseNerfMeta } from '../../engines/nerf/nerf-field';
import { datasetAmount, json, type ModelEntry } from '../model-entry';
import { DEFAULT_ORBIT, defaultView, type Orbit } from './orbit';
import type { NerfLoadArgs, NerfWorkerApi } from './worker';
import './model.strings';

/** Side of a home-page thumbnail view. */
export const THUMB_NERF_SIZE = 64;

/** The frame sizes the demo offers (pixels a side). */
export const NERF_RESOLUTIONS = ['64', '128', '256', '512'] as const;
export type NerfResolution = (typeof NERF_RESOLUTIONS)[number];

/** The demo's view before the visitor or a link changes it (what the link leaves out). */
export const NERF_DEFAULTS: { readonly resolution: NerfResolution; readonly orbit: Readonly<Orbit> } = {
  resolution: '128',
  orbit: DEFAULT_ORBIT,
};

export function nerfMeta(files: Record<string, Uint8Array>): NerfMeta {
  try {
    return parseNerfMeta(json(files.meta));
  } catch (e) {
    throw new NerfFormatError(e instanceof Error ? e.message : String(e));
  }
}

/** The NeRF worker also needs a canvas (an OffscreenCanvas, transferred) per start: `startArgs` or the demo adds it. */
export const NERF: ModelEntry<NerfLoadArgs, NerfWorkerApi, 'nerf'> = {
  id: 'nerf',
  draws: true,
  roles: ['meta', 'field', 'occupancy'],
  engines: ['wgsl', 'cpu', 'wasm'],
  // the reference path takes seconds a frame: auto never picks it, so it does not fetch onnxruntime to time it
  auto: ['wgsl', 'cpu'],
  loadArgs: (files) => ({ meta: nerfMeta(files), field: files.field, occupancy: files.occupancy }) as NerfLoadArgs,
  // one 64×64 frame of the default view (what the NeRF worker times)
  sample: { perMeasured: 1 },
  trainingData: (m) => ({ amount: datasetAmount(m, 'train_views'), unit: 'views' }),
  thumbnail: {
    size: THUMB_NERF_SIZE,
    look: 'scene',
    async draw(api, { args, canvas }) {
      const frame = await api.render(defaultView(args.meta as NerfMeta, THUMB_NERF_SIZE), undefined, true);
      const ctx = canvas.getContext('2d');
      const pixels = new Uint8ClampedArray((frame.pixels?.buffer ?? new ArrayBuffer(0)) as ArrayBuffer);
      if (ctx && frame.pixels) ctx.putImageData(new ImageData(pixels, THUMB_NERF_SIZE, THUMB_NERF_SIZE), 0, 0);
    },
  },
};
