// Latent-space numerics for the VAE demo (no DOM): PCA projection and its inverse, random samples.

export interface LatentExtras {
  latent_dim: number;
  kl_per_dim_nats: number[];
  slider_order: number[];
  class_names: string[];
  pca: { mean: number[]; axes: number[][]; explained_variance: number[]; points: [number, number, number][] };
  test_strip: { index: number; label: number; pixels_base64: string }[];
}

export const LATENT_RANGE = 3;

/** Coordinates of z along the two principal axes: a_k = axes_k · (z - mean). */
export function projectLatent(z: ArrayLike<number>, pca: LatentExtras['pca']): [number, number] {
  const out: [number, number] = [0, 0];
  for (const k of [0, 1] as const) {
    let s = 0;
    for (let i = 0; i < pca.mean.length; i++) s += pca.axes[k][i] * (z[i] - pca.mean[i]);
    out[k] = s;
  }
  return out;
}

/** The latent on the plane of the map: mean + a·axis0 + b·axis1, clamped to the slider range. */
export function latentFromMap(a: number, b: number, pca: LatentExtras['pca']): Float32Array {
  const z = new Float32Array(pca.mean.length);
  for (let i = 0; i < z.length; i++) {
    z[i] = clampLatent(pca.mean[i] + a * pca.axes[0][i] + b * pca.axes[1][i]);
  }
  return z;
}

export function clampLatent(v: number): number {
  return Math.max(-LATENT_RANGE, Math.min(LATENT_RANGE, v));
}

/** A draw from the prior N(0, I), clamped to the slider range. */
export function samplePrior(dim: number, random: () => number = Math.random): Float32Array {
  const z = new Float32Array(dim);
  for (let i = 0; i < dim; i++) {
    const u = Math.max(random(), 1e-12);
    z[i] = clampLatent(Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random()));
  }
  return z;
}

/** Test-strip image bytes (uint8, 784) as intensities in [0, 1]. */
export function decodeStripImage(base64: string): Float32Array {
  const bin = atob(base64);
  const out = new Float32Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i) / 255;
  return out;
}
