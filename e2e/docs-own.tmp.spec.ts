// Screenshots and figures for issue 36's closing note (not part of the suite: *.tmp.* is ignored).
import { readFile, writeFile } from 'node:fs/promises';
import { expect, type Page, test } from '@playwright/test';

test.setTimeout(600_000);
const ready = (page: Page) => expect(page.getByTestId('status')).toHaveAttribute('data-phase', /ready|paused/, { timeout: 90_000 });

async function stroke(page: Page, points: [number, number][]) {
  const pad = page.getByTestId('draw-pad');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  const at = ([x, y]: [number, number]) => [box.x + (x / 28) * box.width, box.y + (y / 28) * box.height] as const;
  await page.mouse.move(...at(points[0]!));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 6 });
  await page.mouse.up();
}

test('docs', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 1000 });
  const figures: Record<string, unknown> = {};
  await page.goto('./#/train?engine=cpu&subset=100&batch=32&seed=3&own=100');
  await ready(page);
  // ten drawings of one shape (a T-shirt outline), each a little shifted
  const shirt: [number, number][] = [
    [9, 5],
    [5, 9],
    [8, 12],
    [9, 11],
    [9, 23],
    [19, 23],
    [19, 11],
    [20, 12],
    [23, 9],
    [19, 5],
    [16, 7],
    [12, 7],
    [9, 5],
  ];
  for (let i = 0; i < 10; i++) {
    const dx = (i % 3) - 1;
    const dy = (Math.floor(i / 3) % 3) - 1;
    await stroke(
      page,
      shirt.map(([x, y]) => [x + dx, y + dy]),
    );
    await page.getByTestId('draw-add').click();
    await expect(page.getByTestId('own-images')).toHaveAttribute('data-count', String(i + 1));
  }
  await ready(page);
  const d = () =>
    page.getByTestId('own-distance').evaluate((el) => ({
      vae: Number(el.getAttribute('data-vae')),
      gan: Number(el.getAttribute('data-gan')),
      diffusion: Number(el.getAttribute('data-diffusion')),
    }));
  await expect.poll(async () => (await d()).vae).toBeGreaterThan(0);
  figures.distanceAtStart = await d();
  await page.getByTestId('train-start').click();
  await page.waitForTimeout(90_000);
  await page.getByTestId('train-pause').click();
  await expect(page.getByTestId('status')).toHaveAttribute('data-phase', 'paused');
  figures.step = Number(await page.getByTestId('train-steps').getAttribute('data-step'));
  figures.distanceAfter = await d();
  await expect(page.getByTestId('run-saved')).toHaveAttribute('data-step', String(figures.step));
  figures.savedText = await page.getByTestId('run-saved').textContent();
  await page.locator('gmp-own-images').scrollIntoViewIfNeeded();
  await page.locator('.trio').first().screenshot({ path: 'docs/own/ten-drawings-samples.png' });
  await page.locator('gmp-own-images').screenshot({ path: 'docs/own/ten-drawings.png' });
  // the same run after a reload
  await page.reload();
  await ready(page);
  figures.stepAfterReload = Number(await page.getByTestId('train-steps').getAttribute('data-step'));
  await page.locator('gmp-saved-runs').scrollIntoViewIfNeeded();
  await page.locator('gmp-saved-runs').screenshot({ path: 'docs/own/resumed-runs.png' });
  await page.locator('.trio').first().screenshot({ path: 'docs/own/resumed-samples.png' });
  // a saved run as one file
  const saved = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download' }).first().click();
  figures.runFileBytes = (await readFile(await (await saved).path())).length;
  // the exported models: sizes, then the decoder driving #/vae
  const sizes: Record<string, number> = {};
  for (const m of ['vae', 'gan']) {
    await page.getByTestId(`export-${m}`).click();
    await expect(page.getByTestId(`export-files-${m}`)).toBeVisible();
    for (const name of [
      `${m}-${m === 'vae' ? 'encoder' : 'generator'}.onnx`,
      `${m}-${m === 'vae' ? 'decoder' : 'discriminator'}.onnx`,
      `${m}.json`,
    ]) {
      const dl = page.waitForEvent('download');
      await page.getByRole('link', { name }).click();
      sizes[name] = (await readFile(await (await dl).path())).length;
    }
  }
  figures.exportBytes = sizes;
  await page.getByTestId('open-in-demo').and(page.locator('[data-model="vae"]')).click();
  await expect(page.getByTestId('output')).toHaveAttribute('data-drawn', 'true', { timeout: 60_000 });
  const about = await page.locator('gmp-vae-demo').evaluate((el: any) => el.ui.trained.sliderOrder[0]);
  await page.getByTestId(`latent-${about}`).fill('1.5');
  await page.waitForTimeout(1500);
  await page.locator('gmp-vae-demo').screenshot({ path: 'docs/own/vae-yours.png' });
  await writeFile('docs/own/figures.tmp.json', JSON.stringify(figures, null, 2));
  console.log(JSON.stringify(figures));
});
