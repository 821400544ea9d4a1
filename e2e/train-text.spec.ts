// The text-training page end to end, in Chromium with SwiftShader's WebGPU: the GPT learns and writes, both
// held-out losses are plotted beside the n-gram's, wgsl and the CPU take the same first step, and your own text
// is checked with clear words. Small GPTs (link settings) keep it quick on a 2-core machine.
import { expect, type Page, test } from '@playwright/test';
import { watchErrors } from './helpers';

const steps = async (page: Page) => Number(await page.getByTestId('train-steps').getAttribute('data-step'));
const ready = (page: Page) => expect(page.getByTestId('status')).toHaveAttribute('data-phase', /ready|paused/, { timeout: 90_000 });
const loss = async (page: Page, id: string) => Number(await page.getByTestId(id).getAttribute('data-loss'));

test('learns the fortunes: samples change, both losses plotted beside the n-gram orders', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('./#/train-text?engine=cpu&layers=1&width=32&context=32&lr=0.005');
  await ready(page);
  // the n-gram counts 2.7 M characters in its own worker: orders 1-6, the best on the same held-out windows
  await expect(page.getByTestId('ngram-val-loss')).toHaveAttribute('data-loss', /\d/, { timeout: 60_000 });
  const ngram = await loss(page, 'ngram-val-loss');
  expect(ngram).toBeGreaterThan(1.2);
  expect(ngram).toBeLessThan(2.2);
  await expect(page.getByTestId('ngram-sample')).not.toBeEmpty();
  // the GPT's first score, at step 0: about a blind guess among 96 characters (ln 96 = 4.56)
  await expect(page.getByTestId('gpt-val-loss')).toHaveAttribute('data-loss', /\d/, { timeout: 30_000 });
  expect(await loss(page, 'gpt-val-loss')).toBeGreaterThan(4);
  await page.getByTestId('train-start').click();
  await expect(page.getByTestId('gpt-sample')).not.toBeEmpty({ timeout: 30_000 });
  const first = await page.getByTestId('gpt-sample').textContent();
  // scored every 10 s of training: the held-out and training-window losses fall and are plotted
  await expect
    .poll(async () => Number(await page.getByTestId('loss-chart').getAttribute('data-points')), { timeout: 90_000 })
    .toBeGreaterThan(2);
  await expect.poll(() => page.getByTestId('gpt-sample').textContent(), { timeout: 60_000 }).not.toBe(first);
  expect(await loss(page, 'gpt-val-loss')).toBeLessThan(3.6);
  // GPT held-out, training windows, orders 1-6, and the study's PyTorch curve (its crossings of the order lines)
  expect(Number(await page.getByTestId('loss-chart').getAttribute('data-series'))).toBe(2 + 6 + 1);
  await expect(page.getByTestId('gpt-passed')).toHaveAttribute('data-orders', /^1/); // past the character frequencies
  await expect(page.getByTestId('train-speed')).toContainText('characters/s');
  await page.getByTestId('train-pause').click();
  await expect(page.getByTestId('status')).toHaveAttribute('data-phase', 'paused');
  expect(await steps(page)).toBeGreaterThan(10);
  expect(errors).toEqual([]);
});

test('wgsl and the CPU give the same first step for the same seed', async ({ page }) => {
  await page.goto('./#/train-text?engine=cpu&layers=1&width=32&context=32&seed=3');
  await ready(page);
  await page.getByTestId('train-step').click();
  await expect(page.getByTestId('train-steps')).toHaveAttribute('data-step', '1');
  const cpu = await loss(page, 'train-steps');
  await page.getByTestId('engine').selectOption('wgsl');
  await ready(page);
  await expect(page.getByTestId('status')).toContainText('wgsl');
  expect(await steps(page)).toBe(1); // the CPU's state carried over
  await page.getByTestId('train-reset').click();
  await expect.poll(() => steps(page)).toBe(0);
  await ready(page);
  await page.getByTestId('train-step').click();
  await expect(page.getByTestId('train-steps')).toHaveAttribute('data-step', '1', { timeout: 60_000 });
  const gpu = await loss(page, 'train-steps');
  expect(cpu).toBeGreaterThan(4);
  expect(Math.abs(gpu - cpu), `wgsl ${gpu} vs cpu ${cpu}`).toBeLessThanOrEqual(1e-3 * cpu);
});

test('your own text: too short and too many characters are refused with clear words; a good one trains, in German too', async ({
  page,
}) => {
  await page.goto('./#/train-text?engine=cpu&layers=1&width=32&context=32&source=own');
  await ready(page);
  // own text is never in a link: the link's `own` opens the fortunes and says so
  await expect(page.getByText('Your own text is not kept in links')).toBeVisible();
  await page.getByTestId('text-source').selectOption('own');
  const box = page.getByTestId('text-input');
  await box.fill('Zu kurz.');
  await page.getByTestId('text-apply').click();
  await expect(page.getByTestId('text-problem')).toHaveText(/has 8 characters; the models need at least 500/);
  const symbols = Array.from({ length: 200 }, (_, i) => String.fromCodePoint(0x4e00 + i)).join('');
  await box.fill(symbols.repeat(4));
  await page.getByTestId('text-apply').click();
  await expect(page.getByTestId('text-problem')).toHaveText(/uses 200 different characters; the page learns at most 128/);
  const paragraph = 'Ein Glas Wasser am Morgen, ein Spaziergang am Abend, und dazwischen ein gutes Buch. '.repeat(12);
  await box.fill(paragraph);
  await page.getByTestId('text-apply').click();
  await expect(page.getByTestId('text-problem')).toHaveCount(0);
  await ready(page);
  await expect(page.getByTestId('status')).toContainText(/Ready: 9\d\d characters/);
  await expect(page.getByTestId('ngram-val-loss')).toHaveAttribute('data-loss', /\d/, { timeout: 30_000 });
  await page.getByTestId('train-step').click();
  await expect(page.getByTestId('train-steps')).toHaveAttribute('data-step', '1');
  await page.getByTestId('lang-toggle').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ein GPT lernt einen Text, neben dem N-Gramm, das es schlagen muss');
  await expect(page.getByTestId('train-step')).toHaveText('Ein Schritt');
  await page.getByTestId('lang-toggle').click();
  // a reload resumes the run on your text: the link cannot hold the text, the saved run does
  await page.getByTestId('train-start').click();
  await expect.poll(() => steps(page), { timeout: 30_000 }).toBeGreaterThan(3);
  await page.getByTestId('train-pause').click();
  await expect(page.getByTestId('status')).toHaveAttribute('data-phase', 'paused');
  const saved = String(await steps(page));
  await expect(page.getByTestId('run-saved')).toHaveAttribute('data-step', saved, { timeout: 30_000 });
  await page.reload();
  await ready(page);
  await expect(page.getByTestId('train-steps')).toHaveAttribute('data-step', saved);
  await expect(page.getByTestId('status')).toContainText(/Ready: 9\d\d characters/);
  await expect(page.getByText('Your own text is not kept in links')).toHaveCount(0);
  await expect(page).toHaveURL(/source=own/);
});
