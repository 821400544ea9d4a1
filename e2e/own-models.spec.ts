// Your data, your model (issue 36), end to end in Chromium: a model trained on #/train leaves the page as
// standard ONNX files that stock onnxruntime opens in this test process, opens in its demo from the tab, and
// a file that is not one of ours is refused without losing the model on show.
import { readFile } from 'node:fs/promises';
import { expect, type Page, test } from '@playwright/test';
import * as ort from 'onnxruntime-web';
import { maxAbsDiff, readCanvas, watchErrors } from './helpers';

const ready = (page: Page) => expect(page.getByTestId('status')).toHaveAttribute('data-phase', /ready|paused/, { timeout: 90_000 });

/** Clicks a download link of the export panel and reads the file the browser saved. */
async function download(page: Page, name: string): Promise<Uint8Array> {
  const saved = page.waitForEvent('download');
  await page.getByRole('link', { name }).click();
  return new Uint8Array(await readFile(await (await saved).path()));
}

test('a trained VAE exports as ONNX files stock onnxruntime runs as the demo does; the demo opens it and refuses a stranger', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await page.goto('./#/train?engine=cpu&subset=100&batch=32&seed=5');
  await ready(page);
  for (let k = 1; k <= 3; k++) {
    await page.getByTestId('train-step').click();
    await expect(page.getByTestId('train-steps')).toHaveAttribute('data-step', String(k));
  }
  await page.getByTestId('export-vae').click();
  await expect(page.getByTestId('export-files-vae')).toContainText('vae-decoder.onnx');
  const decoder = await download(page, 'vae-decoder.onnx');
  const about = JSON.parse(new TextDecoder().decode(await download(page, 'vae.json')));
  expect(about).toMatchObject({ model: 'vae', step: 3, sizes: { latent: 16, hidden: 128 } });
  expect(about.files.map((f: { name: string }) => f.name)).toEqual(['vae-encoder.onnx', 'vae-decoder.onnx']);
  // one click opens it in the VAE demo, from this tab
  await page.getByTestId('open-in-demo').and(page.locator('[data-model="vae"]')).click();
  await expect(page).toHaveURL(/#\/vae\?model=trained/);
  await expect(page.getByTestId('trained-banner')).toContainText('step 3');
  await expect(page.getByTestId('output')).toHaveAttribute('data-drawn', 'true', { timeout: 60_000 });
  const slider = page.getByTestId(`latent-${about.sliderOrder[0]}`);
  const before = await readCanvas(page.getByTestId('output'));
  await slider.fill('2.5');
  await expect.poll(async () => maxAbsDiff(before, await readCanvas(page.getByTestId('output')))).toBeGreaterThan(10);
  // the demo's picture is what stock onnxruntime makes of the downloaded decoder for the link's z (to the grey level)
  await expect(page).toHaveURL(/z=/);
  const z = Float32Array.from(new URL(page.url()).hash.split('z=')[1]!.split('&')[0]!.split(',').map(Number));
  const session = await ort.InferenceSession.create(decoder, { executionProviders: ['wasm'] });
  const out = (await session.run({ z: new ort.Tensor('float32', z, [1, 16]) })).image!.data as Float32Array;
  const grey = Array.from(out, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255));
  const matches = async () => maxAbsDiff(await readCanvas(page.getByTestId('output')), grey);
  await expect.poll(matches).toBeLessThanOrEqual(1);
  // our own WGSL graph engine runs the exported file too, to the same picture
  await page.getByTestId('engine').selectOption('wgsl');
  await expect(page.getByTestId('status')).toContainText('wgsl', { timeout: 60_000 });
  await expect.poll(matches).toBeLessThanOrEqual(1);
  // a file that is not one of ours is refused in words; yours stays on show
  await page.getByText('Open a VAE you exported').click();
  await page
    .getByTestId('model-file')
    .setInputFiles({
      name: 'decoder.onnx',
      mimeType: 'application/octet-stream',
      buffer: await readFile('public/models/vae/decoder.onnx'),
    });
  await expect(page.getByTestId('model-file-problem')).toContainText('is not a model exported from this site');
  await expect(page.getByTestId('trained-banner')).toBeVisible();
  // the way back to ours
  await page.getByTestId('show-shipped').click();
  await expect(page.getByTestId('trained-banner')).toHaveCount(0);
  await expect(page).not.toHaveURL(/model=trained/);
  expect(errors).toEqual([]);
});
