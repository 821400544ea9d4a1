// The noise schedule and the timesteps a sampler visits, shared by the live trainer (nets.ts, trainer.ts) and
// the diffusion demo's sampler (models/diffusion/sampler.ts). Same formulas as training/diffusion.py. No DOM.

/**
 * ᾱ_t for t = 0..T−1 of the cosine schedule (Nichol & Dhariwal 2021, eq. 17): ᾱ(t) = f(t)/f(0) with
 * f(t) = cos²((t/T + s)/(1 + s)·π/2), each β_t = 1 − ᾱ_t/ᾱ_{t−1} clipped to ≤ 0.999.
 */
export function cosineAlphaBar(timesteps: number, s = 0.008): Float64Array {
  const f = (t: number) => Math.cos(((t / timesteps + s) / (1 + s)) * (Math.PI / 2)) ** 2;
  const out = new Float64Array(timesteps);
  let prod = 1;
  for (let t = 0; t < timesteps; t++) {
    const beta = Math.min(Math.max(1 - f(t + 1) / f(t), 0), 0.999);
    prod *= 1 - beta;
    out[t] = prod;
  }
  return out;
}

/** `steps` evenly spaced timesteps from T-1 down to 0, halves rounded up (integer maths, as in Python). */
export function timestepSequence(timesteps: number, steps: number): number[] {
  if (steps >= timesteps) return Array.from({ length: timesteps }, (_, i) => timesteps - 1 - i);
  if (steps < 2) throw new Error('a sampler needs at least 2 steps');
  const n = steps - 1;
  return Array.from({ length: steps }, (_, i) => Math.floor(((timesteps - 1) * (n - i) * 2 + n) / (2 * n)));
}

/**
 * The per-row coefficients of one deterministic DDIM step from ᾱ_t to ᾱ_prev as three `mix` ops
 * (y = a·x + b·e + c): x₀ = (x − √(1−ᾱ_t)·ε̂)/√ᾱ_t, clipped to [−1, 1] between the first and second; ε
 * re-derived from the clipped x₀; x_prev = √ᾱ_prev·x₀ + √(1−ᾱ_prev)·ε. The same step as the demo's
 * samplerStep with η = 0.
 */
export function ddimCoefficients(abT: number, abPrev: number): [number, number, number][] {
  const [sa, s1a] = [Math.sqrt(abT), Math.sqrt(1 - abT)];
  return [
    [1 / sa, -s1a / sa, 0],
    [1 / s1a, -sa / s1a, 0],
    [Math.sqrt(abPrev), Math.sqrt(1 - abPrev), 0],
  ];
}
