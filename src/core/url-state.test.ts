import { describe, expect, it } from 'vitest';
import { buildHash, formatVector, parseChoice, parseHash, parseVector } from './url-state';

describe('URL state', () => {
  it('splits route and parameters', () => {
    const r = parseHash('#/vae?z=1,2&engine=wasm');
    expect(r.path).toBe('/vae');
    expect(r.params.get('engine')).toBe('wasm');
    expect(parseHash('').path).toBe('/');
    expect(parseHash('#/vae/').path).toBe('/vae');
  });

  it('round-trips a latent vector through the hash', () => {
    const z = [0.1234, -2.5, 3, 0];
    const hash = buildHash('/vae', { z: formatVector(z), engine: 'wasm' });
    expect(hash).toBe('#/vae?z=0.123,-2.5,3,0&engine=wasm');
    const back = parseVector('z', parseHash(hash).params.get('z'), 4, -3, 3, 0, 'why');
    expect(back.value).toEqual([0.123, -2.5, 3, 0]);
    expect(back.issue).toBeUndefined();
  });

  it('clamps out-of-range values and reports it', () => {
    const r = parseVector('z', '9,-100,1', 3, -3, 3, 0, 'range');
    expect(r.value).toEqual([3, -3, 1]);
    expect(r.issue?.name).toBe('z');
  });

  it('drops garbage entries, pads short and trims long vectors', () => {
    expect(parseVector('z', 'abc,1e999,NaN,,2', 5, -3, 3, 0, '').value).toEqual([0, 0, 0, 0, 2]);
    expect(parseVector('z', '1', 3, -3, 3, 0, '').value).toEqual([1, 0, 0]);
    const long = parseVector('z', '1,1,1,1', 2, -3, 3, 0, 'too long');
    expect(long.value).toEqual([1, 1]);
    expect(long.issue).toBeDefined();
    expect(parseVector('z', null, 2, -3, 3, 0, '').value).toEqual([0, 0]);
  });

  it('accepts only known engines', () => {
    const allowed = ['auto', 'webgpu', 'wasm'] as const;
    expect(parseChoice('engine', 'WASM', allowed, 'auto', '').value).toBe('wasm');
    const bad = parseChoice('engine', '<script>', allowed, 'auto', 'use one of auto, webgpu, wasm');
    expect(bad.value).toBe('auto');
    expect(bad.issue?.why).toContain('auto, webgpu, wasm');
    expect(parseChoice('engine', null, allowed, 'auto', '').issue).toBeUndefined();
  });
});
