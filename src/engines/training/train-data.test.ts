// The shipped training subset reads back as the page needs it; a damaged or cut file is said plainly.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeTrainImages, pickImages, TrainDataError } from './train-data';

const shipped = new Uint8Array(readFileSync(new URL('../../../public/models/train/fmnist-10k.bin', import.meta.url)));

describe('training images (fmnist-10k.bin)', () => {
  it('decodes 10,000 class-interleaved 28×28 images with pixels in [0, 1]', async () => {
    const all = await decodeTrainImages(shipped);
    expect([all.count, all.width, all.height]).toEqual([10000, 28, 28]);
    expect(Array.from(all.labels.subarray(0, 20))).toEqual([...Array(10).keys(), ...Array(10).keys()]);
    const counts = new Array(10).fill(0);
    for (const l of all.labels) counts[l]++;
    expect(counts).toEqual(new Array(10).fill(1000));
    let [lo, hi, sum] = [1, 0, 0];
    for (const v of all.pixels) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
      sum += v;
    }
    expect([lo, hi]).toEqual([0, 1]);
    // Fashion-MNIST's mean pixel is about 0.286
    expect(sum / all.pixels.length).toBeCloseTo(0.286, 1);
    const first = await decodeTrainImages(shipped, 100);
    expect(first.count).toBe(100);
    expect(Array.from(first.pixels)).toEqual(Array.from(all.pixels.subarray(0, 100 * 784)));
  });

  it('picks the chosen images straight from the packed levels, the same floats as unpacking them all', async () => {
    const all = await decodeTrainImages(shipped);
    const picked = pickImages(await decodeTrainImages(shipped), 50, [0, 7]);
    const rows = [...all.labels.keys()].filter((i) => all.labels[i] === 0 || all.labels[i] === 7).slice(0, 50);
    expect(Array.from(picked.labels)).toEqual(rows.map((r) => all.labels[r]));
    for (const [k, r] of rows.entries())
      expect(Array.from(picked.pixels.subarray(k * 784, (k + 1) * 784))).toEqual(Array.from(all.pixels.subarray(r * 784, (r + 1) * 784)));
  });

  it('rejects a damaged or cut file with a TrainDataError', async () => {
    const broken = shipped.slice();
    broken.fill(0x55, 10, 4000);
    await expect(decodeTrainImages(broken)).rejects.toBeInstanceOf(TrainDataError);
    await expect(decodeTrainImages(shipped.subarray(0, shipped.length / 2))).rejects.toBeInstanceOf(TrainDataError);
    await expect(decodeTrainImages(new TextEncoder().encode('<html>not found</html>'))).rejects.toThrow(/damaged|training image/);
  });

  it('picks the first images of the chosen classes, balanced', async () => {
    const all = await decodeTrainImages(shipped, 1000);
    const picked = pickImages(all, 100, [0, 9]);
    expect(picked.labels.length).toBe(100);
    expect(picked.labels.filter((l) => l === 0).length).toBe(50);
    expect(new Set(picked.labels)).toEqual(new Set([0, 9]));
    const first = picked.labels[0] === 0 ? all.labels.indexOf(0) : all.labels.indexOf(9);
    expect(Array.from(picked.pixels.subarray(0, 784))).toEqual(Array.from(all.pixels.subarray(first * 784, (first + 1) * 784)));
    expect(pickImages(all, 5000, [3]).labels.length).toBe(100);
    expect(() => pickImages(all, 10, [])).toThrow(TrainDataError);
  });
});
