// The live-training page end to end, in Chromium with SwiftShader's WebGPU.
import { expect, type Page, test } from '@playwright/test';
import { destroyWorkerDevice, expectSteady, maxAbsDiff, readCanvas, trackWorkerDevices, watchErrors } from './helpers';

const steps = async (page: Page) => Number(await page.getByTestId('train-steps').getAttribute('data-step'));
const ready = (page: Page) => expect(page.getByTestId('status')).toHaveAttribute('data-phase', /ready|paused/, { timeout: 90_000 });

async function losses(page: Page): Promise<number[]> {
  const el = page.getByTestId('last-losses');
  return Promise.all(['recon', 'kl', 'd', 'g', 'dreal', 'dfake', 'dif'].map(async (k) => Number(await el.getAttribute(`data-${k}`))));
}

test('trains: samples change, losses are plotted, pause holds the step count, reset restores the first grid', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('./#/train?engine=cpu&subset=100&batch=32&seed=4');
  await ready(page);
  await expect(page.getByTestId('samples-diffusion')).toHaveAttribute('data-drawn', 'true');
  const MODELS = ['vae', 'gan', 'diffusion'] as const;
  const grids = async () =>
    Object.fromEntries(await Promise.all(MODELS.map(async (m) => [m, await readCanvas(page.getByTestId(`samples-${m}`))])));
  const first = await grids();
  await page.getByTestId('train-start').click();
  await expect.poll(() => steps(page), { timeout: 60_000 }).toBeGreaterThan(60);
  for (const m of MODELS) {
    await expect
      .poll(async () => maxAbsDiff(first[m], await readCanvas(page.getByTestId(`samples-${m}`))), { timeout: 30_000, message: m })
      .toBeGreaterThan(40);
    await expect(page.getByTestId(`loss-chart-${m}`)).toBeVisible();
  }
  expect(Number(await page.getByTestId('loss-chart').getAttribute('data-points'))).toBeGreaterThan(30);
  await expect(page.getByTestId('class-histogram')).toBeVisible();
  // the yardstick scores 512 samples of each model after 15 s of training: FD per model, finite and plotted
  await expect
    .poll(async () => Number(await page.getByTestId('fd-chart').getAttribute('data-points')), { timeout: 120_000 })
    .toBeGreaterThan(0);
  for (const m of MODELS) {
    const fd = Number(await page.getByTestId(`fd-${m}`).getAttribute('data-fd'));
    expect(fd, m).toBeGreaterThan(0);
    expect(fd, m).toBeLessThan(5000);
  }
  await expect(page.getByTestId('train-speed')).toContainText('steps/s');
  // each model's own speed, from the time of its part: the three parts fit in the shared step
  const [all, ...parts] = await page
    .getByTestId('train-speed')
    .evaluate((el) => ['', 'vae-', 'gan-', 'diffusion-'].map((m) => Number(el.getAttribute(`data-${m}steps-per-s`))));
  for (const part of parts) expect(part).toBeGreaterThan(all);
  expect(parts.reduce((s, p) => s + 1 / p, 0)).toBeLessThanOrEqual((1 / all) * 1.001);
  await expect(page.getByTestId('train-speed-vae')).toContainText('steps/s');
  await expect(page.getByTestId('train-speed-gan')).toContainText('clock in the worker');
  await page.getByTestId('train-pause').click();
  await expect(page.getByTestId('status')).toHaveAttribute('data-phase', 'paused');
  await expectSteady(() => steps(page), 1500, { what: 'the step count while paused' });
  await page.getByTestId('train-reset').click();
  await expect.poll(() => steps(page)).toBe(0);
  await expect.poll(async () => maxAbsDiff(first.gan, await readCanvas(page.getByTestId('samples-gan')))).toBe(0);
  for (const m of MODELS) expect(maxAbsDiff(first[m], await readCanvas(page.getByTestId(`samples-${m}`))), m).toBe(0);
  expect(errors).toEqual([]);
});

test('wgsl and the CPU give the same first step for the same seed', async ({ page }) => {
  await page.goto('./#/train?engine=cpu&subset=100&batch=16&seed=9');
  await ready(page);
  await page.getByTestId('train-step').click();
  await expect(page.getByTestId('last-losses')).toHaveAttribute('data-step', '1');
  const cpu = await losses(page);
  await page.getByTestId('engine').selectOption('wgsl');
  await ready(page);
  await expect(page.getByTestId('status')).toContainText('wgsl');
  // the engine switch carried the CPU's state over: step 1 stands; reset goes back to the seed's first weights
  expect(await steps(page)).toBe(1);
  await page.getByTestId('train-reset').click();
  await expect.poll(() => steps(page)).toBe(0);
  await ready(page);
  await page.getByTestId('train-step').click();
  await expect(page.getByTestId('last-losses')).toHaveAttribute('data-step', '1');
  const gpu = await losses(page);
  for (let i = 0; i < cpu.length; i++)
    expect(Math.abs(gpu[i] - cpu[i]), `loss ${i}: wgsl ${gpu[i]} vs cpu ${cpu[i]}`).toBeLessThanOrEqual(
      1e-3 * Math.max(1, Math.abs(cpu[i])),
    );
  // SwiftShader's WebGPU has timestamp queries: each model's pass is timed on the GPU
  await expect(page.getByTestId('train-speed-gan')).toContainText('GPU timestamps');
  await expect(page).toHaveURL(/engine=wgsl/);
});

