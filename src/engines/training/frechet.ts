// The Fréchet distance between two sets of classifier features (FMNIST-FD, training/metrics.py's formula):
// |μ₁ − μ₂|² + Tr(Σ₁ + Σ₂ − 2·(Σ₁^½ Σ₂ Σ₁^½)^½), the square roots of symmetric positive semi-definite matrices
// taken by eigendecomposition (cyclic Jacobi rotations: D = 128 takes a few ms). Float64 throughout. No DOM.

/** Mean and covariance (unbiased, as numpy's cov) of `n` feature rows of length `d`. */
export interface FeatureStats {
  readonly d: number;
  readonly mean: Float64Array;
  /** d × d, row-major */
  readonly cov: Float64Array;
}

export function featureStats(features: ArrayLike<number>, n: number, d: number): FeatureStats {
  if (n < 2) throw new Error('feature statistics need at least two rows');
  const mean = new Float64Array(d);
  for (let r = 0; r < n; r++) for (let j = 0; j < d; j++) mean[j]! += features[r * d + j]! / n;
  const cov = new Float64Array(d * d);
  const row = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < d; j++) row[j] = features[r * d + j]! - mean[j]!;
    for (let i = 0; i < d; i++) {
      const ri = row[i]!;
      for (let j = i; j < d; j++) cov[i * d + j]! += ri * row[j]!;
    }
  }
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      const v = cov[i * d + j]! / (n - 1);
      cov[i * d + j] = v;
      cov[j * d + i] = v;
    }
  }
  return { d, mean, cov };
}

/** Statistics as shipped in yardstick/test-features.bin: d means, then the d × d covariance (float32). */
export function parseFeatureStats(floats: Float32Array): FeatureStats {
  const d = Math.round((Math.sqrt(1 + 4 * floats.length) - 1) / 2);
  if (d < 1 || d + d * d !== floats.length) throw new Error('the test images’ feature statistics are damaged');
  return { d, mean: Float64Array.from(floats.subarray(0, d)), cov: Float64Array.from(floats.subarray(d)) };
}

/** Eigenvalues and eigenvectors (columns of `v`) of the symmetric d × d matrix `a` (left unchanged). */
export function symmetricEigen(a: Float64Array, d: number): { values: Float64Array; v: Float64Array } {
  const m = Float64Array.from(a);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  const offNorm = () => {
    let s = 0;
    for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) s += m[i * d + j]! ** 2;
    return s;
  };
  let scale = 0;
  for (let i = 0; i < d * d; i++) scale += m[i]! ** 2;
  for (let sweep = 0; sweep < 60 && offNorm() > 1e-24 * scale; sweep++) {
    for (let p = 0; p < d - 1; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = m[p * d + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        // the rotation that zeroes m[p, q]
        const theta = (m[q * d + q]! - m[p * d + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const [mkp, mkq] = [m[k * d + p]!, m[k * d + q]!];
          m[k * d + p] = c * mkp - s * mkq;
          m[k * d + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < d; k++) {
          const [mpk, mqk] = [m[p * d + k]!, m[q * d + k]!];
          m[p * d + k] = c * mpk - s * mqk;
          m[q * d + k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < d; k++) {
          const [vkp, vkq] = [v[k * d + p]!, v[k * d + q]!];
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Float64Array.from({ length: d }, (_, i) => m[i * d + i]!), v };
}

/** The square root of a symmetric positive semi-definite matrix (negative eigenvalues from rounding count as 0). */
function sqrtPsd(a: Float64Array, d: number): Float64Array {
  const { values, v } = symmetricEigen(a, d);
  const out = new Float64Array(d * d);
  for (let k = 0; k < d; k++) {
    const r = Math.sqrt(Math.max(values[k]!, 0));
    if (r === 0) continue;
    for (let i = 0; i < d; i++) {
      const vik = v[i * d + k]! * r;
      for (let j = 0; j < d; j++) out[i * d + j]! += vik * v[j * d + k]!;
    }
  }
  return out;
}

function matmul(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let k = 0; k < d; k++) {
      const aik = a[i * d + k]!;
      for (let j = 0; j < d; j++) out[i * d + j]! += aik * b[k * d + j]!;
    }
  }
  return out;
}

/** Σ^½ of statistics used as the first argument before (the fixed reference set, scored against again and again). */
const roots = new WeakMap<FeatureStats, Float64Array>();

/** |μ₁ − μ₂|² + Tr(Σ₁ + Σ₂ − 2·(Σ₁^½ Σ₂ Σ₁^½)^½): the inner form keeps the root symmetric, as in metrics.py. */
export function frechetDistance(x: FeatureStats, y: FeatureStats): number {
  const d = x.d;
  if (y.d !== d) throw new Error(`feature statistics of ${x.d} and ${y.d} dimensions`);
  let dist = 0;
  for (let i = 0; i < d; i++) dist += (x.mean[i]! - y.mean[i]!) ** 2 + x.cov[i * d + i]! + y.cov[i * d + i]!;
  const r1 = roots.get(x) ?? sqrtPsd(x.cov, d);
  roots.set(x, r1);
  const inner = matmul(matmul(r1, y.cov, d), r1, d);
  for (let i = 0; i < d; i++)
    for (let j = i + 1; j < d; j++) inner[i * d + j] = inner[j * d + i] = (inner[i * d + j]! + inner[j * d + i]!) / 2;
  const cross = sqrtPsd(inner, d);
  for (let i = 0; i < d; i++) dist -= 2 * cross[i * d + i]!;
  return dist;
}
