// The live-trained VAE and GAN exported as ONNX files: stock onnxruntime (wasm, in Node) opens each one as
// written, its outputs equal what the training page draws within 1e-4 (decoder and generator on the grid's
// fixed latents, encoder → decoder on the reconstructed images), the discriminator equals its forward pass
// done by hand, and onnx's checker (Python) passes on every file.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { maxAbsDiff as maxDiff } from '../../kernels/test-compare';
import { CpuModel } from '../graph/cpu-model';
import { readGraph, readMetadata } from '../onnx/onnx-reader';
import { cpuExecutor } from './cpu-executor';
import { exportModel, klPerDim } from './model-export';
import { exportedInfo, type ImageExportInfo, NotOurModelError } from './export-info';
import { PIXELS } from './nets';
import { readBlocks } from './plan';
import { parseTrainImages } from './train-data';
import { Trainer } from './trainer';

const images = parseTrainImages(
  inflateSync(readFileSync(new URL('../../../public/models/train/fmnist-10k.bin', import.meta.url))),
  300,
).pixels;
const settings = { hidden: 64, batch: 32, samples: 8, vaeLatent: 6, ganLatent: 12 };

let trainer: Trainer;
let files: Record<string, Uint8Array>;
beforeAll(async () => {
  ort.env.wasm.numThreads = 1;
  trainer = await Trainer.create(cpuExecutor, images, 3, settings);
  await trainer.steps(40);
  const states = await readBlocks(trainer.exec, trainer.plan);
  files = {};
  for (const model of ['vae', 'gan'] as const) {
    const about = { model, step: trainer.step, data: '300 Fashion-MNIST images', images: 300, figures: {} };
    const info = {
      ...about,
      sizes: { latent: model === 'vae' ? 6 : 12, hidden: 64, image: [1, 28, 28] as [1, 28, 28] },
      settings: { seed: 3, batch: 32, learningRate: 1e-3 },
    };
    for (const f of exportModel(info, trainer.plan.blocks, states, trainer.settings).files) files[f.part] = f.bytes;
  }
}, 60_000);

async function run(part: string, feeds: Record<string, { data: Float32Array; dims: number[] }>) {
  const session = await ort.InferenceSession.create(files[part]!, { executionProviders: ['wasm'] });
  const inputs = Object.fromEntries(Object.entries(feeds).map(([k, v]) => [k, new ort.Tensor('float32', v.data, v.dims)]));
  const out = await session.run(inputs);
  const result = Object.fromEntries(session.outputNames.map((n) => [n, { data: out[n]!.data as Float32Array, dims: [...out[n]!.dims] }]));
  await session.release();
  return result;
}

