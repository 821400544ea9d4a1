// What the kernels page (#/kernels) measures: each of our image-model kernels on fresh random inputs against
// its CPU reference (max relative error), and its time per call on this GPU (median, several calls per
// submit) with the GFLOP/s that makes; one case (1.2 GFLOP per call) is big enough to fill a GPU. No DOM: runs in the kernels worker.
import { type Dispatch, encodePass, flatGrid, readFloats, relativeError, storage } from './gpu';
import { softmaxRef } from './attention/attention-reference';
import { type ConvShape, convOutSize, convRef } from './conv/conv-reference';
import { convDirectGrid, convGrid, convParams, packDirectWeights } from './conv/conv';
import { binaryParams } from './elementwise/elementwise';
import { binaryRef } from './elementwise/elementwise-reference';
import { ImageKernels } from './image-kernels';
import { bmmRef } from './matmul/matmul-reference';
import { bmmGrid } from './matmul/matmul';
import { groupNormParams } from './norm/norm';
import { groupNormRef } from './norm/norm-reference';

export interface KernelResult {
  name: string;
  shape: string;
  relErr: number;
  ms: number;
  gflops: number;
}

interface Case {
  name: string;
  shape: string;
  flops: number;
  /** Builds the dispatch on fresh random inputs; `check` reads the result and compares with the reference. */
  make(device: GPUDevice, k: ImageKernels): { dispatch: Dispatch; check: () => Promise<number> };
}

const random = (n: number, scale = 1) => Float32Array.from({ length: n }, () => (Math.random() * 2 - 1) * scale);

function conv(name: string, s: ConvShape, direct = false): Case {
  const { oh, ow } = convOutSize(s);
  const out = s.batch * s.cout * oh * ow;
  const flops = 2 * (s.transposed ? s.batch * s.cin * s.h * s.w * s.cout * s.kh * s.kw : out * s.cin * s.kh * s.kw);
  return {
    name,
    flops,
    shape: `${s.batch}×${s.cin}×${s.h}×${s.w} → ${s.cout}×${oh}×${ow}, ${s.kh}×${s.kw}/${s.stride}`,
    make(device, k) {
      const x = random(s.batch * s.cin * s.h * s.w, 2);
      const w = random(s.cout * s.cin * s.kh * s.kw, 1 / Math.sqrt(s.cin * s.kh * s.kw));
      const b = random(s.cout);
      const y = storage(device, 'y', out * 4);
      const [xb, bb] = [storage(device, 'x', x), storage(device, 'b', b)];
      const dispatch = direct
        ? k.convDirect.bind(
            name,
            { 1: xb, 3: bb, 4: y, 5: storage(device, 'w packed', packDirectWeights(w, s)) },
            () => convParams(s),
            () => convDirectGrid(s),
          )
        : k.conv.bind(
            name,
            { 1: xb, 2: storage(device, 'w', w), 3: bb, 4: y },
            () => convParams(s),
            () => convGrid(s),
          );
      return { dispatch, check: async () => relativeError(await readFloats(device, y, out), convRef(x, w, b, s)) };
    },
  };
}

