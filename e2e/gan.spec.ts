// The GAN demo end to end, in Chromium with SwiftShader's WebGPU.
import { expect, type Page, test } from '@playwright/test';
import { expectSteady, maxAbsDiff, readCanvas, spread, waitForChange, waitForImage, watchErrors } from './helpers';

// Generator on two backends: float32 differences of ~1e-6 can flip an 8-bit grey level; 2 is the tolerance.
// The discriminator's score is compared to 1e-3.
const ENGINE_TOLERANCE_LEVELS = 2;
const SCORE_TOLERANCE = 1e-3;

async function scores(page: Page, prefix: string, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(Number((await page.getByTestId(`${prefix}-${i}`).textContent())!.replace(',', '.')));
  return out;
}

test('generates a grid with a discriminator score in [0, 1] under every image; a new seed changes it', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('./#/gan?engine=wasm&seed=5');
  await waitForImage(page);
  const before = await readCanvas(page.getByTestId('output'));
  expect(spread(before), 'the generated image is not flat').toBeGreaterThan(100);
  await expect(page.getByTestId('disc-score-7')).toHaveText(/^[01][.,]\d{3}$/);
  for (const s of [
    ...(await scores(page, 'disc-score', 8)),
    Number((await page.getByTestId('disc-score').textContent())!.replace(',', '.')),
  ]) {
    expect(s).toBeGreaterThanOrEqual(0);
    expect(s).toBeLessThanOrEqual(1);
  }
  // The trade-off panel shows the shared quality table from the manifest, GAN beside VAE and real images.
  await expect(page.getByTestId('quality')).toContainText('real images');
  await expect(page.getByTestId('quality')).toContainText('VAE');
  await expect(page.getByTestId('quality')).toContainText('GAN');
  // its GAN row is the manifest's (mean ± spread over draws), and the panel shows FD falling while it trained
  const manifest = await (await page.request.get('./models/manifest.json')).json();
  const row = manifest.evaluation.image_quality.rows.gan;
  await expect(page.getByTestId('quality').locator('tr[data-row=gan]')).toContainText(
    `${row.fmnist_fd.toFixed(1)} ± ${row.fmnist_fd_sd.toFixed(1)}`,
  );
  const last = manifest.models.gan.training.curve.at(-1);
  await expect(page.getByTestId('gan-curve')).toContainText(`${Math.round(last.s / 60)} min: ${Math.round(last.fmnist_fd_2000)}`);
  await page.getByTestId('generate').click();
  await waitForChange(page, before);
  await expect(page.getByTestId('seed')).toHaveValue('6');
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('seed=6');
  expect(errors).toEqual([]);
});

test('the interpolation shows intermediate frames and pause stops it', async ({ page }) => {
  await page.goto('./#/gan?engine=wasm&seed=3');
  await waitForImage(page);
  const start = await readCanvas(page.getByTestId('output'));
  await page.getByTestId('interpolate').click();
  // frames as they come (the page draws one per generator call, at the machine's pace): no fixed sleeps to count them
  const frames: number[][] = [start];
  await expect
    .poll(
      async () => {
        const f = await readCanvas(page.getByTestId('output'));
        if (maxAbsDiff(f, frames[frames.length - 1]) > 0) frames.push(f);
        return frames.length - 1;
      },
      { timeout: 30_000, intervals: [50] },
    )
    .toBeGreaterThanOrEqual(4);
  await page.getByTestId('interpolate').click(); // pause
  expect(
    frames.some((f) => maxAbsDiff(f, start) > 8),
    'it moves away from the start',
  ).toBe(true);
  await expect(page.getByTestId('interpolate')).toHaveAttribute('aria-pressed', 'false');
  // pause drops the frame in flight (the demo discards its result): from here on nothing more is drawn
  await expectSteady(() => readCanvas(page.getByTestId('output')), 800, { what: 'the paused frame' });
});

test(`wasm, webgpu, our wgsl engine and cpu generate the same image and score (±${ENGINE_TOLERANCE_LEVELS} grey levels, ±${SCORE_TOLERANCE})`, async ({
  page,
}) => {
  await page.goto('./#/gan?engine=wasm&seed=11');
  await waitForImage(page);
  const wasm = await readCanvas(page.getByTestId('output'));
  const wasmScores = await scores(page, 'disc-score', 8);
  for (const engine of ['webgpu', 'wgsl', 'cpu']) {
    await page.goto(`./#/gan?engine=${engine}&seed=11`);
    await page.reload();
    await waitForImage(page);
    await expect(page.getByTestId('status')).toContainText(engine);
    await expect(page.getByTestId('disc-score-7')).toHaveText(/\d/);
    expect(maxAbsDiff(wasm, await readCanvas(page.getByTestId('output'))), engine).toBeLessThanOrEqual(ENGINE_TOLERANCE_LEVELS);
    const gpuScores = await scores(page, 'disc-score', 8);
    gpuScores.forEach((s, i) => {
      expect(Math.abs(s - wasmScores[i]), `${engine} score ${i}`).toBeLessThanOrEqual(SCORE_TOLERANCE);
    });
  }
});

test('real test images get scored for contrast', async ({ page }) => {
  await page.goto('./#/gan?engine=wasm');
  await waitForImage(page);
  await page.getByTestId('show-real').click();
  await expect(page.getByTestId('real-score-15')).toHaveText(/^[01][.,]\d{3}$/);
  for (const s of await scores(page, 'real-score', 16)) {
    expect(s).toBeGreaterThanOrEqual(0);
    expect(s).toBeLessThanOrEqual(1);
  }
  await page.getByTestId('show-real').click();
  await expect(page.getByTestId('sample-grid')).toBeVisible();
});

test('truncation and seed live in the link; nonsense values are repaired with a message', async ({ page }) => {
  await page.goto('./#/gan?engine=wasm&seed=42&truncation=0.5');
  await waitForImage(page);
  await expect(page.getByTestId('seed')).toHaveValue('42');
  await expect(page.getByTestId('truncation')).toHaveValue('0.5');
  const before = await readCanvas(page.getByTestId('output'));
  await page.getByTestId('truncation').fill('1');
  await waitForChange(page, before, 4);
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('truncation=1');

  // opened afresh (a hash change then a reload would race the page writing the repaired link back within 200 ms)
  await page.goto('about:blank');
  await page.goto('./#/gan?seed=banana&truncation=7');
  await waitForImage(page);
  await expect(page.getByTestId('truncation')).toHaveValue('1');
  await expect(page.getByTestId('notes')).toContainText('seed="banana"');
});