describe('trained models exported as ONNX', () => {
  it('decoder and generator draw the page’s grids from its fixed latents', async () => {
    const page = await trainer.draw();
    const z = trainer.fixedLatents();
    const S = settings.samples;
    const dec = await run('decoder', { z: { data: z.vae, dims: [S, settings.vaeLatent] } });
    expect(dec.image!.dims).toEqual([S, 1, 28, 28]);
    console.log(`decoder: max |onnxruntime − page| = ${maxDiff(dec.image!.data, page.vae).toExponential(2)}`);
    expect(maxDiff(dec.image!.data, page.vae)).toBeLessThan(1e-4);
    const gen = await run('generator', { z: { data: z.gan, dims: [S, settings.ganLatent] } });
    expect(gen.image!.dims).toEqual([S, 1, 28, 28]);
    console.log(`generator: max |onnxruntime − page| = ${maxDiff(gen.image!.data, page.gan).toExponential(2)}`);
    expect(maxDiff(gen.image!.data, page.gan)).toBeLessThan(1e-4);
  });

  it('encoder then decoder give the page’s reconstructions (z = mu)', async () => {
    const page = await trainer.draw();
    const R = page.reconInput.length / PIXELS;
    const enc = await run('encoder', { image: { data: page.reconInput, dims: [R, 1, 28, 28] } });
    expect(enc.mu!.dims).toEqual([R, settings.vaeLatent]);
    expect(enc.logvar!.dims).toEqual([R, settings.vaeLatent]);
    const dec = await run('decoder', { z: { data: enc.mu!.data, dims: [R, settings.vaeLatent] } });
    console.log(`encoder → decoder: max |onnxruntime − page| = ${maxDiff(dec.image!.data, page.recon).toExponential(2)}`);
    expect(maxDiff(dec.image!.data, page.recon)).toBeLessThan(1e-4);
    // the KL per dimension the demo orders its sliders by, from the encoder's mu and logvar on the same images
    const vae = trainer.plan.blocks.find((b) => b.name === 'vae')!;
    const kl = klPerDim(vae, (await readBlocks(trainer.exec, trainer.plan)).vae!, trainer.settings, page.reconInput);
    const mu = enc.mu!.data;
    const lv = enc.logvar!.data;
    for (let z = 0; z < settings.vaeLatent; z++) {
      let want = 0;
      for (let r = 0; r < R; r++) {
        const [m, l] = [mu[r * settings.vaeLatent + z]!, lv[r * settings.vaeLatent + z]!];
        want += (-0.5 * (1 + l - m * m - Math.exp(l))) / R;
      }
      expect(kl[z]).toBeCloseTo(want, 4);
    }
  });

  it('discriminator scores as its forward pass done by hand', async () => {
    const g = readGraph(files.discriminator!);
    const w = (n: string) => g.initializers.get(n)!.data!;
    const [w0, b0, w1, b1] = [
      w('discriminator.0.weight'),
      w('discriminator.0.bias'),
      w('discriminator.1.weight'),
      w('discriminator.1.bias'),
    ];
    const H = settings.hidden;
    const x = images.subarray(0, 4 * PIXELS);
    const want = Array.from({ length: 4 }, (_, r) => {
      let logit = b1[0]!;
      for (let o = 0; o < H; o++) {
        let h = b0[o]!;
        for (let i = 0; i < PIXELS; i++) h += w0[o * PIXELS + i]! * x[r * PIXELS + i]!;
        logit += w1[o]! * (h > 0 ? h : 0.2 * h);
      }
      return 1 / (1 + Math.exp(-logit));
    });
    const got = await run('discriminator', { image: { data: x.slice(), dims: [4, 1, 28, 28] } });
    expect(got.score!.dims).toEqual([4, 1]);
    expect(maxDiff(got.score!.data, want)).toBeLessThan(1e-5);
  });

  it('runs on the cpu engine as on onnxruntime, every part (the encoder’s Split included)', async () => {
    const x = images.slice(0, 3 * PIXELS);
    const feeds: Record<string, Record<string, { data: Float32Array; dims: number[] }>> = {
      encoder: { image: { data: x, dims: [3, 1, 28, 28] } },
      discriminator: { image: { data: x, dims: [3, 1, 28, 28] } },
      decoder: { z: { data: trainer.fixedLatents().vae.slice(0, 3 * settings.vaeLatent), dims: [3, settings.vaeLatent] } },
      generator: { z: { data: trainer.fixedLatents().gan.slice(0, 3 * settings.ganLatent), dims: [3, settings.ganLatent] } },
    };
    for (const [part, feed] of Object.entries(feeds)) {
      const theirs = await run(part, feed);
      const ours = await CpuModel.create(files[part]!, part).run(feed);
      for (const [name, t] of Object.entries(theirs)) {
        expect(ours[name]!.dims, `${part} ${name}`).toEqual(t.dims);
        expect(maxDiff(ours[name]!.data, t.data), `${part} ${name}`).toBeLessThan(1e-4);
      }
    }
  });

  it('carries its description, and tells our files from any other', async () => {
    const info = exportedInfo(readMetadata(files.decoder!)) as ImageExportInfo;
    expect([info.model, info.sizes.latent, info.step]).toEqual(['vae', 6, 40]);
    expect(exportedInfo(readMetadata(files.generator!)).model).toBe('gan');
    const shipped = readFileSync(new URL('../../../public/models/vae/decoder.onnx', import.meta.url));
    expect(() => exportedInfo(readMetadata(new Uint8Array(shipped)))).toThrow(NotOurModelError);
    const forged = new Map([['generative-models-playground', '{"format":"something else"}']]);
    expect(() => exportedInfo(forged)).toThrow(NotOurModelError);
  });

  it('passes onnx’s checker (Python) and keeps the shipped files’ input and output names', () => {
    const dir = mkdtempSync(join(tmpdir(), 'export-'));
    const paths = Object.entries(files).map(([part, bytes]) => {
      const p = join(dir, `${part}.onnx`);
      writeFileSync(p, bytes);
      return p;
    });
    const python = process.env.PYTHON ?? '/usr/bin/python3';
    const script = 'import sys, onnx\nfor p in sys.argv[1:]: onnx.checker.check_model(onnx.load(p), full_check=True)\nprint("ok")';
    expect(execFileSync(python, ['-c', script, ...paths], { encoding: 'utf8' }).trim()).toBe('ok');
    const io = (part: string) => {
      const graph = readGraph(files[part]!);
      return [graph.inputs.map((i) => i.name), graph.outputs.map((o) => o.name)];
    };
    expect(io('encoder')).toEqual([['image'], ['mu', 'logvar']]);
    expect(io('decoder')).toEqual([['z'], ['image']]);
    expect(io('generator')).toEqual([['z'], ['image']]);
    expect(io('discriminator')).toEqual([['image'], ['score']]);
  });
});
