import { expect, type Page, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import {
  dataAmount,
  experimentOf,
  IMAGE_MODELS,
  nerfViews,
  outliers,
  parseStudy,
  poorData,
  progress,
  type RareRow,
  rareClass,
  transformerData,
} from '../src/compare/study';
import { STUDY_CLAIMS } from '../src/compare/study-claims';
import { watchErrors } from './helpers';

// The training study page (#/study): one chart per experiment drawn from the shipped public/models/study.json,
// the numbers under each chart equal to the file's, the claims about learning judged as src/compare/study-claims.ts
// judges the file, on #/study and in the compare page's table; German; a broken file said plainly. The study is
// run across several sittings, so an experiment may have none, some or all of its runs: none shows no chart, some
// a chart with a note of how far it got, all the full checks.

const study = parseStudy(JSON.parse(readFileSync('public/models/study.json', 'utf8')));
const PLOTS = ['data-amount', 'poor-data', 'training-time', 'stability', 'rare-class', 'transformer-data', 'nerf-views'];
const PROGRESS = progress(study);
const runsOf = (plot: string) => PROGRESS[experimentOf(plot)];
const complete = (plot: string) => runsOf(plot).done === runsOf(plot).expected;

/** The numbers of a plot's value table, column by column (data-value of each cell; null where empty). */
const tableOf = (page: Page, plot: string) =>
  page
    .getByTestId(`study-${plot}`)
    .locator('table[data-role="values"] tbody tr')
    .evaluateAll((rows) =>
      rows.map((r) =>
        [...r.querySelectorAll('td[data-value]')].map((td) =>
          td.getAttribute('data-value') === '' ? null : Number(td.getAttribute('data-value')),
        ),
      ),
    );

/** Share of a chart's canvas pixels that are not the background (uPlot draws its lines on the first canvas). */
const inked = (page: Page, plot: string) =>
  page
    .getByTestId(`study-${plot}`)
    .locator('canvas')
    .first()
    .evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) n++;
      return n / (c.width * c.height);
    });

