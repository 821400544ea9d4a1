// conv.wgsl against its CPU reference (conv-reference.ts), on seeded random inputs, in real Chromium on
// WebGPU. Shapes include odd sizes, strides 1 and 2, padding 0–2, channel counts that are not multiples of 4,
// and the exact layers of the VAE decoder, GAN generator and diffusion U-Net.
// Error measure: max |gpu − reference| / max |reference| (relativeError), limit 1e-4 in f32.
import { beforeAll, describe, expect, it } from 'vitest';
import { compileKernels, type KernelsOf, readFloats, relativeError, requestKernelDevice, storage, submit } from '../gpu';
import type { Activation } from '../elementwise/activation';
import { TestRandom } from '../test-random';
import { CONV, CONV_DIRECT, convDirectGrid, convGrid, convParams, packDirectWeights } from './conv';
import { type ConvShape, convOutSize, convRef } from './conv-reference';

const LIMIT = 1e-4;
const SPECS = { conv: CONV, convDirect: CONV_DIRECT };
let device: GPUDevice;
let k: KernelsOf<typeof SPECS>;
beforeAll(async () => {
  device = await requestKernelDevice('conv kernel tests');
  k = await compileKernels(device, SPECS);
});

describe('conv.wgsl: implicit GEMM (TILE × TILE outputs per workgroup) and direct (a thread per pixel and 16 channels)', () => {
  const cases: (ConvShape & { act?: Activation; note: string })[] = [
    { batch: 1, cin: 3, h: 7, w: 5, cout: 5, kh: 3, kw: 3, stride: 1, pad: 1, note: 'odd sizes' },
    { batch: 2, cin: 13, h: 9, w: 11, cout: 17, kh: 3, kw: 3, stride: 2, pad: 1, act: 'silu', note: 'stride 2, batch 2, SiLU' },
    { batch: 1, cin: 6, h: 8, w: 8, cout: 3, kh: 5, kw: 5, stride: 1, pad: 2, act: 'relu', note: '5×5, pad 2' },
    { batch: 1, cin: 7, h: 6, w: 5, cout: 9, kh: 2, kw: 3, stride: 2, pad: 0, note: 'no padding, 2×3 kernel' },
    { batch: 2, cin: 33, h: 5, w: 7, cout: 19, kh: 1, kw: 1, stride: 1, pad: 0, act: 'tanh', note: '1×1 (a matmul)' },
    { batch: 1, cin: 64, h: 7, w: 7, cout: 64, kh: 3, kw: 3, stride: 1, pad: 1, note: 'U-Net mid block' },
    { batch: 2, cin: 32, h: 14, w: 14, cout: 32, kh: 3, kw: 3, stride: 2, pad: 1, note: 'U-Net downsampling' },
    { batch: 1, cin: 32, h: 28, w: 28, cout: 1, kh: 3, kw: 3, stride: 1, pad: 1, act: 'sigmoid', note: 'one output channel' },
    { batch: 1, cin: 64, h: 7, w: 7, cout: 32, kh: 4, kw: 4, stride: 2, pad: 1, transposed: true, note: 'transposed 4×4 s2 (VAE/GAN)' },
    {
      batch: 3,
      cin: 5,
      h: 5,
      w: 3,
      cout: 7,
      kh: 3,
      kw: 3,
      stride: 2,
      pad: 0,
      transposed: true,
      act: 'relu',
      note: 'transposed 3×3 s2, odd',
    },
    { batch: 1, cin: 9, h: 4, w: 6, cout: 2, kh: 3, kw: 3, stride: 1, pad: 1, transposed: true, note: 'transposed stride 1' },
    { batch: 2, cin: 3, h: 3, w: 3, cout: 5, kh: 4, kw: 4, stride: 3, pad: 2, transposed: true, note: 'transposed stride 3, pad 2' },
  ];
  for (const s of cases) {
    const { oh, ow } = convOutSize(s);
    const name = `${s.transposed ? 'transposed ' : ''}conv ${s.batch}×${s.cin}×${s.h}×${s.w} → ${s.cout}×${oh}×${ow}, k${s.kh}×${s.kw} s${s.stride} p${s.pad} ${s.act ?? ''} (${s.note})`;
    it(name, async () => {
      const rng = new TestRandom(name);
      const x = rng.uniform(s.batch * s.cin * s.h * s.w, 2);
      const w = rng.uniform(s.cout * s.cin * s.kh * s.kw, 1 / Math.sqrt(s.cin * s.kh * s.kw));
      const b = rng.uniform(s.cout);
      const xOff = 5; // operands need not start at element 0
      const xs = new Float32Array(xOff + x.length);
      xs.set(x, xOff);
      const out = storage(device, 'y', (3 + s.batch * s.cout * oh * ow) * 4);
      const want = convRef(x, w, b, s, s.act);
      const [xb, bb] = [storage(device, 'x', xs), storage(device, 'b', b)];
      const tiled = k.conv.bind(
        'conv test',
        { 1: xb, 2: storage(device, 'w', w), 3: bb, 4: out },
        () => convParams(s, s.act, xOff, 3),
        () => convGrid(s),
      );
      const direct = k.convDirect.bind(
        'conv test, direct',
        { 1: xb, 3: bb, 4: out, 5: storage(device, 'w packed', packDirectWeights(w, s)) },
        () => convParams(s, s.act, xOff, 3),
        () => convDirectGrid(s),
      );
      for (const [entry, d] of [
        ['tiled GEMM', tiled],
        ['direct', direct],
      ] as const) {
        device.queue.writeBuffer(out, 0, new Float32Array(3 + want.length).fill(Number.NaN)); // nothing left from the other entry
        submit(device, 'conv test', [d]);
        const err = relativeError(await readFloats(device, out, want.length, 3), want);
        expect(err, `${entry}: relative error ${err.toExponential(2)}; ${rng.note}`).toBeLessThanOrEqual(LIMIT);
      }
    });
  }
});
