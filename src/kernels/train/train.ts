// Host side of train.wgsl: one Params declaration for all its entry points, the specs to compile, and the
// params of each operation from its shapes and element offsets. CPU references: train-reference.ts.
import trainWgsl from './train.wgsl?raw';
import { type Grid, flatGrid, kernelSpec } from '../gpu';
import { declareEnum, declareParams, type ParamsOf } from '../params';
import { ACTIVATION, ACTIVATION_WGSL, type Activation } from '../elementwise/activation';
import type { AdamSettings } from './train-reference';

export const LOSS = declareEnum('LOSS', ['bce', 'mse']);
export type Loss = (typeof LOSS.names)[number];

export const TRAIN_PARAMS = declareParams(
  {
    M: 'u32',
    N: 'u32',
    K: 'u32',
    /** element offsets of the operands (in1, in2, in3 / bias) and of the outputs (out1, out2 per row) */
    oa: 'u32',
    ob: 'u32',
    obias: 'u32',
    oc: 'u32',
    orow: 'u32',
    /** matmul strides: a[m, k] at oa + m·sam + k·sak, b[k, n] at ob + k·sbk + n·sbn */
    sam: 'u32',
    sak: 'u32',
    sbk: 'u32',
    sbn: 'u32',
    /** matmul: 1 adds in3[obias + n] */
    bias: 'u32',
    count: 'u32',
    act: 'u32',
    alpha: 'f32',
    kind: 'u32',
    scale: 'f32',
    lr: 'f32',
    beta1: 'f32',
    beta2: 'f32',
    eps: 'f32',
    c1: 'f32',
    c2: 'f32',
  },
  [ACTIVATION_WGSL, LOSS.wgsl],
);
export type TrainParams = ParamsOf<typeof TRAIN_PARAMS>;

const spec = (entry: string) => kernelSpec('train', trainWgsl, entry, TRAIN_PARAMS);
export const TRAIN_KERNELS = {
  matmul: spec('matmul'),
  colsum: spec('colsum'),
  act: spec('act'),
  actGrad: spec('act_grad'),
  loss: spec('loss'),
  reparam: spec('reparam'),
  reparamGrad: spec('reparam_grad'),
  adam: spec('adam'),
  gather: spec('gather'),
  stat: spec('stat'),
  add: spec('add'),
  mix: spec('mix'),
  sinusoid: spec('sinusoid'),
} as const;
export type TrainKernel = keyof typeof TRAIN_KERNELS;

const ZERO: TrainParams = {
  M: 0,
  N: 0,
  K: 0,
  oa: 0,
  ob: 0,
  obias: 0,
  oc: 0,
  orow: 0,
  sam: 0,
  sak: 0,
  sbk: 0,
  sbn: 0,
  bias: 0,
  count: 0,
  act: 0,
  alpha: 0,
  kind: 0,
  scale: 0,
  lr: 0,
  beta1: 0,
  beta2: 0,
  eps: 0,
  c1: 1,
  c2: 1,
};

/** What one dispatch of a train.wgsl entry needs: its params and grid. */
export interface TrainCall {
  params: TrainParams;
  grid: Grid;
}

const call = (p: Partial<TrainParams>, grid: Grid): TrainCall => ({ params: { ...ZERO, ...p }, grid });
const tiles = (M: number, N: number): Grid => [Math.ceil(N / 16), Math.ceil(M / 16)];

/** Offsets of a linear layer's operands: x (or dy) in its tensor, w and b in the block's parameters. */
export interface LinearAt {
  x: number;
  w: number;
  b: number;
  y: number;
}

/** y[M, N] = x[M, K] · w[N, K]ᵀ + b (bindings: 1 x, 2 w, 3 b, 4 y). */
export function linearCall(M: number, N: number, K: number, o: LinearAt): TrainCall {
  return call({ M, N, K, oa: o.x, sam: K, sak: 1, ob: o.w, sbk: 1, sbn: K, bias: 1, obias: o.b, oc: o.y }, tiles(M, N));
}

/** dx[M, K] = dy[M, N] · w[N, K] (bindings: 1 dy, 2 w, 4 dx); the layer's N and K as in linearCall. */
export function inputGradCall(M: number, N: number, K: number, o: { dy: number; w: number; dx: number }): TrainCall {
  return call({ M, N: K, K: N, oa: o.dy, sam: N, sak: 1, ob: o.w, sbk: K, sbn: 1, oc: o.dx }, tiles(M, K));
}

/** dw[N, K] = dy[M, N]ᵀ · x[M, K] (bindings: 1 dy, 2 x, 4 the block's gradient). */
export function weightGradCall(M: number, N: number, K: number, o: { dy: number; x: number; dw: number }): TrainCall {
  return call({ M: N, N: K, K: M, oa: o.dy, sam: 1, sak: N, ob: o.x, sbk: K, sbn: 1, oc: o.dw }, tiles(N, K));
}

