// Our wgsl graph engine against onnxruntime-web (wasm) on the shipped image models, in real Chromium on
// WebGPU: same file, same inputs, outputs compared. Tolerance: max |wgsl − onnxruntime| ≤ 1e-4 on images in
// [0, 1] (float32 sums in another order differ by ~1e-6). The files store float16 weights behind Casts:
// onnxruntime runs them as stored, our engine reads them widened through the ONNX reader.
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { requestKernelDevice } from '../../kernels/gpu';
import { ImageKernels } from '../../kernels/image-kernels';
import { TestRandom } from '../../kernels/test-random';
import { GraphRunner, UnsupportedOpError } from './graph-runner';

let device: GPUDevice;
let kernels: ImageKernels;
beforeAll(async () => {
  device = await requestKernelDevice('graph engine tests');
  kernels = await ImageKernels.create(device);
  ort.env.wasm.numThreads = 1;
});

const bytes = async (path: string) => new Uint8Array(await (await fetch(path)).arrayBuffer());

async function compare(model: string, path: string, input: string, latent: number, batch: number) {
  const file = await bytes(path);
  const runner = await GraphRunner.create(device, model, file, kernels);
  const session = await ort.InferenceSession.create(file, { executionProviders: ['wasm'] });
  const rng = new TestRandom(`${model}, batch ${batch}`);
  const z = rng.normal(batch * latent);
  const ours = await runner.run({ [input]: { data: z, dims: [batch, latent] } });
  const theirs = await session.run({ [input]: new ort.Tensor('float32', z, [batch, latent]) });
  const name = session.outputNames[0];
  const want = theirs[name].data as Float32Array;
  expect(ours[name].dims).toEqual([...theirs[name].dims]);
  let err = 0;
  for (let i = 0; i < want.length; i++) err = Math.max(err, Math.abs(ours[name].data[i] - want[i]));
  // a second call on the same plan gives the same picture (buffers reused, nothing left over)
  const again = await runner.run({ [input]: { data: z, dims: [batch, latent] } });
  expect(Array.from(again[name].data), rng.note).toEqual(Array.from(ours[name].data));
  console.log(`${model}, batch ${batch}: max |wgsl − onnxruntime| = ${err.toExponential(2)}`);
  return { err, note: rng.note };
}

