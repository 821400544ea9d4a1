// What a first visit costs: the bytes the browser really fetched (Playwright's request sizes, which are
// CDP's encodedDataLength: bodies as sent, compressed) for the page, its workers and the service worker,
// from a plain static server that compresses with gzip as common static hosts do. Each visit starts with
// an empty cache. Budgets from issue 16; the table printed at the end is the README's.
import { type BrowserContext, expect, test } from '@playwright/test';
import { startStaticServer } from '../tools/static-server.mjs';
import { expectSteady } from './helpers';

const MB = 1e6;
const BUDGET = { home: 8 * MB, demo: 8 * MB, models: 10 * MB };
const DEMOS = ['vae', 'gan', 'diffusion', 'transformer', 'nerf'] as const;

let site: Awaited<ReturnType<typeof startStaticServer>>;
/** Per visit: total bytes and bytes of model files. */
const table: { visit: string; total: number; models: number; runtime: number }[] = [];

test.use({ serviceWorkers: 'allow' });
test.beforeAll(async () => {
  site = await startStaticServer({ root: process.env.GMP_DIST ?? 'dist', base: '/' });
});
test.afterAll(async () => {
  await site.close();
  const mb = (b: number) => (b / MB).toFixed(2);
  const rows = table.map((r) => `| ${r.visit} | ${mb(r.total)} | ${mb(r.models)} | ${mb(r.runtime)} |`);
  console.log(['| first visit | MB in all | models | onnxruntime |', '|---|---:|---:|---:|', ...rows].join('\n'));
});

/** Counts what `context` fetches over the network (a response the service worker gave is counted where it fetched it). */
function meter(context: BrowserContext) {
  const fetched: { path: string; bytes: number }[] = [];
  let started = 0;
  context.on('request', () => started++);
  context.on('requestfinished', async (request) => {
    const response = await request.response();
    if (!response || response.fromServiceWorker()) return;
    const sizes = await request.sizes();
    fetched.push({ path: new URL(request.url()).pathname, bytes: sizes.responseBodySize + sizes.responseHeadersSize });
  });
  const sum = (keep: (path: string) => boolean) => fetched.filter((f) => keep(f.path)).reduce((a, f) => a + f.bytes, 0);
  return {
    total: () => sum(() => true),
    models: () => sum((p) => p.startsWith('/models/') && !p.endsWith('/manifest.json')),
    runtime: () => sum((p) => /\/assets\/ort[.-]/.test(p)),
    /** Requests started so far, and bytes of those counted. */
    activity: () => [started, sum(() => true)],
  };
}

async function visit(name: string, m: ReturnType<typeof meter>, settle: () => Promise<void>) {
  await settle();
  // anything the page starts right after: until no request has started or been counted for 1 s
  await expectSteady(m.activity, 1000, { what: 'the requests and bytes', within: 60_000 });
  const row = { visit: name, total: m.total(), models: m.models(), runtime: m.runtime() };
  table.push(row);
  console.log(`${name}: ${row.total} bytes in all, models ${row.models}, onnxruntime ${row.runtime}`);
  return row;
}

test('home: text and cards before any model, every preview drawn, ≤ 8 MB in all', async ({ browser }) => {
  test.setTimeout(400_000);
  const context = await browser.newContext({ serviceWorkers: 'allow' });
  const page = await context.newPage();
  const m = meter(context);
  // model files wait on the server until the page has shown it is usable without them
  let release: () => void = () => undefined;
  site.hold((path) => path.startsWith('/models/') && !path.endsWith('/manifest.json'), new Promise<void>((ok) => (release = ok)));
  await page.goto(site.url);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  for (const id of DEMOS) await expect(page.getByTestId(`card-${id}`).getByRole('link')).toBeVisible();
  await expect(page.getByTestId('device-report')).toContainText('WebGPU');
  expect(m.models(), 'no model file has arrived').toBe(0);
  release();
  const row = await visit('home (all five previews)', m, async () => {
    await page.getByTestId('device-report').scrollIntoViewIfNeeded(); // every card has been in view
    for (const id of DEMOS) await expect(page.getByTestId(`thumb-${id}`)).toHaveAttribute('data-state', 'done', { timeout: 300_000 });
  });
  expect(row.total).toBeLessThanOrEqual(BUDGET.home);
  await context.close();
});

for (const id of DEMOS) {
  test(`#/${id}: a first visit, auto's measurement included, ≤ 8 MB in all`, async ({ browser }) => {
    test.setTimeout(300_000);
    const context = await browser.newContext({ serviceWorkers: 'allow' });
    const page = await context.newPage();
    const m = meter(context);
    await page.goto(`${site.url}#/${id}`);
    const row = await visit(`#/${id}`, m, async () => {
      await expect(page.getByTestId('status')).toHaveAttribute('data-state', 'ready', { timeout: 120_000 });
      await expect(page.getByTestId('notes')).toContainText(/auto (chose|uses)/, { timeout: 240_000 });
    });
    expect(row.total).toBeLessThanOrEqual(BUDGET.demo);
    await context.close();
  });
}

test('all five models together ≤ 10 MB', () => {
  const demos = table.filter((r) => r.visit.startsWith('#/'));
  test.skip(demos.length < DEMOS.length, 'needs every demo visit above');
  const models = demos.reduce((a, r) => a + r.models, 0);
  table.push({ visit: 'the five models', total: models, models, runtime: 0 });
  expect(models).toBeLessThanOrEqual(BUDGET.models);
});
