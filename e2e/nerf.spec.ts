import { expect, type Page, test } from '@playwright/test';
import { destroyWorkerDevice, hook, trackWorkerDevices } from './helpers';

// The NeRF demo: the learned scene on screen, orbiting by drag / keys / wheel, our WGSL frame against the
// reference path, the ray inspector, bad links, the cpu engine and the reference path without WebGPU, and a
// lost GPU device.

const demo = (page: Page) => page.locator('gmp-nerf-demo');

async function ready(page: Page) {
  await expect(page.getByTestId('status')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  await expect(page.getByTestId('output')).toHaveAttribute('data-drawn', 'true', { timeout: 60_000 });
}

const pixels = (page: Page): Promise<number[]> => hook(page, demo(page), 'framePixels');

/** Share of pixels that are not (near) the white background. */
function coverage(rgba: number[]): number {
  let n = 0;
  for (let i = 0; i < rgba.length; i += 4) if (Math.min(rgba[i], rgba[i + 1], rgba[i + 2]) < 225) n++;
  return n / (rgba.length / 4);
}

function meanAbsDiff(a: number[], b: number[]): number {
  expect(a.length).toBe(b.length);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]);
  return s / a.length;
}

const cam = (page: Page) =>
  new URL(page.url()).hash
    .match(/cam=([^&]+)/)?.[1]
    .split(',')
    .map(Number);

test('shows the scene, and a drag orbits it', async ({ page }) => {
  await page.goto('/#/nerf?engine=wgsl&res=64');
  await ready(page);
  const before = await pixels(page);
  expect(before.length).toBe(64 * 64 * 4);
  // objects cover a good part of the view, and they are coloured (red sphere, blue cube, …), not grey
  expect(coverage(before)).toBeGreaterThan(0.1);
  expect(before.some((v, i) => i % 4 === 0 && v > 150 && before[i + 1] < 90 && before[i + 2] < 90)).toBe(true);
  await expect(page.getByTestId('fps')).toContainText(/\d/);
  const frames = Number(await page.getByTestId('output').getAttribute('data-frames'));
  const box = (await page.getByTestId('output').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.5);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(box.x + box.width * (0.3 + i * 0.05), box.y + box.height * 0.5);
  await page.mouse.up();
  await expect.poll(async () => Number(await page.getByTestId('output').getAttribute('data-frames'))).toBeGreaterThan(frames);
  const after = await pixels(page);
  expect(meanAbsDiff(before, after)).toBeGreaterThan(3);
  await expect.poll(() => cam(page)?.[0]).not.toBe(40);
});

test('arrow keys orbit, the wheel zooms, the link keeps the camera', async ({ page }) => {
  await page.goto('/#/nerf?engine=wgsl&res=64&cam=40,30,4');
  await ready(page);
  await page.getByTestId('output').focus();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => cam(page)).toEqual([45, 35, 4]);
  const box = (await page.getByTestId('output').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, 300);
  await expect.poll(() => cam(page)?.[2]).toBeGreaterThan(4.5);
  // the link restores the view after a reload
  const url = page.url();
  await page.reload();
  await ready(page);
  expect(page.url()).toBe(url);
  await expect(page.getByText(/Azimuth 45°, elevation 35°/)).toBeVisible();
});

test('touch: one finger orbits, two fingers pinch to zoom', async ({ page }) => {
  await page.goto('/#/nerf?engine=wgsl&res=64&cam=40,30,4');
  await ready(page);
  // Pointer events as a touch screen sends them (Playwright's touchscreen only taps).
  const touch = (type: string, id: number, x: number, y: number) =>
    page.getByTestId('output').evaluate(
      (el, [type, id, x, y]) => {
        const r = el.getBoundingClientRect();
        el.dispatchEvent(
          new PointerEvent(type as string, {
            pointerId: id as number,
            pointerType: 'touch',
            isPrimary: id === 1,
            bubbles: true,
            composed: true,
            clientX: r.left + (x as number) * r.width,
            clientY: r.top + (y as number) * r.height,
          }),
        );
      },
      [type, id, x, y] as const,
    );
  await touch('pointerdown', 1, 0.3, 0.5);
  for (const x of [0.35, 0.4, 0.45, 0.5]) await touch('pointermove', 1, x, 0.5);
  await touch('pointerup', 1, 0.5, 0.5);
  await expect.poll(() => cam(page)?.[0]).toBeLessThan(40);
  // the link follows within 200 ms of a change: take it once the drag's last move has reached it
  let orbit: number[] | undefined;
  await expect
    .poll(
      () => {
        const before = orbit?.join(',');
        orbit = cam(page);
        return before === orbit?.join(',');
      },
      { intervals: [400] },
    )
    .toBe(true);
  await touch('pointerdown', 1, 0.4, 0.5);
  await touch('pointerdown', 2, 0.6, 0.5);
  for (const x of [0.65, 0.7, 0.75, 0.8]) await touch('pointermove', 2, x, 0.5);
  await touch('pointerup', 2, 0.8, 0.5);
  await touch('pointerup', 1, 0.4, 0.5);
  await expect.poll(() => cam(page)?.[2]).toBeLessThan(orbit![2] * 0.7);
  expect(cam(page)![0]).toBe(orbit![0]); // a pinch does not orbit
});

