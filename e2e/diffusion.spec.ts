// The diffusion demo end to end, in Chromium with SwiftShader's WebGPU.
import { expect, type Page, test } from '@playwright/test';
import { expectSteady, hook, maxAbsDiff, readCanvas, spread, waitForImage, watchErrors } from './helpers';

// One U-Net call on two backends: ε̂ is of order 1, float32 sums in another order differ by ~1e-5 after
// guidance (×3); 2e-3 still catches any real mismatch (a wrong op or layout is off by order 1).
const ENGINE_TOLERANCE = 2e-3;

async function atStep(page: Page, step: number): Promise<void> {
  await expect(page.getByTestId('output')).toHaveAttribute('data-step', String(step), { timeout: 60_000 });
}

async function probe(page: Page): Promise<number[]> {
  return hook(page, page.locator('gmp-diffusion-demo'), 'probe');
}

test('steps forward and back through 10 recorded states; scrubbing shows exactly what was there', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('./#/diffusion?engine=wasm&steps=10&sampler=ddim&class=7&seed=4&step=0');
  await waitForImage(page);
  await atStep(page, 0);
  await expect(page.getByTestId('step-label')).toHaveText('step 0 of 10 · t = 999');
  const xt: number[][] = [await readCanvas(page.getByTestId('output'))];
  const x0: number[][] = [[]];
  for (let k = 1; k <= 10; k++) {
    await page.getByTestId('step-forward').click();
    await atStep(page, k);
    xt.push(await readCanvas(page.getByTestId('output')));
    x0.push(await readCanvas(page.getByTestId('x0-preview')));
    expect(maxAbsDiff(xt[k], xt[k - 1]), `x_t changes at step ${k}`).toBeGreaterThan(0);
  }
  await expect(page.getByTestId('step-label')).toHaveText('step 10 of 10 · clean image');
  await expect(page.getByTestId('step-forward')).toBeDisabled();
  expect(spread(xt[10]), 'the finished image is not flat').toBeGreaterThan(100);
  expect(maxAbsDiff(x0[1], x0[10]), 'the x_0 preview changes as noise is removed').toBeGreaterThan(20);
  // At the end x_t is the clean image, which is the last x_0 prediction.
  expect(maxAbsDiff(xt[10], x0[10])).toBeLessThanOrEqual(1);

  await page.getByTestId('step-back').click();
  await atStep(page, 9);
  expect(maxAbsDiff(await readCanvas(page.getByTestId('output')), xt[9]), 'step back restores the earlier x_t exactly').toBe(0);
  expect(maxAbsDiff(await readCanvas(page.getByTestId('x0-preview')), x0[9])).toBe(0);

  const scrub = page.getByTestId('step-slider');
  await expect(scrub).toHaveAttribute('max', '10');
  await scrub.focus();
  await page.keyboard.press('Home');
  await atStep(page, 0);
  expect(maxAbsDiff(await readCanvas(page.getByTestId('output')), xt[0])).toBe(0);
  for (let k = 1; k <= 3; k++) await page.keyboard.press('ArrowRight');
  await atStep(page, 3);
  expect(maxAbsDiff(await readCanvas(page.getByTestId('output')), xt[3]), 'the scrub slider shows the recorded state').toBe(0);
  await expect(page.getByTestId('schedule')).not.toHaveAttribute('data-t', '999');
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('step=3');
  await expect(page.getByTestId('timing')).toContainText(/ms per step · \d[\d,]* ms per image/);
  expect(errors).toEqual([]);
});

test('the same link gives the same image; another seed gives another; play runs and pause stops', async ({ page }) => {
  await page.goto('./#/diffusion?engine=wasm&steps=10&class=1&seed=9');
  await waitForImage(page);
  await atStep(page, 10);
  const first = await readCanvas(page.getByTestId('output'));
  // The link follows the step shown 200 ms later (debounced): reload the link a visitor would copy now.
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('step=10');
  await page.reload();
  await waitForImage(page);
  await atStep(page, 10);
  expect(maxAbsDiff(await readCanvas(page.getByTestId('output')), first), 'DDIM with a fixed seed is deterministic').toBe(0);

  await page.getByTestId('new-seed').click();
  await expect(page.getByTestId('seed')).toHaveValue('10');
  await atStep(page, 10);
  await expect.poll(async () => maxAbsDiff(await readCanvas(page.getByTestId('output')), first)).toBeGreaterThan(30);

  // Play from the end starts over and replays the recorded states; pause holds the current one.
  await page.getByTestId('play').click();
  await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(async () => Number(await page.getByTestId('output').getAttribute('data-step'))).toBeGreaterThanOrEqual(2);
  await page.getByTestId('play').click();
  await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'false');
  const shownStep = () => page.getByTestId('output').getAttribute('data-step');
  await expectSteady(shownStep, 400, { what: 'the step shown after pause' });
  // The separate pause control does the same, and is enabled only while playing (from step 0: ten frames to catch it).
  await expect(page.getByTestId('pause')).toBeDisabled();
  await page.getByTestId('step-slider').focus();
  await page.keyboard.press('Home');
  await atStep(page, 0);
  await page.getByTestId('play').click();
  await expect(page.getByTestId('pause')).toBeEnabled();
  await page.getByTestId('pause').click();
  await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByTestId('pause')).toBeDisabled();
  await expectSteady(shownStep, 400, { what: 'the step shown after the pause control' });
});

