// The built site on a plain static host: served from a sub-path by a server that compresses but sends no
// special headers (tools/static-server.mjs, standing in for GitHub Pages), with the service worker on. It
// must work there, become cross-origin isolated through its service worker, work offline after one visit,
// and offer a new version instead of mixing two.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { startStaticServer } from '../tools/static-server.mjs';
import { wasmThreadCount } from '../src/core/any-thread/engine-choice';
import { expectSteady, readCanvas, spread, waitForImage } from './helpers';

const BASE = '/some/sub/path/';
let site: Awaited<ReturnType<typeof startStaticServer>>;

test.use({ serviceWorkers: 'allow' });
test.beforeAll(async () => {
  site = await startStaticServer({ root: 'dist', base: BASE });
});
test.afterAll(async () => site.close());

/** Waits until the service worker controls the page (installed, activated and claimed it). */
async function controlled(page: Page): Promise<void> {
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 60_000 }).toBe(true);
}

/** Counts the page's own navigations (loads and reloads of the top frame). */
function countLoads(page: Page): () => number {
  let loads = 0;
  page.on('load', () => loads++);
  return () => loads;
}

test('works from a sub-path of a plain static host, where the service worker makes it cross-origin isolated', async ({ page }) => {
  const loads = countLoads(page);
  const first = await page.goto(site.url);
  expect(first?.headers()['cross-origin-embedder-policy'], 'the host sends no isolation headers').toBeUndefined();
  await expect(page.getByTestId('card-vae')).toBeVisible();
  await controlled(page);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const threads = wasmThreadCount(cores, true);
  if (threads === 1) {
    // isolation adds no thread on this device: no reload for it; the report says so, and the next visit is isolated
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    await expect(page.getByTestId('wasm-threads')).toContainText(`one thread; logical cores: ${cores} (too few for more threads to help)`);
    expect(loads(), 'the page did not reload itself').toBe(1);
    await page.reload();
  }
  await expect.poll(() => page.evaluate(() => crossOriginIsolated).catch(() => false), { timeout: 60_000 }).toBe(true);
  await page.waitForLoadState();
  // the device report tells the truth about what this page has
  const report = page.getByTestId('wasm-threads');
  await expect(report).toHaveAttribute('data-isolated', 'true');
  await expect(report).toContainText(`threads: ${threads} (the page is cross-origin isolated); logical cores: ${cores}`);
  expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('function');

  // a demo on wasm gets that many threads from onnxruntime, and draws
  await page.goto(`${site.url}#/vae?engine=wasm`);
  await waitForImage(page);
  await expect(page.getByTestId('status')).toContainText(
    threads === 1 ? 'Ready on wasm (1 thread).' : `Ready on wasm (${threads} threads).`,
  );
  expect(spread(await readCanvas(page.getByTestId('output')))).toBeGreaterThan(50);
});

test('on a device with many cores the first visit reloads itself once, isolated (threads are worth it there)', async ({ page }) => {
  // what the page is told about the device decides whether the reload is worth it
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => 8 }));
  const loads = countLoads(page);
  await page.goto(site.url);
  await expect.poll(() => page.evaluate(() => crossOriginIsolated).catch(() => false), { timeout: 60_000 }).toBe(true);
  await page.waitForLoadState();
  expect(loads(), 'one load, then the one reload').toBe(2);
  await expect(page.getByTestId('wasm-threads')).toContainText('threads: 4 (the page is cross-origin isolated); logical cores: 8');
  expect(await expectSteady(loads, 500, { what: 'the number of page loads' }), 'and no more').toBe(2);
});

test('after one visit, a reload with the network off still decodes in the VAE, samples in the GAN and denoises in diffusion', async ({
  page,
  context,
}) => {
  await page.goto(`${site.url}#/vae?engine=wasm`);
  await controlled(page);
  await waitForImage(page);
  // the U-Net travels compressed (its manifest entry's `wire`): the model cache keeps it inflated and checked
  const denoise = `${site.url}#/diffusion?engine=wasm&steps=4&seed=3`;
  // a step past 0 (pure noise) has run the U-Net
  const denoised = () => expect(page.getByTestId('output')).toHaveAttribute('data-step', /^[1-9]/, { timeout: 60_000 });
  await page.goto(denoise);
  await waitForImage(page);
  await denoised();
  await page.goto(`${site.url}#/gan?engine=wasm&seed=5`);
  await waitForImage(page);
  const gan = await readCanvas(page.getByTestId('output'));

  await context.setOffline(true);
  await page.reload();
  await waitForImage(page);
  expect(await readCanvas(page.getByTestId('output')), 'the same seed gives the same samples offline').toEqual(gan);
  await page.getByTestId('generate').click();
  await expect.poll(async () => readCanvas(page.getByTestId('output'))).not.toEqual(gan);

  await page.goto(`${site.url}#/vae?engine=wasm&z=1,-1,0.5`);
  await waitForImage(page);
  expect(spread(await readCanvas(page.getByTestId('output')))).toBeGreaterThan(50);
  await page.goto(denoise);
  await waitForImage(page);
  await denoised();
  await context.setOffline(false);
});

test('a new version on the server shows "reload to update", and reloading switches to it', async ({ page }) => {
  const dir = await mkdtemp(join(tmpdir(), 'gmp-site-'));
  await cp('dist', dir, { recursive: true });
  const own = await startStaticServer({ root: dir, base: BASE });
  try {
    await page.goto(own.url);
    await controlled(page);
    await expect(page.getByTestId('update-prompt')).toHaveCount(0);

    // a new deployment: the page changed, and so did its entry in the service worker's precache list
    const index = await readFile(join(dir, 'index.html'), 'utf8');
    await writeFile(join(dir, 'index.html'), index.replace('<title>', '<meta name="gmp-build" content="next" /><title>'));
    const sw = await readFile(join(dir, 'sw.js'), 'utf8');
    const updated = sw.replace(/("revision":")[0-9a-f]+(","url":"index\.html")/, '$1fresh0000$2');
    expect(updated, 'the precache list names index.html with a revision').not.toBe(sw);
    await writeFile(join(dir, 'sw.js'), updated);

    await page.reload(); // a navigation makes the browser check for a new service worker
    await expect(page.getByTestId('update-prompt')).toContainText('A new version of this site is ready.', { timeout: 60_000 });
    expect(await page.locator('meta[name="gmp-build"]').count(), 'the old version keeps running until asked').toBe(0);
    await page.getByTestId('update-reload').click();
    await expect(page.locator('meta[name="gmp-build"]')).toHaveCount(1, { timeout: 30_000 });
    await expect(page.getByTestId('update-prompt')).toHaveCount(0);
  } finally {
    await own.close();
    await rm(dir, { recursive: true, force: true });
  }
});
