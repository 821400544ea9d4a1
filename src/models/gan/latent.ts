// GAN latent numerics (no DOM): seeded latents, truncation, spherical interpolation.
import { seededNormals } from '../../core/any-thread/seeded-random';

/** The latent of sample `index` for a seed: reproducible, so a link shows the same images. */
export function latentFor(seed: number, index: number, zDim: number, truncation: number): Float32Array {
  const z = seededNormals(zDim, (seed * 1000003 + index * 7919 + 1) >>> 0);
  // Truncation trick: pull samples toward the prior's mean (0) by psi; lower psi trades variety for typical,
  // cleaner images (Brock et al. 2019, BigGAN; Karras et al. 2019, StyleGAN, eq. 3 with w-bar = 0).
  for (let i = 0; i < z.length; i++) z[i] *= truncation;
  return z;
}

/** Spherical interpolation between two latents: stays at the typical norm of a Gaussian sample (White 2016). */
export function slerp(a: Float32Array, b: Float32Array, t: number): Float32Array {
  let dot = 0,
    na = 0,
    nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  const cos = Math.min(1, Math.max(-1, dot / Math.sqrt(na * nb || 1)));
  const omega = Math.acos(cos);
  const out = new Float32Array(a.length);
  if (omega < 1e-4) {
    for (let i = 0; i < a.length; i++) out[i] = a[i] + t * (b[i] - a[i]);
    return out;
  }
  const sa = Math.sin((1 - t) * omega) / Math.sin(omega);
  const sb = Math.sin(t * omega) / Math.sin(omega);
  for (let i = 0; i < a.length; i++) out[i] = sa * a[i] + sb * b[i];
  return out;
}
