import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packPhotos, PhotoPackError, unpackPhotos } from './photo-pack';

const MODELS = new URL('../../../public/models/', import.meta.url);

describe('photo pack', () => {
  it('gives back every shipped photo byte for byte, by its file', () => {
    const files = ['nerf/scene/train/r_0.png', 'nerf/scene/train/r_1.png', 'nerf/scene/test/r_0.png'];
    const photos = files.map((file) => ({ file, bytes: new Uint8Array(readFileSync(new URL(file, MODELS))) }));
    const back = unpackPhotos(packPhotos(photos));
    expect([...back.keys()]).toEqual(files);
    for (const p of photos) expect(Buffer.from(back.get(p.file)!).equals(Buffer.from(p.bytes))).toBe(true);
  });

  it('refuses a cut, padded or garbled pack with its own error', () => {
    const pack = packPhotos([
      { file: 'a.png', bytes: new Uint8Array([1, 2, 3]) },
      { file: 'b.png', bytes: new Uint8Array([4, 5]) },
    ]);
    const garbled = pack.slice();
    garbled[6] = 0xff; // inside the index's JSON
    for (const [what, bad] of [
      ['empty', new Uint8Array(0)],
      ['cut inside the last photo', pack.subarray(0, pack.length - 1)],
      ['padded', Uint8Array.from([...pack, 0])],
      ['garbled index', garbled],
      ['index longer than the file', Uint8Array.from([255, 255, 0, 0, 1])],
    ] as const)
      expect(() => unpackPhotos(bad), what).toThrow(PhotoPackError);
  });
});
