// Your data, your model (issue 36), end to end in Chromium: a model trained on #/train leaves the page as
// standard ONNX files that stock onnxruntime opens in this test process, opens in its demo from the tab, and
// a file that is not one of ours is refused without losing the model on show.
import { readFile } from 'node:fs/promises';
import { expect, type Page, test } from '@playwright/test';
import * as ort from 'onnxruntime-web';
import { download, dropFiles, maxAbsDiff, readCanvas, watchErrors } from './helpers';

const ready = (page: Page) => expect(page.getByTestId('status')).toHaveAttribute('data-phase', /ready|paused/, { timeout: 90_000 });

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
  // the link follows a change ~200 ms later, and an earlier one already has a z (all zeros): wait for the one
  // that carries the slider's value (read too soon, it once compared the picture with the zeros' picture)
  const linkZ = () => (new URL(page.url()).hash.match(/[?&]z=([^&]*)/)?.[1] ?? '').split(',').map(Number);
  await expect.poll(() => linkZ()[about.sliderOrder[0]]).toBe(2.5);
  const z = Float32Array.from(linkZ());
  const session = await ort.InferenceSession.create(decoder, { executionProviders: ['wasm'] });
  const out = (await session.run({ z: new ort.Tensor('float32', z, [1, 16]) })).image!.data as Float32Array;
  const grey = Array.from(out, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255));
  const matches = async () => maxAbsDiff(await readCanvas(page.getByTestId('output')), grey);
  await expect.poll(matches).toBeLessThanOrEqual(1);
  // our own WGSL graph engine runs the exported file too, to the same picture
  await page.getByTestId('engine').selectOption('wgsl');
  await expect(page.getByTestId('status')).toContainText('Ready on wgsl', { timeout: 60_000 });
  await expect.poll(matches).toBeLessThanOrEqual(1);
  // a file that is not one of ours is refused in words; yours stays on show
  await page.getByText('Open a VAE you exported').click();
  await page.getByTestId('model-file').setInputFiles({
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

/** Draws a stroke on the pad through `points` given in pad pixels (0…28). */
async function stroke(page: Page, points: [number, number][]) {
  await page.getByTestId('draw-pad').scrollIntoViewIfNeeded();
  const box = (await page.getByTestId('draw-pad').boundingBox())!;
  const at = ([x, y]: [number, number]) => [box.x + (x / 28) * box.width, box.y + (y / 28) * box.height] as const;
  await page.mouse.move(...at(points[0]!));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 8 });
  await page.mouse.up();
}

test('three drawings train the models toward them; a damaged picture is refused and the rest kept', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('./#/train?engine=cpu&subset=100&batch=32&seed=2&own=100');
  await ready(page);
  const shapes: [number, number][][] = [
    [
      [6, 6],
      [22, 6],
      [22, 22],
      [6, 22],
      [6, 6],
    ], // a square
    [
      [14, 4],
      [14, 24],
    ], // a bar
    [
      [5, 5],
      [23, 23],
    ], // a diagonal
  ];
  for (const [i, shape] of shapes.entries()) {
    await stroke(page, shape);
    await page.getByTestId('draw-add').click();
    await expect(page.getByTestId('own-images')).toHaveAttribute('data-count', String(i + 1));
    await ready(page);
  }
  // a damaged PNG beside a good one: the damaged one is named and left out, the good one is kept
  const good = await page.getByTestId('draw-pad').evaluate(async () => {
    const c = new OffscreenCanvas(40, 60);
    const ctx = c.getContext('2d')!;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, 40, 60);
    ctx.fillStyle = '#000';
    ctx.fillRect(10, 10, 20, 40);
    return Array.from(new Uint8Array(await (await c.convertToBlob({ type: 'image/png' })).arrayBuffer()));
  });
  await page.getByTestId('image-upload').setInputFiles([
    { name: 'broken.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4, 5]) },
    { name: 'box.png', mimeType: 'image/png', buffer: Buffer.from(good) },
  ]);
  await expect(page.getByTestId('image-upload-problem')).toContainText('“broken.png” could not be read as a picture');
  await expect(page.getByTestId('own-images')).toHaveAttribute('data-count', '4');
  await page.getByRole('button', { name: 'Remove your image 4' }).click();
  await expect(page.getByTestId('own-images')).toHaveAttribute('data-count', '3');
  await ready(page);
  // step 0's samples against the drawings, then training on them alone
  const distance = async () => Number(await page.getByTestId('own-distance').getAttribute('data-vae'));
  await expect.poll(distance).toBeGreaterThan(0);
  const start = await distance();
  await page.getByTestId('train-start').click();
  await expect.poll(distance, { timeout: 90_000, message: `VAE distance from ${start}` }).toBeLessThan(0.7 * start);
  await page.getByTestId('train-pause').click();
  expect(errors).toEqual([]);
});