test('generate 8 fills a grid of eight different garments', async ({ page }) => {
  await page.goto('./#/diffusion?engine=wasm&steps=10&class=5&seed=20');
  await waitForImage(page);
  await atStep(page, 10);
  await page.getByTestId('generate-8').click();
  await expect(page.getByTestId('grid')).toHaveAttribute('data-done', 'true', { timeout: 60_000 });
  await expect(page.getByTestId('grid-status')).toContainText(/ms per image/);
  const cells: number[][] = [];
  for (let k = 0; k < 8; k++) cells.push(await readCanvas(page.locator(`[data-cell="${k}"]`)));
  for (const c of cells) expect(spread(c)).toBeGreaterThan(100);
  for (let k = 1; k < 8; k++) expect(maxAbsDiff(cells[k], cells[0]), `cell ${k} differs from cell 0`).toBeGreaterThan(30);
  // The first cell uses the page's seed: it is the image above.
  expect(maxAbsDiff(cells[0], await readCanvas(page.getByTestId('output')))).toBeLessThanOrEqual(2);
});

test(`webgpu, our wgsl engine and wasm agree on one U-Net call (max |Δε̂| ≤ ${ENGINE_TOLERANCE})`, async ({ page }) => {
  await page.goto('./#/diffusion?engine=wasm&steps=10');
  await waitForImage(page);
  const wasm = await probe(page);
  expect(spread(wasm)).toBeGreaterThan(1);
  for (const engine of ['webgpu', 'wgsl']) {
    await page.getByTestId('engine').selectOption(engine);
    await expect(page.getByTestId('status')).toContainText(`Ready on ${engine}`, { timeout: 90_000 });
    expect(maxAbsDiff(await probe(page), wasm), engine).toBeLessThanOrEqual(ENGINE_TOLERANCE);
  }
});

test('nonsense link parameters are repaired and said so; DDIM with 1000 steps becomes 100', async ({ page }) => {
  await page.goto('./#/diffusion?engine=wasm&steps=7&sampler=euler&class=12&guidance=abc');
  await expect(page.getByTestId('notes')).toContainText('steps="7"');
  await expect(page.getByTestId('notes')).toContainText('sampler="euler"');
  await expect(page.getByTestId('notes')).toContainText('class="12"');
  await expect(page.getByTestId('steps')).toHaveValue('50');
  await expect(page.getByTestId('sampler')).toHaveValue('ddim');
  await expect(page.getByTestId('class-select')).toHaveValue('9');
  // The notes follow a language switch.
  await page.getByTestId('lang-toggle').click();
  await expect(page.getByTestId('notes')).toContainText('erlaubt sind ddim oder ddpm');
  await page.getByTestId('lang-toggle').click();
  await expect(page.getByTestId('notes')).toContainText('use ddim or ddpm');
  await page.goto('./#/diffusion?engine=wasm&steps=1000&sampler=ddim&step=0');
  await expect(page.getByTestId('notes')).toContainText('1000 steps need DDPM');
  await expect(page.getByTestId('steps')).toHaveValue('100');
});

test("the trade-off panel sets ms per image (steps × one call) against the GAN's single pass measured here", async ({ page }) => {
  await page.goto('./#/gan');
  await expect(page.getByTestId('notes')).toContainText('auto chose', { timeout: 120_000 });
  await page.goto('./#/diffusion?engine=wasm&steps=10&class=3');
  await waitForImage(page);
  await atStep(page, 10);
  await expect(page.getByTestId('per-image')).toContainText(/^10 × [\d.]+ ms ≈ \d[\d,]* ms$/);
  await expect(page.getByTestId('gan-compare')).toContainText(/diffusion is \d[\d,]*× slower at 10 steps/);
  await expect(page.getByTestId('tradeoffs')).toContainText('once per step');
});

test('a damaged or missing compressed U-Net (unet.onnx.z) says what a damaged or missing file says, and the rest of the site works', async ({
  page,
}) => {
  // the U-Net travels as a zlib copy (its manifest entry's `wire`), inflated and then checked in the page
  await page.route('**/models/diffusion/unet.onnx.z', async (route) => {
    const response = await route.fetch();
    const body = await response.body();
    body[body.length >> 1] ^= 0xff;
    await route.fulfill({ response, body });
  });
  await page.goto('./#/diffusion?engine=wasm&steps=10');
  const status = page.getByTestId('status');
  await expect(status).toHaveAttribute('data-state', 'error');
  await expect(status).toContainText('diffusion/unet.onnx is damaged: it does not match its checksum');
  await page.unrouteAll();
  await page.route('**/models/diffusion/unet.onnx.z', (route) => route.fulfill({ status: 404, body: 'not found' }));
  await page.reload();
  await expect(status).toHaveAttribute('data-state', 'error');
  await expect(status).toContainText('diffusion/unet.onnx could not be downloaded: the server answered HTTP 404');
  await page.goto('./#/gan?engine=wasm');
  await waitForImage(page);
});
