// Central finite differences, for checking the training kernels' gradients (train-reference.test.ts on the
// CPU, train.browser.test.ts on the GPU) against their forward references in float64. No DOM.

/** Central differences of f at x, one coordinate at a time (x is restored after each). */
export function numericGrad(f: (x: Float64Array) => number, x: Float64Array, h = 1e-5): Float64Array {
  const g = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const keep = x[i];
    x[i] = keep + h;
    const up = f(x);
    x[i] = keep - h;
    const down = f(x);
    x[i] = keep;
    g[i] = (up - down) / (2 * h);
  }
  return g;
}

/** Σ a·b: the random projection that turns an op's output into a scalar loss. */
export const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};
