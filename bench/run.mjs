// npm run bench: drives the built site in Chromium, runs each image model on a fixed set of inputs on each engine (wasm, webgpu, wgsl, cpu),
// prints a table (engine, median ms, p95 ms, runs) and writes bench/results/<date>.json with the adapter.
// The transformer gets a row per engine (wasm, webgpu, wgsl, cpu) for one generated character, and a table of
// attention alone (our kernel against onnxruntime). Diffusion gets two rows: one guided U-Net call (a sampler step: conditional and unconditional rows in one
// batch of 2), and a whole image with 50 DDIM steps. NeRF: ms per frame at 128/256/512 on our kernel, and the
// reference path at 64/128 (the 128² frames also join the main table). Kernels: the kernels page's run (each
// kernel against its CPU reference, timed; each image model on every engine), printed as a second table.
//
// On a machine without a GPU, "webgpu" runs on SwiftShader, a CPU emulating a GPU: those figures say how
// this machine copes, not how fast any GPU is. The JSON records which adapter it was.
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { chromium } from 'playwright';
import chromiumFlags from '../e2e/chromium-args.json' with { type: 'json' };
import { startPreview } from './preview.mjs';
import { median, p95 } from './stats.mjs';

const PORT = 4174;
const BASE = `http://127.0.0.1:${PORT}/`;
const COUNT = 16; // fixed latents (seeded)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const args = chromiumFlags.swiftshader;
// BENCH_ONLY=nerf (or images, transformer, kernels, training): run one part; the JSON then goes to <date>-<part>.json.
const ONLY = process.env.BENCH_ONLY;
const part = (name) => !ONLY || ONLY === name;
// With a real GPU, let Chrome pick it: BENCH_GPU=1 drops the SwiftShader flags.
const launchArgs = process.env.BENCH_GPU ? ['--enable-unsafe-webgpu', '--no-first-run'] : args;

// the site (dist/) with the benchmark hooks (dist-test/) beside it, see vite.config.ts
const { stop } = await startPreview(PORT, 'test-hooks');

const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: launchArgs });
const page = await browser.newPage();
await page.goto(`${BASE}#/`);
const env = await page.evaluate(async () => {
  const adapter = await navigator.gpu?.requestAdapter();
  return {
    userAgent: navigator.userAgent,
    hardwareConcurrency: navigator.hardwareConcurrency,
    crossOriginIsolated,
    adapter: adapter
      ? { vendor: adapter.info.vendor, architecture: adapter.info.architecture, description: adapter.info.description }
      : null,
  };
});

// The benchmark entry points (src/test-hooks/page-hooks.ts) are a module of their own that the site never loads
// (built into dist-test/, not the deployed dist/).
async function hook(demo, name, ...a) {
  if (!(await page.evaluate(() => 'gmpHooks' in globalThis))) await page.addScriptTag({ type: 'module', url: 'assets/test-hooks.js' });
  return demo.evaluate((el, [n, args]) => globalThis.gmpHooks[n](el, ...args), [name, a]);
}