test('a lost GPU device mid-training: training goes on from the last saved step and says what was lost', async ({ page }) => {
  const errors = watchErrors(page);
  await trackWorkerDevices(page);
  await page.goto('./#/train?engine=wgsl&subset=100&batch=16&seed=2');
  await ready(page);
  await page.getByTestId('train-start').click();
  // a snapshot is saved every 5 s of training: wait for the first one
  const saved = async () => Number(await page.getByTestId('train-steps').getAttribute('data-saved-step'));
  await expect.poll(saved, { timeout: 60_000 }).toBeGreaterThan(0);
  expect(await destroyWorkerDevice(page, 'training')).toBe(true);
  const note = page.getByText(/GPU device was lost at step (\d+)\. Training goes on from step (\d+)/);
  await expect(note).toBeVisible();
  const [, lost, kept] = (await note.textContent())!.match(/at step (\d+)\. Training goes on from step (\d+)/)!.map(Number);
  expect(kept).toBeGreaterThan(0);
  expect(kept).toBeLessThanOrEqual(lost);
  await expect(page.getByTestId('status')).toHaveAttribute('data-phase', 'running', { timeout: 90_000 });
  await expect.poll(() => steps(page), { timeout: 60_000 }).toBeGreaterThan(lost);
  await page.getByTestId('train-pause').click();
  expect(errors.filter((e) => !/device|GPU|lost/i.test(e))).toEqual([]);
});

test('a hostile link is repaired and said; the page speaks German', async ({ page }) => {
  await page.goto('./#/train?engine=cpu&subset=7&classes=x,3&batch=5&lrgan=banana');
  await ready(page);
  await expect(page.getByText('Ignored the link parameter subset="7"')).toBeVisible();
  await expect(page).toHaveURL(/#\/train\?engine=cpu&classes=3$/);
  await expect(page.getByTestId('status')).toContainText('1,000 training images'); // the first 1,000 dresses of the file
  await page.getByTestId('lang-toggle').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Beim Lernen zusehen: ein VAE, ein GAN und ein Diffusionsmodell, live trainiert',
  );
  await expect(page.getByTestId('train-start')).toHaveText('Start');
  await expect(page.getByTestId('train-step')).toHaveText('Ein Schritt');
  await page.getByTestId('lang-toggle').click();
});

test('a damaged training-image file is said plainly, and the rest of the site still works', async ({ page }) => {
  await page.route('**/models/train/fmnist-10k.bin', (r) => r.fulfill({ status: 200, body: Buffer.alloc(1947675, 7) }));
  await page.goto('./#/train?engine=cpu');
  await expect(page.getByTestId('status')).toHaveAttribute('data-state', 'error');
  await expect(page.getByRole('alert')).toContainText(/fmnist-10k\.bin/);
  await page.getByRole('link', { name: 'GAN', exact: true }).click();
  await expect(page.getByTestId('status')).toHaveAttribute('data-state', /loading|ready/);
});

test('auto measures a step on each engine and says which it picked; without WebGPU the page trains on the CPU and says why', async ({
  page,
}) => {
  await page.goto('./#/train?subset=100&batch=16');
  await expect(page.getByTestId('notes')).toContainText(/auto measured one training step: CPU [\d.,]+ ms, wgsl [\d.,]+ ms; it picked/, {
    timeout: 120_000,
  });
  await ready(page);
  await page.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'gpu', { get: () => undefined, configurable: true });
  });
  await page.goto('./#/train?subset=100&batch=16&engine=wgsl');
  await page.reload();
  await ready(page);
  await expect(page.getByTestId('notes')).toContainText('This browser offers no WebGPU (this browser has no navigator.gpu)');
  await expect(page.getByText('Ignored the link parameter engine="wgsl"')).toBeVisible();
  await expect(page.getByTestId('engine').locator('option[value="wgsl"]')).toBeDisabled();
  await expect(page.getByTestId('status')).toContainText('CPU');
  await page.getByTestId('train-step').click();
  await expect(page.getByTestId('train-steps')).toHaveAttribute('data-step', '1');
});
