// Times volume-render.wgsl — one frame of the shipped radiance field in one compute pass — in Node over Dawn:
// on the lent NVIDIA GPU (../shared/gpu/README.md), or on SwiftShader here to check the script. The field is
// read from public/models/nerf the way the site reads it. Prints JSON: per size the median GPU ms per frame
// (timestamp queries when the adapter has them), frames/s, and the samples per ray (in box, evaluated,
// skipped, coloured).
//
//   npm run bench:gpu-nerf:build                 # writes bench/gpu/nerf-dawn.bundle.mjs
//   node bench/gpu/nerf-dawn.bundle.mjs          # here (VK_ICD_FILENAMES=…swiftshader… ; SIZES=64,128)
//   source .gpu/setup.sh && $GPU_NODE bench/gpu/nerf-dawn.bundle.mjs > $OUT/nerf.json   # on the GPU
import { readFileSync } from 'node:fs';
import { defaultView } from '../../src/models/nerf/orbit';
import { parseNerfMeta, readField } from '../../src/engines/nerf/nerf-field';
import { CENTRED, VolumeRenderer } from '../../src/kernels/volume/volume-renderer';
import { log, openDawn } from './dawn';

const SIZES = (process.env.SIZES ?? '128,256,512,1024').split(',').map(Number);
const RUNS = Number(process.env.RUNS ?? 20);
const MODELS = process.env.MODELS ?? 'public/models/nerf/';

const { device, time, timing, adapterInfo } = await openDawn();
const meta = parseNerfMeta(JSON.parse(readFileSync(`${MODELS}nerf.json`, 'utf8')));
const field = readField(meta, readFileSync(`${MODELS}field.onnx`), readFileSync(`${MODELS}occupancy.bin`));
const renderer = await VolumeRenderer.create(device, field);
log('compiled');
const results = [];
for (const size of SIZES) {
  const target = device.createTexture({
    label: `frame ${size}²`,
    size: [size, size],
    format: 'rgba8unorm',
    usage: GPUTextureUsage.STORAGE_BINDING,
  });
  const view = defaultView(meta, size);
  const stats = await renderer.render(view, CENTRED, target);
  const ms = await time(`nerf ${size}²`, RUNS, (enc, tw) => renderer.encode(enc, view, CENTRED, target, tw));
  const rays = size * size;
  results.push({
    size,
    ms_per_frame: ms,
    fps: 1000 / ms,
    samples_per_ray: stats.inside / rays,
    evaluated_per_ray: stats.evaluated / rays,
    skipped_per_ray: stats.skipped / rays,
    mlp_per_ray: stats.shaded / rays,
  });
  log(`${size}²: ${ms.toFixed(3)} ms`);
  target.destroy();
}
console.log(
  JSON.stringify(
    {
      date: new Date().toISOString(),
      adapter: adapterInfo,
      timing,
      runs: RUNS,
      view: 'default orbit (azimuth 40°, elevation 30°, distance 4)',
      results,
    },
    null,
    2,
  ),
);
process.exit(0);
