// Host side of sequence.wgsl: the specs to compile (train.wgsl's Params) and each operation's params from its
// shapes and element offsets. CPU references: sequence-reference.ts.
import sequenceWgsl from './sequence.wgsl?raw';
import { flatGrid, type Grid, kernelSpec } from '../gpu';
import type { AttentionShape } from './sequence-reference';
import { TRAIN_PARAMS, type TrainCall, type TrainParams } from './train';

const spec = (entry: string) => kernelSpec('sequence', sequenceWgsl, entry, TRAIN_PARAMS);
export const SEQUENCE_KERNELS = {
  layerNorm: spec('layer_norm'),
  layerNormGrad: spec('layer_norm_grad'),
  layerNormParamGrad: spec('layer_norm_param_grad'),
  embeddingGrad: spec('embedding_grad'),
  softmaxXent: spec('softmax_xent'),
  attention: spec('attention'),
  attentionGradQ: spec('attention_grad_q'),
  attentionGradKv: spec('attention_grad_kv'),
} as const;
export type SequenceKernel = keyof typeof SEQUENCE_KERNELS;

const ZERO: TrainParams = Object.fromEntries(Object.keys(TRAIN_PARAMS.fields).map((k) => [k, 0])) as TrainParams;
const call = (p: Partial<TrainParams>, grid: Grid): TrainCall => ({ params: { ...ZERO, ...p }, grid });
/** One workgroup per row, rows beyond 65,535 in the grid's second dimension. */
const rows = (M: number): Grid => [Math.min(M, 65535), Math.ceil(M / 65535)];

/** Layer norm of M rows of N (bindings: 1 x, 2 the block's parameters, 4 y, 5 x̂); γ at `gamma`, β at `beta`. */
export function layerNormCall(
  M: number,
  N: number,
  eps: number,
  o: { x: number; gamma: number; beta: number; y: number; xhat: number },
): TrainCall {
  return call({ M, N, eps, oa: o.x, ob: o.gamma, obias: o.beta, oc: o.y, orow: o.xhat }, rows(M));
}

/** dx of layer norm (bindings: 1 x, 2 the block's parameters, 3 dy, 4 dx). */
export function layerNormGradCall(M: number, N: number, eps: number, o: { x: number; gamma: number; dy: number; dx: number }): TrainCall {
  return call({ M, N, eps, oa: o.x, ob: o.gamma, obias: o.dy, oc: o.dx }, rows(M));
}

/** dγ and dβ (bindings: 1 dy, 2 x̂, 4 the block's gradient). */
export function layerNormParamGradCall(M: number, N: number, o: { dy: number; xhat: number; dgamma: number; dbeta: number }): TrainCall {
  return call({ M, N, oa: o.dy, ob: o.xhat, oc: o.dgamma, orow: o.dbeta }, [Math.ceil(N / 64)]);
}

/** An embedding table's gradient [V, D] from M looked-up rows (bindings: 1 dy, 2 the rows' indices, 4 the block's gradient). */
export function embeddingGradCall(M: number, V: number, D: number, o: { dy: number; idx: number; dtable: number }): TrainCall {
  return call({ M, N: V, K: D, oa: o.dy, ob: o.idx, oc: o.dtable }, flatGrid(V * D));
}

/** Softmax cross-entropy over V logits per row (bindings: 1 logits, 2 targets, 4 gradient, 5 row losses). */
export function softmaxXentCall(
  M: number,
  V: number,
  scale: number,
  o: { logits: number; target: number; grad: number; row: number },
): TrainCall {
  return call({ M, N: V, scale, oa: o.logits, ob: o.target, oc: o.grad, orow: o.row }, rows(M));
}

const shapeParams = (s: AttentionShape) => ({ M: s.B, N: s.T, K: s.C, count: s.H });

/** Causal self-attention (bindings: 1 qkv, 4 y, 5 the weights p). */
export function attentionCall(s: AttentionShape, o: { qkv: number; y: number; p: number }): TrainCall {
  return call({ ...shapeParams(s), oa: o.qkv, oc: o.y, orow: o.p }, flatGrid(s.B * s.H * s.T));
}

/**
 * Its backward pass, two dispatches on the same bindings (1 qkv, 2 p, 3 dy, 4 dqkv, 5 a scratch of B·H·T
 * floats): the q columns first, then the k and v columns.
 */
export function attentionGradCalls(
  s: AttentionShape,
  o: { qkv: number; p: number; dy: number; dqkv: number; scratch: number },
): TrainCall[] {
  const c = call({ ...shapeParams(s), oa: o.qkv, ob: o.p, obias: o.dy, oc: o.dqkv, orow: o.scratch }, flatGrid(s.B * s.H * s.T));
  return [c, c];
}