const software = /swiftshader|llvmpipe|warp/i.test(JSON.stringify(env.adapter ?? ''));
const rows = [];
const IMAGE_STEPS = 50;
const IMAGES = 3;
const MODELS = [
  { id: 'vae', row: 'vae-decoder', output: 'output', rounds: ROUNDS },
  { id: 'gan', row: 'gan-generator', output: 'output', rounds: ROUNDS },
  // step=0: the page computes nothing on its own while the bench runs
  { id: 'diffusion', row: 'diffusion-unet-call', output: 'output', rounds: Math.ceil(ROUNDS / 3), query: 'steps=10&step=0', image: true },
];
for (const model of part('images') ? MODELS : []) {
  for (const engine of ['wasm', 'webgpu', 'wgsl', 'cpu']) {
    if ((engine === 'webgpu' || engine === 'wgsl') && !env.adapter) {
      rows.push({ model: model.row, engine, skipped: 'no WebGPU adapter' });
      continue;
    }
    await page.goto(`${BASE}#/${model.id}?engine=${engine}${model.query ? `&${model.query}` : ''}`);
    await page.reload();
    await page.getByTestId('status').and(page.locator('[data-state="ready"]')).waitFor({ timeout: 120_000 });
    await page.getByTestId(model.output).and(page.locator('[data-drawn="true"]')).waitFor({ timeout: 60_000 });
    const demo = page.locator(`gmp-${model.id}-demo`);
    // The U-Net's first seconds of calls run 3-4x slower than later ones (measured on wasm: ~80 ms, then ~20 ms
    // per call), so the diffusion rows start after a discarded warm-up image.
    if (model.image) await hook(demo, 'benchImage', 10, 99);
    const r = await hook(demo, 'bench', COUNT, model.rounds);
    rows.push({
      model: model.row,
      engine: r.engine,
      runs: r.worker.length,
      median_ms: median(r.worker),
      p95_ms: p95(r.worker),
      roundtrip_median_ms: median(r.roundTrip),
      roundtrip_p95_ms: p95(r.roundTrip),
    });
    if (model.image) {
      const images = [];
      for (let i = 0; i < IMAGES; i++) images.push(await hook(demo, 'benchImage', IMAGE_STEPS, i + 1));
      rows.push({
        model: `diffusion-${IMAGE_STEPS}-step-image`,
        engine: images[0].engine,
        runs: IMAGES,
        median_ms: median(images.map((x) => x.worker)),
        p95_ms: p95(images.map((x) => x.worker)),
        roundtrip_median_ms: median(images.map((x) => x.wall)),
        roundtrip_p95_ms: p95(images.map((x) => x.wall)),
      });
    }
  }
}