test('every experiment is drawn with the numbers of study.json, and its claims carry the computed verdicts', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto('./#/study');
  for (const plot of PLOTS) {
    const section = page.getByTestId(`study-${plot}`);
    const { done } = runsOf(plot);
    if (!done) {
      await expect(section.locator('canvas')).toHaveCount(0);
      continue;
    }
    await expect(section.locator('canvas').first()).toBeVisible();
    expect(await inked(page, plot), plot).toBeGreaterThan(0.002);
    await expect(section.locator('[data-role="progress"]')).toHaveCount(complete(plot) ? 0 : 1);
  }
  // a keyboard hides a line through the legend, and the chart redraws without it
  const drawn = PLOTS.find((p) => runsOf(p).done)!;
  const legend = page.getByTestId(`study-${drawn}`).locator('.u-legend th button').first();
  const before = await inked(page, drawn);
  await legend.focus();
  await page.keyboard.press('Space');
  await expect(legend).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(() => inked(page, drawn)).toBeLessThan(before);
  await page.keyboard.press('Enter');
  await expect(legend).toHaveAttribute('aria-pressed', 'true');
  // the tables under the charts hold the file's numbers (means over the seeds run so far)
  if (runsOf('data-amount').done) {
    const sizes = dataAmount(study);
    expect(await tableOf(page, 'data-amount')).toEqual(
      sizes.vae.map((_, i) => [sizes.vae[i]!.fd, sizes.gan[i]!.fd, sizes.diffusion[i]!.fd]),
    );
  }
  if (runsOf('poor-data').done) {
    const poor = poorData(study);
    expect(await tableOf(page, 'poor-data')).toEqual([
      [poor.vae!.clean, poor.gan!.clean, poor.diffusion!.clean],
      [poor.vae!.damaged, poor.gan!.damaged, poor.diffusion!.damaged],
    ]);
  }
  if (runsOf('rare-class').done) {
    // how often each model draws the rare class and the outliers, against their share of its training set
    const [rare, odd] = [rareClass(study), outliers(study)];
    const models = IMAGE_MODELS.filter((m) => rare[m] || odd[m]);
    const columns = [rare, odd].filter((rows) => models.some((m) => rows[m]));
    const relative = (r: RareRow | undefined) => (r ? (100 * r.share) / r.trainShare : null);
    expect(await tableOf(page, 'rare-class')).toEqual(models.map((m) => columns.map((rows) => relative(rows[m]))));
  }
  if (complete('transformer-data'))
    expect(await tableOf(page, 'transformer-data')).toEqual(transformerData(study).map((r) => [r.gpt ?? null, r.ngram ?? null]));
  if (complete('nerf-views')) expect(await tableOf(page, 'nerf-views')).toEqual(nerfViews(study).map((r) => [r.psnr]));
  // the verdicts under the plots are the ones computed from the file
  for (const c of STUDY_CLAIMS) {
    const row = page.getByTestId(`study-${c.plot}`).locator(`li[data-claim="${c.id}"]`);
    const r = c.judge(study);
    await expect(row).toHaveAttribute('data-verdict', r.verdict);
    // a complete experiment always gives its evidence (the NeRF data row describes, without a verdict)
    if (complete(c.plot)) expect(r.why, c.id).toBeUndefined();
    // beside the verdict: its caveat, with the seeds it rests on; an inconclusive one says why first
    if (!r.why) await expect(row.getByTestId('claim-caveat')).toContainText(/Rests on/);
    if (r.verdict === 'inconclusive') await expect(row.getByTestId('claim-caveat')).toContainText(/^Inconclusive/);
  }
  // the time axis switches to steps: the x values change
  if (runsOf('training-time').done) {
    const bySeconds = await page
      .getByTestId('study-training-time')
      .locator('table[data-role="values"] tbody td:first-child')
      .allTextContents();
    await page.getByTestId('time-axis').selectOption('step');
    await expect
      .poll(() => page.getByTestId('study-training-time').locator('table[data-role="values"] tbody td:first-child').allTextContents())
      .not.toEqual(bySeconds);
  }
  expect(errors).toEqual([]);

  // the compare page's claims table has the same verdicts, each linking to its plot
  await page.goto('./#/compare');
  for (const c of STUDY_CLAIMS) {
    const row = page.getByTestId('claims').locator(`tr[data-claim="${c.id}"]`);
    await expect(row).toHaveAttribute('data-verdict', c.judge(study).verdict);
    await expect(row.locator(`a[href="#/study?plot=${c.plot}"]`)).toHaveCount(1);
    if (!c.judge(study).why) await expect(row.getByTestId('claim-caveat')).toContainText(/Rests on/);
  }
});

test('a demo panel links to its plot, which opens in view; German; a phone does not scroll sideways', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto('./#/transformer');
  await page.getByTestId('study-link').click();
  await expect(page).toHaveURL(/#\/study\?plot=transformer-data$/);
  await expect(page.getByTestId('study-transformer-data')).toBeInViewport();
  await expect(page.getByTestId('study-transformer-data')).toBeFocused();
  const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: innerWidth }));
  expect(scroll).toBeLessThanOrEqual(inner);
  await page.getByTestId('lang-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page.getByTestId('study-data-amount').locator('h2')).toHaveText('Weniger Trainingsdaten');
  await expect(page.getByTestId('study-transformer-data')).toContainText('n-Gramm');
  // nonsense in the link: dropped, the page stays
  await page.goto('./#/study?plot=%3Cscript%3E');
  await expect(page).toHaveURL(/#\/study$/);
});

test('a broken study file is said plainly; the compare page keeps working and leaves those claims open', async ({ page }) => {
  await page.route('**/models/study.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"runs": [' }));
  await page.goto('./#/study');
  await expect(page.getByRole('alert')).toContainText(/could not be read/);
  await page.goto('./#/compare');
  await expect(page.getByTestId('compare-table').locator('tbody tr')).toHaveCount(5);
  await expect(page.locator('section', { has: page.getByTestId('claims') }).getByRole('alert')).toContainText(/training study/);
  for (const c of STUDY_CLAIMS)
    await expect(page.getByTestId('claims').locator(`tr[data-claim="${c.id}"]`)).toHaveAttribute('data-verdict', 'not-measurable');
});
