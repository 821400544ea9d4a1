// The one declaration of each kernel's Params: generated WGSL, packing by field name, enums on both sides.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTIVATION, activate } from './elementwise/activation';
import { BINARY_OP, binaryParams, ELEMENTWISE_PARAMS, unaryParams } from './elementwise/elementwise';
import { CONV_PARAMS, convParams } from './conv/conv';
import { declareEnum, declareParams } from './params';
import { VOLUME_PARAMS } from './volume/volume-renderer';

describe('declareParams', () => {
  it('writes the WGSL struct in declaration order, padded to 16 bytes, with what goes before it', () => {
    const p = declareParams({ rows: 'u32', eps: 'f32', shift: 'i32' }, ['const A = 1u;\n']);
    expect(p.wgsl).toBe('const A = 1u;\n\nstruct Params {\n  rows: u32,\n  eps: f32,\n  shift: i32,\n  _pad0: u32,\n}\n');
    expect(p.bytes).toBe(16);
    expect(declareParams({ n: 'u32' }).bytes).toBe(16);
    expect(declareParams({}).wgsl).toBe('');
  });

  it('packs by field name, each in its type', () => {
    const p = declareParams({ a: 'u32', b: 'f32', c: 'i32', d: 'u32', e: 'f32' });
    const view = new DataView(p.pack({ e: 0.25, d: 7, c: -3, b: 1.5, a: 4000000000 }));
    expect(view.byteLength).toBe(32);
    expect([
      view.getUint32(0, true),
      view.getFloat32(4, true),
      view.getInt32(8, true),
      view.getUint32(12, true),
      view.getFloat32(16, true),
    ]).toEqual([4000000000, 1.5, -3, 7, 0.25]);
    expect([view.getUint32(20, true), view.getUint32(24, true), view.getUint32(28, true)]).toEqual([0, 0, 0]);
  });

  it('refuses a missing field or NaN, naming the field', () => {
    const p = declareParams({ rows: 'u32', eps: 'f32' });
    expect(() => p.pack({ rows: 3 } as never)).toThrow(/field eps needs a number/);
    expect(() => p.pack({ rows: 3, eps: Number.NaN })).toThrow(/field eps/);
  });

  it('keeps the byte layouts the kernels had: conv 16 fields, elementwise 16, volume 38 (+2 padding)', () => {
    expect([CONV_PARAMS.bytes, ELEMENTWISE_PARAMS.bytes, VOLUME_PARAMS.bytes]).toEqual([64, 64, 160]);
    const conv = new Uint32Array(
      CONV_PARAMS.pack(convParams({ batch: 2, cin: 3, h: 7, w: 5, cout: 4, kh: 3, kw: 3, stride: 2, pad: 1 }, 'relu', 5, 3)),
    );
    expect(Array.from(conv)).toEqual([2, 3, 7, 5, 4, 4, 3, 3, 3, 2, 1, 0, ACTIVATION.values.relu, 5, 3, 0]);
    const bin = new Uint32Array(ELEMENTWISE_PARAMS.pack(binaryParams('mul', [2, 5, 7, 3], [2, 5, 1, 1])));
    expect(Array.from(bin)).toEqual([2, 5, 7, 3, 105, 21, 3, 1, 5, 1, 0, 0, BINARY_OP.values.mul, 210, 0, 0]);
    const leaky = new DataView(ELEMENTWISE_PARAMS.pack(unaryParams('leaky', 9, 0.2)));
    expect([leaky.getUint32(48, true), leaky.getUint32(52, true), leaky.getFloat32(56, true)]).toEqual([
      ACTIVATION.values.leaky,
      9,
      Math.fround(0.2),
    ]);
  });
});

describe('declareEnum and the one activation numbering', () => {
  it('numbers names in order and writes them as WGSL constants', () => {
    const e = declareEnum('OP', ['add', 'mul']);
    expect(e.values).toEqual({ add: 0, mul: 1 });
    expect(e.wgsl).toBe('const OP_ADD = 0u;\nconst OP_MUL = 1u;\n');
  });

  it('activate() follows the same names as the kernels (none is the identity, leaky uses alpha)', () => {
    expect(ACTIVATION.names).toEqual(['none', 'relu', 'silu', 'tanh', 'sigmoid', 'leaky', 'sin', 'cos', 'gelu', 'clip']);
    expect([activate(-2, 'none'), activate(-2, 'relu'), activate(-2, 'leaky', 0.1), activate(0, 'sigmoid')]).toEqual([-2, 0, -0.2, 0.5]);
  });

  it('no .wgsl file writes its own Params struct, and every ACT_* name a shader uses is declared', () => {
    const root = new URL('.', import.meta.url).pathname;
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
        d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith('.wgsl') ? [join(dir, d.name)] : [],
      );
    const wgsl = files(root);
    expect(wgsl.length).toBeGreaterThanOrEqual(14);
    for (const f of wgsl) {
      const text = readFileSync(f, 'utf8');
      expect(text, f).not.toMatch(/struct Params/);
      for (const [, name] of text.matchAll(/\bACT_([A-Z]+)\b/g))
        expect(ACTIVATION.names, `${f}: ACT_${name}`).toContain(name.toLowerCase());
    }
  });
});
