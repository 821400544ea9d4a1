// The shipped .onnx files are standard models (float16 weights behind Cast nodes, training/float16.py): every
// one opens in stock onnxruntime-web 1.30 in Chromium as stored, on the wasm backend, the webgpu backend and
// the webgpu bundle's own wasm backend, without our widening. Outputs on one input per file are compared with
// the plain wasm build's: the webgpu bundle's wasm gives the same bits; webgpu computes in its own order
// (measured up to 1.3e-4 on the diffusion model's ε, ~1e-6 elsewhere; tolerance 1e-3).
import * as ortWasm from 'onnxruntime-web/wasm';
import * as ortGpu from 'onnxruntime-web/webgpu';
import { expect, it } from 'vitest';

type Ort = typeof ortWasm;
const bytes = async (path: string) => new Uint8Array(await (await fetch(path)).arrayBuffer());

/** One input per file, shaped as the manifest lists its graph inputs. */
function feeds(ort: Ort, path: string): Record<string, ortWasm.Tensor> {
  const floats = (dims: number[]) =>
    new ort.Tensor(
      'float32',
      Float32Array.from({ length: dims.reduce((a, b) => a * b) }, (_, i) => Math.sin(i * 0.37) * 0.5 + 0.5),
      dims,
    );
  const longs = (v: number[], dims: number[]) => new ort.Tensor('int64', BigInt64Array.from(v.map(BigInt)), dims);
  const image = () => ({ image: floats([2, 1, 28, 28]) });
  const byFile: Record<string, () => Record<string, ortWasm.Tensor>> = {
    'vae/encoder.onnx': image,
    'gan/discriminator.onnx': image,
    'yardstick/classifier.onnx': image,
    'vae/decoder.onnx': () => ({ z: floats([2, 16]) }),
    'gan/generator.onnx': () => ({ z: floats([2, 64]) }),
    'diffusion/unet.onnx': () => ({
      x: floats([2, 1, 28, 28]),
      t: new ort.Tensor('float32', Float32Array.of(10, 500), [2]),
      label: longs([1, 3], [2]),
    }),
    'transformer/gpt.onnx': () => ({ tokens: longs([5, 6, 7], [1, 3]), pos: longs([0], [1]), past_kv: floats([4, 2, 4, 128, 32]) }),
    'transformer/attention.onnx': () => ({ q: floats([2, 3, 4]), k: floats([2, 5, 4]), v: floats([2, 5, 4]), scale: floats([1]) }),
    'nerf/field.onnx': () => ({ points: floats([4, 3]), dirs: floats([4, 3]) }),
  };
  return byFile[path]();
}

async function outputs(ort: Ort, file: Uint8Array, engine: 'wasm' | 'webgpu', path: string) {
  const session = await ort.InferenceSession.create(file, { executionProviders: [engine], graphOptimizationLevel: 'all' });
  const out = await session.run(feeds(ort, path));
  const values = await Promise.all(session.outputNames.map(async (n) => new Float32Array((await out[n].getData()) as Float32Array)));
  await session.release();
  return values;
}

const maxDiff = (a: Float32Array[], b: Float32Array[]) =>
  Math.max(...a.map((x, k) => x.reduce((m, v, i) => Math.max(m, Math.abs(v - b[k][i])), 0)));

it('every shipped .onnx file opens in stock onnxruntime-web on wasm and webgpu, as stored', async () => {
  ortWasm.env.wasm.numThreads = 1;
  ortGpu.env.wasm.numThreads = 1;
  const manifest = await (await fetch('/models/manifest.json')).json();
  const paths: string[] = Object.values(manifest.models).flatMap((m) =>
    (m as { files: { path: string }[] }).files.map((f) => f.path).filter((p) => p.endsWith('.onnx')),
  );
  expect(paths.length).toBeGreaterThanOrEqual(9);
  for (const path of paths) {
    const file = await bytes(`/models/${path}`);
    const wasm = await outputs(ortWasm, file, 'wasm', path);
    const bundleWasm = await outputs(ortGpu, file, 'wasm', path);
    const webgpu = await outputs(ortGpu, file, 'webgpu', path);
    expect(maxDiff(bundleWasm, wasm), path).toBe(0);
    expect(maxDiff(webgpu, wasm), path).toBeLessThan(1e-3);
    console.log(
      `${path}: opens on wasm, webgpu and the webgpu bundle's wasm; max |webgpu − wasm| = ${maxDiff(webgpu, wasm).toExponential(2)}`,
    );
  }
});
