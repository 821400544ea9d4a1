// The shell: routes, language, device report, console hygiene, accessibility.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { expectContract } from './contract';
import { waitForImage, watchErrors } from './helpers';

const ROUTES = ['/', '/vae', '/gan', '/diffusion', '/transformer', '/nerf', '/compare', '/kernels'];
/** Demo routes and the canvas that shows their output on load ('' = none before the visitor acts: the transformer writes on demand). */
const OUTPUT: Record<string, string> = {
  '/vae': 'output',
  '/gan': 'output',
  '/diffusion': 'output',
  '/transformer': '',
  '/nerf': 'output',
};
const DEMOS = Object.keys(OUTPUT);
/** Built pages that are not demos: the element that shows they are there. */
const PAGES: Record<string, string> = { '/kernels': 'run-kernels', '/compare': 'measure' };

test('every route renders without console errors and has the hooks of the UI contract', async ({ page }) => {
  const errors = watchErrors(page);
  for (const route of ROUTES) {
    await page.goto(`./#${route}`);
    if (DEMOS.includes(route)) await waitForImage(page, OUTPUT[route]);
    else await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    if (PAGES[route]) await expect(page.getByTestId(PAGES[route])).toBeVisible();
    await expectContract(page, route);
  }
  await page.goto('./#/no-such-page');
  await expect(page.locator('main')).toContainText('Page not found');
  expect(errors).toEqual([]);
});

test('the language switch changes visible text and is remembered', async ({ page }) => {
  await page.goto('./#/vae?engine=wasm');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Variational autoencoder');
  await page.getByTestId('lang-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page.getByRole('heading', { name: 'Stärken und Schwächen' })).toBeVisible();
  await expect(page.getByTestId('tradeoffs')).toContainText('Wann es passt');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page.getByRole('link', { name: 'Vergleich' })).toBeVisible();
});

test('the home page reports the WebGPU adapter and the engine plan', async ({ page }) => {
  await page.goto('./#/');
  await expect(page.getByTestId('webgpu-status')).toHaveAttribute('data-available', 'true');
  await expect(page.getByTestId('adapter')).toContainText(/swiftshader/i);
  await expect(page.getByTestId('adapter')).toContainText('software');
  await expect(page.getByTestId('engine-plan-vae')).toContainText(/auto|wasm/);
  for (const k of ['vae', 'gan', 'diffusion', 'transformer', 'nerf']) await expect(page.getByTestId(`card-${k}`)).toBeVisible();
});

test('model files and runtimes come from our own origin only', async ({ page }) => {
  const foreign: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith('http://127.0.0.1:4173/') && !r.url().startsWith('data:')) foreign.push(r.url());
  });
  await page.goto('./#/vae?engine=webgpu');
  await waitForImage(page);
  expect(foreign).toEqual([]);
});

for (const route of ['/', ...DEMOS, ...Object.keys(PAGES)]) {
  test(`no serious accessibility violations on #${route}`, async ({ page }) => {
    await page.goto(`./#${route}`);
    if (DEMOS.includes(route)) await waitForImage(page, OUTPUT[route]);
    else if (PAGES[route]) await expect(page.getByTestId(PAGES[route])).toBeVisible();
    else await expect(page.getByTestId('webgpu-status')).toBeVisible();
    const results = await new AxeBuilder({ page }).analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
}

test.describe('on a phone (390 × 844, touch)', () => {
  test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

  test('no route scrolls sideways', async ({ page }) => {
    const wide: string[] = [];
    for (const route of ROUTES) {
      await page.goto(`./#${route}${DEMOS.includes(route) ? '?engine=wasm' : ''}`);
      if (DEMOS.includes(route)) await waitForImage(page, OUTPUT[route]);
      else if (PAGES[route]) await expect(page.getByTestId(PAGES[route])).toBeVisible();
      else await expect(page.getByTestId('webgpu-status')).toBeVisible();
      // a mobile browser widens its layout viewport to fit what overflows, so both are read
      const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: innerWidth }));
      if (scroll > 390 || inner > 390) wide.push(`#${route}: ${scroll} px wide (viewport ${inner})`);
    }
    expect(wide).toEqual([]);
  });
});
