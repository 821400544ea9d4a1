// A run file reads back as the run it was written from (typed arrays as typed arrays, bit for bit), and
// anything else, or a damaged one, is refused with a RunFileError.
import { describe, expect, it } from 'vitest';
import { decodeRunFile, encodeRunFile, RunFileError } from './run-file';

const run = {
  meta: { page: 'train', name: 'my run', step: 42, settings: 'subset=100' },
  payload: {
    snapshot: {
      step: 42,
      blocks: { vae: { p: Float32Array.of(1, -0, 0.1, Number.NaN), m: new Float32Array(3), v: Float32Array.of(2) } },
      streams: [1, 2, 3, 4],
    },
    own: [Float32Array.from({ length: 784 }, (_, i) => i / 784)],
    counts: Uint8Array.of(1, 2, 3),
  },
};

describe('run files', () => {
  it('read back as written', () => {
    const back = decodeRunFile(encodeRunFile(run)) as typeof run;
    expect(back.meta).toEqual(run.meta);
    expect(back.payload.snapshot.streams).toEqual([1, 2, 3, 4]);
    const p = back.payload.snapshot.blocks.vae.p;
    expect(p).toBeInstanceOf(Float32Array);
    expect(Array.from(new Uint32Array(p.buffer))).toEqual(Array.from(new Uint32Array(run.payload.snapshot.blocks.vae.p.buffer)));
    expect(back.payload.own[0]).toEqual(run.payload.own[0]);
    expect(back.payload.counts).toEqual(Uint8Array.of(1, 2, 3));
  });

  it('refuses another file, a cut one and a damaged description', () => {
    expect(() => decodeRunFile(new TextEncoder().encode('{"step": 1}'))).toThrow(RunFileError);
    const bytes = encodeRunFile(run);
    expect(() => decodeRunFile(bytes.subarray(0, bytes.length - 100))).toThrow(RunFileError);
    const broken = bytes.slice();
    broken[20] = 0x7b; // inside the JSON
    broken[21] = 0x7b;
    expect(() => decodeRunFile(broken)).toThrow(RunFileError);
  });
});
