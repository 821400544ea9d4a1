// Our image-model engine on a GPU in Node over Dawn — on the lent NVIDIA GPU (../shared/gpu/README.md), or on
// SwiftShader here to check the script. Two parts, printed as one JSON:
//  1. conv2d alone (conv.wgsl: the tiled implicit GEMM and the direct kernel) from a layer of our U-Net up to
//     layers that fill a big GPU: median GPU ms (timestamp queries), GFLOP/s — to set against the 16.9 TFLOP/s
//     of a plain tiled matmul on the H200 — and the max relative error of 64 sampled outputs against convAt;
//  2. the three shipped graphs (VAE decoder, GAN generator, diffusion U-Net batch 2) on our GraphRunner: median
//     wall ms per call (upload, one command buffer, read-back), as the demos call them.
//
//   npm run bench:gpu-images:build                 # writes bench/gpu/images-dawn.bundle.mjs
//   node bench/gpu/images-dawn.bundle.mjs          # here (VK_ICD_FILENAMES=…swiftshader…; SIZES=small)
//   source .gpu/setup.sh && $GPU_NODE bench/gpu/images-dawn.bundle.mjs > $OUT/images.json   # on the GPU
import { readFileSync } from 'node:fs';
import { convDirectGrid, convGrid, convParams, packDirectWeights } from '../../src/kernels/conv/conv';
import { ImageKernels } from '../../src/kernels/image-kernels';
import { convAt, type ConvShape, convOutSize } from '../../src/kernels/conv/conv-reference';
import { encodePass, readFloats, storage } from '../../src/kernels/gpu';
import { GraphRunner } from '../../src/engines/graph/graph-runner';
import { log, openDawn, randomChunked, tick } from './dawn';

const RUNS = Number(process.env.RUNS ?? 9);
const CALLS = Number(process.env.CALLS ?? 21);
const SMALL = process.env.SIZES === 'small';
const conv = (batch: number, cin: number, hw: number, cout: number): ConvShape => ({
  batch,
  cin,
  h: hw,
  w: hw,
  cout,
  kh: 3,
  kw: 3,
  stride: 1,
  pad: 1,
});
const SHAPES: [string, ConvShape][] = [
  ['U-Net block 64→64 at 7², batch 2', conv(2, 64, 7, 64)],
  ['U-Net block 128→64 at 14², batch 2', conv(2, 128, 14, 64)],
  ...(SMALL
    ? []
    : ([
        ['128→128 at 32², batch 16', conv(16, 128, 32, 128)],
        ['256→256 at 64², batch 16', conv(16, 256, 64, 256)],
        ['512→512 at 32², batch 32', conv(32, 512, 32, 512)],
      ] as [string, ConvShape][])),
];

const { device, time, timing, adapterInfo } = await openDawn();

log('compiling');
const k = await ImageKernels.create(device);
const convs = [];
for (const [name, s] of SHAPES) {
  const { oh, ow } = convOutSize(s);
  const outputs = s.batch * s.cout * oh * ow;
  const flops = 2 * outputs * s.cin * s.kh * s.kw;
  const x = await randomChunked(s.batch * s.cin * s.h * s.w, 2);
  const w = await randomChunked(s.cout * s.cin * 9, 1 / Math.sqrt(s.cin * 9));
  const b = await randomChunked(s.cout, 1);
  const [xb, bb, y] = [storage(device, 'x', x), storage(device, 'b', b), storage(device, 'y', outputs * 4)];
  const entries = {
    tiled: k.conv.bind(
      `${name} tiled`,
      { 1: xb, 2: storage(device, 'w', w), 3: bb, 4: y },
      () => convParams(s),
      () => convGrid(s),
    ),
    direct: k.convDirect.bind(
      `${name} direct`,
      { 1: xb, 3: bb, 4: y, 5: storage(device, 'w packed', packDirectWeights(w, s)) },
      () => convParams(s),
      () => convDirectGrid(s),
    ),
  };
  for (const [entry, d] of Object.entries(entries)) {
    const ms = await time(`${name} ${entry}`, RUNS, (enc, tw) => encodePass(enc, entry, [d], tw));
    const got = await readFloats(device, y, outputs);
    let err = 0,
      scale = 0;
    for (let i = 0; i < 64; i++) {
      const at = Math.floor(Math.random() * outputs);
      const [n, co, oy, ox] = [Math.floor(at / (s.cout * oh * ow)), Math.floor(at / (oh * ow)) % s.cout, Math.floor(at / ow) % oh, at % ow];
      const want = convAt(x, w, b, s, n, co, oy, ox);
      err = Math.max(err, Math.abs(got[at] - want));
      scale = Math.max(scale, Math.abs(want));
    }
    convs.push({
      name,
      entry,
      shape: `${s.batch}×${s.cin}×${s.h}×${s.w} → ${s.cout}, 3×3`,
      gflop: flops / 1e9,
      median_ms: ms,
      gflops: flops / ms / 1e6,
      rel_err_sampled: err / scale,
    });
    log(`${name} ${entry}: ${ms.toFixed(3)} ms, ${(flops / ms / 1e6).toFixed(1)} GFLOP/s`);
    await tick();
  }
  for (const buf of [xb, bb, y]) buf.destroy();
}

const models = [];
const MODELS = [
  ['VAE decoder', 'public/models/vae/decoder.onnx', { z: [1, 16] }],
  ['GAN generator', 'public/models/gan/generator.onnx', { z: [1, 64] }],
  ['diffusion U-Net (guided call, batch 2)', 'public/models/diffusion/unet.onnx', { x: [2, 1, 28, 28], t: [2], label: [2] }],
] as const;
for (const [name, path, shapes] of MODELS) {
  const runner = await GraphRunner.create(device, name, new Uint8Array(readFileSync(path)), k);
  const inputs = Object.fromEntries(
    Object.entries(shapes).map(([input, dims]) => {
      const n = (dims as readonly number[]).reduce((p, d) => p * d, 1);
      const data =
        input === 't'
          ? Float32Array.from({ length: n }, (_, i) => 100 + 400 * i)
          : input === 'label'
            ? Float32Array.from({ length: n }, (_, i) => i % 10)
            : Float32Array.from({ length: n }, () => Math.random() * 2 - 1);
      return [input, { data, dims: [...dims] }];
    }),
  );
  await runner.run(inputs);
  const ms: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t0 = performance.now();
    await runner.run(inputs);
    ms.push(performance.now() - t0);
    await tick();
  }
  ms.sort((a, b) => a - b);
  models.push({ model: name, dispatches: runner.lastPlanDispatches, calls: CALLS, median_ms: ms[ms.length >> 1], min_ms: ms[0] });
  log(`${name}: ${ms[ms.length >> 1].toFixed(2)} ms per call`);
}

console.log(
  JSON.stringify(
    {
      date: new Date().toISOString(),
      adapter: adapterInfo,
      timing,
      what: 'conv: median GPU ms of one dispatch (timestamp queries when available), GFLOP/s = 2·outputs·Cin·9 / time, rel_err_sampled = max |gpu − convAt| / max |convAt| over 64 random outputs; models: median wall ms of GraphRunner.run (inputs uploaded, one command buffer, outputs read back)',
      conv: convs,
      models,
    },
    null,
    2,
  ),
);
process.exit(0);