describe('GraphRunner (one command buffer per forward pass) vs onnxruntime-web', () => {
  it('VAE decoder, batch 1 and 3', async () => {
    for (const batch of [1, 3]) {
      const { err, note } = await compare('VAE decoder', '/models/vae/decoder.onnx', 'z', 16, batch);
      expect(err, note).toBeLessThanOrEqual(1e-4);
    }
  });

  it('VAE encoder and GAN discriminator (spectral norm folded on the CPU, leaky ReLU), on images', async () => {
    for (const [model, path, input, output] of [
      ['VAE encoder', '/models/vae/encoder.onnx', 'image', ''],
      ['GAN discriminator', '/models/gan/discriminator.onnx', 'image', 'score'],
    ]) {
      const file = await bytes(path);
      const runner = await GraphRunner.create(device, model, file, kernels);
      const session = await ort.InferenceSession.create(file, { executionProviders: ['wasm'] });
      const rng = new TestRandom(`${model} on images`);
      const image = Float32Array.from({ length: 2 * 28 * 28 }, () => rng.unit());
      const ours = await runner.run({ [input]: { data: image, dims: [2, 1, 28, 28] } });
      const theirs = await session.run({ [input]: new ort.Tensor('float32', image, [2, 1, 28, 28]) });
      for (const name of session.outputNames.filter((n) => !output || n === output)) {
        const want = theirs[name].data as Float32Array;
        let err = 0;
        for (let i = 0; i < want.length; i++) err = Math.max(err, Math.abs(ours[name].data[i] - want[i]));
        console.log(`${model} ${name}: max |wgsl − onnxruntime| = ${err.toExponential(2)}`);
        expect(err, rng.note).toBeLessThanOrEqual(1e-4);
      }
    }
  });

  it('GAN generator, batch 2', async () => {
    const { err, note } = await compare('GAN generator', '/models/gan/generator.onnx', 'z', 64, 2);
    expect(err, note).toBeLessThanOrEqual(1e-4);
  });

  it('diffusion U-Net (group norm, attention, upsampling, timestep and label embeddings), batch 2', async () => {
    const file = await bytes('/models/diffusion/unet.onnx');
    const runner = await GraphRunner.create(device, 'diffusion U-Net', file, kernels);
    const session = await ort.InferenceSession.create(file, { executionProviders: ['wasm'] });
    const rng = new TestRandom('diffusion U-Net');
    const x = rng.normal(2 * 28 * 28);
    const [t, label] = [
      [17, 903],
      [3, 8],
    ];
    const ours = await runner.run({
      x: { data: x, dims: [2, 1, 28, 28] },
      t: { data: Float32Array.from(t), dims: [2] },
      label: { data: Float32Array.from(label), dims: [2] },
    });
    const theirs = await session.run({
      x: new ort.Tensor('float32', x, [2, 1, 28, 28]),
      t: new ort.Tensor('float32', Float32Array.from(t), [2]),
      label: new ort.Tensor('int64', BigInt64Array.from(label.map(BigInt)), [2]),
    });
    const want = theirs.eps.data as Float32Array;
    let err = 0;
    let scale = 0;
    for (let i = 0; i < want.length; i++) {
      err = Math.max(err, Math.abs(ours.eps.data[i] - want[i]));
      scale = Math.max(scale, Math.abs(want[i]));
    }
    console.log(
      `diffusion U-Net, batch 2: max |wgsl − onnxruntime| = ${err.toExponential(2)} (outputs up to ${scale.toFixed(2)}), ${runner.lastPlanDispatches} dispatches`,
    );
    expect(err, rng.note).toBeLessThanOrEqual(1e-3);
  });

  it('does at plan time what needs no input: batch norm and activations fused into convolutions, spectral norm folded', async () => {
    const plan = async (model: string, path: string, input: string, dims: number[]) => {
      const runner = await GraphRunner.create(device, model, await bytes(path), kernels);
      await runner.run({ [input]: { data: new Float32Array(dims.reduce((p, d) => p * d, 1)).fill(0.5), dims } });
      return runner.lastPlanDispatches;
    };
    // generator: linear + batch norm + ReLU on the CPU (64 inputs), then 3 convolutions with their batch norms
    // and activations inside, the last one's sigmoid too (the export writes (tanh + 1) / 2 as sigmoid(2x))
    expect(await plan('GAN generator', '/models/gan/generator.onnx', 'z', [1, 64])).toBe(3);
    // discriminator: the input scaling on the CPU, 3 convolutions + 3 leaky ReLUs, the linear layer and the
    // sigmoid — no dispatch left for the spectral norm's weight arithmetic
    expect(await plan('GAN discriminator', '/models/gan/discriminator.onnx', 'image', [1, 1, 28, 28])).toBe(8);
  });

  it('names the op and the model it cannot run', async () => {
    // the VAE decoder with one node's op renamed to something we have no kernel for
    const file = await bytes('/models/vae/decoder.onnx');
    // op_type is field 4 of a node: key byte 0x22, then the length (13) and the name
    const at = new TextDecoder('latin1').decode(file).indexOf('\x22\x0dConvTranspose') + 2;
    const broken = file.slice();
    broken.set(new TextEncoder().encode('ConvTranspoze'), at);
    const err = await GraphRunner.create(device, 'VAE decoder', broken, kernels).catch((e) => e);
    expect(err).toBeInstanceOf(UnsupportedOpError);
    expect(err.message).toMatch(/cannot run VAE decoder: it has no kernel for the ONNX op "ConvTranspoze"/);
  });
});