test('a reload resumes at the saved step with the same next losses; a full storage keeps the last good save', async ({ page }) => {
  const errors = watchErrors(page);
  const step = async () => Number(await page.getByTestId('train-steps').getAttribute('data-step'));
  const losses = () =>
    page.getByTestId('last-losses').evaluate((el) => ['recon', 'kl', 'd', 'g', 'dif'].map((k) => el.getAttribute(`data-${k}`)));
  const oneStep = async (to: number) => {
    await page.getByTestId('train-step').click();
    await expect.poll(step).toBe(to);
    await expect(page.getByTestId('last-losses')).toHaveAttribute('data-step', String(to));
    return losses();
  };
  await page.goto('./#/train?engine=cpu&subset=100&batch=32&seed=6');
  await ready(page);
  await page.getByTestId('train-start').click();
  await expect.poll(step, { timeout: 60_000 }).toBeGreaterThan(10);
  await page.getByTestId('train-pause').click();
  await expect(page.getByTestId('status')).toHaveAttribute('data-phase', 'paused');
  const saved = await step();
  await expect(page.getByTestId('run-saved')).toHaveAttribute('data-step', String(saved));
  await expect(page.getByTestId('runs-list').locator('[data-run]')).toHaveCount(1);
  const next = await oneStep(saved + 1); // not saved: one step alone does not save
  await page.reload();
  await ready(page);
  expect(await step()).toBe(saved);
  await expect(page.getByTestId('run-saved')).toHaveAttribute('data-step', String(saved));
  expect(await oneStep(saved + 1)).toEqual(next);
  // another seed is another run; the first reopens from the list where it was saved
  await page.evaluate(() => (location.hash = '#/train?engine=cpu&subset=100&batch=32&seed=7'));
  await ready(page);
  await page.getByTestId('train-start').click();
  await expect.poll(step).toBeGreaterThan(2);
  await page.getByTestId('train-pause').click();
  await expect(page.getByTestId('runs-list').locator('[data-run]')).toHaveCount(2);
  await page.getByTestId('runs-list').locator(`[data-step="${saved}"]`).getByRole('button', { name: 'Reopen' }).click();
  await expect(page).toHaveURL(/seed=6/);
  await ready(page);
  await expect.poll(step).toBe(saved);
  // the storage fills up: saving fails, says so, and the save before stays
  await page.evaluate(() => {
    IDBObjectStore.prototype.put = () => {
      throw new DOMException('simulated: no room left', 'QuotaExceededError');
    };
  });
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('run-save-problem')).toContainText('storage for the site is full', { timeout: 60_000 });
  await expect(page.getByTestId('run-save-problem')).toContainText(`step ${saved}`);
  await page.getByTestId('train-pause').click();
  await expect(page.getByTestId('status')).toHaveAttribute('data-phase', 'paused');
  await page.reload();
  await ready(page);
  expect(await step()).toBe(saved);
  expect(errors).toEqual([]);
});

test('a trained GPT exports with the shipped gpt.onnx’s inputs and outputs, writes in the transformer demo, and a stranger is refused', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await page.goto('./#/train-text?engine=cpu&layers=1&width=32&context=32&seed=3');
  await ready(page);
  for (let k = 1; k <= 3; k++) {
    await page.getByTestId('train-step').click();
    await expect(page.getByTestId('train-steps')).toHaveAttribute('data-step', String(k));
  }
  await page.getByTestId('export-gpt').click();
  await expect(page.getByTestId('export-files-gpt')).toContainText('gpt.onnx');
  const gpt = await download(page, 'gpt.onnx');
  const about = JSON.parse(new TextDecoder().decode(await download(page, 'gpt.json')));
  expect(about).toMatchObject({ model: 'gpt', step: 3, sizes: { layers: 1, embd: 32, context: 32, vocab: 96 } });
  // stock onnxruntime runs it in this process as the demo will: a prompt from slot 0 into an empty cache
  const session = await ort.InferenceSession.create(gpt, { executionProviders: ['wasm'] });
  const D = 32 / about.sizes.heads;
  const out = await session.run({
    tokens: new ort.Tensor('int64', BigInt64Array.of(5n, 6n, 7n), [1, 3]),
    pos: new ort.Tensor('int64', BigInt64Array.of(0n), [1]),
    past_kv: new ort.Tensor('float32', new Float32Array(2 * about.sizes.heads * 32 * D), [1, 2, about.sizes.heads, 32, D]),
  });
  expect(out.logits!.dims).toEqual([1, 3, 96]);
  expect(out.attention!.dims).toEqual([1, about.sizes.heads, 3, 32]);
  // one click opens it in the transformer demo, from this tab; it writes with its own sizes and characters
  await page.getByTestId('open-in-demo').and(page.locator('[data-model="gpt"]')).click();
  await expect(page).toHaveURL(/#\/transformer\?model=trained/);
  await expect(page.getByTestId('trained-banner')).toContainText('step 3');
  await expect(page.getByTestId('status')).toContainText('Ready', { timeout: 90_000 });
  await page.getByTestId('generate').click();
  await expect
    .poll(async () => Number(await page.getByTestId('output-text').getAttribute('data-length')), { timeout: 60_000 })
    .toBeGreaterThan(20);
  await expect(page.getByTestId('output-text')).toHaveAttribute('data-generating', 'false', { timeout: 60_000 });
  await expect(page.getByTestId('layer-select').locator('option')).toHaveCount(1);
  // a file that is not one of ours is refused in words; yours stays on show
  await page.getByText('Open a GPT you exported').click();
  await page.getByTestId('model-file').setInputFiles({
    name: 'gpt.onnx',
    mimeType: 'application/octet-stream',
    buffer: await readFile('public/models/transformer/gpt.onnx'),
  });
  await expect(page.getByTestId('model-file-problem')).toContainText('is not a model exported from this site');
  await expect(page.getByTestId('trained-banner')).toBeVisible();
  // the exported file dropped onto the demo later opens it again
  await page.getByTestId('show-shipped').click();
  await expect(page.getByTestId('trained-banner')).toHaveCount(0);
  await expect(page.getByTestId('status')).toContainText('Ready', { timeout: 90_000 });
  await dropFiles(page, 'model-drop', [{ name: 'gpt.onnx', bytes: gpt }]);
  await expect(page.getByTestId('trained-banner')).toContainText('step 3');
  expect(errors).toEqual([]);
});
