// Pointer, wheel and key input of the NeRF view as orbit moves, without DOM: one pointer drags the orbit, two
// pinch its distance, a press that barely moves is a click (it inspects the pixel under it), the wheel zooms,
// arrows turn and + / - zoom. Every move returns the orbit asked for; the page clamps it (clampOrbit) once.
import type { Orbit } from './orbit';

export interface Point {
  x: number;
  y: number;
}

/** Degrees of orbit per pixel of drag. */
export const DRAG_DEG_PER_PX = 0.4;
/** A press that moves at most this far (px) is a click, not a drag. */
export const CLICK_SLOP_PX = 4;
/** Degrees per arrow key press, and the distance factor of + / -. */
export const KEY_DEG = 5;
export const KEY_ZOOM = 1.1;
/** Wheel zoom: the distance grows by exp(deltaY × this). */
export const WHEEL_ZOOM = 0.001;

/** The pointers on the view, and whether the one pressed alone has moved enough to be a drag. */
export class OrbitGestures {
  private readonly pointers = new Map<number, Point>();
  private pressed?: Point & { moved: boolean };

  down(id: number, p: Point): void {
    this.pointers.set(id, { ...p });
    this.pressed = this.pointers.size === 1 ? { ...p, moved: false } : undefined;
  }

  /** A pointer moved to `p`: the orbit it asks for (one pointer drags, two pinch), or undefined (nothing to do). */
  move(id: number, p: Point, o: Orbit): Orbit | undefined {
    const prev = this.pointers.get(id);
    if (!prev) return undefined;
    this.pointers.set(id, { ...p });
    if (this.pointers.size === 2) {
      const other = [...this.pointers.entries()].find(([key]) => key !== id)![1];
      const before = Math.hypot(prev.x - other.x, prev.y - other.y);
      const after = Math.hypot(p.x - other.x, p.y - other.y);
      return before > 0 && after > 0 ? { ...o, radius: o.radius * (before / after) } : undefined;
    }
    const pressed = this.pressed;
    if (!pressed) return undefined;
    if (Math.hypot(p.x - pressed.x, p.y - pressed.y) > CLICK_SLOP_PX) pressed.moved = true;
    if (!pressed.moved) return undefined;
    return { ...o, azimuth: o.azimuth - (p.x - prev.x) * DRAG_DEG_PER_PX, elevation: o.elevation + (p.y - prev.y) * DRAG_DEG_PER_PX };
  }

  /** A pointer went up (`cancelled`: the browser took it away): true when it was a click, not a drag. */
  up(id: number, cancelled = false): boolean {
    this.pointers.delete(id);
    const click = !!this.pressed && !this.pressed.moved && !cancelled;
    this.pressed = undefined;
    return click;
  }
}

export function wheelZoom(o: Orbit, deltaY: number): Orbit {
  return { ...o, radius: o.radius * Math.exp(deltaY * WHEEL_ZOOM) };
}

/** What a key does: a new orbit, `inspect` (the centre pixel: Enter, Space) or nothing (undefined). */
export function keyMove(o: Orbit, key: string): Orbit | 'inspect' | undefined {
  const moves: Record<string, Partial<Orbit>> = {
    ArrowLeft: { azimuth: o.azimuth + KEY_DEG },
    ArrowRight: { azimuth: o.azimuth - KEY_DEG },
    ArrowUp: { elevation: o.elevation + KEY_DEG },
    ArrowDown: { elevation: o.elevation - KEY_DEG },
    '+': { radius: o.radius / KEY_ZOOM },
    '=': { radius: o.radius / KEY_ZOOM },
    '-': { radius: o.radius * KEY_ZOOM },
  };
  if (Object.hasOwn(moves, key)) return { ...o, ...moves[key] };
  return key === 'Enter' || key === ' ' ? 'inspect' : undefined;
}

/** The frame's pixel (of `size`²) under `p` in a view drawn into `box`, or undefined outside it. */
export function pixelAt(p: Point, box: { left: number; top: number; width: number; height: number }, size: number): Point | undefined {
  const x = Math.floor(((p.x - box.left) / box.width) * size);
  const y = Math.floor(((p.y - box.top) / box.height) * size);
  return x >= 0 && y >= 0 && x < size && y < size ? { x, y } : undefined;
}