// Transformer: ms per generated character (one single-token step with the KV cache, after a 16-character
// prompt) on each engine, as characters per second; then attention alone — our attention.wgsl against
// onnxruntime running an attention-only graph of the same shape — from CPU inputs to CPU output.
const ATTENTION_SHAPES = [
  { H: 4, D: 32, T: 1, S: 128 }, // this model's decode step with a full cache
  { H: 4, D: 32, T: 128, S: 128 }, // this model's longest prefill
  { H: 4, D: 64, T: 256, S: 256 }, // a larger head size and length
];
const attention = [];
for (const engine of part('transformer') ? ['wasm', 'webgpu', 'wgsl', 'cpu'] : []) {
  if ((engine === 'webgpu' || engine === 'wgsl') && !env.adapter) {
    rows.push({ model: 'transformer-step', engine, skipped: 'no WebGPU adapter' });
    continue;
  }
  await page.goto(`${BASE}#/transformer?engine=${engine}`);
  await page.reload();
  await page.getByTestId('status').and(page.locator('[data-state="ready"]')).waitFor({ timeout: 120_000 });
  const demo = page.locator('gmp-transformer-demo');
  const r = await hook(demo, 'bench', COUNT * 4, Math.ceil(ROUNDS / 2));
  rows.push({
    model: 'transformer-step',
    engine: r.engine,
    runs: r.worker.length,
    median_ms: median(r.worker),
    p95_ms: p95(r.worker),
    roundtrip_median_ms: median(r.roundTrip),
    roundtrip_p95_ms: p95(r.roundTrip),
    // the page's figure too (charactersPerSecond): the inverse of the median model time per character
    chars_per_s: 1000 / median(r.worker),
  });
  if (engine === 'cpu') continue; // the attention table compares kernels on the GPU engines and onnxruntime
  for (const a of await hook(demo, 'benchAttention', ATTENTION_SHAPES, 10)) {
    const { H, D, T, S } = a.shape;
    attention.push({
      engine,
      shape: `H${H} D${D} T${T} S${S}`,
      runs: a.ms.length,
      median_ms: median(a.ms),
      p95_ms: p95(a.ms),
      rel_err: a.relErr,
    });
  }
}
// NeRF: ms per frame (submit to GPU done, in the worker) of the default view at 128/256/512 on our kernel,
// and the reference path (onnxruntime wasm + TypeScript compositing) at 64 and 128 for scale.
const NERF_SIZES = [128, 256, 512];
const nerf = [];
for (const engine of part('nerf') ? ['wgsl', 'cpu', 'wasm'] : []) {
  if (engine === 'wgsl' && !env.adapter) {
    nerf.push({ engine, skipped: 'no WebGPU adapter' });
    continue;
  }
  await page.goto(`${BASE}#/nerf?engine=${engine}&res=64`);
  await page.reload();
  await page.getByTestId('status').and(page.locator('[data-state="ready"]')).waitFor({ timeout: 120_000 });
  const demo = page.locator('gmp-nerf-demo');
  const sizes = { wgsl: NERF_SIZES, cpu: [128, 256], wasm: [64, 128] }[engine];
  // moving: the frame drawn while the view changes; still: what the view shows at rest (cpu: the exact frame)
  for (const kind of engine === 'cpu' ? ['moving', 'still'] : ['moving']) {
    for (const size of sizes) {
      const frames = engine === 'wasm' ? 3 : size >= 512 ? 3 : size >= 256 || kind === 'still' ? 5 : 10;
      const r = await hook(demo, 'benchFrames', size, frames + 1, kind === 'still');
      const ms = r.ms.slice(1); // the first frame at a new size allocates its buffers
      const rays = r.rendered * r.rendered;
      nerf.push({
        engine: r.engine,
        kind,
        size,
        rendered: r.rendered,
        runs: ms.length,
        median_ms: median(ms),
        p95_ms: p95(ms),
        fps: 1000 / median(ms),
        samples_per_ray: r.stats.inside / rays,
        evaluated_per_ray: r.stats.evaluated / rays,
        skipped_per_ray: r.stats.skipped / rays,
        mlp_per_ray: r.stats.shaded / rays,
      });
    }
  }
}
// NeRF as a visitor drags it: #/nerf with auto at 128², once auto has chosen; a two-second pointer drag, one move
// per display frame; frames drawn per second while dragging (counted on the canvas), and ms from letting go
// until the still image is complete. Medians of three drags.
const nerfDrag = [];
if (part('nerf')) {
  await page.goto(`${BASE}#/nerf?res=128`);
  await page.reload();
  await page
    .getByTestId('notes')
    .filter({ hasText: /auto (chose|runs on)/ })
    .waitFor({ timeout: 180_000 });
  const canvas = page.getByTestId('output');
  const engine = /auto (?:chose|runs on) (\w+)/.exec((await page.getByTestId('notes').textContent()) ?? '')?.[1] ?? '?';
  const fpsRuns = [];
  const stillRuns = [];
  for (let drag = 0; drag < 3; drag++) {
    await canvas.and(page.locator('[data-still="true"]')).waitFor({ timeout: 60_000 });
    const frames0 = Number(await canvas.getAttribute('data-frames'));
    // pointer events at the display's rate, dispatched in the page: Playwright's own mouse moves take a round
    // trip each (tens of ms here), which would measure the input rate rather than the frames
    const { dragMs } = await canvas.evaluate(async (el) => {
      const r = el.getBoundingClientRect();
      const [x0, y0] = [r.left + r.width / 2, r.top + r.height / 2];
      const at = (i) => [x0 + 40 * Math.sin(i / 10), y0 + 10 * Math.cos(i / 15)];
      const send = (type, [x, y]) =>
        el.dispatchEvent(
          new PointerEvent(type, {
            pointerId: 7,
            clientX: x,
            clientY: y,
            bubbles: true,
            isPrimary: true,
            pointerType: 'mouse',
            buttons: 1,
          }),
        );
      send('pointerdown', at(0));
      const t0 = performance.now();
      let i = 0;
      await new Promise((done) => {
        const tick = () => {
          send('pointermove', at(++i));
          if (performance.now() - t0 < 2000) requestAnimationFrame(tick);
          else done();
        };
        requestAnimationFrame(tick);
      });
      const ms = performance.now() - t0;
      send('pointerup', at(i));
      return { dragMs: ms };
    });
    const up = Date.now();
    await canvas.and(page.locator('[data-still="true"]')).waitFor({ timeout: 60_000 });
    stillRuns.push(Date.now() - up);
    // every frame drawn since the drag began, less the still that followed it
    const framesDuring = Number(await canvas.getAttribute('data-frames')) - frames0 - 1;
    fpsRuns.push((framesDuring * 1000) / dragMs);
  }
  nerfDrag.push({
    engine,
    size: 128,
    drags: 3,
    fps_median: median(fpsRuns),
    still_ms_median: median(stillRuns),
    fps: fpsRuns,
    still_ms: stillRuns,
  });
}
// Kernels: the kernels page's own run — every kernel against its CPU reference and timed, and the three image
// models on every engine — taken from its JSON download.
let kernels;
if (part('kernels') && env.adapter) {
  await page.goto(`${BASE}#/kernels`);
  await page.getByTestId('run-kernels').click();
  const link = page.getByTestId('download-json');
  await link.waitFor({ timeout: 600_000 });
  kernels = await page.evaluate(async (href) => (await fetch(href)).json(), await link.getAttribute('href'));
}
// Live training (#/train): ms per training step at batch 64 (the page's nets, hidden 128), each model alone and
// all three together (one page step trains all three), on the CPU path and on our kernels.
const training = [];
for (const engine of part('training') ? ['cpu', 'wgsl'] : []) {
  if (engine === 'wgsl' && !env.adapter) {
    training.push({ engine, skipped: 'no WebGPU adapter' });
    continue;
  }
  await page.goto(`${BASE}#/train?engine=${engine}&batch=64`);
  await page.reload();
  await page.getByTestId('status').and(page.locator('[data-phase="ready"]')).waitFor({ timeout: 180_000 });
  const el = page.locator('gmp-train-page');
  for (const models of ['vae', 'gan', 'diffusion', 'all']) {
    const runs = engine === 'wgsl' && software ? 3 : 10;
    const r = await hook(el, 'trainStepTimes', models, runs);
    const ms = median(r.ms);
    training.push({
      engine,
      models,
      batch: 64,
      runs,
      median_ms: ms,
      p95_ms: p95(r.ms),
      steps_per_s: 1000 / ms,
      images_per_s: (64 * 1000) / ms,
    });
  }
}
// Live text and NeRF training (#/train-text, #/train-nerf): ms per step at each page's defaults, on the CPU
// path and on our kernels; `unit` is what a step learns from (characters, rays).
async function liveTraining(path, tag, unit) {
  const out = [];
  for (const engine of part('training') ? ['cpu', 'wgsl'] : []) {
    if (engine === 'wgsl' && !env.adapter) {
      out.push({ engine, skipped: 'no WebGPU adapter' });
      continue;
    }
    await page.goto(`${BASE}#${path}?engine=${engine}`);
    await page.reload();
    await page.getByTestId('status').and(page.locator('[data-phase="ready"]')).waitFor({ timeout: 180_000 });
    const runs = engine === 'wgsl' && software ? 3 : 10;
    const r = await hook(page.locator(tag), 'liveStepTimes', runs);
    const ms = median(r.ms);
    out.push({
      engine,
      runs,
      median_ms: ms,
      p95_ms: p95(r.ms),
      steps_per_s: 1000 / ms,
      [`${unit}_per_s`]: (r.perStep * 1000) / ms,
      [`${unit}_per_step`]: r.perStep,
    });
  }
  return out;
}
const textTraining = await liveTraining('/train-text', 'gmp-train-text-page', 'chars');
const nerfTraining = await liveTraining('/train-nerf', 'gmp-train-nerf-page', 'rays');
await browser.close();
stop();
// NeRF frames at 128² join the main table (one frame is one sample of the scene)
for (const n of nerf.filter((x) => x.size === 128 && x.kind === 'moving'))
  rows.push({ model: 'nerf-frame-128', engine: n.engine, runs: n.runs, median_ms: n.median_ms, p95_ms: n.p95_ms });

