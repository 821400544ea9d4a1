// npm run bench:train-live: the training page (#/train) on the CPU path with its defaults, for TRAIN_S seconds
// of training time (the worker's time on steps; the yardstick's scoring pauses training and is not counted).
// Writes each model's sample grid at 15, 30, 60, 150 and 300 s of training to docs/train/<model>-<s>s.png, and
// bench/results/<date>-train-live.json: the FD scores over training time, when each model first reached the
// study's FD level, and the page's steps/s (shared, and each model's part). Build first (npm run build).
//
// It measures this machine's CPU path: run it on an otherwise idle machine (stop other work, e.g. with
// `kill -STOP`), since the training clock is wall time in the worker.
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { chromium } from 'playwright';
import chromiumFlags from '../e2e/chromium-args.json' with { type: 'json' };
import { startPreview } from './preview.mjs';

const PORT = 4175;
const BASE = `http://127.0.0.1:${PORT}/`;
const TRAIN_S = Number(process.env.TRAIN_S ?? 300);
const GRIDS_AT = [15, 30, 60, 150, 300].filter((s) => s <= TRAIN_S);
const ENGINE = process.env.TRAIN_ENGINE ?? 'cpu';

await startPreview(PORT);

const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: chromiumFlags.swiftshader });
const page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
await page.goto(`${BASE}#/train?engine=${ENGINE}`);
await page.getByTestId('status').and(page.locator('[data-phase="ready"]')).waitFor({ timeout: 180_000 });
const train = page.locator('gmp-train-page');
/** What the page's training session holds now (read from the element, as the page renders it). */
const state = () =>
  train.evaluate((el) => {
    const s = el.training;
    return { trainS: s.trainMs / 1000, step: s.step, speed: s.speed, partSpeed: s.partSpeed, scores: s.scores, last: s.history.at(-1) };
  });
await page.getByTestId('train-start').click();
await mkdir('docs/train', { recursive: true });
await mkdir('bench/results', { recursive: true });
const median = (xs) => {
  const v = xs.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  return v.length ? v[Math.floor(v.length / 2)] : undefined;
};
const started = new Date().toISOString();
const file = `bench/results/${started.slice(0, 10)}-train-live.json`;
const speeds = [];
/** The results so far, written after every grid (a long run that is stopped keeps what it measured). */
async function save(s, done) {
  const reached = Object.fromEntries(
    ['vae', 'gan', 'diffusion'].map((m) => {
      const hit = s.scores.find((x) => x.fd[m] <= 200);
      return [m, hit ? { train_s: hit.trainS, step: hit.step } : null];
    }),
  );
  const result = {
    date: started,
    what: `#/train with its defaults on ${ENGINE} for ${TRAIN_S} s of training time (${done ? 'complete' : `stopped at ${s.trainS.toFixed(0)} s`}); FD of 512 fixed samples per model every 15 s of training (scoring not counted); steps/s as the page shows them`,
    environment: {
      cpus: os.cpus().length,
      cpu: os.cpus()[0]?.model,
      node: process.version,
      wall_s: (Date.now() - Date.parse(started)) / 1000,
    },
    steps: s.step,
    train_s: s.trainS,
    reached_fd_200: reached,
    scores: s.scores.map((x) => ({ train_s: x.trainS, step: x.step, fd: x.fd, covered: x.covered, scoring_ms: x.ms })),
    median_steps_per_s: {
      shared: median(speeds.map((x) => x.shared)),
      vae: median(speeds.map((x) => x.vae)),
      gan: median(speeds.map((x) => x.gan)),
      diffusion: median(speeds.map((x) => x.diffusion)),
    },
    last_losses: s.last,
  };
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  return result;
}
let next = 0;
let s;
for (;;) {
  s = await state();
  if (s.speed) speeds.push({ trainS: s.trainS, shared: s.speed, ...s.partSpeed });
  if (next < GRIDS_AT.length && s.trainS >= GRIDS_AT[next]) {
    for (const m of ['vae', 'gan', 'diffusion'])
      await page.getByTestId(`samples-${m}`).screenshot({ path: `docs/train/${m}-${GRIDS_AT[next]}s.png` });
    await save(s, false);
    console.log(`${GRIDS_AT[next]} s of training: step ${s.step}, grids saved`);
    next++;
  }
  if (s.trainS >= TRAIN_S) break;
  await new Promise((r) => setTimeout(r, 250));
}
await page.getByTestId('train-pause').click();
const result = await save(await state(), true);
await browser.close();
console.log(
  JSON.stringify({ steps: result.steps, reached_fd_200: result.reached_fd_200, median_steps_per_s: result.median_steps_per_s }, null, 1),
);
console.log(`wrote ${file}`);
process.exit(0);
