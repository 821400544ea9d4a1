// npm run bench:train-text-live: #/train-text on the CPU path with its defaults. On the fortunes for TEXT_S
// seconds of training time (default 900), then on a pasted paragraph of ~2,000 characters for OWN_S (default
// 120): when the GPT's held-out loss first passed each n-gram order, where it stands against the best order
// at 5 and 15 minutes, and the steps/s and characters/s the page showed. Writes
// bench/results/<date>-train-text-live.json and docs/train/text-<source>.png. Build first (npm run build).
//
// It measures this machine's CPU path: run it on an otherwise idle machine (stop other work, e.g. with
// `kill -STOP`), since the training clock is wall time in the worker.
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { chromium } from 'playwright';
import chromiumFlags from '../e2e/chromium-args.json' with { type: 'json' };
import { startPreview } from './preview.mjs';

const PORT = 4176;
const BASE = `http://127.0.0.1:${PORT}/`;
const TEXT_S = Number(process.env.TEXT_S ?? 900);
const OWN_S = Number(process.env.OWN_S ?? 120);
const ENGINE = process.env.TRAIN_ENGINE ?? 'cpu';
/** A paragraph of our own (German, ~2,000 characters): what a visitor might paste. */
const PARAGRAPH = [
  'Am Rand der kleinen Stadt lag ein Garten, in dem jeden Morgen eine alte Frau die Beete goss. Sie sprach mit den Pflanzen, als wären es alte Bekannte,',
  'und die Nachbarn lachten anfangs darüber. Doch im Sommer trugen ihre Tomaten mehr Früchte als alle anderen, und die Bohnen rankten bis über den Zaun.',
  'Die Kinder aus der Straße kamen nach der Schule vorbei, halfen beim Jäten und bekamen dafür Erdbeeren, so viele sie tragen konnten. Im Herbst sammelte',
  'die Frau die Samen in kleine Tüten, beschriftete sie mit krakeliger Schrift und verschenkte sie an jeden, der fragte. So wuchsen in den folgenden',
  'Jahren überall in der Stadt dieselben Tomaten, dieselben Bohnen und dieselben Sonnenblumen. Niemand wusste mehr genau, woher sie ursprünglich kamen,',
  'aber alle sagten, sie schmeckten besser als die aus dem Laden. Als die alte Frau eines Winters nicht mehr in ihren Garten kam, gossen die Kinder,',
  'inzwischen selbst erwachsen, die Beete weiter. Sie sprachen dabei mit den Pflanzen, und niemand lachte mehr darüber. Der Garten wurde zu einem Ort,',
  'an dem sich die Leute trafen, Geschichten erzählten und Samen tauschten. Jedes Frühjahr stellte jemand eine Bank an den Zaun, und jedes Frühjahr',
  'war sie nach wenigen Tagen besetzt. Wer heute durch die Stadt geht, erkennt die Häuser, deren Bewohner einmal im Garten geholfen haben: Vor ihren',
  'Fenstern blühen Sonnenblumen, höher als die Dachrinnen, und im August liegen Tomaten in Körben vor den Türen, für jeden, der vorbeikommt.',
  'Die Stadtverwaltung wollte den Garten einmal in einen Parkplatz verwandeln. Es kamen so viele Briefe, dass der Plan nach einer Woche vom Tisch war.',
  'Seitdem steht am Eingang ein Schild, auf dem nur ein Satz steht: Hier wächst, was man teilt. Im Winter ist der Garten still,',
  'die Beete liegen unter Laub und Schnee, und nur die Vögel suchen zwischen den Stängeln nach Körnern. Doch schon im März kommen die ersten',
  'Leute mit Schaufeln und Kannen, und wenn die Sonne wärmer wird, riecht es wieder nach feuchter Erde.',
].join('\n');

