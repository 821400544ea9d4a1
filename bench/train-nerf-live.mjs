// npm run bench:train-nerf-live: #/train-nerf in the built site on the CPU path (or TRAIN_ENGINE=wgsl) with its
// defaults (100 photos, 64-cell grid): trains for TRAIN_S seconds (default 90), then, still training, drags the
// orbit for DRAG_S seconds (default 6) and counts the frames the page drew while the pointer moved; reports the
// steps/s and rays/s the page showed, the held-out PSNR it showed, and writes a screenshot. Writes
// bench/results/<date>-train-nerf-live.json and docs/train/nerf.png. Build first (npm run build).
// Run it on an otherwise idle machine: the training clock is wall time in the worker.
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { chromium } from 'playwright';
import chromiumFlags from '../e2e/chromium-args.json' with { type: 'json' };
import { startPreview } from './preview.mjs';

const PORT = 4177;
const BASE = `http://127.0.0.1:${PORT}/`;
const TRAIN_S = Number(process.env.TRAIN_S ?? 90);
const DRAG_S = Number(process.env.DRAG_S ?? 6);
const ENGINE = process.env.TRAIN_ENGINE ?? 'cpu';

await startPreview(PORT);
const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: chromiumFlags.swiftshader });
const page = await (await browser.newContext({ viewport: { width: 1400, height: 1100 } })).newPage();
await mkdir('docs/train', { recursive: true });
await mkdir('bench/results', { recursive: true });
const el = page.locator('gmp-train-nerf-page');
const state = () =>
  el.evaluate((p) => ({
    trainS: p.training.trainMs / 1000,
    step: p.training.step,
    speed: p.training.speed,
    rays: p.report?.raysPerStep,
    scores: p.training.scores.map((s) => ({ train_s: s.trainS, step: s.step, held_out: s.heldOut, train: s.train })),
  }));
await page.goto(`${BASE}#/train-nerf?engine=${ENGINE}`);
await page.getByTestId('status').and(page.locator('[data-phase="ready"]')).waitFor({ timeout: 180_000 });
await page.getByTestId('train-start').click();
while ((await state()).trainS < TRAIN_S) await page.waitForTimeout(1000);
const before = await state();
// drag while it trains: count the frames drawn from the moving orbit (48² while the pointer moves)
const canvas = page.getByTestId('nerf-live');
await canvas.evaluate((c) => {
  c.__frames = [];
  new MutationObserver(() => c.__frames.push({ t: performance.now(), size: Number(c.dataset.size) })).observe(c, {
    attributeFilter: ['data-drawn'],
  });
});
const box = await canvas.boundingBox();
const [x0, y0] = [box.x + box.width / 2, box.y + box.height / 2];
await page.mouse.move(x0, y0);
await page.mouse.down();
const stepsAtDrag = (await state()).step;
const t0 = Date.now();
let k = 0;
while (Date.now() - t0 < DRAG_S * 1000) {
  k++;
  await page.mouse.move(x0 + 60 * Math.sin(k / 10), y0 + 20 * Math.cos(k / 13));
  await page.waitForTimeout(16);
}
const dragMs = Date.now() - t0;
const stepsDuringDrag = (await state()).step - stepsAtDrag;
await page.mouse.up();
const frames = await canvas.evaluate((c) => c.__frames);
const moving = frames.filter((f) => f.size === 48);
const all = frames.length;
await page.waitForTimeout(2000);
await page.getByRole('button', { name: 'Back to the held-out camera' }).click();
await page.waitForTimeout(3000);
const after = await state();
await page.screenshot({ path: 'docs/train/nerf.png', fullPage: true });
const out = {
  date: new Date().toISOString(),
  what: `#/train-nerf in Chromium (${ENGINE}), defaults (100 photos, 64-cell grid, 4,096 rays a step): ${TRAIN_S} s of training, then a ${DRAG_S} s drag of the orbit while training goes on`,
  machine: `${os.cpus()[0]?.model}, ${os.cpus().length} cores`,
  engine: ENGINE,
  steps_per_s_shown: before.speed,
  rays_per_s_shown: before.speed * before.rays,
  at_train_s: before.trainS,
  step: before.step,
  scores: after.scores,
  drag: {
    steps_during: stepsDuringDrag,
    ms: dragMs,
    moves: k,
    frames_while_moving: moving.length,
    frames_any_size: all,
    frames_per_s: (1000 * moving.length) / dragMs,
    sizes: [...new Set(frames.map((f) => f.size))],
  },
};
const file = `bench/results/${out.date.slice(0, 10)}-train-nerf-live.json`;
await writeFile(file, `${JSON.stringify(out, null, 1)}\n`);
console.log(JSON.stringify({ ...out, scores: out.scores.slice(-3) }, null, 1));
await browser.close();
process.exit(0);
