// The reference path of the NeRF demo: the frame the CPU composites from the field (renderReference, in
// src/kernels/volume/frame-reference.ts beside the kernel it checks), and one ray sample by sample for the
// ray inspector. No DOM.
import { cameraRay, composite, marchRay, type View } from '../../kernels/volume/volume-reference';
import type { FieldEval, ReferenceField } from '../../kernels/volume/frame-reference';

// What the NeRF worker and demo import from here (they predate the move of the frame reference).
export { type FieldEval, type ReferenceField, renderReference, toBytes } from '../../kernels/volume/frame-reference';

/** One ray, sample by sample, for the inspector. */
export interface RayInspection {
  x: number;
  y: number;
  dt: number;
  /** Distance along the ray of every sample inside the box. */
  t: number[];
  /** The field's density (per world unit) at every sample — also where the renderer skipped it. */
  sigma: number[];
  skipped: boolean[];
  /** Transmittance before each sample and its weight, as the renderer composites (skipped samples: alpha 0). */
  transmittance: number[];
  weight: number[];
  /** Index of the sample after which the renderer stops (ray opaque), or -1. */
  stoppedAfter: number;
  rgb: [number, number, number];
}

/** Marches the ray through pixel (x, y), evaluates the field at every sample (skipped ones too) and composites. */
export async function inspectRay(field: ReferenceField, view: View, x: number, y: number, evaluate: FieldEval): Promise<RayInspection> {
  const ray = cameraRay(view, x, y);
  const { dt, samples } = marchRay(field, ray);
  const points = new Float32Array(samples.flatMap((s) => s.p));
  const dirs = new Float32Array(samples.flatMap(() => ray.d));
  const values = samples.length ? await evaluate(points, dirs) : { rgb: new Float32Array(0), sigma: new Float32Array(0) };
  const sigma = Array.from(values.sigma);
  const c = composite(
    sigma.map((s, i) => (samples[i].skipped ? 0 : s)),
    values.rgb,
    dt,
    field,
  );
  const n = samples.length;
  const pad = (a: number[], v: number) => [...a, ...new Array(Math.max(0, n - a.length)).fill(v)];
  return {
    x,
    y,
    dt,
    t: samples.map((s) => s.t),
    sigma,
    skipped: samples.map((s) => s.skipped),
    transmittance: pad(
      c.transmittance,
      c.transmittance.length ? c.transmittance[c.transmittance.length - 1] * (1 - c.alpha[c.alpha.length - 1]) : 1,
    ),
    weight: pad(c.weight, 0),
    stoppedAfter: c.stoppedAfter,
    rgb: c.rgb,
  };
}
