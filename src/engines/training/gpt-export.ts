// The GPT trained on #/train-text as an ONNX file with the shipped transformer/gpt.onnx's inputs and outputs
// (training/transformer.py's CachedGPT): one step with a key/value cache of fixed size, so the transformer
// demo runs it on onnxruntime as it runs ours, and our wgsl engine finds its weights by the same names.
//
//   inputs   tokens  int64 [1, T]           T new characters
//            pos     int64 [1]              cache slots filled already (the position of tokens[0])
//            past_kv float [L, 2, H, C, D]  keys (0) and values (1) per layer; slots ≥ pos are ignored
//   outputs  logits     float [1, T, V]     next-character logits after each new token
//            present_kv float [L, 2, H, C, D]
//            attention  float [L, H, T, C]  attention of the new tokens over the cache slots
//
// The cache is written as CachedGPT writes it: a one-hot matrix of the new positions over the slots
// (write [T, C]) adds the new keys, `keep` [C, 1] zeroes the slots they replace. The GELU is the tanh form
// the tape trains with. Weights are float32, as trained. No DOM.
import { GraphBuilder, writeModel } from '../onnx/onnx-writer';
import { EXPORT_FORMAT, exportMetadata, type ExportedModel, type GptExportInfo, layerTensors } from './export-info';
import type { GptSettings } from './gpt';
import type { Block, BlockState } from './plan';

/** The names of the parameter block's layers, in its order (as the shipped file names torch's parameters). */
function layerNames(layers: number): string[] {
  const perBlock = (i: number) => ['ln1', 'attn.qkv', 'attn.proj', 'ln2', 'fc', 'out'].map((n) => `gpt.blocks.${i}.${n}`);
  return ['gpt.tok_emb', 'gpt.pos_emb', ...Array.from({ length: layers }, (_, i) => perBlock(i)).flat(), 'gpt.ln_f', 'gpt.head'];
}

/** The graph's constants: axes, scalars, the slot numbers and the shapes qkv and the rows are reshaped to. */
function constants(g: GraphBuilder, s: GptSettings) {
  const D = s.embd / s.heads;
  return {
    axis0: g.ints('axes.0', [0]),
    axis1: g.ints('axes.1', [1]),
    zero: g.ints('int.0', [0], []),
    one: g.ints('int.1', [1], []),
    two: g.ints('int.2', [2], []),
    slots: g.ints(
      'slots',
      Array.from({ length: s.context }, (_, i) => i),
    ),
    oneF: g.floats('float.1', [1], []),
    half: g.floats('float.0.5', [0.5], []),
    scale: g.floats('attention.scale', [1 / Math.sqrt(D)], []),
    masked: g.floats('attention.masked', [-1e9], []),
    geluC: g.floats('gelu.c', [Math.sqrt(2 / Math.PI)], []),
    geluK: g.floats('gelu.k', [0.044715], []),
    qkvShape: g.ints('qkv.shape', [-1, 3, s.heads, D]),
    rowsShape: g.ints('rows.shape', [-1, s.embd]),
  };
}
type Constants = ReturnType<typeof constants>;

/** Positions of the new tokens, the slots they write (`writeT` [C, T], `keep` [C, 1]) and may see (`allowed` [T, C]). */
function cacheMasks(g: GraphBuilder, k: Constants) {
  const T = g.op('Gather', [g.op('Shape', ['tokens']), k.one], { axis: 0 });
  const positions = g.op('Add', ['pos', g.op('Range', [k.zero, T, k.one])]);
  const column = g.op('Unsqueeze', [positions, k.axis1]);
  const write = g.op('Cast', [g.op('Equal', [column, k.slots])], { to: 1 }); // [T, C]
  return {
    positions,
    writeT: g.op('Transpose', [write], { perm: { ints: [1, 0] } }),
    keep: g.op('Unsqueeze', [g.op('Sub', [k.oneF, g.op('ReduceSum', [write, k.axis0], { keepdims: 0 })]), k.axis1]),
    allowed: g.op('LessOrEqual', [k.slots, column]),
  };
}

const norm = (g: GraphBuilder, v: string, name: string) =>
  g.op('LayerNormalization', [v, `${name}.weight`, `${name}.bias`], { axis: -1, epsilon: { float: 1e-5 } });
const linear = (g: GraphBuilder, v: string, name: string) => g.op('Gemm', [v, `${name}.weight`, `${name}.bias`], { transB: 1 });

