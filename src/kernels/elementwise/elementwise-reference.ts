// CPU references of elementwise.wgsl's `binary` entry and of gelu.wgsl, written for clarity. No DOM.
// (`unary` is activate() in activation.ts, applied element by element.)
import type { BinaryOp } from './elementwise';

/** a ∘ b with numpy broadcasting; shapes of up to 4 dimensions. */
export function binaryRef(
  a: Float32Array,
  aShape: number[],
  b: Float32Array,
  bShape: number[],
  op: BinaryOp,
): { y: Float32Array; shape: number[] } {
  const rank = Math.max(aShape.length, bShape.length);
  const pad = (s: number[]) => [...new Array(rank - s.length).fill(1), ...s];
  const [as, bs] = [pad(aShape), pad(bShape)];
  const shape = as.map((d, i) => Math.max(d, bs[i]));
  const count = shape.reduce((p, d) => p * d, 1);
  const y = new Float32Array(count);
  const index = (s: number[], idx: number[]) => idx.reduce((acc, v, i) => acc * s[i] + (s[i] === 1 ? 0 : v), 0);
  for (let i = 0; i < count; i++) {
    const idx: number[] = [];
    let r = i;
    for (let d = rank - 1; d >= 0; d--) {
      idx[d] = r % shape[d];
      r = Math.floor(r / shape[d]);
    }
    const u = a[index(as, idx)];
    const v = b[index(bs, idx)];
    y[i] = op === 'add' ? u + v : op === 'sub' ? u - v : op === 'mul' ? u * v : u / v;
  }
  return { y, shape };
}

export function geluRef(x: Float32Array): Float32Array {
  return x.map((v) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3))));
}
