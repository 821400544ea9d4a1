import { expect, type Page, test } from '@playwright/test';
import { readCanvas, waitForChange, waitForImage, watchErrors } from './helpers';

// A model worker that ends without an error (self.close() here; the browser killing it looks the same) is
// noticed, restarted with its model loaded again, the visitor is told, and the demo carries on (issue 17).

/** The model worker whose script URL contains `name`, not onnxruntime's own thread workers. */
function modelWorker(page: Page, name: string) {
  const [worker] = page.workers().filter((w) => w.url().includes(name));
  expect(worker, `a ${name} worker runs`).toBeTruthy();
  return worker;
}

/** Waits for the note and the ready status; returns ms from `t0` to each (the figures for the issue). */
async function waitForRestart(page: Page, t0: number): Promise<{ noticedMs: number; readyMs: number }> {
  await expect(page.getByTestId('notes')).toContainText('stopped answering', { timeout: 5_000 });
  const noticedMs = Date.now() - t0;
  await expect(page.getByTestId('status')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  const readyMs = Date.now() - t0;
  const description = `noticed after ${noticedMs} ms, ready after ${readyMs} ms`;
  test.info().annotations.push({ type: 'restart', description });
  console.log(`${test.info().title}: ${description}`);
  return { noticedMs, readyMs };
}

test('VAE: a worker that closes itself while idle is restarted, said so, and the sliders draw again', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('./#/vae?engine=wasm');
  await waitForImage(page);
  const t0 = Date.now();
  await modelWorker(page, 'vae.worker').evaluate(() => {
    setTimeout(() => self.close());
  });
  await waitForRestart(page, t0);
  const before = await readCanvas(page.getByTestId('output'));
  await page.locator('[data-testid^="latent-"]').first().fill('-2.8');
  await waitForChange(page, before);
  await expect(page.getByTestId('status')).toHaveAttribute('data-state', 'ready');
  expect(errors).toEqual([]);
});

test('VAE: a worker that closes itself mid-call is restarted and the slider move is drawn', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('./#/vae?engine=wasm');
  await waitForImage(page);
  // the next call reaches the worker, which ends before it answers (capture: ahead of Comlink's listener)
  await modelWorker(page, 'vae.worker').evaluate(() => {
    self.addEventListener(
      'message',
      (ev) => {
        if ((ev.data as { type?: string } | null)?.type !== 'APPLY') return;
        ev.stopImmediatePropagation();
        self.close();
      },
      { capture: true },
    );
  });
  const before = await readCanvas(page.getByTestId('output'));
  const t0 = Date.now();
  await page.locator('[data-testid^="latent-"]').first().fill('-2.8');
  await waitForRestart(page, t0);
  await waitForChange(page, before);
  // and it keeps working on the fresh worker
  const after = await readCanvas(page.getByTestId('output'));
  await page.locator('[data-testid^="latent-"]').first().fill('2.8');
  await waitForChange(page, after);
  expect(errors).toEqual([]);
});

test('transformer: a worker that closes itself mid-text is restarted and Generate writes again', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('./#/transformer?engine=wasm&seed=7');
  await expect(page.getByTestId('status')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
  const text = page.getByTestId('output-text');
  const generated = () =>
    text
      .locator('span.gen')
      .allTextContents()
      .then((parts) => parts.join('').length);
  await page.getByTestId('length').fill('200');
  await page.getByTestId('length').dispatchEvent('change');
  await page.getByTestId('generate').click();
  await expect.poll(generated, { timeout: 60_000 }).toBeGreaterThan(5);
  const t0 = Date.now();
  await modelWorker(page, 'transformer.worker').evaluate(() => {
    setTimeout(() => self.close());
  });
  await waitForRestart(page, t0);
  await expect(text).toHaveAttribute('data-generating', 'false');
  expect(await generated()).toBeLessThan(200);
  await page.getByTestId('length').fill('30');
  await page.getByTestId('length').dispatchEvent('change');
  await page.getByTestId('generate').click();
  await expect(text).toHaveAttribute('data-length', '30', { timeout: 60_000 });
  await expect(text).toHaveAttribute('data-generating', 'false');
  expect(await generated()).toBe(30);
  expect(errors).toEqual([]);
});
