// The live-trained VAE and GAN as ONNX files with the shipped files' inputs and outputs, so that stock
// onnxruntime, our demos and anyone's code open them: the VAE's encoder (image → mu, logvar) and decoder
// (z → image), the GAN's generator (z → image) and discriminator (image → score in (0, 1)). Weights are
// float32 (a few hundred KB each), so a file's outputs equal the page's within float32 rounding.
// No DOM: the training worker calls it on its snapshot's weights.
//
//   encoder:       image [batch, 1, 28, 28] → Flatten → Gemm → Relu → Gemm → Split(Z, Z) → mu, logvar [batch, Z]
//   decoder:       z [batch, Z] → Gemm → Relu → Gemm → Reshape → Sigmoid → image [batch, 1, 28, 28]
//   generator:     z [batch, G] → Gemm → LeakyRelu(0.2) → Gemm → Reshape → Sigmoid → image [batch, 1, 28, 28]
//   discriminator: image → Flatten → Gemm → LeakyRelu(0.2) → Gemm → Sigmoid → score [batch, 1]
import { type NodeInput, type TensorInput, writeModel } from '../onnx/onnx-writer';
import {
  EXPORT_FORMAT,
  EXPORTED_PARTS,
  type ExportedFile,
  type ExportedPart,
  exportedName,
  exportMetadata,
  type ImageExportInfo,
  layerTensors,
} from './export-info';
import { type NetSettings, PIXELS } from './nets';
import type { Block, BlockState, Layer } from './plan';

export type ImagePart = Exclude<ExportedPart, 'gpt' | 'field'>;

const IMAGE: (number | string)[] = ['batch', 1, 28, 28];
const LEAK = 0.2;

const gemm = (x: string, prefix: string, y: string): NodeInput => ({
  op: 'Gemm',
  inputs: [x, `${prefix}.weight`, `${prefix}.bias`],
  outputs: [y],
  attributes: { transB: 1 },
});

const act = (op: 'Relu' | 'LeakyRelu' | 'Sigmoid', x: string, y: string): NodeInput =>
  op === 'LeakyRelu' ? { op, inputs: [x], outputs: [y], attributes: { alpha: { float: LEAK } } } : { op, inputs: [x], outputs: [y] };

/** Two linear layers with an activation between them, from `x` to `y`. */
function twoLayers(
  state: BlockState,
  [a, b]: readonly Layer[],
  names: [string, string],
  hidden: 'Relu' | 'LeakyRelu',
  x: string,
  y: string,
) {
  return {
    nodes: [gemm(x, names[0], 'h.pre'), act(hidden, 'h.pre', 'h'), gemm('h', names[1], y)],
    tensors: [...layerTensors(state, a!, names[0]), ...layerTensors(state, b!, names[1])],
  };
}

const shapeTensor = (name: string, dims: number[]): TensorInput => ({
  name,
  dims: [dims.length],
  data: BigInt64Array.from(dims.map(BigInt)),
});

/** One part of a trained model as the bytes of an .onnx file (`metadata`: key → value pairs stored in it). */
export function exportPart(
  part: ImagePart,
  blocks: readonly Block[],
  states: Record<string, BlockState>,
  s: NetSettings,
  metadata: Record<string, string>,
): Uint8Array {
  const block = (name: string) => {
    const b = blocks.find((x) => x.name === name);
    const st = states[name];
    if (!b || !st) throw new Error(`no ${name} network to export`);
    return { layers: b.layers, st };
  };
  const flatten: NodeInput = { op: 'Flatten', inputs: ['image'], outputs: ['pixels'], attributes: { axis: 1 } };
  // reshaped before the sigmoid, so the output is an op's result (our wgsl engine keeps outputs on the GPU so)
  const toImage = (x: string): NodeInput[] => [
    { op: 'Reshape', inputs: [x, 'image.shape'], outputs: ['logits.image'] },
    act('Sigmoid', 'logits.image', 'image'),
  ];
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

/**
 * The VAE encoder's KL divergence from the prior per latent dimension, averaged over `images` (rows of 784
 * pixels, at most `limit` of them): how much each dimension carries, which orders the demo's sliders.
 */
export function klPerDim(block: Block, state: BlockState, s: NetSettings, images: Float32Array, limit = 500): number[] {
  const [enc1, enc2] = block.layers as [Layer, Layer];
  const p = state.p;
  const Z = s.vaeLatent;
  const n = Math.min(limit, Math.floor(images.length / PIXELS));
  const kl = new Float64Array(Z);
  const h = new Float32Array(enc1.out);
  for (let r = 0; r < n; r++) {
    const x = images.subarray(r * PIXELS, (r + 1) * PIXELS);
    for (let o = 0; o < enc1.out; o++) {
      let sum = p[enc1.b + o]!;
      const w = enc1.w + o * PIXELS;
      for (let i = 0; i < PIXELS; i++) sum += p[w + i]! * x[i]!;
      h[o] = Math.max(sum, 0);
    }
    const out = (o: number) => {
      let sum = p[enc2.b + o]!;
      const w = enc2.w + o * enc2.in;
      for (let i = 0; i < enc2.in; i++) sum += p[w + i]! * h[i]!;
      return sum;
    };
    for (let z = 0; z < Z; z++) {
      const [mu, logvar] = [out(z), out(Z + z)];
      kl[z] += -0.5 * (1 + logvar - mu * mu - Math.exp(logvar));
    }
  }
  return Array.from(kl, (v) => v / Math.max(n, 1));
}

/** The trained model's files, each carrying `info` in its metadata. */
export function exportModel(
  info: Omit<ImageExportInfo, 'format' | 'exportedAt'>,
  blocks: readonly Block[],
  states: Record<string, BlockState>,
  s: NetSettings,
): { files: ExportedFile[]; info: ImageExportInfo } {
  const full: ImageExportInfo = { format: EXPORT_FORMAT, ...info, exportedAt: new Date().toISOString() };
  const metadata = exportMetadata(full);
  const files = EXPORTED_PARTS[info.model].map((part) => ({
    part,
    name: exportedName(info.model, part),
    bytes: exportPart(part as ImagePart, blocks, states, s, metadata),
  }));
  return { files, info: full };
}
