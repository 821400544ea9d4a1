// The live-training page end to end, in Chromium with SwiftShader's WebGPU.
import { expect, type Page, test } from '@playwright/test';
import { destroyWorkerDevice, maxAbsDiff, readCanvas, watchErrors } from './helpers';

const steps = async (page: Page) => Number(await page.getByTestId('train-steps').getAttribute('data-step'));
const ready = (page: Page) => expect(page.getByTestId('status')).toHaveAttribute('data-phase', /ready|paused/, { timeout: 90_000 });

async function losses(page: Page): Promise<number[]> {
  const el = page.getByTestId('last-losses');
  return Promise.all(['recon', 'kl', 'd', 'g', 'dreal', 'dfake'].map(async (k) => Number(await el.getAttribute(`data-${k}`))));
}

test('trains: samples change, losses are plotted, pause holds the step count, reset restores the first grid', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('./#/train?engine=cpu&subset=100&batch=32&seed=4');
  await ready(page);
  await expect(page.getByTestId('samples-gan')).toHaveAttribute('data-drawn', 'true');
  const first = { vae: await readCanvas(page.getByTestId('samples-vae')), gan: await readCanvas(page.getByTestId('samples-gan')) };
  await page.getByTestId('train-start').click();
  await expect.poll(() => steps(page), { timeout: 60_000 }).toBeGreaterThan(60);
  await expect.poll(async () => maxAbsDiff(first.vae, await readCanvas(page.getByTestId('samples-vae'))), { timeout: 30_000 }).toBeGreaterThan(40);
  await expect.poll(async () => maxAbsDiff(first.gan, await readCanvas(page.getByTestId('samples-gan'))), { timeout: 30_000 }).toBeGreaterThan(40);
  await expect(page.getByTestId('loss-chart-vae')).toBeVisible();
  await expect(page.getByTestId('loss-chart-gan')).toBeVisible();
  expect(Number(await page.getByTestId('loss-chart').getAttribute('data-points'))).toBeGreaterThan(30);
  await expect(page.getByTestId('class-histogram')).toBeVisible();
  await expect(page.getByTestId('train-speed')).toContainText('steps/s');
  await page.getByTestId('train-pause').click();
  await expect(page.getByTestId('status')).toHaveAttribute('data-phase', 'paused');
  const held = await steps(page);
  await page.waitForTimeout(1500);
  expect(await steps(page)).toBe(held);
  await page.getByTestId('train-reset').click();
  await expect.poll(() => steps(page)).toBe(0);
  await expect.poll(async () => maxAbsDiff(first.gan, await readCanvas(page.getByTestId('samples-gan')))).toBe(0);
  expect(maxAbsDiff(first.vae, await readCanvas(page.getByTestId('samples-vae')))).toBe(0);
  expect(errors).toEqual([]);
});