/** The cases: the layers of our three image models, plus a convolution big enough to fill a GPU. */
export const KERNEL_CASES: Case[] = [
  conv('conv 3×3 (U-Net block)', { batch: 2, cin: 64, h: 7, w: 7, cout: 64, kh: 3, kw: 3, stride: 1, pad: 1 }),
  conv('conv 3×3 (U-Net block), direct', { batch: 2, cin: 64, h: 7, w: 7, cout: 64, kh: 3, kw: 3, stride: 1, pad: 1 }, true),
  conv(
    'transposed conv 4×4/2, direct',
    { batch: 1, cin: 64, h: 7, w: 7, cout: 32, kh: 4, kw: 4, stride: 2, pad: 1, transposed: true },
    true,
  ),
  conv('conv 3×3 stride 2 (U-Net down)', { batch: 2, cin: 32, h: 28, w: 28, cout: 32, kh: 3, kw: 3, stride: 2, pad: 1 }),
  conv('conv 1×1 (as a matmul)', { batch: 2, cin: 128, h: 14, w: 14, cout: 64, kh: 1, kw: 1, stride: 1, pad: 0 }),
  conv('transposed conv 4×4/2 (VAE, GAN)', { batch: 1, cin: 64, h: 7, w: 7, cout: 32, kh: 4, kw: 4, stride: 2, pad: 1, transposed: true }),
  conv('conv 3×3, large', { batch: 4, cin: 128, h: 32, w: 32, cout: 128, kh: 3, kw: 3, stride: 1, pad: 1 }),
  {
    name: 'group norm (instance)',
    shape: '2×64×14×14, 64 groups',
    flops: 8 * 2 * 64 * 196,
    make(device, k) {
      const [n, c, s] = [2, 64, 196];
      const x = random(n * c * s, 3);
      const g = random(c);
      const b = random(c);
      const y = storage(device, 'y', x.length * 4);
      const dispatch = k.groupNorm.bind(
        'gn',
        { 1: storage(device, 'x', x), 2: storage(device, 'g', g), 3: storage(device, 'b', b), 4: y },
        () => groupNormParams(c, s, c),
        () => [c, n],
      );
      return { dispatch, check: async () => relativeError(await readFloats(device, y, x.length), groupNormRef(x, g, b, n, c, s, c)) };
    },
  },
  {
    name: 'add, broadcast (time embedding)',
    shape: '2×64×14×14 + 2×64×1×1',
    flops: 2 * 64 * 196,
    make(device, k) {
      const [as, bs] = [
        [2, 64, 14, 14],
        [2, 64, 1, 1],
      ];
      const a = random(2 * 64 * 196);
      const b = random(128);
      const y = storage(device, 'y', a.length * 4);
      const dispatch = k.binary.bind(
        'add',
        { 1: storage(device, 'a', a), 2: storage(device, 'b', b), 3: y },
        () => binaryParams('add', as, bs),
        () => flatGrid(a.length),
      );
      return { dispatch, check: async () => relativeError(await readFloats(device, y, a.length), binaryRef(a, as, b, bs, 'add').y) };
    },
  },
  {
    name: 'batched matmul (attention)',
    shape: '2 × [49×64] · [64×49]',
    flops: 2 * 2 * 49 * 64 * 49,
    make(device, k) {
      const [B, M, K, N] = [2, 49, 64, 49];
      const a = random(B * M * K);
      const c = random(B * K * N);
      const y = storage(device, 'y', B * M * N * 4);
      const dispatch = k.bmm.bind(
        'bmm',
        { 1: storage(device, 'a', a), 2: storage(device, 'c', c), 3: y },
        () => ({ M, N, K }),
        () => bmmGrid(B, M, N),
      );
      return { dispatch, check: async () => relativeError(await readFloats(device, y, B * M * N), bmmRef(a, c, B, M, K, N)) };
    },
  },
  {
    name: 'softmax (attention)',
    shape: '98 rows × 49',
    flops: 3 * 98 * 49,
    make(device, k) {
      const x = random(98 * 49, 6);
      const y = storage(device, 'y', x.length * 4);
      const dispatch = k.softmax.bind(
        'softmax',
        { 1: storage(device, 'x', x), 2: y },
        () => ({ rows: 98, n: 49 }),
        () => [98],
      );
      return { dispatch, check: async () => relativeError(await readFloats(device, y, x.length), softmaxRef(x, 98, 49)) };
    },
  },
];

/**
 * Median ms per call of `dispatch`: several calls recorded into one submit, timed to completion, a few rounds.
 * How many adapts to the first call's time, so a slow (software) adapter is not kept busy for minutes.
 */
export async function timeDispatch(device: GPUDevice, dispatch: Dispatch): Promise<number> {
  const once = async (reps: number) => {
    const encoder = device.createCommandEncoder({ label: `time ${dispatch.label}` });
    encodePass(encoder, dispatch.label, new Array(reps).fill(dispatch));
    const t0 = performance.now();
    device.queue.submit([encoder.finish()]);
    await device.queue.onSubmittedWorkDone();
    return (performance.now() - t0) / reps;
  };
  const first = await once(1);
  const reps = Math.max(1, Math.min(10, Math.round(20 / Math.max(first, 0.01))));
  const rounds = first > 200 ? 2 : 5;
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) times.push(await once(reps));
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

/** Runs every case: validation first, then timing. `onProgress(done, total)` after each. */
export async function runKernelSuite(device: GPUDevice, onProgress?: (done: number, total: number) => void): Promise<KernelResult[]> {
  const k = await ImageKernels.create(device);
  const results: KernelResult[] = [];
  for (const [i, c] of KERNEL_CASES.entries()) {
    const { dispatch, check } = c.make(device, k);
    const enc = device.createCommandEncoder({ label: c.name });
    encodePass(enc, c.name, [dispatch]);
    device.queue.submit([enc.finish()]);
    const relErr = await check();
    const ms = await timeDispatch(device, dispatch);
    results.push({ name: c.name, shape: c.shape, relErr, ms, gflops: c.flops / ms / 1e6 });
    onProgress?.(i + 1, KERNEL_CASES.length);
  }
  return results;
}
