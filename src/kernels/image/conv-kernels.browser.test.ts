// The image-model kernels against their CPU references (conv-reference.ts), on fresh random inputs, in real
// Chromium on WebGPU. Shapes include odd sizes, strides 1 and 2, padding 0–2, channel counts that are not
// multiples of 4, and the exact layers of the VAE decoder, GAN generator and diffusion U-Net.
// Error measure: max |gpu − reference| / max |reference| (relativeError), limit 1e-4 in f32.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFloats, relativeError, requestKernelDevice, storage, submit } from '../gpu';
import { type Activation, binaryRef, bmmRef, concatChannelsRef, type ConvShape, convOutSize, convRef, groupNormRef, softmaxRef, transposeRef, upsampleNearestRef } from './conv-reference';
import { binaryParams, bmmGrid, concatParams, ConvKernels, convDirectGrid, convGrid, convParams, flatGrid, gatherParams, groupNormParams, packDirectWeights, splitParams, transposeParams, unaryParams, upsampleParams } from './conv-kernels';

const LIMIT = 1e-4;
let device: GPUDevice;
let k: ConvKernels;
beforeAll(async () => {
  device = await requestKernelDevice('conv kernel tests');
  k = await ConvKernels.create(device);
});

function random(n: number, scale = 1): Float32Array {
  return Float32Array.from({ length: n }, () => (Math.random() * 2 - 1) * scale);
}

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
    { batch: 3, cin: 5, h: 5, w: 3, cout: 7, kh: 3, kw: 3, stride: 2, pad: 0, transposed: true, act: 'relu', note: 'transposed 3×3 s2, odd' },
    { batch: 1, cin: 9, h: 4, w: 6, cout: 2, kh: 3, kw: 3, stride: 1, pad: 1, transposed: true, note: 'transposed stride 1' },
    { batch: 2, cin: 3, h: 3, w: 3, cout: 5, kh: 4, kw: 4, stride: 3, pad: 2, transposed: true, note: 'transposed stride 3, pad 2' },
  ];
  for (const s of cases) {
    const { oh, ow } = convOutSize(s);
    it(`${s.transposed ? 'transposed ' : ''}conv ${s.batch}×${s.cin}×${s.h}×${s.w} → ${s.cout}×${oh}×${ow}, k${s.kh}×${s.kw} s${s.stride} p${s.pad} ${s.act ?? ''} (${s.note})`, async () => {
      const x = random(s.batch * s.cin * s.h * s.w, 2);
      const w = random(s.cout * s.cin * s.kh * s.kw, 1 / Math.sqrt(s.cin * s.kh * s.kw));
      const b = random(s.cout);
      const xOff = 5; // operands need not start at element 0
      const xs = new Float32Array(xOff + x.length);
      xs.set(x, xOff);
      const out = storage(device, 'y', (3 + s.batch * s.cout * oh * ow) * 4);
      const want = convRef(x, w, b, s, s.act);
      const [xb, bb] = [storage(device, 'x', xs), storage(device, 'b', b)];
      const tiled = k.conv.bind('conv test', { 1: xb, 2: storage(device, 'w', w), 3: bb, 4: out }, () => convParams(s, s.act, xOff, 3), () => convGrid(s));
      const direct = k.convDirect.bind('conv test, direct', { 1: xb, 3: bb, 4: out, 5: storage(device, 'w packed', packDirectWeights(w, s)) },
        () => convParams(s, s.act, xOff, 3), () => convDirectGrid(s));
      for (const [entry, d] of [['tiled GEMM', tiled], ['direct', direct]] as const) {
        device.queue.writeBuffer(out, 0, new Float32Array(3 + want.length).fill(Number.NaN)); // nothing left from the other entry
        submit(device, 'conv test', [d]);
        const err = relativeError(await readFloats(device, out, want.length, 3), want);
        expect(err, `${entry}: relative error ${err.toExponential(2)}`).toBeLessThanOrEqual(LIMIT);
      }
    });
  }
});