await startPreview(PORT);
const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: chromiumFlags.swiftshader });
const page = await (await browser.newContext({ viewport: { width: 1400, height: 1100 } })).newPage();
await mkdir('docs/train', { recursive: true });
await mkdir('bench/results', { recursive: true });
const el = page.locator('gmp-train-text-page');
const state = () =>
  el.evaluate((p) => {
    const s = p.training;
    const n = p.view.ngram;
    return {
      trainS: s.trainMs / 1000,
      step: s.step,
      speed: s.speed,
      charsPerStep: p.report?.charsPerStep,
      scores: s.scores.map((x) => ({ train_s: x.trainS, step: x.step, held_out: x.heldOut, train: x.train })),
      ngram:
        n?.state === 'ready'
          ? { order: n.report.order, order_losses: n.report.orderLosses, count_ms: n.report.countMs, bytes: n.report.bytes }
          : undefined,
      gptSample: s.drawn?.text,
      ngramSample: n?.state === 'ready' ? n.sample : undefined,
    };
  });
const ready = () => page.getByTestId('status').and(page.locator('[data-phase="ready"]')).waitFor({ timeout: 180_000 });
const median = (xs) => {
  const v = xs.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  return v.length ? v[Math.floor(v.length / 2)] : undefined;
};

/** Trains for `seconds` of training time; the crossings and standings of the run. */
async function run(source, seconds, marks) {
  await ready();
  for (let i = 0; !(await state()).ngram; i++) {
    if (i > 240) throw new Error('the n-gram was not counted within 2 minutes');
    await new Promise((r) => setTimeout(r, 500));
  }
  await page.getByTestId('train-start').click();
  const speeds = [];
  let s;
  for (;;) {
    s = await state();
    if (s.speed) speeds.push(s.speed);
    if (s.trainS >= seconds) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  await page.getByTestId('train-pause').click();
  await page.getByTestId('status').and(page.locator('[data-phase="paused"]')).waitFor();
  // one more score at the end
  await el.evaluate((p) => p.training.scoreNow());
  s = await state();
  await page.screenshot({ path: `docs/train/text-${source}.png`, fullPage: true });
  const crossed = s.ngram.order_losses.map((loss, i) => {
    const hit = s.scores.find((x) => x.held_out < loss);
    return { order: i + 1, ngram_loss: loss, passed_at_s: hit ? hit.train_s : null, step: hit ? hit.step : null };
  });
  const at = (t) => {
    const before = s.scores.filter((x) => x.train_s <= t + 1).at(-1);
    return (
      before && {
        train_s: before.train_s,
        held_out: before.held_out,
        train: before.train,
        best_ngram: s.ngram.order_losses[s.ngram.order - 1],
      }
    );
  };
  const stepsPerS = median(speeds);
  return {
    source,
    train_s: s.trainS,
    steps: s.step,
    median_steps_per_s: stepsPerS,
    median_chars_per_s: stepsPerS && stepsPerS * s.charsPerStep,
    ngram: s.ngram,
    crossings: crossed,
    standings: Object.fromEntries(marks.map((t) => [`${t}s`, at(t)])),
    scores: s.scores,
    samples: { gpt: s.gptSample, ngram: s.ngramSample },
  };
}

const started = new Date().toISOString();
const file = `bench/results/${started.slice(0, 10)}-train-text-live.json`;
const result = {
  date: started,
  what: `#/train-text with its defaults on ${ENGINE}: the fortunes for ${TEXT_S} s of training time, then a pasted paragraph for ${OWN_S} s; held-out loss of the GPT every 10 s of training (scoring not counted) against the n-gram's orders on the same windows`,
  environment: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version },
  runs: [],
};
await page.goto(`${BASE}#/train-text?engine=${ENGINE}`);
result.runs.push(
  await run(
    'fortunes',
    TEXT_S,
    [60, 120, 300, 600, 900].filter((t) => t <= TEXT_S),
  ),
);
await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result.runs[0].crossings), JSON.stringify(result.runs[0].standings));
await page.getByTestId('text-source').selectOption('own');
await page.getByTestId('text-input').fill(PARAGRAPH);
await page.getByTestId('text-apply').click();
result.runs.push(
  await run(
    'own',
    OWN_S,
    [30, 60, 120].filter((t) => t <= OWN_S),
  ),
);
result.environment.wall_s = (Date.now() - Date.parse(started)) / 1000;
await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result.runs[1].crossings), JSON.stringify(result.runs[1].standings));
await browser.close();
console.log(`wrote ${file}`);
process.exit(0);
