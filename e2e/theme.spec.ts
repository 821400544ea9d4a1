// Dark mode: the site follows prefers-color-scheme, the header's switch (system → light → dark) overrides it and
// is remembered, the stored choice is applied before any of our JavaScript modules runs, every page passes axe in
// dark and in light, and canvases drawn in theme colours are redrawn when the theme changes.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { OUTPUT, ROUTES, waitForImage } from './helpers';

const PAGES: Record<string, string> = {
  '/': 'webgpu-status',
  '/kernels': 'run-kernels',
  '/compare': 'measure',
  '/study': 'study-back',
  '/train': 'train-start',
  '/train-text': 'train-start',
  '/train-nerf': 'train-start',
};

async function openRoute(page: Page, route: string): Promise<void> {
  const demo = route in OUTPUT;
  await page.goto(`./#${route}${demo ? '?engine=wasm' : ''}`);
  if (demo) await waitForImage(page, OUTPUT[route]);
  else await expect(page.getByTestId(PAGES[route])).toBeVisible();
}

/** Relative luminance (WCAG) of the shell's background colour. */
function pageLuminance(page: Page): Promise<number> {
  return page.evaluate(() => {
    const bg = getComputedStyle(document.querySelector('gmp-app') ?? document.body).backgroundColor;
    const [r, g, b] = (bg.match(/[\d.]+/g) ?? ['0', '0', '0']).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  });
}

async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

// Each route is opened once and checked in both schemes: the system's setting changes under the open page (as a
// phone's does at dusk), which the site follows without a reload.
test('every route is dark and light as the system says, with no accessibility violations at all in either', async ({ page }) => {
  test.setTimeout(600_000);
  const found: string[] = [];
  for (const route of ROUTES) {
    await page.emulateMedia({ colorScheme: 'dark' });
    await openRoute(page, route);
    for (const scheme of ['dark', 'light'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
      const lum = await pageLuminance(page);
      if (scheme === 'dark' ? lum > 0.05 : lum < 0.8) found.push(`#${route} (${scheme}): page background luminance ${lum.toFixed(3)}`);
      for (const v of await axeViolations(page)) found.push(`#${route} (${scheme}): ${v}`);
    }
  }
  expect(found).toEqual([]);
});

test.describe('the theme switch', () => {
  test.use({ colorScheme: 'dark' });

  test('steps system → light → dark → system, is remembered, and applies before our scripts run', async ({ page }) => {
    await page.goto('./#/');
    const toggle = page.getByTestId('theme-toggle');
    const html = page.locator('html');
    await expect(toggle).toHaveAttribute('data-choice', 'system');
    await expect(html).toHaveAttribute('data-theme', 'dark');
    await expect(toggle).toHaveAccessibleName('Colour scheme: System');

    await toggle.press('Enter'); // by keyboard
    await expect(toggle).toHaveAttribute('data-choice', 'light');
    await expect(html).toHaveAttribute('data-theme', 'light');
    expect(await pageLuminance(page)).toBeGreaterThan(0.8);

    // remembered, and set by index.html's inline script alone: with every script file blocked it is still light
    await page.route('**/*.js', (r) => r.abort());
    await page.reload();
    await expect(html).toHaveAttribute('data-theme', 'light');
    expect(await page.evaluate(() => customElements.get('gmp-app'))).toBeUndefined(); // none of our modules ran
    const bodyBg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bodyBg).toBe('rgb(246, 247, 251)');
    await page.unroute('**/*.js');
    await page.reload();
    await expect(toggle).toHaveAttribute('data-choice', 'light');

    await toggle.click();
    await expect(toggle).toHaveAttribute('data-choice', 'dark');
    await expect(html).toHaveAttribute('data-theme', 'dark');
    await page.getByTestId('lang-toggle').click();
    await expect(toggle).toHaveAccessibleName('Farbschema: Dunkel');
    await toggle.click();
    await expect(toggle).toHaveAttribute('data-choice', 'system');
    await page.reload();
    await expect(toggle).toHaveAttribute('data-choice', 'system');
    await expect(html).toHaveAttribute('data-theme', 'dark'); // the system's dark again
  });

  test('the latent map is redrawn in the new theme colours', async ({ page }) => {
    await openRoute(page, '/vae');
    const map = page.getByTestId('latent-map');
    const corner = () => map.evaluate((c: HTMLCanvasElement) => Array.from(c.getContext('2d')!.getImageData(1, 1, 1, 1).data.slice(0, 3)));
    await expect.poll(corner).toEqual([28, 33, 43]); // --gmp-panel, dark
    await page.getByTestId('theme-toggle').click(); // → light
    await expect.poll(corner).toEqual([255, 255, 255]);
  });
});
