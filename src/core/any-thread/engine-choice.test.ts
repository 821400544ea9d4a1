import { describe, expect, it } from 'vitest';
import { fastest, median, quantile } from './engine-choice';

describe('engine timing helpers', () => {
  it('median and p95', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95)).toBe(10);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.5)).toBe(5);
  });

  it('auto picks the lowest median and ignores engines that failed', () => {
    expect(fastest({ wasm: 0.9, webgpu: 310 })).toBe('wasm');
    expect(fastest({ wasm: 12, webgpu: 3.1 })).toBe('webgpu');
    expect(fastest({ wasm: 2, webgpu: NaN })).toBe('wasm');
    expect(fastest({})).toBeUndefined();
  });
});

describe('WASM thread count', () => {
  it('uses threads only when cross-origin isolated, keeps a core free, caps at 4', async () => {
    const { wasmThreadCount } = await import('./engine-choice');
    expect(wasmThreadCount(2, true)).toBe(1);
    expect(wasmThreadCount(8, true)).toBe(4);
    expect(wasmThreadCount(3, true)).toBe(2);
    expect(wasmThreadCount(16, false)).toBe(1);
  });
  it('isolation is worth a reload only where it adds threads', async () => {
    const { isolationAddsThreads } = await import('./engine-choice');
    expect([1, 2, 3, 8].map(isolationAddsThreads)).toEqual([false, false, true, true]);
  });
});
