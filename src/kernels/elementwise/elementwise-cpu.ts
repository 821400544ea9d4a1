// The cpu engine's broadcasting add/sub/mul/div: binaryRef's result (elementwise-reference.ts), made fast by
// folding neighbouring dimensions that broadcast alike into one, so the innermost loop runs over a long row
// with fixed steps (1, or 0 for a broadcast operand) instead of working out every index. No DOM.
import type { BinaryOp } from './elementwise';

/** y's dimensions with a's and b's steps along each (0 where broadcast), neighbours of the same kind folded. */
function foldedDims(aShape: readonly number[], bShape: readonly number[]): { n: number; sa: number; sb: number }[] {
  const rank = Math.max(aShape.length, bShape.length);
  const pad = (s: readonly number[]) => [...new Array<number>(rank - s.length).fill(1), ...s];
  const [as, bs] = [pad(aShape), pad(bShape)];
  const dims: { n: number; sa: number; sb: number }[] = [];
  let [strideA, strideB] = [1, 1];
  for (let d = rank - 1; d >= 0; d--) {
    const n = Math.max(as[d]!, bs[d]!);
    if (n === 1) continue;
    const sa = as[d] === 1 ? 0 : strideA;
    const sb = bs[d] === 1 ? 0 : strideB;
    strideA *= as[d]!;
    strideB *= bs[d]!;
    const inner = dims[0];
    // folds into the dimension inside it when each operand steps on from there (or stays put in both)
    if (inner && sa === inner.sa * inner.n && sb === inner.sb * inner.n) inner.n *= n;
    else dims.unshift({ n, sa, sb });
  }
  return dims.length ? dims : [{ n: 1, sa: 0, sb: 0 }];
}

/** a ∘ b with numpy broadcasting (any rank). */
export function binaryCpu(
  a: Float32Array,
  aShape: readonly number[],
  b: Float32Array,
  bShape: readonly number[],
  op: BinaryOp,
): { y: Float32Array; shape: number[] } {
  const rank = Math.max(aShape.length, bShape.length);
  const at = (s: readonly number[], d: number) => s[d - (rank - s.length)] ?? 1;
  const shape = Array.from({ length: rank }, (_, d) => Math.max(at(aShape, d), at(bShape, d)));
  const dims = foldedDims(aShape, bShape);
  const row = dims[dims.length - 1]!;
  const outer = dims.slice(0, -1);
  const y = new Float32Array(shape.reduce((p, d) => p * d, 1));
  const counter = new Array<number>(outer.length).fill(0);
  let [ia, ib] = [0, 0];
  for (let o = 0; o < y.length; o += row.n) {
    const { n, sa, sb } = row;
    if (op === 'add') for (let k = 0; k < n; k++) y[o + k] = a[ia + k * sa]! + b[ib + k * sb]!;
    else if (op === 'mul') for (let k = 0; k < n; k++) y[o + k] = a[ia + k * sa]! * b[ib + k * sb]!;
    else if (op === 'sub') for (let k = 0; k < n; k++) y[o + k] = a[ia + k * sa]! - b[ib + k * sb]!;
    else for (let k = 0; k < n; k++) y[o + k] = a[ia + k * sa]! / b[ib + k * sb]!;
    // the next row: an odometer over the outer dimensions
    for (let d = outer.length - 1; d >= 0; d--) {
      const dim = outer[d]!;
      ia += dim.sa;
      ib += dim.sb;
      if (++counter[d]! < dim.n) break;
      counter[d] = 0;
      ia -= dim.sa * dim.n;
      ib -= dim.sb * dim.n;
    }
  }
  return { y, shape };
}
