// Pointer, wheel and key input as orbit moves: drags orbit past a small slop, a press that stays put is a
// click, two pointers pinch the distance without orbiting, keys turn and zoom, clicks map to frame pixels.
import { describe, expect, it } from 'vitest';
import type { Orbit } from './orbit';
import { CLICK_SLOP_PX, DRAG_DEG_PER_PX, KEY_DEG, KEY_ZOOM, keyMove, OrbitGestures, pixelAt, wheelZoom } from './orbit-input';

const O: Orbit = { azimuth: 40, elevation: 30, radius: 4 };

describe('OrbitGestures', () => {
  it('a drag orbits once it has moved past the slop: right turns the azimuth down, down raises the elevation', () => {
    const g = new OrbitGestures();
    g.down(1, { x: 100, y: 100 });
    expect(g.move(1, { x: 100 + CLICK_SLOP_PX, y: 100 }, O)).toBeUndefined(); // still a click
    const o = g.move(1, { x: 110, y: 105 }, O)!;
    expect(o.azimuth).toBeCloseTo(O.azimuth - (110 - 100 - CLICK_SLOP_PX) * DRAG_DEG_PER_PX);
    expect(o.elevation).toBeCloseTo(O.elevation + 5 * DRAG_DEG_PER_PX);
    expect(o.radius).toBe(O.radius);
    expect(g.up(1)).toBe(false); // a drag is not a click
  });

  it('a press that stays put is a click; a cancelled one, or one of two pointers, is not', () => {
    const g = new OrbitGestures();
    g.down(1, { x: 10, y: 10 });
    expect(g.move(1, { x: 12, y: 11 }, O)).toBeUndefined();
    expect(g.up(1)).toBe(true);
    g.down(1, { x: 10, y: 10 });
    expect(g.up(1, true)).toBe(false);
    g.down(1, { x: 10, y: 10 });
    g.down(2, { x: 50, y: 10 });
    expect(g.up(2)).toBe(false);
    expect(g.up(1)).toBe(false);
    expect(g.move(3, { x: 0, y: 0 }, O)).toBeUndefined(); // a pointer that never went down
  });

  it('two pointers pinch: apart zooms in (shorter distance), the orbit does not turn', () => {
    const g = new OrbitGestures();
    g.down(1, { x: 40, y: 50 });
    g.down(2, { x: 60, y: 50 });
    const o = g.move(2, { x: 80, y: 50 }, O)!; // 20 px apart → 40 px apart
    expect(o).toEqual({ ...O, radius: O.radius / 2 });
    const back = g.move(1, { x: 60, y: 50 }, o)!; // 40 → 20 again
    expect(back.radius).toBeCloseTo(O.radius);
    // the second finger lifts: the first one alone does not orbit (it was not pressed alone)
    g.up(2);
    expect(g.move(1, { x: 0, y: 0 }, O)).toBeUndefined();
  });
});

describe('wheel and keys', () => {
  it('the wheel zooms out with positive deltaY, in with negative', () => {
    expect(wheelZoom(O, 300).radius).toBeCloseTo(O.radius * Math.exp(0.3));
    expect(wheelZoom(O, -300).radius).toBeLessThan(O.radius);
  });

  it('arrows turn by KEY_DEG, + = - zoom, Enter and Space inspect, other keys do nothing', () => {
    expect(keyMove(O, 'ArrowLeft')).toEqual({ ...O, azimuth: 40 + KEY_DEG });
    expect(keyMove(O, 'ArrowRight')).toEqual({ ...O, azimuth: 40 - KEY_DEG });
    expect(keyMove(O, 'ArrowUp')).toEqual({ ...O, elevation: 30 + KEY_DEG });
    expect(keyMove(O, 'ArrowDown')).toEqual({ ...O, elevation: 30 - KEY_DEG });
    expect(keyMove(O, '+')).toEqual({ ...O, radius: 4 / KEY_ZOOM });
    expect(keyMove(O, '=')).toEqual({ ...O, radius: 4 / KEY_ZOOM });
    expect(keyMove(O, '-')).toEqual({ ...O, radius: 4 * KEY_ZOOM });
    expect(keyMove(O, 'Enter')).toBe('inspect');
    expect(keyMove(O, ' ')).toBe('inspect');
    expect(keyMove(O, 'a')).toBeUndefined();
    expect(keyMove(O, 'constructor')).toBeUndefined();
  });
});

describe('pixelAt', () => {
  const box = { left: 100, top: 50, width: 360, height: 360 };
  it('maps a point in the drawn view to the frame pixel under it, and nothing outside', () => {
    expect(pixelAt({ x: 100, y: 50 }, box, 64)).toEqual({ x: 0, y: 0 });
    expect(pixelAt({ x: 100 + 180, y: 50 + 359.9 }, box, 64)).toEqual({ x: 32, y: 63 });
    expect(pixelAt({ x: 99, y: 60 }, box, 64)).toBeUndefined();
    expect(pixelAt({ x: 200, y: 50 + 360 }, box, 64)).toBeUndefined();
  });
});