/** db[N] = Σ_m dy[m, n] (bindings: 1 dy, 4 the block's gradient). */
export function biasGradCall(M: number, N: number, o: { dy: number; db: number }): TrainCall {
  return call({ M, N, oa: o.dy, oc: o.db }, [Math.ceil(N / 64)]);
}

/** h = f(pre) over count values (bindings: 1 pre, 4 h). */
export function actCall(count: number, act: Activation, alpha: number, o: { x: number; y: number }): TrainCall {
  return call({ count, act: ACTIVATION.values[act], alpha, oa: o.x, oc: o.y }, flatGrid(count));
}

/** dpre = dh · f'(pre) (bindings: 1 pre, 2 dh, 4 dpre). */
export function actGradCall(count: number, act: Activation, alpha: number, o: { pre: number; dy: number; dx: number }): TrainCall {
  return call({ count, act: ACTIVATION.values[act], alpha, oa: o.pre, ob: o.dy, oc: o.dx }, flatGrid(count));
}

/** A loss over M rows of N values (bindings: 1 y or logits, 2 target, 4 gradient, 5 row losses). */
export function lossCall(
  kind: Loss,
  M: number,
  N: number,
  scale: number,
  o: { y: number; target: number; grad: number; row: number },
): TrainCall {
  return call({ kind: LOSS.values[kind], M, N, scale, oa: o.y, ob: o.target, oc: o.grad, orow: o.row }, [M]);
}

/** z and each row's KL from enc[M, 2Z] and eps[M, Z] (bindings: 1 enc, 2 eps, 4 z, 5 row KL). */
export function reparamCall(M: number, Z: number, o: { enc: number; eps: number; z: number; row: number }): TrainCall {
  return call({ M, N: Z, oa: o.enc, ob: o.eps, oc: o.z, orow: o.row }, [Math.ceil(M / 64)]);
}

/** d enc from dz, plus klScale · the KL's gradient (bindings: 1 enc, 2 eps, 3 dz, 4 d enc). */
export function reparamGradCall(
  M: number,
  Z: number,
  klScale: number,
  o: { enc: number; eps: number; dz: number; denc: number },
): TrainCall {
  return call({ M, N: Z, scale: klScale, oa: o.enc, ob: o.eps, obias: o.dz, oc: o.denc }, flatGrid(M * Z));
}

/** One Adam update of count parameters at step t, from 1 (bindings: 1 g, 4 p, 5 m, 6 v). */
export function adamCall(count: number, t: number, s: AdamSettings): TrainCall {
  const { lr, beta1, beta2, eps } = s;
  return call({ count, lr, beta1, beta2, eps, c1: 1 - beta1 ** t, c2: 1 - beta2 ** t }, flatGrid(count));
}

/** out[r, :] = data[idx[r], :] for rows × cols (bindings: 1 data, 2 idx, 4 out). */
export function gatherCall(rows: number, cols: number, o: { data: number; idx: number; out: number }): TrainCall {
  return call({ M: rows, N: cols, oa: o.data, ob: o.idx, oc: o.out }, flatGrid(rows * cols));
}

/** out[slot] = scale · Σ f(src) over count values, f the identity or σ (bindings: 1 src, 4 stats). */
export function statCall(count: number, fn: 'sum' | 'sigmoid', scale: number, o: { src: number; slot: number }): TrainCall {
  return call({ count, act: ACTIVATION.values[fn === 'sigmoid' ? 'sigmoid' : 'none'], scale, oa: o.src, oc: o.slot }, [1]);
}

/** y = a + b over count values (bindings: 1 a, 2 b, 4 y). */
export function addCall(count: number, o: { a: number; b: number; y: number }): TrainCall {
  return call({ count, oa: o.a, ob: o.b, oc: o.y }, flatGrid(count));
}

/** y[r, :] = a_r·x[r, :] + b_r·e[r, :] + c_r for M rows of N, (a, b, c) per row in coef (bindings: 1 x, 2 e, 3 coef, 4 y). */
export function mixCall(M: number, N: number, o: { x: number; e: number; coef: number; y: number }): TrainCall {
  return call({ M, N, oa: o.x, ob: o.e, obias: o.coef, oc: o.y }, flatGrid(M * N));
}

/** A sinusoidal embedding of N values for each of M positions (bindings: 1 positions, 4 y). */
export function sinusoidCall(M: number, N: number, maxPeriod: number, o: { t: number; y: number }): TrainCall {
  return call({ M, N, scale: maxPeriod, oa: o.t, oc: o.y }, flatGrid((M * N) / 2));
}