const result = {
  date: new Date().toISOString(),
  what: ONLY
    ? `only the ${ONLY} part of the benchmark (BENCH_ONLY)`
    : `one image per call, ${COUNT} fixed inputs x ${ROUNDS} rounds per model and engine (diffusion: ${Math.ceil(ROUNDS / 3)} rounds, and ${IMAGES} whole images of ${IMAGE_STEPS} DDIM steps), after warm-up (diffusion: after a discarded 10-step image); engine time (the model alone) measured in the worker, round trip measured on the page (for the GAN it includes the discriminator's score; a diffusion call runs a batch of 2 for guidance)`,
  environment: {
    ...env,
    softwareAdapter: software,
    cpu: os.cpus()[0]?.model,
    cores: os.cpus().length,
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
  },
  results: rows,
  nerf: {
    what: 'one frame of the default view (azimuth 40°, elevation 30°, distance 4); wgsl = volume-render.wgsl in one compute pass, timed from submit until the GPU is done (stats read back); cpu = engines/nerf/cpu-frame.ts in the worker, moving = half the size with deferred shading, scaled up, still = the exact frame; wasm = reference path (onnxruntime evaluates field.onnx at the samples, TypeScript composites); per ray (of the size rendered): samples inside the box, evaluated, skipped by the occupancy grid, coloured by the MLP',
    rows: nerf,
  },
  nerf_drag: {
    what: '#/nerf with auto at 128² once auto has chosen: frames drawn per second during a two-second pointer drag (pointer events dispatched in the page, one per display frame), and ms from letting go until the still image is complete (data-still); medians of 3 drags',
    rows: nerfDrag,
  },
  kernels: kernels
    ? {
        what: 'the kernels page (#/kernels): max relative error against the CPU reference on fresh random inputs, median ms per call, GFLOP/s; models: ms per call on each engine and max |output - wasm output|',
        ...kernels,
      }
    : undefined,
  training: {
    what: 'live training page (#/train): ms per training step at batch 64 (hidden 128, Adam), the VAE alone, the GAN alone (D step + G step) and both as the page runs them; cpu = typed-array TypeScript in the worker, wgsl = train.wgsl, one command buffer per step; timed in the worker on a scratch trainer with the page settings, after one warm-up step',
    rows: training,
  },
  text_training: {
    what: 'live text training (#/train-text): ms per GPT step at the page defaults (2 blocks of width 64, 4 heads, context 64, 8 windows a step, Adam; 117 k parameters); cpu = typed-array TypeScript in the worker, wgsl = train.wgsl + sequence.wgsl, one command buffer per step; timed in the worker on a scratch trainer after one warm-up step',
    rows: textTraining,
  },
  nerf_training: {
    what: 'live NeRF training (#/train-nerf): ms per step at the page defaults (100 photos, a 64-cell grid of 65 × 65 × 49 vertices, 4,096 rays a step, Adam, the occupancy grid as a fresh field has it: every cell occupied, so these are the slowest steps of a run); cpu = typed-array TypeScript in the worker, wgsl = radiance.wgsl, one command buffer per step; timed in the worker on a scratch trainer after one warm-up step',
    rows: nerfTraining,
  },
  attention: {
    what: 'causal attention alone: inputs uploaded from the CPU, attention, output read back; wgsl = our attention.wgsl (prefill kernel, or decode kernel for T = 1), webgpu/wasm = onnxruntime on an attention-only graph (training/transformer.py PlainAttention); rel_err = max |out - CPU reference| / max |reference|',
    rows: attention,
  },
};
const fmt = (x) => (x === undefined ? '—' : x < 10 ? x.toFixed(2) : x.toFixed(1));
console.log(
  `\nEvery model on every engine (one image, one character or one 128² frame per call), ${env.adapter ? `adapter ${env.adapter.vendor} ${env.adapter.architecture}${software ? ' (software: not a GPU timing)' : ''}` : 'no WebGPU adapter'}, ${result.environment.cpu}`,
);
console.log('| model | engine | median ms | p95 ms | runs | round trip median ms |');
console.log('|---|---|---|---|---|---|');
for (const r of rows)
  console.log(
    `| ${r.model} | ${r.engine} | ${fmt(r.median_ms)} | ${fmt(r.p95_ms)} | ${r.runs ?? 0} | ${fmt(r.roundtrip_median_ms)} |${r.skipped ? ` ${r.skipped}` : ''}${r.chars_per_s ? ` ${fmt(r.chars_per_s)} chars/s` : ''}`,
  );
