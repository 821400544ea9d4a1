// Leaving a page leaves nothing behind: after round trips over every route and a forced GC, the DOM nodes and
// event listeners are back where they were after the warm-up rounds, and no page element stays alive detached.
import { type CDPSession, expect, type Page, test } from '@playwright/test';
import { OUTPUT, ROUTES, waitForImage } from './helpers';

const ROUND_TRIPS = 3;
/**
 * Rounds before the baseline: the first loads every page's module and model, and on a slow machine some of
 * what it starts (the home page's previews) is still arriving when it is counted; the second finds all of it
 * cached. A page that leaks per visit still grows the counts over the rounds that follow.
 */
const WARM_UP = 2;
/**
 * Counted with nothing in flight, the counts repeat exactly from round to round; the slack allows a note or a
 * tooltip more. A page that keeps one listener per visit goes over it by the last round.
 */
const NODE_SLACK = 0.02;
const LISTENER_SLACK = 2;

/** The element the shell shows for a route (src/app/routes.ts). */
function tagFor(route: string): string {
  if (route === '/') return 'gmp-home-page';
  return route in OUTPUT ? `gmp-${route.slice(1)}-demo` : `gmp-${route.slice(1)}-page`;
}

/** Opens a route the way a link does (hash change, no reload) and waits until its page has done its start-up work. */
async function visit(page: Page, route: string): Promise<void> {
  const demo = route in OUTPUT;
  const hash = demo ? `#${route}?engine=wasm` : `#${route}`;
  await page.evaluate((h) => {
    location.hash = h;
  }, hash);
  const el = page.locator(tagFor(route));
  await expect(el).toBeAttached();
  // a demo's worker really starts and runs; home starts its previews
  if (demo) await waitForImage(page, OUTPUT[route]);
  else if (route === '/') await expect(el.getByTestId('thumb-vae')).not.toHaveAttribute('data-state', 'waiting');
}

interface Counters {
  nodes: number;
  listeners: number;
  heapMB: number;
}

/**
 * Counts once nothing is in flight. The listener counter is the renderer's, workers included: counted while
 * home draws its previews one after another, it moves by a worker's listeners from one round to the next.
 */
async function afterGc(cdp: CDPSession, page: Page): Promise<Counters> {
  const thumbs = page.locator('gmp-home-page figure.thumb');
  await expect(thumbs).toHaveCount(Object.keys(OUTPUT).length);
  for (const thumb of await thumbs.all()) await expect(thumb).toHaveAttribute('data-state', /done|error/);
  await expect.poll(() => page.workers().length, { message: 'workers still running' }).toBe(0);
  await page.evaluate(() => new Promise((r) => setTimeout(r, 300))); // let the last page's teardown settle
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  const c = await cdp.send('Memory.getDOMCounters');
  const h = await cdp.send('Runtime.getHeapUsage');
  return { nodes: c.nodes, listeners: c.jsEventListeners, heapMB: Math.round(h.usedSize / 1e4) / 100 };
}

test(`after ${WARM_UP} warm-up rounds, ${ROUND_TRIPS} more round trips over every route keep no page alive`, async ({ page }) => {
  test.setTimeout(420_000);
  const cdp = await page.context().newCDPSession(page);
  await page.goto('./#/');
  // the baseline holds what a visit keeps for good (modules, cached models)
  for (let r = 0; r < WARM_UP; r++) for (const route of [...ROUTES.slice(1), ROUTES[0]]) await visit(page, route);
  const first = await afterGc(cdp, page);
  const rounds: Counters[] = [];
  for (let r = 0; r < ROUND_TRIPS; r++) {
    for (const route of [...ROUTES.slice(1), ROUTES[0]]) await visit(page, route);
    rounds.push(await afterGc(cdp, page));
  }
  console.log(`after GC: after ${WARM_UP} rounds ${JSON.stringify(first)}; then ${rounds.map((c) => JSON.stringify(c)).join(', ')}`);
  const last = rounds[rounds.length - 1];
  expect.soft(last.nodes, 'DOM nodes').toBeLessThanOrEqual(first.nodes * (1 + NODE_SLACK));
  expect.soft(last.listeners, 'event listeners').toBeLessThanOrEqual(first.listeners + LISTENER_SLACK);
  // last: DevTools keeps every node it has reported alive, so this is asked once, at the end
  const { detachedNodes } = await cdp.send('DOM.getDetachedDomNodes');
  const pages = detachedNodes.map((n) => n.treeNode.nodeName).filter((name) => name.startsWith('GMP-'));
  expect(pages, 'page elements detached but alive').toEqual([]);
});
