// float16 weights behind a Cast: the bit conversion against the formula for every half, the reader's folded
// weights against the same file widened by onnx in Python (fixtures/, written by `python3 -m training.float16
// --fixture`), stock onnxruntime running the stored file, and every shipped model opening as stored.
import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { halfBitsToFloatBits, halfToFloat, widenHalves } from './float16';
import { readGraph, readInitializers } from './onnx-reader';
import { concat, lengthDelimited, OnnxFormatError, varintBytes } from './protobuf';

const fixture = async (name: string) => new Uint8Array(await readFile(new URL(`fixtures/${name}`, import.meta.url)));
const MODELS = new URL('../../../public/models/', import.meta.url);
const manifest = JSON.parse(await readFile(new URL('manifest.json', MODELS), 'utf8'));
const sameBits = (a?: Float32Array, b?: Float32Array) =>
  a === b || (!!a && !!b && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength)));
const floatOfBits = (bits: number) => new Float32Array(Uint32Array.of(bits).buffer)[0];

/** binary16 by its definition (IEEE 754-2008 §3.6): (−1)^s · 2^(e−15) · 1.f, or 2^−14 · 0.f when e = 0. */
function halfByFormula(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 31) return f ? Number.NaN : s * Number.POSITIVE_INFINITY;
  return e === 0 ? s * f * 2 ** -24 : s * (1 + f / 1024) * 2 ** (e - 15);
}

describe('float16 → float32', () => {
  it('agrees with the formula on all 65,536 halves (subnormals, ±0 and ±∞ included)', () => {
    const all = widenHalves(Uint16Array.from({ length: 65536 }, (_, h) => h));
    const wrong: string[] = [];
    for (let h = 0; h < 65536; h++) {
      const want = halfByFormula(h);
      if (!Object.is(all[h], want) && !(Number.isNaN(want) && Number.isNaN(all[h]))) wrong.push(`0x${h.toString(16)}: ${all[h]} ≠ ${want}`);
    }
    expect(wrong.slice(0, 5), `${wrong.length} halves wrong`).toEqual([]);
  });

  it('keeps the sign of zero, infinities and the NaN payload bit for bit', () => {
    expect(Object.is(halfToFloat(0x8000), -0)).toBe(true);
    expect(halfToFloat(0x0001)).toBe(2 ** -24); // smallest subnormal
    expect(halfToFloat(0x03ff)).toBe(1023 * 2 ** -24); // largest subnormal
    expect(halfToFloat(0x0400)).toBe(2 ** -14); // smallest normal
    expect(halfToFloat(0x7bff)).toBe(65504);
    expect(halfToFloat(0xfc00)).toBe(Number.NEGATIVE_INFINITY);
    expect(halfBitsToFloatBits(0x7e00)).toBe(0x7fc00000); // quiet NaN
    expect(halfBitsToFloatBits(0xfd01)).toBe(0xffa02000); // negative NaN with a payload
    expect(Number.isNaN(floatOfBits(halfBitsToFloatBits(0x7c01)))).toBe(true);
  });
});

