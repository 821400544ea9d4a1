// The ONNX graph reader against the shipped image models: op counts, attributes, the Reshape targets
// (int64 tensors) and the graph inputs and outputs, as onnx in Python reads them.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { type Initializer, readGraph } from './onnx-reader';

const MODELS = new URL('../../../public/models/', import.meta.url);
const load = async (p: string) => readGraph(new Uint8Array(await readFile(new URL(p, MODELS))));
const count = (ops: string[]) => {
  const c: Record<string, number> = {};
  for (const o of ops) c[o] = (c[o] ?? 0) + 1;
  return c;
};

describe('readGraph', () => {
  it('reads the VAE decoder: ops, conv attributes, the Reshape target, I/O', async () => {
    const g = await load('vae/decoder.onnx');
    expect(count(g.nodes.map((n) => n.op))).toEqual({ Gemm: 2, Sigmoid: 5, Mul: 4, Constant: 1, Reshape: 1, Conv: 1, ConvTranspose: 2 });
    const deconv = g.nodes.find((n) => n.op === 'ConvTranspose')!;
    expect(deconv.attributes).toMatchObject({ kernel_shape: [4, 4], pads: [1, 1, 1, 1], strides: [2, 2], group: 1 });
    const gemm = g.nodes.find((n) => n.op === 'Gemm')!;
    expect(gemm.attributes).toMatchObject({ alpha: 1, beta: 1, transB: 1 });
    const shape = g.nodes.find((n) => n.op === 'Constant')!.attributes.value as Initializer;
    expect(shape.dataType).toBe(7);
    expect(shape.ints).toEqual([-1, 64, 7, 7]);
    expect(g.inputs).toEqual([{ name: 'z', shape: ['batch', 16] }]);
    expect(g.outputs[0].name).toBe('image');
    expect(g.outputs[0].shape.slice(0, 2)).toEqual(['batch', 1]);
  });

  it('reads the GAN generator and the diffusion U-Net', async () => {
    const gan = await load('gan/generator.onnx');
    expect(count(gan.nodes.map((n) => n.op))).toMatchObject({ Gemm: 1, BatchNormalization: 3, ConvTranspose: 2, Conv: 1, Sigmoid: 1 });
    expect(gan.nodes.find((n) => n.op === 'BatchNormalization')!.attributes.epsilon).toBeCloseTo(1e-5, 9);
    const unet = await load('diffusion/unet.onnx');
    expect(unet.nodes.length).toBe(427);
    expect(unet.inputs.map((i) => i.name)).toEqual(['x', 't', 'label']);
    expect(unet.inputs[0].shape).toEqual(['batch', 1, 28, 28]);
    expect(count(unet.nodes.map((n) => n.op))).toMatchObject({ Conv: 26, InstanceNormalization: 18, Resize: 2, Softmax: 1 });
    // every node input is a graph input, an initializer or an earlier node's output (file order is topological)
    const known = new Set([...unet.inputs.map((i) => i.name), ...unet.initializers.keys(), '']);
    for (const n of unet.nodes) {
      for (const i of n.inputs) expect(known.has(i), `${n.name} reads ${i}`).toBe(true);
      n.outputs.forEach((o) => {
        known.add(o);
      });
    }
  });
});
