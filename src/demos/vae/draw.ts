// Drawing for the VAE demo: the latent map. No model logic here (images: src/core/paint-image.ts).

/** Ten colours that stay distinct for common colour-vision deficiencies (Okabe-Ito + two). */
export const CLASS_COLOURS = ['#e69f00', '#56b4e9', '#009e73', '#f0e442', '#0072b2', '#d55e00', '#cc79a7', '#000000', '#999999', '#882255'];

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
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, w, h);
  ctx.globalAlpha = 0.55;
  for (const [x, y, label] of points) {
    const [px, py] = toCanvas(view, w, h, x, y);
    ctx.fillStyle = CLASS_COLOURS[label] ?? '#555';
    ctx.fillRect(px - 1.5, py - 1.5, 3, 3);
  }
  ctx.globalAlpha = 1;
  const [cx, cy] = toCanvas(view, w, h, current[0], current[1]);
  ctx.strokeStyle = '#d00';
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.arc(cx, cy, 7, 0, 2 * Math.PI);
  ctx.moveTo(cx - 11, cy);
  ctx.lineTo(cx + 11, cy);
  ctx.moveTo(cx, cy - 11);
  ctx.lineTo(cx, cy + 11);
  ctx.stroke();
}
