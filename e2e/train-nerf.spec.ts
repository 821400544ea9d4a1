// The NeRF training page end to end, in Chromium with SwiftShader's WebGPU: the field learns the scene on the
// CPU (the held-out render changes, its PSNR rises and is plotted), pause holds, reset goes back to the empty
// field, the photo count shows on the camera map, the orbit redraws, a run opens in the NeRF demo, and wgsl takes
// the CPU's first steps.
// A coarse grid (32 cells) keeps it quick on a 2-core machine.
import { expect, type Page, test } from '@playwright/test';
import * as ort from 'onnxruntime-web';
import { destroyWorkerDevice, download, dropFiles, trackWorkerDevices, watchErrors } from './helpers';

const steps = async (page: Page) => Number(await page.getByTestId('train-steps').getAttribute('data-step'));
const ready = (page: Page) => expect(page.getByTestId('status')).toHaveAttribute('data-phase', /ready|paused/, { timeout: 120_000 });
const psnr = async (page: Page, id: string, attr = 'data-psnr') => Number(await page.getByTestId(id).getAttribute(attr));
/** The live canvas's pixels, as a short fingerprint (mean of each channel). */
const live = (page: Page) =>
  page.getByTestId('nerf-live').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let s = 0;
    for (let i = 0; i < d.length; i += 4) s += d[i] + d[i + 1] + d[i + 2];
    return s / (d.length / 4) / 3;
  });

test('learns the scene: the held-out render changes and its PSNR rises; pause holds; reset restores; the orbit redraws', async ({
  page,
}) => {
  const errors = watchErrors(page);
  await page.goto('./#/train-nerf?engine=cpu&resolution=32');
  await ready(page);
  await expect(page.getByTestId('camera-map')).toHaveAttribute('data-used', '100');
  await expect(page.getByTestId('nerf-truth')).toHaveJSProperty('complete', true);
  await expect(page.getByTestId('nerf-live')).toHaveAttribute('data-step', '0', { timeout: 30_000 });
  const empty = await live(page);
  expect(empty).toBeGreaterThan(245); // the empty field shows the white background
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('nerf-psnr')).toHaveAttribute('data-psnr', /\d/, { timeout: 60_000 });
  const first = await psnr(page, 'nerf-psnr');
  await expect.poll(() => psnr(page, 'nerf-psnr'), { timeout: 90_000 }).toBeGreaterThan(Math.max(first, 12) + 3);
  await expect.poll(() => live(page), { timeout: 30_000 }).toBeLessThan(empty - 10); // the scene appears in grey and colour
  expect(Number(await page.getByTestId('psnr-chart').getAttribute('data-points'))).toBeGreaterThan(1);
  await expect(page.getByTestId('train-speed')).toContainText('rays/s');
  await page.getByTestId('train-pause').click();
  await expect(page.getByTestId('status')).toHaveAttribute('data-phase', 'paused');
  const held = await steps(page);
  await page.waitForTimeout(1500);
  expect(await steps(page)).toBe(held);
  // the orbit: keys turn the camera, and the learning field is drawn from there
  const before = await page.getByTestId('nerf-live').getAttribute('data-orbit');
  expect(before).toBe('no');
  await page.getByTestId('nerf-live').focus();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('nerf-live')).toHaveAttribute('data-orbit', 'yes');
  await expect(page.getByTestId('nerf-live')).toHaveAttribute('data-size', '128', { timeout: 20_000 });
  await page.getByTestId('train-reset').click();
  await expect.poll(() => steps(page)).toBe(0);
  await expect(page.getByTestId('nerf-live')).toHaveAttribute('data-step', '0', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Back to the held-out camera' }).click();
  await expect.poll(() => live(page), { timeout: 30_000 }).toBeGreaterThan(empty - 0.5);
  // five photos: the map marks five
  await page.getByTestId('nerf-views').selectOption('5');
  await ready(page);
  await expect(page.getByTestId('camera-map')).toHaveAttribute('data-used', '5');
  await expect(page).toHaveURL(/views=5/);
  // a run opens in the NeRF demo without a reload: the banner says it is yours, and the way back is one click
  await page.getByTestId('train-step').click();
  await expect(page.getByTestId('train-steps')).toHaveAttribute('data-step', '1');
  // the field leaves as the shipped field.onnx's kind of file, which stock onnxruntime runs in this process
  await page.getByTestId('export-nerf').click();
  await expect(page.getByTestId('export-files-nerf')).toContainText('nerf-occupancy.bin');
  const field = await download(page, 'nerf-field.onnx');
  const occupancy = await download(page, 'nerf-occupancy.bin');
  const about = JSON.parse(new TextDecoder().decode(await download(page, 'nerf.json')));
  expect(about).toMatchObject({ model: 'nerf', step: 1, photos: 5, sizes: { channels: 3 } });
  expect(Math.max(...about.sizes.grid)).toBe(33); // resolution 32: 32 cells along the box's longest side
  const session = await ort.InferenceSession.create(field, { executionProviders: ['wasm'] });
  const far = about.scene.box_max.map((v: number) => v + 1); // a point outside the box: no density
  const out = await session.run({
    points: new ort.Tensor('float32', Float32Array.from([0, 0, 0, ...far]), [2, 3]),
    dirs: new ort.Tensor('float32', Float32Array.of(0, 0, 1, 0, 0, 1), [2, 3]),
  });
  expect(out.rgb!.dims).toEqual([2, 3]);
  expect([...(out.sigma!.data as Float32Array)][1]).toBe(0);
  await page.getByTestId('open-in-demo').click();
  await expect(page).toHaveURL(/#\/nerf\?(.*&)?field=trained/);
  await expect(page.getByTestId('trained-banner')).toContainText('step 1, 5 photos');
  await expect(page.getByTestId('output')).toHaveAttribute('data-drawn', 'true', { timeout: 60_000 });
  await page.getByTestId('show-shipped').click();
  await expect(page.getByTestId('trained-banner')).toHaveCount(0);
  await expect(page).not.toHaveURL(/field=trained/);
  // the exported files dropped onto the demo later show the field again; a stranger is refused in words
  await dropFiles(page, 'model-drop', [{ name: 'nerf-field.onnx', bytes: field }]);
  await expect(page.getByTestId('model-file-problem')).toContainText('Missing: nerf-occupancy.bin');
  await dropFiles(page, 'model-drop', [
    { name: 'nerf-field.onnx', bytes: field },
    { name: 'nerf-occupancy.bin', bytes: occupancy },
  ]);
  await expect(page.getByTestId('trained-banner')).toContainText('step 1, 5 photos');
  await expect(page.getByTestId('output')).toHaveAttribute('data-drawn', 'true', { timeout: 60_000 });
  expect(errors).toEqual([]);
});

