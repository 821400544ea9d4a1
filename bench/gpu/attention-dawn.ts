// Times attention.wgsl (tiled, online softmax) against the naive three-pass attention-naive.wgsl in Node over
// Dawn — on the lent NVIDIA GPU (../shared/gpu/README.md), or on SwiftShader here to check the script —
// for causal prefill of S tokens, 8 heads of size 64. Prints JSON: per length the median GPU time of each
// kernel (timestamp queries when the adapter has them, else wall clock around submit + completion), GFLOP/s
// (4·H·D·S(S+1)/2 flops: q·k and p·v over the causal triangle) and the max relative error on checked rows.
//
//   npm run bench:gpu-attention:build            # writes bench/gpu/attention-dawn.bundle.mjs
//   node bench/gpu/attention-dawn.bundle.mjs     # here (VK_ICD_FILENAMES=…swiftshader… ; LENGTHS=128,256)
//   source .gpu/setup.sh && $GPU_NODE bench/gpu/attention-dawn.bundle.mjs > $OUT/attention.json   # on the GPU
import { encodePass, Kernel, readFloats, relativeError, storage } from '../../src/kernels/gpu';
import { attentionRef } from '../../src/kernels/attention/attention-reference';
import { ATTENTION_PARAMS, attentionGrid, attentionParams, attentionSource, NAIVE_ATTENTION } from '../../src/kernels/attention/attention';
import { log, openDawn, randomChunked } from './dawn';

const H = 8;
const D = Number(process.env.HEAD_DIM ?? 64);
const LENGTHS = (process.env.LENGTHS ?? '128,256,512,1024,2048,4096').split(',').map(Number);
const RUNS = Number(process.env.RUNS ?? 7);

const { device, time: timePass, timing, adapterInfo } = await openDawn();

const time = (label: string, record: Parameters<typeof timePass>[2]) => timePass(label, RUNS, record);

log('compiling');
const prefill = await Kernel.create(device, 'attention', attentionSource(D), 'prefill', ATTENTION_PARAMS);
log('compiled');
const naive = await Promise.all(NAIVE_ATTENTION.map((s) => Kernel.create(device, s.label, s.code, s.entry, s.params)));

const results = [];
for (const S of LENGTHS) {
  const T = S;
  const q = await randomChunked(H * T * D);
  const kv = await randomChunked(2 * H * S * D);
  const qBuf = storage(device, 'q', q),
    kvBuf = storage(device, 'kv', kv);
  const out = storage(device, 'out', T * H * D * 4),
    stats = storage(device, 'stats', H * T * 8);
  const flash = prefill.bind(
    'flash',
    { 1: qBuf, 2: kvBuf, 3: out, 4: stats },
    () => attentionParams({ T, pos: S - T, C: S, H, kvBase: 0, probsBase: 0, D }),
    () => attentionGrid('prefill', T, H),
  );
  const rows = [0, T >> 1, T - 1];
  const ref = attentionRef(q, kv.subarray(0, H * S * D), kv.subarray(H * S * D), { H, D, C: S, T, pos: S - T }, rows).out;
  const check = async () => {
    const got = await readFloats(device, out, T * H * D);
    const pick = (a: Float32Array) => rows.flatMap((i) => Array.from(a.subarray(i * H * D, (i + 1) * H * D)));
    return relativeError(pick(got), pick(ref));
  };
  const flashMs = await time(`flash S=${S}`, (enc, tw) => encodePass(enc, 'flash', [flash], tw));
  const flashErr = await check();
  const scores = storage(device, 'scores', H * T * S * 4);
  const np = () => ({ T, S, H, D, scale: 1 / Math.sqrt(D) });
  const passes = [
    naive[0].bind('scores', { 1: qBuf, 2: kvBuf, 3: scores }, np, () => [Math.ceil(S / 64), T, H]),
    naive[1].bind('softmax', { 3: scores }, np, () => [T, H]),
    naive[2].bind('values', { 2: kvBuf, 3: scores, 4: out }, np, () => [Math.ceil(D / 64), T, H]),
  ];
  const naiveMs = await time(`naive S=${S}`, (enc, tw) => encodePass(enc, 'naive', passes, tw));
  const naiveErr = await check();
  const flops = (4 * H * D * S * (S + 1)) / 2;
  results.push({
    S,
    T,
    H,
    D,
    flash_ms: flashMs,
    naive_ms: naiveMs,
    flash_gflops: flops / flashMs / 1e6,
    naive_gflops: flops / naiveMs / 1e6,
    flash_rel_err: flashErr,
    naive_rel_err: naiveErr,
  });
  for (const b of [qBuf, kvBuf, out, stats, scores]) b.destroy();
  process.stderr.write(`S=${S}: flash ${flashMs.toFixed(3)} ms, naive ${naiveMs.toFixed(3)} ms\n`);
}
console.log(JSON.stringify({ date: new Date().toISOString(), adapter: adapterInfo, timing, runs: RUNS, results }, null, 2));
process.exit(0);
