// Dark mode: the header's switch (system → light → dark) overrides the system's scheme and is remembered, the
// stored choice is applied before any of our JavaScript modules runs, and canvases drawn in theme colours are
// redrawn when the theme changes. That every route follows the system's scheme and passes axe in dark and in
// light is checked in the one walk over every route (shell.spec.ts).
import { expect, test } from '@playwright/test';
import { OUTPUT, pageLuminance, waitForImage } from './helpers';

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
    await page.goto('./#/vae?engine=wasm');
    await waitForImage(page, OUTPUT['/vae']);
    const map = page.getByTestId('latent-map');
    const corner = () => map.evaluate((c: HTMLCanvasElement) => Array.from(c.getContext('2d')!.getImageData(1, 1, 1, 1).data.slice(0, 3)));
    await expect.poll(corner).toEqual([28, 33, 43]); // --gmp-panel, dark
    await page.getByTestId('theme-toggle').click(); // → light
    await expect.poll(corner).toEqual([255, 255, 255]);
  });
});
