import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NerfFormatError, parseNerfMeta, readField } from './nerf-field';
import { halfToFloat } from '../onnx/float16';

const dir = new URL('../../../public/models/nerf/', import.meta.url);
const meta = JSON.parse(readFileSync(new URL('nerf.json', dir), 'utf8'));

describe('the shipped radiance field', () => {
  it('reads: grids and MLP from field.onnx fit the sizes in nerf.json', () => {
    const m = parseNerfMeta(meta);
    const f = readField(m, readFileSync(new URL('field.onnx', dir)), readFileSync(new URL('occupancy.bin', dir)));
    expect(f.density.length).toBe(m.density_dims[0] * m.density_dims[1] * m.density_dims[2]);
    expect(f.features.length).toBe(m.feature_dims[0] * m.feature_dims[1] * m.feature_dims[2] * m.channels);
    const h = m.hidden;
    expect(f.mlp.length).toBe(h * (m.channels + 9) + h + h * h + h + 3 * h + 3);
    expect(f.density.every(Number.isFinite)).toBe(true);
    expect(m.train_views.length).toBeGreaterThan(0);
  });

  it('says which part of a broken nerf.json is wrong', () => {
    expect(() => parseNerfMeta({ ...meta, cells: [1, 2] })).toThrow(/cells must be three numbers/);
    expect(() => parseNerfMeta({ ...meta, voxel: -1 })).toThrow(/voxel must be a positive number/);
    expect(() => parseNerfMeta({ ...meta, train_views: [{ file: 3 }] })).toThrow(NerfFormatError);
    expect(() => parseNerfMeta(null)).toThrow(NerfFormatError);
  });

  it('refuses an occupancy file of the wrong size, and a file that is not the field', () => {
    const m = parseNerfMeta(meta);
    const onnx = readFileSync(new URL('field.onnx', dir));
    expect(() => readField(m, onnx, new Uint8Array(12))).toThrow(/occupancy.bin has 12 bytes/);
    const other = readFileSync(new URL('../transformer/attention.onnx', dir));
    expect(() => readField(m, other, readFileSync(new URL('occupancy.bin', dir)))).toThrow(/no float initializer "mlp.0.weight"/);
  });
});

describe('float16', () => {
  it('decodes normal, subnormal and special values', () => {
    expect(halfToFloat(0x3c00)).toBe(1);
    expect(halfToFloat(0xc000)).toBe(-2);
    expect(halfToFloat(0x3555)).toBeCloseTo(0.333251953125, 12);
    expect(halfToFloat(0x0001)).toBe(2 ** -24);
    expect(halfToFloat(0x7c00)).toBe(Infinity);
    expect(Number.isNaN(halfToFloat(0x7e00))).toBe(true);
  });
});