test('our WGSL frame matches the reference path (onnxruntime + TypeScript) at ≥ 40 dB, 64²', async ({ page }) => {
  await page.goto('/#/nerf?engine=wgsl&res=64&cam=120,25,3.6');
  await ready(page);
  await page.getByTestId('check-reference').click();
  await expect(page.getByTestId('reference-psnr')).not.toHaveAttribute('data-psnr', '', { timeout: 60_000 });
  const db = Number(await page.getByTestId('reference-psnr').getAttribute('data-psnr'));
  expect(db).toBeGreaterThanOrEqual(40);
  await expect(page.getByTestId('reference-psnr')).toContainText('dB PSNR');
});

test('the ray inspector plots density, transmittance and weight along a clicked ray', async ({ page }) => {
  await page.goto('/#/nerf?engine=wgsl&res=64');
  await ready(page);
  const frame = await pixels(page);
  // click a pixel that shows an object
  let hit = -1;
  for (let i = 0; i < 64 * 64 && hit < 0; i++) if (Math.min(frame[4 * i], frame[4 * i + 1], frame[4 * i + 2]) < 150) hit = i;
  expect(hit).toBeGreaterThanOrEqual(0);
  const box = (await page.getByTestId('output').boundingBox())!;
  await page.mouse.click(box.x + (((hit % 64) + 0.5) / 64) * box.width, box.y + ((Math.floor(hit / 64) + 0.5) / 64) * box.height);
  const plot = page.getByTestId('ray-inspector').locator('canvas');
  await expect(plot).toHaveAttribute('data-drawn', 'true', { timeout: 30_000 });
  expect(Number(await plot.getAttribute('data-samples'))).toBeGreaterThan(10);
  await expect(page.getByTestId('ray-summary')).toContainText(`Pixel (${hit % 64}, ${Math.floor(hit / 64)})`);
  await expect(page.getByTestId('ray-summary')).toContainText('skipped as empty space');
  // the plot has curves in three colours, and grey marks for skipped samples
  const colours = await plot.evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set<string>();
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 200) seen.add(`${d[i] >> 5},${d[i + 1] >> 5},${d[i + 2] >> 5}`);
    return seen.size;
  });
  expect(colours).toBeGreaterThanOrEqual(4);
});

test('resolution 128 gives a 128² frame; a broken link is repaired and said so', async ({ page }) => {
  await page.goto('/#/nerf?engine=wgsl&res=77&cam=abc,200,1');
  await ready(page);
  await expect(page.getByTestId('notes')).toContainText('res="77"');
  await expect(page.getByTestId('notes')).toContainText('cam="abc,200,1"');
  expect((await pixels(page)).length).toBe(128 * 128 * 4);
  await page.getByTestId('resolution').selectOption('64');
  await expect.poll(async () => (await pixels(page)).length).toBe(64 * 64 * 4);
});

test('without WebGPU auto draws on cpu: the still matches the reference (≥ 40 dB), a key press orbits; wasm is the reference path', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined, configurable: true });
  });
  await page.goto('/#/nerf?res=128&cam=120,25,3.6');
  await ready(page);
  await expect(page.getByTestId('status')).toContainText('cpu');
  await expect(page.getByTestId('notes')).toContainText('WebGPU, which is not available here');
  await expect(page.getByTestId('engine').locator('option[value="wgsl"]')).toBeDisabled();
  const canvas = page.getByTestId('output');
  await expect(canvas).toHaveAttribute('data-still', 'true');
  const still = await pixels(page);
  expect(coverage(still)).toBeGreaterThan(0.1);
  // the exact frame shown at rest against onnxruntime's field composited in TypeScript
  await page.getByTestId('check-reference').click();
  await expect(page.getByTestId('reference-psnr')).not.toHaveAttribute('data-psnr', '', { timeout: 90_000 });
  expect(Number(await page.getByTestId('reference-psnr').getAttribute('data-psnr'))).toBeGreaterThanOrEqual(40);
  await expect(page.getByTestId('reference-psnr')).toContainText('cpu vs reference');
  // a key moves the camera: a quick frame, then the still again, of another view
  const frames = Number(await canvas.getAttribute('data-frames'));
  await canvas.focus();
  await page.keyboard.press('ArrowLeft');
  await expect.poll(async () => Number(await canvas.getAttribute('data-frames'))).toBeGreaterThanOrEqual(frames + 2);
  await expect(canvas).toHaveAttribute('data-still', 'true');
  expect(meanAbsDiff(still, await pixels(page))).toBeGreaterThan(1);
  // wasm draws through the reference path: nothing to compare
  await page.getByTestId('resolution').selectOption('64');
  await page.getByTestId('engine').selectOption('wasm');
  await ready(page);
  await expect(page.getByTestId('status')).toContainText('wasm');
  await page.getByTestId('check-reference').click();
  await expect(page.getByTestId('reference-psnr')).toContainText('reference path');
});

test('a lost GPU device: the demo says so, restarts its worker on a new canvas and draws again', async ({ page }) => {
  await trackWorkerDevices(page);
  await page.goto('/#/nerf?engine=wgsl&res=64');
  await ready(page);
  expect(await destroyWorkerDevice(page, 'nerf.worker')).toBe(true);
  await expect(page.getByTestId('notes')).toContainText(/GPU device was lost|GPU-Gerät/, { timeout: 30_000 });
  await expect(page.getByTestId('status')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  await expect.poll(async () => coverage(await pixels(page)), { timeout: 60_000 }).toBeGreaterThan(0.1);
});
