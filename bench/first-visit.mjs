// npm run bench:first-visit: how long a visitor waits for a demo, from navigation to its first "Ready" (the
// user timing gmp:first-demo-ready), on the built site served from localhost by tools/static-server.mjs
// (gzip, no special headers, as a static host). Five fresh visits (empty cache, no service worker yet) and
// five repeat visits (the service worker and the model cache in place) per route; prints the medians and
// writes bench/results/<date>-first-visit.json.
//
//   npm run build && npm run bench:first-visit            # #/vae
//   npm run bench:first-visit -- '#/gan' '#/nerf'
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { chromium } from 'playwright';
import flags from '../e2e/chromium-args.json' with { type: 'json' };
import { startStaticServer } from '../tools/static-server.mjs';
import { median, openWindow, settle } from './stats.mjs';

const RUNS = 5;
const routes = process.argv.slice(2).length ? process.argv.slice(2) : ['#/vae'];

/**
 * ms from navigation start until the first demo said it is ready: the user timing the demo marks then
 * (READY_MARK of core/main-thread/site.ts, set by ui/model-session.ts; the training page marks it too), read by a slow poll: polling every frame would make the browser draw frames
 * all along, and on SwiftShader drawing costs the CPU the page is waiting for. `url` undefined: a reload.
 */
async function untilReady(page, url) {
  if (url) await page.goto(url);
  else await page.reload();
  const handle = await page.waitForFunction(() => performance.getEntriesByName('gmp:first-demo-ready')[0]?.startTime ?? false, undefined, {
    polling: 250,
    timeout: 120_000,
  });
  return handle.jsonValue();
}

const site = await startStaticServer({ root: 'dist', base: '/' });
const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: flags.swiftshader });
const results = [];
try {
  for (const route of routes) {
    // one visit not counted: the server compresses each file on its first request, as a host's edge cache
    // does once; a visitor meets a warm cache
    const warm = await browser.newContext();
    await untilReady(await openWindow(warm), `${site.url}${route}`);
    await warm.close();
    await settle();
    const fresh = [];
    const repeat = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({ serviceWorkers: 'allow' });
      const page = await openWindow(context);
      fresh.push(await untilReady(page, `${site.url}${route}`));
      // the service worker's one reload for isolation happens on a later load; wait for it to settle
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 60_000 });
      // the visit's own background work ends first: auto measuring its other engines for a few seconds after
      // ready, the service worker's precache (it installs once the model is ready) and the model cache's
      // writes. Reloaded 1 s after the service worker took over, the new page waited ~1.1 s for the old
      // page's busy worker to end (traced), which no real repeat visit meets.
      await page.waitForTimeout(Number(process.env.REPEAT_WAIT_MS ?? 5000));
      repeat.push(await untilReady(page));
      await context.close();
      await settle();
    }
    results.push({ route, fresh, repeat, freshMedian: median(fresh), repeatMedian: median(repeat) });
    console.log(
      `${route}: first visit ${median(fresh).toFixed(0)} ms (median of ${RUNS}: ${fresh.map((x) => x.toFixed(0)).join(', ')}); repeat ${median(repeat).toFixed(0)} ms (${repeat.map((x) => x.toFixed(0)).join(', ')})`,
    );
  }
} finally {
  await browser.close();
  await site.close();
}
const env = { date: new Date().toISOString(), cpus: os.cpus().length, cpu: os.cpus()[0]?.model, chromium: browser.version() };
await mkdir(new URL('./results/', import.meta.url), { recursive: true });
await writeFile(
  new URL(`./results/${env.date.slice(0, 10)}-first-visit.json`, import.meta.url),
  `${JSON.stringify({ env, results }, null, 2)}\n`,
);