describe('groupnorm.wgsl', () => {
  const cases = [
    { batch: 1, channels: 32, spatial: 49, groups: 32, act: 'none' as Activation, note: 'instance norm (U-Net)' },
    { batch: 2, channels: 12, spatial: 30, groups: 4, act: 'silu' as Activation, note: '4 groups, SiLU' },
    { batch: 1, channels: 5, spatial: 1000, groups: 1, act: 'relu' as Activation, note: 'one group, more values than threads' },
    { batch: 3, channels: 6, spatial: 1, groups: 3, act: 'none' as Activation, note: '1×1 maps' },
  ];
  for (const c of cases) {
    it(`N${c.batch} C${c.channels} S${c.spatial} G${c.groups} ${c.act} (${c.note})`, async () => {
      const x = Float32Array.from(random(c.batch * c.channels * c.spatial, 3), (v, i) => v + (i % 7)); // non-zero means
      const gamma = random(c.channels);
      const beta = random(c.channels);
      const out = storage(device, 'y', x.length * 4);
      const d = k.groupNorm.bind('gn test', { 1: storage(device, 'x', x), 2: storage(device, 'g', gamma), 3: storage(device, 'b', beta), 4: out },
        () => groupNormParams(c.channels, c.spatial, c.groups, 1e-5, c.act), () => [c.groups, c.batch]);
      submit(device, 'gn test', [d]);
      const err = relativeError(await readFloats(device, out, x.length), groupNormRef(x, gamma, beta, c.batch, c.channels, c.spatial, c.groups, 1e-5, c.act));
      expect(err, `relative error ${err.toExponential(2)}`).toBeLessThanOrEqual(LIMIT);
    });
  }

  it('refuses channels that do not split into the groups', () => {
    expect(() => groupNormParams(10, 4, 3)).toThrow(/do not split/);
  });
});

describe('elementwise.wgsl', () => {
  for (const op of ['relu', 'sigmoid', 'tanh', 'silu', 'copy', 'sin', 'cos', 'leaky'] as const) {
    it(`unary ${op}`, async () => {
      // sin and cos inside [−π, π], where WGSL promises an absolute error of at most 2⁻¹¹
      const x = random(1237, op === 'sin' || op === 'cos' ? Math.PI : 6);
      const out = storage(device, 'y', x.length * 4);
      submit(device, 'unary', [k.unary.bind('unary', { 1: storage(device, 'x', x), 3: out }, () => unaryParams(op, x.length, 0.2), () => flatGrid(x.length))]);
      const f: Record<typeof op, (v: number) => number> = { relu: (v) => Math.max(v, 0), sigmoid: (v) => 1 / (1 + Math.exp(-v)), tanh: Math.tanh,
        silu: (v) => v / (1 + Math.exp(-v)), copy: (v) => v, sin: Math.sin, cos: Math.cos, leaky: (v) => (v >= 0 ? v : 0.2 * v) };
      const err = relativeError(await readFloats(device, out, x.length), x.map(f[op]));
      expect(err).toBeLessThanOrEqual(op === 'sin' || op === 'cos' ? 2 ** -11 : LIMIT);
    });
  }

  const shapes: [number[], number[], 'add' | 'sub' | 'mul' | 'div'][] = [
    [[2, 5, 7, 3], [2, 5, 7, 3], 'add'],
    [[2, 5, 7, 3], [2, 5, 1, 1], 'add'],   // time embedding onto feature maps
    [[1, 3, 4, 4], [3, 1, 1], 'mul'],      // per-channel scale
    [[4, 1, 6], [4, 9, 1], 'sub'],         // both broadcast
    [[3, 5], [1], 'div'],
  ];
  for (const [a, b, op] of shapes) {
    it(`binary ${op} [${a}] ∘ [${b}]`, async () => {
      const av = random(a.reduce((p, d) => p * d, 1), 3);
      const bv = Float32Array.from(random(b.reduce((p, d) => p * d, 1), 3), (v) => (op === 'div' ? Math.sign(v || 1) * (Math.abs(v) + 0.5) : v));
      const ref = binaryRef(av, a, bv, b, op);
      const out = storage(device, 'y', ref.y.length * 4);
      submit(device, 'binary', [k.binary.bind('binary', { 1: storage(device, 'a', av), 2: storage(device, 'b', bv), 3: out }, () => binaryParams(op, a, b), () => flatGrid(ref.y.length))]);
      expect(relativeError(await readFloats(device, out, ref.y.length), ref.y)).toBeLessThanOrEqual(LIMIT);
    });
  }

  it('refuses shapes that do not broadcast', () => {
    expect(() => binaryParams('add', [2, 3], [3, 2])).toThrow(/do not broadcast/);
  });
});

