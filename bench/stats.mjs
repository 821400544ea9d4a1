// The statistics every benchmark script reports: the median and the 95th percentile (nearest rank).
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export const p95 = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)];
};

/**
 * Waits after closing a visit's browser context: Chromium may start the next visit in the same renderer
 * process, where the closed page's compositor is torn down a second after its close (traced here: 574 ms of
 * the next visit's main thread on SwiftShader). A visitor's first visit pays for no other tab's teardown.
 */
export const settle = (ms = 1500) => new Promise((resolve) => setTimeout(resolve, ms));
