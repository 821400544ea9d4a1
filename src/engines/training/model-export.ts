// The live-trained VAE and GAN as ONNX files with the shipped files' inputs and outputs, so that stock
// onnxruntime, our demos and anyone's code open them: the VAE's encoder (image → mu, logvar) and decoder
// (z → image), the GAN's generator (z → image) and discriminator (image → score in (0, 1)). Weights are
// float32 (a few hundred KB each), so a file's outputs equal the page's within float32 rounding.
// No DOM: the training worker calls it on its snapshot's weights.
//
//   encoder:       image [batch, 1, 28, 28] → Flatten → Gemm → Relu → Gemm → Split(Z, Z) → mu, logvar [batch, Z]
//   decoder:       z [batch, Z] → Gemm → Relu → Gemm → Sigmoid → Reshape → image [batch, 1, 28, 28]
//   generator:     z [batch, G] → Gemm → LeakyRelu(0.2) → Gemm → Sigmoid → Reshape → image [batch, 1, 28, 28]
//   discriminator: image → Flatten → Gemm → LeakyRelu(0.2) → Gemm → Sigmoid → score [batch, 1]
import { type NodeInput, type TensorInput, writeModel } from '../onnx/onnx-writer';
import type { NetSettings } from './nets';
import type { Block, BlockState, Layer } from './plan';

export type ExportedPart = 'encoder' | 'decoder' | 'generator' | 'discriminator';
export const EXPORTED_PARTS: Record<'vae' | 'gan', readonly ExportedPart[]> = { vae: ['encoder', 'decoder'], gan: ['generator', 'discriminator'] };

/** What an exported file says about itself (also written into its metadata and the JSON beside it). */
export interface ExportInfo {
  /** the format of this description */
  format: 'generative-models-playground/trained-model@1';
  model: 'vae' | 'gan';
  files: { part: ExportedPart; name: string; bytes: number; inputs: string[]; outputs: string[] }[];
  /** latent width (z's second dimension), hidden width, image size */
  sizes: { latent: number; hidden: number; image: [1, 28, 28] };
  settings: { seed: number; batch: number; learningRate: number };
  step: number;
  /** where the images came from, in words */
  data: string;
  /** the last losses and the yardstick's figures when there were any */
  figures: Record<string, number>;
  exportedAt: string;
}

const IMAGE: (number | string)[] = ['batch', 1, 28, 28];
const LEAK = 0.2;

/** A layer's weight [out, in] and bias [out] as initializers named `<prefix>.weight`, `<prefix>.bias`. */
function layerTensors(state: BlockState, l: Layer, prefix: string): TensorInput[] {
  return [
    { name: `${prefix}.weight`, dims: [l.out, l.in], data: state.p.slice(l.w, l.w + l.out * l.in) },
    { name: `${prefix}.bias`, dims: [l.out], data: state.p.slice(l.b, l.b + l.out) },
  ];
}

const gemm = (x: string, prefix: string, y: string): NodeInput => ({
  op: 'Gemm',
  inputs: [x, `${prefix}.weight`, `${prefix}.bias`],
  outputs: [y],
  attributes: { transB: 1 },
});

const act = (op: 'Relu' | 'LeakyRelu' | 'Sigmoid', x: string, y: string): NodeInput =>
  op === 'LeakyRelu' ? { op, inputs: [x], outputs: [y], attributes: { alpha: { float: LEAK } } } : { op, inputs: [x], outputs: [y] };

/** Two linear layers with an activation between them, from `x` to `y`. */
function twoLayers(state: BlockState, [a, b]: readonly Layer[], names: [string, string], hidden: 'Relu' | 'LeakyRelu', x: string, y: string) {
  return {
    nodes: [gemm(x, names[0], 'h.pre'), act(hidden, 'h.pre', 'h'), gemm('h', names[1], y)],
    tensors: [...layerTensors(state, a!, names[0]), ...layerTensors(state, b!, names[1])],
  };
}

const shapeTensor = (name: string, dims: number[]): TensorInput => ({ name, dims: [dims.length], data: BigInt64Array.from(dims.map(BigInt)) });

/** One part of a trained model as the bytes of an .onnx file. */
export function exportPart(part: ExportedPart, blocks: readonly Block[], states: Record<string, BlockState>, s: NetSettings, metadata: Record<string, string>): Uint8Array {
  const block = (name: string) => {
    const b = blocks.find((x) => x.name === name);
    const st = states[name];
    if (!b || !st) throw new Error(`no ${name} network to export`);
    return { layers: b.layers, st };
  };
  const flatten: NodeInput = { op: 'Flatten', inputs: ['image'], outputs: ['pixels'], attributes: { axis: 1 } };
  const toImage = (x: string): NodeInput[] => [act('Sigmoid', x, 'flat'), { op: 'Reshape', inputs: ['flat', 'image.shape'], outputs: ['image'] }];
  const common = { name: `${part} (trained in the Generative Models Playground)`, metadata };
  if (part === 'encoder') {
    const { layers, st } = block('vae');
    const net = twoLayers(st, layers.slice(0, 2), ['encoder.0', 'encoder.1'], 'Relu', 'pixels', 'stats');
    const Z = s.vaeLatent;
    return writeModel({
      ...common,
      nodes: [flatten, ...net.nodes, { op: 'Split', inputs: ['stats', 'split'], outputs: ['mu', 'logvar'], attributes: { axis: 1 } }],
      initializers: [...net.tensors, { name: 'split', dims: [2], data: BigInt64Array.of(BigInt(Z), BigInt(Z)) }],
      inputs: [{ name: 'image', shape: IMAGE }],
      outputs: [
        { name: 'mu', shape: ['batch', Z] },
        { name: 'logvar', shape: ['batch', Z] },
      ],
    });
  }
  if (part === 'decoder' || part === 'generator') {
    const vae = part === 'decoder';
    const { layers, st } = block(vae ? 'vae' : 'gen');
    const names: [string, string] = vae ? ['decoder.0', 'decoder.1'] : ['generator.0', 'generator.1'];
    const net = twoLayers(st, vae ? layers.slice(2, 4) : layers, names, vae ? 'Relu' : 'LeakyRelu', 'z', 'logits');
    return writeModel({
      ...common,
      nodes: [...net.nodes, ...toImage('logits')],
      initializers: [...net.tensors, shapeTensor('image.shape', [-1, 1, 28, 28])],
      inputs: [{ name: 'z', shape: ['batch', vae ? s.vaeLatent : s.ganLatent] }],
      outputs: [{ name: 'image', shape: IMAGE }],
    });
  }
  const { layers, st } = block('disc');
  const net = twoLayers(st, layers, ['discriminator.0', 'discriminator.1'], 'LeakyRelu', 'pixels', 'logit');
  return writeModel({
    ...common,
    nodes: [flatten, ...net.nodes, act('Sigmoid', 'logit', 'score')],
    initializers: net.tensors,
    inputs: [{ name: 'image', shape: IMAGE }],
    outputs: [{ name: 'score', shape: ['batch', 1] }],
  });
}
