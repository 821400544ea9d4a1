// Drawing for the VAE demo: the latent map. No model logic here (images: src/core/main-thread/paint-image.ts).
import { themeColour } from '../../core/main-thread/theme';

/**
 * The ten classes' colours, distinct for common colour-vision deficiencies (Okabe-Ito + two): tokens of the
 * theme (index.html), usable in CSS as they are and on the canvas through themeColour().
 */
export const CLASS_COLOURS = Array.from({ length: 10 }, (_, i) => `var(--gmp-class-${i})`);

export interface MapView {
  /** Data range shown on each axis. */
  min: [number, number];
  max: [number, number];
}

export function mapView(points: readonly (readonly number[])[]): MapView {
  const min: [number, number] = [Infinity, Infinity];
  const max: [number, number] = [-Infinity, -Infinity];
  for (const p of points)
    for (const a of [0, 1] as const) {
      min[a] = Math.min(min[a], p[a]);
      max[a] = Math.max(max[a], p[a]);
    }
  for (const a of [0, 1] as const) {
    const pad = 0.05 * (max[a] - min[a] || 1);
    min[a] -= pad;
    max[a] += pad;
  }
  return { min, max };
}

export function toCanvas(view: MapView, w: number, h: number, x: number, y: number): [number, number] {
  return [((x - view.min[0]) / (view.max[0] - view.min[0])) * w, (1 - (y - view.min[1]) / (view.max[1] - view.min[1])) * h];
}

export function fromCanvas(view: MapView, w: number, h: number, px: number, py: number): [number, number] {
  return [view.min[0] + (px / w) * (view.max[0] - view.min[0]), view.min[1] + (1 - py / h) * (view.max[1] - view.min[1])];
}

export function paintMap(
  canvas: HTMLCanvasElement,
  points: readonly (readonly number[])[],
  view: MapView,
  current: [number, number],
): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const { width: w, height: h } = canvas;
  // marks keep their size on screen whatever the canvas's resolution (it follows its CSS size)
  const s = canvas.clientWidth ? w / canvas.clientWidth : 1;
  ctx.fillStyle = themeColour('--gmp-panel');
  ctx.fillRect(0, 0, w, h);
  ctx.globalAlpha = 0.6;
  // one colour at a time: setting fillStyle parses a colour, which for 2,000 points cost more than the drawing
  const colours = CLASS_COLOURS.map(themeColour);
  const byColour = new Map<string, (readonly number[])[]>();
  for (const p of points) {
    const colour = colours[p[2]] ?? themeColour('--gmp-faint');
    const list = byColour.get(colour) ?? [];
    if (!list.length) byColour.set(colour, list);
    list.push(p);
  }
  for (const [colour, list] of byColour) {
    ctx.fillStyle = colour;
    for (const [x, y] of list) {
      const [px, py] = toCanvas(view, w, h, x, y);
      ctx.fillRect(px - 1.5 * s, py - 1.5 * s, 3 * s, 3 * s);
    }
  }
  ctx.globalAlpha = 1;
  const [cx, cy] = toCanvas(view, w, h, current[0], current[1]);
  ctx.strokeStyle = themeColour('--gmp-mark');
  ctx.lineWidth = 2 * s;
  ctx.beginPath();
  ctx.arc(cx, cy, 7 * s, 0, 2 * Math.PI);
  ctx.moveTo(cx - 11 * s, cy);
  ctx.lineTo(cx + 11 * s, cy);
  ctx.moveTo(cx, cy - 11 * s);
  ctx.lineTo(cx, cy + 11 * s);
  ctx.stroke();
}
