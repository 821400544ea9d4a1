// The frame-level CPU reference of volume-render.wgsl: a field evaluator (onnxruntime running field.onnx in
// the NeRF worker, or fieldRef in the kernel tests) gives density and colour at the sample points that
// volume-reference.ts marches, and this file composites them into the picture the kernel must reproduce,
// with the same sample counts. No DOM.
import type { FrameStats } from './volume-renderer';
import { cameraRay, composite, type CompositeRules, marchRay, type Ray, type VolumeGrid, type View } from './volume-reference';

/** Evaluates the field: points and unit directions [N·3] → rgb [N·3] and density per world unit [N]. */
export type FieldEval = (points: Float32Array, dirs: Float32Array) => Promise<{ rgb: Float32Array; sigma: Float32Array }>;

export type ReferenceField = VolumeGrid & CompositeRules;

/** Evaluates points in chunks (bounded memory per onnxruntime call). */
async function evaluateAll(evaluate: FieldEval, points: Float32Array, dirs: Float32Array, chunk: number) {
  const n = points.length / 3;
  const rgb = new Float32Array(n * 3);
  const sigma = new Float32Array(n);
  for (let s = 0; s < n; s += chunk) {
    const e = Math.min(n, s + chunk);
    const out = await evaluate(points.slice(s * 3, e * 3), dirs.slice(s * 3, e * 3));
    rgb.set(out.rgb, s * 3);
    sigma.set(out.sigma, s);
  }
  return { rgb, sigma };
}

/**
 * Renders `view` (pixel centres, u = 0.5 — the kernel's frame 0): RGB floats [size²·3] in [0, 1], row by row
 * from the top, and the same sample counts the kernel reports.
 */
export async function renderReference(
  field: ReferenceField,
  view: View,
  evaluate: FieldEval,
  chunk = 65536,
): Promise<{ rgb: Float32Array; stats: FrameStats }> {
  // Per ray: where its evaluated samples start in `points`, how many, and how many skipped samples precede
  // each one (the kernel counts skipped samples only until the ray stops).
  const rays: { ray: Ray; first: number; count: number; dt: number; skipsBefore: number[]; skipped: number }[] = [];
  const points: number[] = [];
  const dirs: number[] = [];
  const stats: FrameStats = { inside: 0, evaluated: 0, skipped: 0, shaded: 0 };
  for (let y = 0; y < view.size; y++) {
    for (let x = 0; x < view.size; x++) {
      const ray = cameraRay(view, x, y);
      const { dt, samples } = marchRay(field, ray);
      const first = points.length / 3;
      const skipsBefore: number[] = [];
      let skipped = 0;
      for (const s of samples) {
        if (s.skipped) {
          skipped++;
          continue;
        }
        skipsBefore.push(skipped);
        points.push(...s.p);
        dirs.push(...ray.d);
      }
      stats.inside += samples.length;
      rays.push({ ray, first, count: points.length / 3 - first, dt, skipsBefore, skipped });
    }
  }
  const values = await evaluateAll(evaluate, new Float32Array(points), new Float32Array(dirs), chunk);
  const rgb = new Float32Array(view.size * view.size * 3);
  rays.forEach((r, i) => {
    const sigma = values.sigma.subarray(r.first, r.first + r.count);
    const colours = values.rgb.subarray(r.first * 3, (r.first + r.count) * 3);
    const c = composite(sigma, colours, r.dt, field);
    rgb.set(c.rgb, i * 3);
    const stop = c.stoppedAfter;
    stats.evaluated += stop >= 0 ? stop + 1 : r.count;
    stats.skipped += stop >= 0 ? r.skipsBefore[stop] : r.skipped;
    stats.shaded += c.weight.filter((w) => w > field.weightThreshold).length;
  });
  return { rgb, stats };
}

/** RGB floats → RGBA bytes (opaque), rounding like a unorm8 texture store. */
export function toBytes(rgb: Float32Array): Uint8Array {
  const n = rgb.length / 3;
  const out = new Uint8Array(n * 4);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) out[i * 4 + c] = Math.round(Math.min(1, Math.max(0, rgb[i * 3 + c])) * 255);
    out[i * 4 + 3] = 255;
  }
  return out;
}
