// The graph planner on the shipped models, in Node (no GPU): which nodes each fusion pass absorbs, what is
// folded when planning, and how many dispatches a call records — the figures the browser parity tests run.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { type OnnxGraph, readGraph } from '../onnx/onnx-reader';
import { fuse } from './fusion';
import { UnsupportedOpError } from './plan-context';
import { type GraphPlan, planGraph } from './planner';

const MODELS = new URL('../../../public/models/', import.meta.url);
const load = async (p: string) => readGraph(new Uint8Array(await readFile(new URL(p, MODELS))));
const names = (g: OnnxGraph, at: Iterable<number>) => [...at].map((i) => g.nodes[i].name);
const count = (xs: string[]) => {
  const c: Record<string, number> = {};
  for (const x of xs) c[x] = (c[x] ?? 0) + 1;
  return c;
};
const kernels = (p: GraphPlan) => count(p.dispatches.map((d) => d.kernel));

describe('fusion passes (pure, over the parsed graph)', () => {
  it('VAE decoder: SiLU pairs, and each convolution takes the SiLU or sigmoid after it', async () => {
    const g = await load('vae/decoder.onnx');
    const f = fuse(g);
    expect(names(g, f.silu.muls.keys())).toEqual([
      '/dec/fc/fc.1/Mul',
      '/dec/fc/fc.3/Mul',
      '/dec/deconv/deconv.1/Mul',
      '/dec/deconv/deconv.3/Mul',
    ]);
    expect(names(g, f.silu.sigmoids)).toEqual([
      '/dec/fc/fc.1/Sigmoid',
      '/dec/fc/fc.3/Sigmoid',
      '/dec/deconv/deconv.1/Sigmoid',
      '/dec/deconv/deconv.3/Sigmoid',
    ]);
    expect([...f.epilogues].map(([i, e]) => [g.nodes[i].name, e.act, e.bn?.name, names(g, e.nodes)])).toEqual([
      ['/dec/deconv/deconv.0/Conv', 'silu', undefined, ['/dec/deconv/deconv.1/Mul']],
      ['/dec/deconv/deconv.2/ConvTranspose', 'silu', undefined, ['/dec/deconv/deconv.3/Mul']],
      ['/dec/deconv/deconv.4/ConvTranspose', 'sigmoid', undefined, ['/Sigmoid']],
    ]);
    expect(f.groupNorms.size).toBe(0);
  });

  it('GAN generator: batch norm and ReLU / sigmoid into the convolutions; discriminator: nothing to fuse', async () => {
    const g = await load('gan/generator.onnx');
    const f = fuse(g);
    expect([...f.epilogues].map(([i, e]) => [g.nodes[i].name, e.bn?.name, e.act, names(g, e.nodes)])).toEqual([
      ['/g/net/net.0/ConvTranspose', '/g/net/net.1/BatchNormalization', 'relu', ['/g/net/net.1/BatchNormalization', '/g/net/net.2/Relu']],
      ['/g/net/net.3/ConvTranspose', '/g/net/net.4/BatchNormalization', 'relu', ['/g/net/net.4/BatchNormalization', '/g/net/net.5/Relu']],
      ['/g/net/net.6/Conv', undefined, 'sigmoid', ['/g/net/net.7/Sigmoid']],
    ]);
    // the first batch norm follows a Gemm, not a convolution: not fused (it runs on the CPU)
    expect(f.skipped.has(g.nodes.findIndex((n) => n.name === '/g/fc/fc.1/BatchNormalization'))).toBe(false);
    const d = fuse(await load('gan/discriminator.onnx'));
    expect([d.silu.muls.size, d.groupNorms.size, d.epilogues.size, d.skipped.size]).toEqual([0, 0, 0, 0]);
  });

  it('diffusion U-Net: 18 group norms (Reshape → InstanceNormalization → Reshape → Mul → Add, SiLU after most)', async () => {
    const g = await load('diffusion/unet.onnx');
    const f = fuse(g);
    const norms = [...f.groupNorms.values()];
    expect(norms.length).toBe(18);
    for (const gn of norms) {
      const ops = gn.nodes.map((i) => g.nodes[i].op);
      expect(ops).toEqual(
        gn.act === 'silu' ? ['InstanceNormalization', 'Reshape', 'Mul', 'Add', 'Mul'] : ['InstanceNormalization', 'Reshape', 'Mul', 'Add'],
      );
      expect(g.nodes[g.nodes.findIndex((n) => n.outputs.includes(g.nodes[gn.norm].inputs[0]))].op).toBe('Reshape'); // the first Reshape stays
      expect(gn.eps).toBeCloseTo(1e-5, 9);
    }
    expect(count(norms.map((n) => n.act))).toEqual({ silu: 17, none: 1 });
    // SiLU pairs not inside a group norm run as one `unary` dispatch each (the embeddings' on the CPU)
    expect(f.silu.muls.size).toBe(19);
    expect(f.epilogues.size).toBe(0); // every convolution is followed by a group norm or a residual Add
  });
});

