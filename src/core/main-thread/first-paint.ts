// "After the page has shown itself": large downloads (model files, the service worker's precache) wait
// until the browser has painted the first content, so the text and controls a visitor reads come first and
// a slow connection spends its first seconds on them. A tab that never paints (opened in the background)
// goes on after `fallbackMs`.
let painted: Promise<void> | undefined;

export function afterFirstPaint(fallbackMs = 2000): Promise<void> {
  painted ??= new Promise<void>((resolve) => {
    // the paint is reported before the frame is on screen: an idle moment after it lets the frame land
    // (briefly: on a busy small machine an idle moment can take a second to come, and the downloads wait for it)
    const go = () => requestIdleCallback(() => resolve(), { timeout: 100 });
    if (typeof PerformanceObserver === 'undefined' || !PerformanceObserver.supportedEntryTypes?.includes('paint')) return go();
    const seen = new PerformanceObserver((list) => {
      if (list.getEntriesByName('first-contentful-paint').length === 0) return;
      seen.disconnect();
      go();
    });
    seen.observe({ type: 'paint', buffered: true });
    setTimeout(() => {
      seen.disconnect();
      resolve();
    }, fallbackMs);
  });
  return painted;
}

/** Resolves after the next frame has been painted (what is rendered now is on screen then). */
export function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
}