describe('layout.wgsl', () => {
  it('nearest upsampling ×2 of an odd-sized map, and ×3', async () => {
    for (const [n, c, h, w, f] of [[2, 3, 7, 5, 2], [1, 4, 3, 3, 3]]) {
      const x = random(n * c * h * w);
      const out = storage(device, 'y', x.length * f * f * 4);
      const count = x.length * f * f;
      submit(device, 'up', [k.upsample.bind('up', { 1: storage(device, 'x', x), 2: out }, () => upsampleParams(n, c, h, w, f), () => flatGrid(count))]);
      expect(relativeError(await readFloats(device, out, count), upsampleNearestRef(x, n, c, h, w, f))).toBe(0);
    }
  });

  it('concatenates along channels (3 + 5 channels, batch 2)', async () => {
    const [n, s] = [2, 13];
    const a = random(n * 3 * s);
    const b = random(n * 5 * s);
    const out = storage(device, 'y', n * 8 * s * 4);
    submit(device, 'cat', [
      k.concat.bind('cat a', { 1: storage(device, 'a', a), 2: out }, () => concatParams(n, 3, s, 8, 0), () => flatGrid(a.length)),
      k.concat.bind('cat b', { 1: storage(device, 'b', b), 2: out }, () => concatParams(n, 5, s, 8, 3), () => flatGrid(b.length)),
    ]);
    expect(relativeError(await readFloats(device, out, n * 8 * s), concatChannelsRef([{ x: a, channels: 3 }, { x: b, channels: 5 }], n, s))).toBe(0);
  });
});

describe('attention pieces of the U-Net: bmm.wgsl, softmax.wgsl, transpose, channel slices, row gather', () => {
  for (const [B, M, K, N] of [[1, 49, 32, 49], [2, 17, 5, 23], [3, 1, 40, 7]]) {
    it(`bmm [${B}, ${M}, ${K}] · [${B}, ${K}, ${N}]`, async () => {
      const a = random(B * M * K);
      const c = random(B * K * N);
      const out = storage(device, 'y', B * M * N * 4);
      submit(device, 'bmm', [k.bmm.bind('bmm', { 1: storage(device, 'a', a), 2: storage(device, 'c', c), 3: out }, () => [M, N, K, 0], () => bmmGrid(B, M, N))]);
      expect(relativeError(await readFloats(device, out, B * M * N), bmmRef(a, c, B, M, K, N))).toBeLessThanOrEqual(LIMIT);
    });
  }

  for (const [rows, n] of [[49, 49], [3, 1000], [5, 1]]) {
    it(`softmax over ${n} values, ${rows} rows`, async () => {
      const x = random(rows * n, 8);
      const out = storage(device, 'y', x.length * 4);
      submit(device, 'softmax', [k.softmax.bind('softmax', { 1: storage(device, 'x', x), 2: out }, () => [rows, n, 0, 0], () => [rows])]);
      expect(relativeError(await readFloats(device, out, x.length), softmaxRef(x, rows, n))).toBeLessThanOrEqual(LIMIT);
    });
  }

  it('transposes [3, 7, 5] → [3, 5, 7], slices channels 2…4 of 6, and gathers rows by index', async () => {
    const x = random(3 * 7 * 5);
    const t = storage(device, 't', x.length * 4);
    submit(device, 'transpose', [k.transpose.bind('transpose', { 1: storage(device, 'x', x), 2: t }, () => transposeParams(3, 7, 5), () => flatGrid(x.length))]);
    expect(relativeError(await readFloats(device, t, x.length), transposeRef(x, 3, 7, 5))).toBe(0);

    const [n, total, s] = [2, 6, 11];
    const v = random(n * total * s);
    const part = storage(device, 'part', n * 3 * s * 4);
    submit(device, 'split', [k.split.bind('split', { 1: storage(device, 'v', v), 2: part }, () => splitParams(n, 3, s, total, 2), () => flatGrid(n * 3 * s))]);
    const want = new Float32Array(n * 3 * s);
    for (let b = 0; b < n; b++) want.set(v.subarray((b * total + 2) * s, (b * total + 5) * s), b * 3 * s);
    expect(relativeError(await readFloats(device, part, want.length), want)).toBe(0);

    const table = random(10 * 4);
    const ids = [7, 0, 9];
    const packed = new Float32Array([...ids, ...table]);
    const rows = storage(device, 'rows', ids.length * 4 * 4);
    submit(device, 'gather', [k.gather.bind('gather', { 1: storage(device, 'packed', packed), 2: rows }, () => gatherParams(ids.length, 4, ids.length), () => flatGrid(ids.length * 4))]);
    expect(Array.from(await readFloats(device, rows, 12))).toEqual(ids.flatMap((i) => Array.from(table.subarray(i * 4, i * 4 + 4))));
  });
});
