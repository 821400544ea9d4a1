// Why #/train-nerf learns a plain grid (colour at the vertices) and not the shipped field's grid + colour MLP:
// what one sample costs on the page's CPU engine. Trains the default field (100 photos, 64 cells) for STEPS
// steps so that the occupancy grid skips empty space as in a run, then times, per sample the march evaluates:
// the grid's whole training work (render + backward + scatter) and, for comparison, the shipped colour MLP's
// forward pass alone (17 → 32 → 32 → 3, volume-reference.ts's fieldRef) on as many samples. One thread, Node.
// Bundle and run: npm run bench:nerf-representation.
import { cpuRadiance } from '../../src/engines/radiance/cpu-radiance';
import { readShippedScene } from '../../src/engines/radiance/node-scene';
import { fixedRays } from '../../src/engines/radiance/radiance-scene';
import { RadianceTrainer } from '../../src/engines/radiance/radiance-trainer';
import { exportField } from '../../src/engines/radiance/radiance-export';
import { cameraRay, fieldRef, marchRay } from '../../src/kernels/volume/volume-reference';
import { readField } from '../../src/engines/nerf/nerf-field';
import { readFileSync } from 'node:fs';

const STEPS = Number(process.env.STEPS ?? 300);
const scene = readShippedScene();
const data = scene.data(100, 64);
const t = await RadianceTrainer.create(cpuRadiance, data, 1);
await t.steps(STEPS);
const batch = fixedRays(data.train, data.size, data.focal, 4096, 99);
// samples the march evaluates for these rays (occupied cells only), counted with the demo's march rules
const { field } = exportField(data.grid, (await t.snapshot()).state, scene.meta, []);
let samples = 0;
const points: number[] = [];
for (let r = 0; r < batch.count; r++) {
  const k = batch.rays[2 * r];
  const c2w = [0, 1, 2].map((row) => [0, 1, 2, 3].map((col) => data.cameras[12 * k + 4 * row + col]));
  const px = batch.rays[2 * r + 1];
  const ray = cameraRay({ c2w, size: data.size, focal: data.focal }, px % data.size, Math.floor(px / data.size));
  for (const s of marchRay(field, ray).samples)
    if (!s.skipped) {
      samples++;
      points.push(...s.p);
    }
}
const time = async (runs: number, f: () => unknown) => {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const a = performance.now();
    await f();
    ms.push(performance.now() - a);
  }
  return ms.sort((a, b) => a - b)[Math.floor(runs / 2)];
};
const step = await time(9, () => t.steps(1));
const shipped = readField(scene.meta, readFileSync('public/models/nerf/field.onnx'), readFileSync('public/models/nerf/occupancy.bin'));
const p = Float32Array.from(points);
const d = new Float32Array(p.length).fill(0.577);
const mlp = await time(5, () => fieldRef(shipped, p, d));
const out = {
  steps_trained: STEPS,
  rays: batch.count,
  samples_per_ray: samples / batch.count,
  grid_step_ms: step,
  grid_step_ns_per_sample: (step * 1e6) / samples,
  shipped_field_forward_ms_same_samples: mlp,
  shipped_field_forward_ns_per_sample: (mlp * 1e6) / samples,
};
console.log(JSON.stringify(out, null, 1));
