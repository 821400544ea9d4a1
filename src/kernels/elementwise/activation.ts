// The one activation numbering of every kernel that applies one — a convolution's epilogue, the element-wise
// `unary` entry, group norm — and its CPU reference. The WGSL side (activation.wgsl's `activate`, and the
// ACT_* constants generated from ACTIVATION) is prepended to each of those shaders with its Params.
import activationWgsl from './activation.wgsl?raw';
import { declareEnum } from '../params';

/**
 * `none` is the identity (a copy when run alone); `leaky` is leaky ReLU with its slope in the kernel's `alpha`;
 * `gelu` is GPT-2's tanh approximation, ½v(1 + tanh(√(2/π)(v + 0.044715v³))); `clip` clamps to [−1, 1].
 */
export const ACTIVATION = declareEnum('ACT', ['none', 'relu', 'silu', 'tanh', 'sigmoid', 'leaky', 'sin', 'cos', 'gelu', 'clip']);
export type Activation = (typeof ACTIVATION.names)[number];

/** WGSL for a kernel that calls `activate(v, act, alpha)`: the constants, then the function. */
export const ACTIVATION_WGSL = ACTIVATION.wgsl + activationWgsl;

/** √(2/π), GELU's constant */
export const GELU_C = Math.sqrt(2 / Math.PI);

export function activate(v: number, act: Activation, alpha = 0): number {
  switch (act) {
    case 'relu':
      return Math.max(v, 0);
    case 'silu':
      return v / (1 + Math.exp(-v));
    case 'tanh':
      return Math.tanh(v);
    case 'sigmoid':
      return 1 / (1 + Math.exp(-v));
    case 'leaky':
      return v >= 0 ? v : alpha * v;
    case 'sin':
      return Math.sin(v);
    case 'cos':
      return Math.cos(v);
    case 'gelu':
      return 0.5 * v * (1 + Math.tanh(GELU_C * (v + 0.044715 * v * v * v)));
    case 'clip':
      return Math.min(1, Math.max(-1, v));
    default:
      return v;
  }
}
