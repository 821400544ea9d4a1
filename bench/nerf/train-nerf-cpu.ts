// The closing figures of #/train-nerf on this machine's CPU path, in Node 20 with the page's own CPU engine
// (engines/radiance/cpu-radiance.ts, the code its worker runs): with 100 photos, the mean PSNR over all 20
// held-out views rendered in full at 128² at fixed points of the wall clock (evaluation time counted in it),
// the seconds until it passes 20 and 25 dB; the PSNR after 5 minutes with 5, 10, 25 and 100 photos; a strip of
// held-out renders over time. Bundle and run: npm run bench:train-nerf-cpu (writes bench/results/ and docs/train/).
import { mkdirSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { cpuRadiance } from '../../src/engines/radiance/cpu-radiance';
import { readShippedScene } from '../../src/engines/radiance/node-scene';
import { viewRays } from '../../src/engines/radiance/radiance-scene';
import { RadianceTrainer } from '../../src/engines/radiance/radiance-trainer';

const scene = readShippedScene();
const size = scene.meta.image_size;
const resolution = Number(process.env.RES ?? 64);
const budgetS = Number(process.env.BUDGET_S ?? 300);
// full evaluations cost ~5 s each on this VM (20 views × 16,384 rays), so the 100-photo run checks at these
// points of the clock and the others only after 1 and 5 minutes
const CHECKS = [15, 30, 45, 60, 90, 120, 180, 240, 300].filter((s) => s <= budgetS);
const FEW_CHECKS = [60, 300].filter((s) => s <= budgetS);

async function fullPsnr(t: RadianceTrainer): Promise<{ psnr: number; view0: Float32Array }> {
  let sum = 0;
  let view0 = new Float32Array(0);
  const { test, focal } = t.data;
  for (const c of test) {
    const r = await t.render(viewRays(c, size, focal), true);
    if (c === test[0]) view0 = r.rgb;
    sum += r.psnr;
  }
  return { psnr: sum / test.length, view0 };
}

async function run(views: number, strip: boolean) {
  const t = await RadianceTrainer.create(cpuRadiance, scene.data(views, resolution), 1);
  const curve: { s: number; step: number; psnr: number }[] = [];
  const frames: { s: number; rgb: Float32Array }[] = [];
  const t0 = performance.now();
  const clock = () => (performance.now() - t0) / 1000;
  let trainMs = 0;
  for (const check of strip ? CHECKS : FEW_CHECKS) {
    while (clock() < check) {
      const a = performance.now();
      await t.steps(5);
      trainMs += performance.now() - a;
    }
    const at = clock();
    const f = await fullPsnr(t);
    curve.push({ s: Math.round(at * 10) / 10, step: t.step, psnr: Math.round(f.psnr * 100) / 100 });
    if (strip) frames.push({ s: Math.round(at), rgb: f.view0 });
    console.log(
      `${views} photos: ${at.toFixed(1)} s (eval ${(clock() - at).toFixed(1)} s) step ${t.step} full held-out ${f.psnr.toFixed(2)} dB`,
    );
  }
  const steps = t.step;
  return { views, curve, frames, msPerStep: trainMs / steps, raysPerS: (steps * t.settings.batch) / (trainMs / 1000) };
}

function writeStrip(frames: { s: number; rgb: Float32Array }[], path: string) {
  const png = new PNG({ width: size * frames.length, height: size });
  frames.forEach((f, k) => {
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) {
        const o = 4 * (y * size * frames.length + k * size + x);
        for (let c = 0; c < 3; c++) png.data[o + c] = Math.round(Math.min(1, Math.max(0, f.rgb[3 * (y * size + x) + c])) * 255);
        png.data[o + 3] = 255;
      }
  });
  writeFileSync(path, PNG.sync.write(png));
}

const order = (process.env.VIEWS ?? '100,25,10,5').split(',').map(Number);
const results = [];
for (const v of order) {
  const r = await run(v, v === 100);
  if (r.frames.length) {
    mkdirSync('docs/train', { recursive: true });
    const picks = r.frames.filter((f) => [15, 30, 60, 120, 300].includes(CHECKS.find((c) => Math.abs(c - f.s) <= 3) ?? -1));
    writeStrip(picks, 'docs/train/nerf-strip.png');
    console.log('strip at', picks.map((f) => f.s).join(', '), 's');
  }
  const pass = (db: number) => r.curve.find((p) => p.psnr >= db)?.s;
  results.push({
    views: v,
    curve: r.curve,
    ms_per_step: Math.round(r.msPerStep * 10) / 10,
    rays_per_s: Math.round(r.raysPerS),
    passes_20db_s: pass(20),
    passes_25db_s: pass(25),
  });
}
const out = {
  about:
    'CPU path of #/train-nerf in Node (same engine code as the page worker), one thread; full held-out PSNR = mean over all 20 held-out views at 128², evaluation time counted in the clock',
  machine: `${process.platform} ${process.arch}, Node ${process.version}`,
  resolution,
  date: new Date().toISOString(),
  results,
};
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/2026-12-06-train-nerf-cpu.json', `${JSON.stringify(out, null, 1)}\n`);
console.log(JSON.stringify(results.map(({ curve: _c, ...r }) => r)));