describe('float16 weights behind a Cast (the stored form)', () => {
  it('reads back as the float32 weights onnx in Python widens them to, bit for bit, with the Cast folded', async () => {
    const stored = readGraph(await fixture('gemm.f16.onnx'));
    const widened = readGraph(await fixture('gemm.widened.onnx'));
    expect(stored.nodes).toEqual(widened.nodes); // Gemm, Reshape: no Cast left
    expect([...stored.initializers.keys()].sort()).toEqual([...widened.initializers.keys()].sort());
    const w = stored.initializers.get('w')!;
    expect(w.dataType).toBe(1);
    expect(sameBits(w.data, widened.initializers.get('w')!.data)).toBe(true);
    // values rounded as float16 rounds (numpy's results): the extremes, subnormals, underflow to zero, ties to even
    expect(Array.from(w.data!.subarray(0, 12))).toEqual([
      halfToFloat(0x2e66), // 0.1
      halfToFloat(0x3555), // 1/3
      -0,
      65504,
      -65504,
      halfToFloat(0x03ff), // 6.1e-5 → the largest subnormal (just under 2^-14)
      halfToFloat(0x0001), // 6.0e-8 → 2^-24
      halfToFloat(0x0001), // 3.0e-8 → 2^-24 (just over half of it)
      0, // 1e-9 underflows
      halfToFloat(0x802a), // -2.5e-6, a subnormal
      2048, // 2049 → 2048 (tie to even)
      1, // 1 + 2^-11 → 1 (tie to even)
    ]);
  });

  it('reads float16 stored in int32_data (one half per entry) as well', () => {
    // GraphProto { initializer: TensorProto { dims: [3], data_type: 10, int32_data: [1, -0, -2] packed, name: "h" } }
    const tensor = concat([
      varintBytes(1 * 8),
      varintBytes(3),
      varintBytes(2 * 8),
      varintBytes(10),
      ...lengthDelimited(5, [varintBytes(0x3c00), varintBytes(0x8000), varintBytes(0xc000)]),
      ...lengthDelimited(8, [new TextEncoder().encode('h')]),
    ]);
    const model = concat(lengthDelimited(7, lengthDelimited(5, [tensor])));
    expect(Array.from(readInitializers(model).get('h')!.data!)).toEqual([1, -0, -2]);
  });

  it('refuses a tensor kept in an external file', () => {
    const tensor = concat([varintBytes(2 * 8), varintBytes(10), varintBytes(14 * 8), varintBytes(1)]);
    expect(() => readInitializers(concat(lengthDelimited(7, lengthDelimited(5, [tensor]))))).toThrow(OnnxFormatError);
  });

  it('runs in stock onnxruntime as stored, with the rounded weights', async () => {
    const bytes = await fixture('gemm.f16.onnx');
    const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
    const x = Float32Array.from({ length: 40 }, (_, i) => Math.sin(i + 1));
    const y = (await session.run({ x: new ort.Tensor('float32', x, [1, 40]) })).y.data as Float32Array;
    const init = readInitializers(bytes);
    const w = init.get('w')!.data!;
    const b = init.get('b')!.data!;
    for (let o = 0; o < 32; o++) {
      let sum = b[o];
      for (let i = 0; i < 40; i++) sum += w[o * 40 + i] * x[i];
      expect(y[o], `output ${o}`).toBeCloseTo(sum, 0);
      // 65504 · x dominates output 0; elsewhere float32 summation order alone differs
      if (o > 0) expect(Math.abs(y[o] - sum)).toBeLessThan(1e-5);
    }
    await session.release();
  });
});

describe('the shipped models', () => {
  const onnxFiles: string[] = Object.values(manifest.models).flatMap((m) =>
    (m as { files: { path: string }[] }).files.map((f) => f.path).filter((p) => p.endsWith('.onnx')),
  );

  it.each(onnxFiles)('%s opens in stock onnxruntime as stored; our reader sees float32 weights only', { timeout: 60_000 }, async (path) => {
    const bytes = new Uint8Array(await readFile(new URL(path, MODELS)));
    const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
    const graph = readGraph(bytes);
    expect(session.inputNames).toEqual(graph.inputs.map((i) => i.name));
    expect(session.outputNames).toEqual(graph.outputs.map((o) => o.name));
    await session.release();
    const halves = [...graph.initializers.values()].filter((t) => t.dataType === 10);
    expect(halves.map((t) => t.name)).toEqual([]); // each one folded into its Cast's float32 output
    const casts = graph.nodes.filter((n) => n.op === 'Cast' && graph.initializers.has(n.inputs[0]));
    expect(casts.map((n) => n.name)).toEqual([]);
    // the manifest says how the file is stored, and says so only when it is
    const entry = Object.values(manifest.models)
      .flatMap((m) => (m as { files: { path: string; storage?: string }[] }).files)
      .find((f) => f.path === path)!;
    const stored = new TextDecoder('latin1').decode(bytes).includes('.float16');
    expect(entry.storage !== undefined, `${path}: float16 stored ${stored}, storage ${entry.storage}`).toBe(stored);
  });
});