test('wgsl and the CPU take the same first steps for the same seed', async ({ page }) => {
  const firstSteps = async () => {
    const out: number[] = [];
    for (let k = 1; k <= 2; k++) {
      await page.getByTestId('train-step').click();
      await expect(page.getByTestId('train-steps')).toHaveAttribute('data-step', String(k), { timeout: 90_000 });
      out.push(await psnr(page, 'train-steps'));
    }
    return out;
  };
  await page.goto('./#/train-nerf?engine=cpu&resolution=32&seed=3');
  await ready(page);
  const cpu = await firstSteps();
  await page.getByTestId('engine').selectOption('wgsl');
  await ready(page);
  await expect(page.getByTestId('status')).toContainText('wgsl');
  expect(await steps(page)).toBe(2); // the CPU's field carried over
  await page.getByTestId('train-reset').click();
  await expect.poll(() => steps(page)).toBe(0);
  await ready(page);
  const gpu = await firstSteps();
  expect(cpu[0]).toBeGreaterThan(8);
  expect(cpu[1]).toBeGreaterThan(cpu[0]);
  // batch PSNR in dB: 1e-3 of the mean squared error is 0.0043 dB
  for (let k = 0; k < 2; k++) expect(Math.abs(gpu[k] - cpu[k]), `step ${k + 1}: wgsl ${gpu[k]} vs cpu ${cpu[k]}`).toBeLessThan(0.0044);
});

test('a folder of your own renders in the transforms_*.json layout trains; a folder without one is refused in words', async ({ page }) => {
  await page.goto('./#/train-nerf?engine=cpu&resolution=32&views=10');
  await ready(page);
  await page.getByText('Your own scene (a folder of renders)').click();
  // our scene's folder, picked as a visitor would pick theirs: 100 photos and 20 held out, read from the files
  await page.getByTestId('nerf-folder').setInputFiles('public/models/nerf/scene');
  await expect(page.getByTestId('nerf-folder-using')).toHaveAttribute('data-photos', '100');
  await ready(page);
  await expect(page.getByTestId('camera-map')).toHaveAttribute('data-used', '10');
  await page.getByTestId('train-step').click();
  await expect(page.getByTestId('train-steps')).toHaveAttribute('data-step', '1', { timeout: 30_000 });
  await page.getByTestId('nerf-folder').setInputFiles('public/models/nerf/scene/test');
  await expect(page.getByTestId('nerf-folder-problem')).toHaveText(/no transforms_train\.json/);
  expect(await steps(page)).toBe(1); // a refused folder leaves the run alone
  // the run on your photos is saved with them: a reload goes on where it stood, on your photos
  await page.getByTestId('train-start').click();
  await expect.poll(() => steps(page), { timeout: 60_000 }).toBeGreaterThan(2);
  await page.getByTestId('train-pause').click();
  await expect(page.getByTestId('status')).toHaveAttribute('data-phase', 'paused');
  const saved = String(await steps(page));
  await expect(page.getByTestId('run-saved')).toHaveAttribute('data-step', saved, { timeout: 30_000 });
  await expect(page.getByTestId('runs-list')).toContainText('photos of your own');
  await page.reload();
  await ready(page);
  await expect(page.getByTestId('train-steps')).toHaveAttribute('data-step', saved);
  await expect(page.getByTestId('nerf-folder-using')).toHaveAttribute('data-photos', '100');
});

test('a lost GPU device mid-training: the field goes on from its last snapshot on a fresh device', async ({ page }) => {
  const errors = watchErrors(page);
  await trackWorkerDevices(page);
  await page.goto('./#/train-nerf?engine=wgsl&resolution=32&views=10');
  await ready(page);
  await page.getByTestId('train-start').click();
  const saved = async () => Number(await page.getByTestId('train-steps').getAttribute('data-saved-step'));
  await expect.poll(saved, { timeout: 60_000 }).toBeGreaterThan(0);
  expect(await destroyWorkerDevice(page, 'nerf-training')).toBe(true);
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
