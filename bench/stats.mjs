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

/**
 * A page in `context` to visit from, opened and left to settle first. Each new context opens a browser window,
 * and Chromium builds that window's own UI as it opens: traced here, another renderer loading the omnibox
 * popup's pages (omnibox_popup.js, composebox.html.js, …) for about 1 s of CPU, beside the visit on this
 * 2-core VM. A visitor's browser was open before they typed our address; measured with the wait, a first
 * visit of #/vae was 0.5 s sooner (1.44 s against 1.94 s, medians of 5, 2026-12-07).
 */
export async function openWindow(context) {
  const page = await context.newPage();
  await settle();
  return page;
}
