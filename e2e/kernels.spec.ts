import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';

// The kernels page: every kernel checked against its CPU reference and timed, the three image models on all
// three engines with their distance from wasm, progress while it runs, and the results as a JSON download.

test('runs the kernel checks and the models on every engine, then offers the results as JSON', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('./#/kernels');
  await page.getByTestId('run-kernels').click();
  await expect(page.getByTestId('kernels-progress')).toBeVisible();
  await expect(page.getByTestId('download-json')).toBeVisible({ timeout: 280_000 });
  const kernels = page.getByTestId('kernel-results').locator('tbody tr');
  expect(await kernels.count()).toBeGreaterThanOrEqual(8);
  for (const err of await kernels.evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-err')))))
    expect(err).toBeLessThanOrEqual(1e-4);
  const models = page.getByTestId('model-results').locator('tbody tr');
  await expect(models).toHaveCount(9);
  for (const row of await models.evaluateAll((rows) =>
    rows.map((r) => ({ engine: r.getAttribute('data-engine'), err: r.getAttribute('data-err') })),
  )) {
    expect(row.err, `${row.engine} ran`).not.toBe('');
    expect(Number(row.err)).toBeLessThanOrEqual(1e-3);
  }
  const download = page.waitForEvent('download');
  await page.getByTestId('download-json').click();
  const json = JSON.parse(await readFile((await (await download).path())!, 'utf8'));
  expect(json.kernels.length).toBeGreaterThanOrEqual(8);
  expect(json.models.filter((m: { engine: string }) => m.engine === 'wgsl')).toHaveLength(3);
  expect(json.adapter).toBeTruthy();
});
