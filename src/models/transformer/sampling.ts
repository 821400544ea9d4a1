// Picking the next character from the model's logits: temperature, top-k, and a seeded generator, so the
// same seed, prompt and settings give the same text on the same engine. No DOM.

/**
 * Samples a token id. temperature 0 takes the most likely token (greedy); topK 0 keeps the whole
 * vocabulary, otherwise only the k most likely tokens (ties at the k-th logit are kept).
 */
export function sampleToken(logits: ArrayLike<number>, temperature: number, topK: number, uniform: () => number): number {
  const n = logits.length;
  if (n === 0) throw new Error('sampleToken: no logits');
  let best = 0;
  for (let i = 1; i < n; i++) if (logits[i] > logits[best]) best = i;
  if (!(temperature > 0)) return best;
  let cutoff = -Infinity;
  if (topK > 0 && topK < n) cutoff = Array.from(logits).sort((a, b) => b - a)[topK - 1];
  const weights = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    if (logits[i] < cutoff) continue;
    weights[i] = Math.exp((logits[i] - logits[best]) / temperature);
    sum += weights[i];
  }
  let r = uniform() * sum;
  for (let i = 0; i < n; i++) {
    if (weights[i] === 0) continue;
    r -= weights[i];
    if (r < 0) return i;
  }
  return best;
}

/** Softmax probabilities at a temperature (for showing the top candidates). */
export function probabilities(logits: ArrayLike<number>, temperature = 1): Float64Array {
  const t = temperature > 0 ? temperature : 1;
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  const p = Float64Array.from(logits, (v) => Math.exp((v - max) / t));
  const sum = p.reduce((a, b) => a + b, 0);
  return p.map((v) => v / sum);
}