/** Transformer block `l` on the residual stream `x` [T, E]: the new stream, its cache [1, 2, H, C, D], its attention [1, H, T, C]. */
function transformerBlock(g: GraphBuilder, k: Constants, m: ReturnType<typeof cacheMasks>, x: string, l: number) {
  const p = `gpt.blocks.${l}`;
  const heads = g.op('Transpose', [g.op('Reshape', [linear(g, norm(g, x, `${p}.ln1`), `${p}.attn.qkv`), k.qkvShape])], {
    perm: { ints: [1, 2, 0, 3] },
  }); // [3, H, T, D]
  const [q, key, value] = [k.zero, k.one, k.two].map((i) => g.op('Gather', [heads, i], { axis: 0 }));
  const past = g.op('Gather', ['past_kv', g.ints(`layer.${l}`, [l], [])], { axis: 0 }); // [2, H, C, D]
  const cached = (which: string, fresh: string) =>
    g.op('Add', [g.op('Mul', [g.op('Gather', [past, which], { axis: 0 }), m.keep]), g.op('MatMul', [m.writeT, fresh])]);
  const [kAll, vAll] = [cached(k.zero, key!), cached(k.one, value!)]; // [H, C, D]
  const scores = g.op('Mul', [g.op('MatMul', [q!, g.op('Transpose', [kAll], { perm: { ints: [0, 2, 1] } })]), k.scale]);
  const probs = g.op('Softmax', [g.op('Where', [m.allowed, scores, k.masked])], { axis: -1 }); // [H, T, C]
  const mixed = g.op('Transpose', [g.op('MatMul', [probs, vAll])], { perm: { ints: [1, 0, 2] } });
  const attended = g.op('Add', [x, linear(g, g.op('Reshape', [mixed, k.rowsShape]), `${p}.attn.proj`)]);
  const f = linear(g, norm(g, attended, `${p}.ln2`), `${p}.fc`);
  const cube = g.op('Mul', [g.op('Mul', [f, f]), f]);
  const inner = g.op('Mul', [g.op('Add', [f, g.op('Mul', [cube, k.geluK])]), k.geluC]);
  const gelu = g.op('Mul', [g.op('Mul', [f, g.op('Add', [g.op('Tanh', [inner]), k.oneF])]), k.half]);
  const pair = g.op('Concat', [g.op('Unsqueeze', [kAll, k.axis0]), g.op('Unsqueeze', [vAll, k.axis0])], { axis: 0 });
  return {
    x: g.op('Add', [attended, linear(g, gelu, `${p}.out`)]),
    present: g.op('Unsqueeze', [pair, k.axis0]),
    attention: g.op('Unsqueeze', [probs, k.axis0]),
  };
}

/** The GPT as the bytes of an .onnx file (`metadata`: key → value pairs stored in it). */
export function exportGptGraph(net: Block, state: BlockState, s: GptSettings, metadata: Record<string, string>): Uint8Array {
  const { layers: L, heads: H, embd: E, context: C, vocab: V } = s;
  const g = new GraphBuilder();
  const names = layerNames(L);
  net.layers.forEach((layer, i) => {
    const [w, b] = layerTensors(state, layer, names[i]!);
    if (layer.init === 'norm') w!.dims = [layer.out]; // a layer norm's γ is a vector, not a [out, 1] matrix
    // the embedding tables carry no bias (the block layout reserves one slot per row, never trained)
    g.initializers.push(...(i < 2 ? [w!] : [w!, b!]));
  });
  const k = constants(g, s);
  const m = cacheMasks(g, k);
  let x = g.op('Add', [
    g.op('Gather', ['gpt.tok_emb.weight', g.op('Squeeze', ['tokens', k.axis0])], { axis: 0 }),
    g.op('Gather', ['gpt.pos_emb.weight', m.positions], { axis: 0 }),
  ]);
  const blocks = [];
  for (let l = 0; l < L; l++) {
    const b = transformerBlock(g, k, m, x, l);
    blocks.push(b);
    x = b.x;
  }
  g.op('Unsqueeze', [linear(g, norm(g, x, 'gpt.ln_f'), 'gpt.head'), k.axis0], undefined, 'logits');
  g.op(
    'Concat',
    blocks.map((b) => b.present),
    { axis: 0 },
    'present_kv',
  );
  g.op(
    'Concat',
    blocks.map((b) => b.attention),
    { axis: 0 },
    'attention',
  );
  const cache = [L, 2, H, C, E / H];
  return writeModel({
    name: 'gpt (trained in the Generative Models Playground)',
    nodes: g.nodes,
    initializers: g.initializers,
    inputs: [
      { name: 'tokens', type: 7, shape: [1, 'T'] },
      { name: 'pos', type: 7, shape: [1] },
      { name: 'past_kv', shape: cache },
    ],
    outputs: [
      { name: 'logits', shape: [1, 'T', V] },
      { name: 'present_kv', shape: cache },
      { name: 'attention', shape: [L, H, 'T', C] },
    ],
    metadata,
  });
}

/** The trained GPT's file, carrying `info` in its metadata. */
export function exportGpt(
  info: Omit<GptExportInfo, 'format' | 'exportedAt' | 'model'>,
  net: Block,
  state: BlockState,
  s: GptSettings,
): ExportedModel<GptExportInfo> {
  const full: GptExportInfo = { format: EXPORT_FORMAT, model: 'gpt', ...info, exportedAt: new Date().toISOString() };
  return { files: [{ part: 'gpt', name: 'gpt.onnx', bytes: exportGptGraph(net, state, s, exportMetadata(full)) }], info: full };
}
