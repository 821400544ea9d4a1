// The cpu engine against stock onnxruntime (wasm, in Node) on the shipped VAE and GAN files: the same outputs
// within 1e-4 on seeded inputs; an op it lacks stops it at load, naming the op and the model.
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { seededNormals } from '../../core/any-thread/seeded-random';
import { maxAbsDiff } from '../../kernels/test-compare';
import { CpuModel } from './cpu-model';
import { UnsupportedOpError } from './plan-context';

const file = (path: string) => new Uint8Array(readFileSync(new URL(`../../../public/models/${path}`, import.meta.url)));

describe('the cpu engine for the image models', () => {
  const normals = (...dims: number[]) => ({
    data: seededNormals(
      dims.reduce((a, b) => a * b, 1),
      dims.length + 3,
    ),
    dims,
  });
  type Feeds = Record<string, { data: Float32Array | BigInt64Array; dims: number[] }>;
  it.each<[string, () => Feeds]>([
    ['vae/decoder.onnx', () => ({ z: normals(4, 16) })],
    ['vae/encoder.onnx', () => ({ image: normals(2, 1, 28, 28) })],
    ['gan/generator.onnx', () => ({ z: normals(3, 64) })],
    ['gan/discriminator.onnx', () => ({ image: normals(3, 1, 28, 28) })],
    // a guided step: the same noisy image with its class and with the null class
    [
      'diffusion/unet.onnx',
      () => ({
        x: normals(2, 1, 28, 28),
        t: { data: Float32Array.of(500, 500), dims: [2] },
        label: { data: BigInt64Array.of(3n, 10n), dims: [2] },
      }),
    ],
  ])(
    'runs %s as onnxruntime does (max |difference| < 1e-4)',
    async (path, feedsOf) => {
      ort.env.wasm.numThreads = 1;
      const bytes = file(path);
      const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
      const feeds = feedsOf();
      const theirs = await session.run(
        Object.fromEntries(
          Object.entries(feeds).map(([k, t]) => [k, new ort.Tensor(t.data instanceof BigInt64Array ? 'int64' : 'float32', t.data, t.dims)]),
        ),
      );
      const ours = await CpuModel.create(bytes, path).run(feeds);
      for (const name of session.outputNames) {
        expect(ours[name]!.dims).toEqual([...theirs[name]!.dims]);
        const diff = maxAbsDiff(ours[name]!.data, theirs[name]!.data as Float32Array);
        console.log(`${path} ${name}: max |cpu − onnxruntime| = ${diff.toExponential(2)}`);
        expect(diff).toBeLessThan(1e-4);
      }
    },
    60_000,
  );

  it('refuses a graph with an op it lacks, naming it', () => {
    expect(() => CpuModel.create(file('transformer/gpt.onnx'), 'gpt')).toThrow(UnsupportedOpError);
  });
});
