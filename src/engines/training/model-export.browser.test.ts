// The live-trained models' exported files on our own WGSL graph engine (what the demos run on `wgsl`):
// each opens and gives onnxruntime-web's outputs within 1e-4, so a model trained here runs on every engine.
import * as ort from 'onnxruntime-web';
import { beforeAll, expect, it } from 'vitest';
import { GraphRunner } from '../graph/graph-runner';
import { requestKernelDevice } from '../../kernels/gpu';
import { ImageKernels } from '../../kernels/image-kernels';
import { TestRandom } from '../../kernels/test-random';
import { exportPart, type ImagePart } from './model-export';
import { EXPORTED_PARTS } from './export-info';
import { NET_DEFAULTS, trainingPlan } from './nets';
import { initialParams } from './plan';

let device: GPUDevice;
let kernels: ImageKernels;
beforeAll(async () => {
  device = await requestKernelDevice('exported model tests');
  kernels = await ImageKernels.create(device);
  ort.env.wasm.numThreads = 1;
});

it('the exported encoder, decoder, generator and discriminator run on our graph engine as on onnxruntime', async () => {
  const s = { ...NET_DEFAULTS, hidden: 32, vaeLatent: 5, ganLatent: 7 };
  const plan = trainingPlan(s, 4);
  const rng = new TestRandom('exported models');
  const states = Object.fromEntries(
    plan.blocks.map((b) => [b.name, { p: initialParams(b, () => rng.unit()), m: new Float32Array(b.size), v: new Float32Array(b.size) }]),
  );
  for (const part of [...EXPORTED_PARTS.vae, ...EXPORTED_PARTS.gan]) {
    const file = exportPart(part as ImagePart, plan.blocks, states, s, {});
    const latent = part === 'decoder' ? s.vaeLatent : s.ganLatent;
    const input =
      part === 'decoder' || part === 'generator'
        ? { name: 'z', data: rng.normal(3 * latent), dims: [3, latent] }
        : { name: 'image', data: Float32Array.from({ length: 3 * 784 }, () => rng.unit()), dims: [3, 1, 28, 28] };
    const runner = await GraphRunner.create(device, part, file, kernels);
    const ours = await runner.run({ [input.name]: { data: input.data, dims: input.dims } });
    const session = await ort.InferenceSession.create(file, { executionProviders: ['wasm'] });
    const theirs = await session.run({ [input.name]: new ort.Tensor('float32', input.data, input.dims) });
    for (const name of session.outputNames) {
      const want = theirs[name]!.data as Float32Array;
      expect(ours[name]!.dims, `${part} ${name}`).toEqual([...theirs[name]!.dims]);
      let err = 0;
      for (let i = 0; i < want.length; i++) err = Math.max(err, Math.abs(ours[name]!.data[i]! - want[i]!));
      expect(err, `${part} ${name}: ${rng.note}`).toBeLessThanOrEqual(1e-4);
    }
  }
});
