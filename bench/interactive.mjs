// npm run bench:interactive: how soon each page answers a visitor, on a first visit (empty cache, no service
// worker) of the built site served by tools/static-server.mjs, with `auto` as a new visitor has it. Per page:
//   ready — ms from navigation to the page's first "Ready" (the user timing gmp:first-demo-ready: the model is
//           loaded on its first engine and the controls are enabled; auto may still be measuring);
//   answer — ms from navigation until the page has answered its first input, given at the moment it is
//           ready: a demo's main action (a sample drawn, a character written, a frame drawn after a key),
//           a training page's Start (its first step counted). Measured from outside, so it includes the
//           bench's own delays: Playwright sees "ready" and gives the input some 100-500 ms later on two busy
//           cores, and sees the answer by polling;
//   response — ms, measured in the page, from the visitor's input (the click's or key's event timestamp) to
//           the start of the first frame that shows its answer (the element looked up every frame);
//   ready + response — when a visitor who gives the input the moment the page is ready sees the answer.
// Medians of RUNS visits per page; prints a table and writes bench/results/<date>-interactive.json.
//
//   npm run build && npm run bench:interactive                # every demo and training page
//   npm run bench:interactive -- '#/train' '#/nerf'
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { chromium } from 'playwright';
import flags from '../e2e/chromium-args.json' with { type: 'json' };
import { startStaticServer } from '../tools/static-server.mjs';
import { median, openWindow, settle } from './stats.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ready = (page) => page.getByTestId('status').and(page.locator('[data-state="ready"]'));

/**
 * Watches, in the page, the element with `testid` (found anew every frame, through shadow roots: a page may
 * replace it, as the NeRF demo replaces its canvas when `auto` switches engines): the moment of the
 * visitor's input (the event's timeStamp of the first click or key press anywhere), and the start of the
 * first frame after it in which the element's text or `attr` differs from what it was at the input, the
 * frame that shows the answer.
 */
function watch(page, testid, attr) {
  return page.evaluate(
    ({ testid, attr }) => {
      const find = (root) => {
        const hit = root.querySelector(`[data-testid="${testid}"]`);
        if (hit) return hit;
        for (const el of root.querySelectorAll('*')) {
          const inner = el.shadowRoot && find(el.shadowRoot);
          if (inner) return inner;
        }
        return null;
      };
      const read = () => {
        const el = find(document);
        return el && (attr ? el.getAttribute(attr) : el.textContent);
      };
      const w = { input: undefined, changed: undefined };
      globalThis.__gmpAnswer = w;
      for (const type of ['click', 'keydown']) addEventListener(type, (e) => (w.input ??= e.timeStamp), { capture: true, once: true });
      let before = read();
      const frame = (t) => {
        const now = read();
        // a change before the input is the page still starting, not its answer
        if (w.input === undefined || now === before) {
          if (w.input === undefined) before = now;
          requestAnimationFrame(frame);
        } else w.changed = t;
      };
      requestAnimationFrame(frame);
    },
    { testid, attr },
  );
}

/** Does `act`, then waits until the text (or `attr`) of `testid` differs from before: the page answered. */
async function answered(page, testid, act, attr) {
  const el = page.getByTestId(testid).first();
  const read = () => (attr ? el.getAttribute(attr) : el.textContent());
  const before = await read();
  await watch(page, testid, attr);
  await act();
  while ((await read()) === before) await page.waitForTimeout(20);
}

/** The first input of each page and what shows it was answered. */
const ANSWERS = {
  '#/vae': (page) => answered(page, 'timing', () => page.getByTestId('randomize').click()),
  '#/gan': (page) => answered(page, 'timing', () => page.getByTestId('generate').click()),
  '#/diffusion': (page) => answered(page, 'step-label', () => page.getByTestId('step-forward').click()),
  '#/transformer': (page) => answered(page, 'output-text', () => page.getByTestId('generate').click(), 'data-length'),
  '#/nerf': (page) =>
    answered(
      page,
      'output',
      async () => {
        await page.getByTestId('output').focus();
        await page.keyboard.press('ArrowLeft');
      },
      'data-frames',
    ),
  '#/train': startAnswer,
  '#/train-text': startAnswer,
  '#/train-nerf': startAnswer,
};

async function startAnswer(page) {
  await watch(page, 'train-steps', 'data-step');
  await page.getByTestId('train-start').click();
  await page.locator('[data-testid="train-steps"]:not([data-step="0"])').waitFor({ timeout: 120_000 });
  await page.getByTestId('train-pause').click();
}

const routes = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(ANSWERS);
const site = await startStaticServer({ root: 'dist', base: '/' });
const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: flags.swiftshader });
const results = [];
try {
  for (const route of routes) {
    // one visit not counted: the server compresses each file on its first request, as a host's edge cache does once
    for (let i = -1; i < RUNS; i++) {
      const context = await browser.newContext();
      const page = await openWindow(context);
      await page.goto(`${site.url}${route}`);
      await ready(page).waitFor({ timeout: 120_000 });
      const readyMs = await page.evaluate(() => performance.getEntriesByName('gmp:first-demo-ready')[0]?.startTime ?? performance.now());
      await ANSWERS[route](page);
      const answerMs = await page.evaluate(() => performance.now());
      // as the page saw it: from the visitor's input to the frame that shows the answer (NaN: not seen). Playwright
      // may see the change before that frame starts: wait for it a little
      await page.waitForFunction(() => globalThis.__gmpAnswer?.changed !== undefined, null, { timeout: 2000 }).catch(() => undefined);
      const seen = await page.evaluate(() => globalThis.__gmpAnswer);
      const responseMs = seen?.changed !== undefined && seen.input !== undefined ? seen.changed - seen.input : Number.NaN;
      await context.close();
      await settle();
      if (i < 0) continue;
      let row = results.find((r) => r.route === route);
      if (!row) {
        row = { route, ready: [], answer: [], response: [] };
        results.push(row);
      }
      row.ready.push(readyMs);
      row.answer.push(answerMs);
      row.response.push(responseMs);
    }
    const row = results.at(-1);
    const seenRuns = row.response.flatMap((r, i) => (Number.isFinite(r) ? [i] : []));
    Object.assign(row, {
      readyMedian: median(row.ready),
      answerMedian: median(row.answer),
      // over the runs in which the page's answer was seen
      responseRuns: seenRuns.length,
      responseMedian: median(seenRuns.map((i) => row.response[i])),
      // a visitor who gives the input the moment the page is ready
      readyPlusResponseMedian: median(seenRuns.map((i) => row.ready[i] + row.response[i])),
    });
    console.log(
      `${route}: ready ${row.readyMedian.toFixed(0)} ms, first input answered ${row.answerMedian.toFixed(0)} ms as the bench saw it; ` +
        `in the page ${row.responseMedian.toFixed(0)} ms from input to answer, ready + that ${row.readyPlusResponseMedian.toFixed(0)} ms (medians of ${RUNS}; the answer seen in ${row.responseRuns})`,
    );
  }
} finally {
  await browser.close();
  await site.close();
}
const env = { date: new Date().toISOString(), cpus: os.cpus().length, cpu: os.cpus()[0]?.model, chromium: browser.version(), runs: RUNS };
await mkdir(new URL('./results/', import.meta.url), { recursive: true });
await writeFile(
  new URL(`./results/${env.date.slice(0, 10)}-interactive.json`, import.meta.url),
  `${JSON.stringify({ env, results }, null, 2)}\n`,
);