console.log('\nAttention alone (CPU in, CPU out)');
console.log('| shape | engine | median ms | p95 ms | runs | rel. error |');
console.log('|---|---|---|---|---|---|');
for (const a of attention)
  console.log(`| ${a.shape} | ${a.engine} | ${fmt(a.median_ms)} | ${fmt(a.p95_ms)} | ${a.runs} | ${a.rel_err.toExponential(1)} |`);
await mkdir(new URL('./results/', import.meta.url), { recursive: true });
const file = new URL(`./results/${result.date.slice(0, 10)}${ONLY ? `-${ONLY}` : ''}.json`, import.meta.url);
console.log('\nNeRF, one frame of the default view');
console.log('| engine | frame | size (rendered) | median ms | p95 ms | frames/s | samples/ray in box | evaluated | skipped | MLP | runs |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const n of nerf)
  console.log(
    n.skipped
      ? `| ${n.engine} | — | ${n.skipped} |`
      : `| ${n.engine} | ${n.kind} | ${n.size}² (${n.rendered}²) | ${fmt(n.median_ms)} | ${fmt(n.p95_ms)} | ${fmt(n.fps)} | ${fmt(n.samples_per_ray)} | ${fmt(n.evaluated_per_ray)} | ${fmt(n.skipped_per_ray)} | ${fmt(n.mlp_per_ray)} | ${n.runs} |`,
  );
for (const d of nerfDrag)
  console.log(
    `\nNeRF dragged on auto (${d.engine}) at ${d.size}²: ${fmt(d.fps_median)} frames/s while dragging, still image ${Math.round(d.still_ms_median)} ms after letting go (medians of ${d.drags})`,
  );
if (kernels) {
  console.log(`\nKernels against their CPU references (${kernels.adapter})`);
  console.log('| kernel | shape | max rel. error | median ms | GFLOP/s |');
  console.log('|---|---|---|---|---|');
  for (const k of kernels.kernels)
    console.log(`| ${k.name} | ${k.shape} | ${k.relErr.toExponential(1)} | ${fmt(k.ms)} | ${k.gflops.toFixed(2)} |`);
}
if (training.length) {
  console.log(`\nLive training, one step at batch 64${software ? ' (wgsl on a software adapter: not a GPU timing)' : ''}`);
  console.log('| engine | models | median ms | p95 ms | steps/s | images/s | runs |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of training)
    console.log(
      r.skipped
        ? `| ${r.engine} | — | ${r.skipped} |`
        : `| ${r.engine} | ${r.models} | ${fmt(r.median_ms)} | ${fmt(r.p95_ms)} | ${fmt(r.steps_per_s)} | ${Math.round(r.images_per_s)} | ${r.runs} |`,
    );
}
if (textTraining.length) {
  console.log(`\nLive text training, one GPT step at the defaults${software ? ' (wgsl on a software adapter: not a GPU timing)' : ''}`);
  console.log('| engine | median ms | p95 ms | steps/s | characters/s | runs |');
  console.log('|---|---|---|---|---|---|');
  for (const r of textTraining)
    console.log(
      r.skipped
        ? `| ${r.engine} | ${r.skipped} |`
        : `| ${r.engine} | ${fmt(r.median_ms)} | ${fmt(r.p95_ms)} | ${fmt(r.steps_per_s)} | ${Math.round(r.chars_per_s)} | ${r.runs} |`,
    );
}
await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
console.log(`\nwrote ${file.pathname}`);
process.exit(0);
