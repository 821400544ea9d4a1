// The ray inspector's numbers, without DOM: what the summary says about one inspected ray (samples, how many
// were skipped as empty space, evaluated, left after the ray turned opaque) and where the plot draws its
// curves (density, transmittance and weight along the ray, each scaled to the plot's height), the marks of the
// skipped samples and the line where the renderer stops.
import type { RayInspection } from '../../engines/nerf/nerf-reference';

/** The summary of a ray that hit the scene's box (undefined: it missed, no samples). */
export interface RaySummary {
  x: number;
  y: number;
  /** Samples inside the box. */
  n: number;
  /** Samples up to where the renderer stops: skipped as empty space, and evaluated. */
  skipped: number;
  evaluated: number;
  /** Samples after the ray turned opaque (never looked at). */
  after: number;
}

export function raySummary(r: RayInspection): RaySummary | undefined {
  const n = r.t.length;
  if (!n) return undefined;
  const stop = r.stoppedAfter >= 0 ? r.stoppedAfter : n - 1;
  const skipped = r.skipped.slice(0, stop + 1).filter(Boolean).length;
  return { x: r.x, y: r.y, n, skipped, evaluated: stop + 1 - skipped, after: n - stop - 1 };
}

/** The highest density along the ray (0 for a miss). */
export const peakDensity = (r: RayInspection): number => Math.max(...r.sigma, 0);

export type Curve = 'density' | 'transmittance' | 'weight';

export interface RayPlot {
  /** Each curve as points [x, y] in plot pixels (y down). */
  curves: Record<Curve, [number, number][]>;
  /** A mark per skipped sample: its rectangle. */
  marks: { x: number; y: number; w: number; h: number }[];
  /** Where the ray turned opaque (the renderer stops): a vertical line, if it did. */
  stop?: { x: number; top: number; bottom: number };
}

/** Margin of the plot and the height of the skipped-sample marks under the curves (px). */
const PAD = 6;
const MARK_H = 6;

/** The plot of `r` in a `width` × `height` box; undefined for a ray without samples. */
export function rayPlot(r: RayInspection, width: number, height: number): RayPlot | undefined {
  const n = r.t.length;
  if (!n) return undefined;
  const w = width - 2 * PAD;
  const h = height - 2 * PAD - 8;
  const x = (i: number) => PAD + (n === 1 ? w / 2 : (i / (n - 1)) * w);
  const y = (v: number) => PAD + h * (1 - v);
  const curve = (values: number[], scale: number) => values.map((v, i): [number, number] => [x(i), y(v / scale)]);
  const marks = r.skipped.flatMap((s, i) => (s ? [{ x: x(i) - 0.5, y: height - PAD - MARK_H, w: 1.5, h: MARK_H }] : []));
  return {
    curves: {
      density: curve(r.sigma, Math.max(...r.sigma, 1e-9)),
      transmittance: curve(r.transmittance, 1),
      weight: curve(r.weight, Math.max(...r.weight, 1e-9)),
    },
    marks,
    stop: r.stoppedAfter >= 0 ? { x: x(r.stoppedAfter), top: PAD, bottom: PAD + h } : undefined,
  };
}
