// The orbit camera of the NeRF demo: azimuth and elevation around the scene's centre, and a distance.
// World is Blender's (z up), cameras look at the origin like the training cameras. No DOM.
import { focalFor, lookAtC2w, type View } from '../../kernels/volume/volume-reference';

export interface Orbit {
  /** Degrees around z, from +x towards +y. */
  azimuth: number;
  /** Degrees above the ground plane. */
  elevation: number;
  /** Distance from the origin (the training cameras sit at 4). */
  radius: number;
}

export const ORBIT_LIMITS = { elevation: [-20, 89], radius: [2.5, 8] } as const;
export const DEFAULT_ORBIT: Orbit = { azimuth: 40, elevation: 30, radius: 4 };

const rad = (deg: number) => (deg * Math.PI) / 180;
const clamp = (v: number, [lo, hi]: readonly [number, number]) => Math.min(hi, Math.max(lo, v));

/** Keeps elevation and distance in range and the azimuth in [0, 360). */
export function clampOrbit(o: Orbit): Orbit {
  return {
    azimuth: ((o.azimuth % 360) + 360) % 360,
    elevation: clamp(o.elevation, ORBIT_LIMITS.elevation),
    radius: clamp(o.radius, ORBIT_LIMITS.radius),
  };
}

export function orbitPosition(o: Orbit): [number, number, number] {
  const a = rad(o.azimuth);
  const e = rad(o.elevation);
  return [o.radius * Math.cos(e) * Math.cos(a), o.radius * Math.cos(e) * Math.sin(a), o.radius * Math.sin(e)];
}

/** Camera-to-world rows of a camera at the orbit position looking at the origin, +z up (as Blender's track-to). */
export function orbitC2w(o: Orbit): number[][] {
  return lookAtC2w(orbitPosition(o));
}

export function orbitView(o: Orbit, size: number, angleX: number): View {
  return { c2w: orbitC2w(o), size, focal: focalFor(angleX, size) };
}

/** The default orbit at `size` pixels for a scene whose cameras have horizontal field of view `camera_angle_x`. */
export function defaultView(meta: { camera_angle_x: number }, size: number): View {
  return orbitView(DEFAULT_ORBIT, size, meta.camera_angle_x);
}

/** Angle in degrees between the orbit's direction and a training camera's. */
export function angleTo(o: Orbit, c2w: number[][]): number {
  const p = orbitPosition(o);
  const q = [c2w[0][3], c2w[1][3], c2w[2][3]];
  const cos = (p[0] * q[0] + p[1] * q[1] + p[2] * q[2]) / (Math.hypot(...p) * Math.hypot(...q));
  return (Math.acos(Math.min(1, Math.max(-1, cos))) * 180) / Math.PI;
}

/** Index of the training camera whose direction from the centre is closest to the orbit's. */
export function nearestView(o: Orbit, views: readonly { c2w: number[][] }[]): number {
  let best = -1;
  let bestAngle = Infinity;
  views.forEach((v, i) => {
    const a = angleTo(o, v.c2w);
    if (a < bestAngle) {
      bestAngle = a;
      best = i;
    }
  });
  return best;
}

/** A training photo picked for a view: its index, file, name (the file's, less .png) and angle to the view (°). */
export interface PhotoChoice {
  index: number;
  file: string;
  name: string;
  angle: number;
}

/** The training photo nearest in direction to the orbit (undefined: there are none). */
export function nearestPhoto(o: Orbit, views: readonly { file: string; c2w: number[][] }[]): PhotoChoice | undefined {
  const index = nearestView(o, views);
  if (index < 0) return undefined;
  const { file, c2w } = views[index];
  return { index, file, name: file.split('/').pop()!.replace('.png', ''), angle: angleTo(o, c2w) };
}