describe('plans of the shipped models (dispatches per call, as the browser runs them)', () => {
  const cases: [string, string, Record<string, number[]>, number, Record<string, number>][] = [
    ['VAE decoder', 'vae/decoder.onnx', { z: [1, 16] }, 3, { convDirect: 3 }],
    ['VAE encoder', 'vae/encoder.onnx', { image: [2, 1, 28, 28] }, 7, { convDirect: 3, matmul: 3, unary: 1 }],
    ['GAN generator', 'gan/generator.onnx', { z: [2, 64] }, 3, { convDirect: 3 }],
    ['GAN discriminator', 'gan/discriminator.onnx', { image: [1, 1, 28, 28] }, 8, { convDirect: 3, unary: 4, matmul: 1 }],
    [
      'diffusion U-Net',
      'diffusion/unet.onnx',
      { x: [2, 1, 28, 28], t: [2], label: [2] },
      78,
      { convDirect: 26, groupNorm: 18, binary: 18, split: 3, transpose: 2, bmm: 2, softmax: 1, concat: 6, upsample: 2 },
    ],
  ];
  for (const [model, path, shapes, dispatches, byKernel] of cases) {
    it(`${model}: ${dispatches} dispatches`, async () => {
      const plan = planGraph(await load(path), model, shapes);
      expect(plan.dispatches.length).toBe(dispatches);
      expect(kernels(plan)).toEqual(byKernel);
      // the same count at another batch size: nothing in the plan depends on it
      const other = Object.fromEntries(Object.entries(shapes).map(([n, d]) => [n, [d[0] + 1, ...d.slice(1)]]));
      expect(planGraph(await load(path), model, other).dispatches.length).toBe(dispatches);
    });
  }

  it("folds constant subgraphs when planning: the discriminator's spectral norm, the generator's reshape shape", async () => {
    const g = await load('gan/discriminator.onnx');
    const plan = planGraph(g, 'GAN discriminator', { image: [1, 1, 28, 28] });
    const spectral = g.nodes.map((n, i) => [n, i] as const).filter(([n]) => n.name.includes('/weight/'));
    expect(spectral.length).toBe(16); // Flatten, MatMul, MatMul, Div for each of the 4 layers
    for (const [n, i] of spectral) expect(plan.placement[i], n.name).toBe('plan-time');
    // the input scaling (x · 2 − 1) on the CPU each call, from the call's image: 784 values
    expect(
      names(
        g,
        plan.placement.flatMap((p, i) => (p === 'per-call' ? [i] : [])),
      ),
    ).toEqual(['/Mul', '/Sub']);
    const gen = await load('gan/generator.onnx');
    const gp = planGraph(gen, 'GAN generator', { z: [1, 64] });
    // linear + batch norm + ReLU on the CPU per call (64 inputs); the reshape of its result too
    expect(
      names(
        gen,
        gp.placement.flatMap((p, i) => (p === 'per-call' ? [i] : [])),
      ),
    ).toEqual(['/g/fc/fc.0/Gemm', '/g/fc/fc.1/BatchNormalization', '/g/fc/fc.2/Relu', '/g/Reshape']);
    expect(gp.uploads.length).toBe(1);
  });

  it("reuses slots: the U-Net's 78 dispatches write into 25 buffers, its inputs and CPU values upload into pinned ones", async () => {
    const plan = planGraph(await load('diffusion/unet.onnx'), 'diffusion U-Net', { x: [2, 1, 28, 28], t: [2], label: [2] });
    expect(plan.slotBytes.length).toBe(25);
    expect(plan.uploads.length).toBe(9);
    const uploaded = new Set(plan.uploads.map((u) => u.slot));
    // no dispatch writes into a slot the call uploads into (a kernel's output is its highest binding, but for
    // conv `direct`'s packed weights at 5)
    const written = plan.dispatches.map(
      (d) =>
        d.buffers[
          Math.max(
            ...Object.keys(d.buffers)
              .map(Number)
              .filter((b) => b !== 5),
          )
        ],
    );
    expect(written.filter((s) => typeof s === 'number' && uploaded.has(s))).toEqual([]);
  });

  it('stops at an op without a lowering, naming it and the model', async () => {
    const g = await load('vae/decoder.onnx');
    const broken = { ...g, nodes: g.nodes.map((n) => (n.op === 'Conv' ? { ...n, op: 'ConvTranspoze' } : n)) };
    expect(() => planGraph(broken, 'VAE decoder', { z: [1, 16] })).toThrow(UnsupportedOpError);
    expect(() => planGraph(broken, 'VAE decoder', { z: [1, 16] })).toThrow(
      /cannot run VAE decoder: it has no kernel for the ONNX op "ConvTranspoze"/,
    );
  });
});
