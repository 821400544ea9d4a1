// The page's side of the service worker (src/service-worker/sw.ts): registers it in builds, reloads once
// when its first install can make the page cross-origin isolated and isolation is worth a reload (it gives
// onnxruntime more WASM threads on this device; on two cores it gives none, and the next visit is isolated
// anyway), and tells `onUpdate` when a new version of the site is installed and waiting; calling the
// function it gets switches to it and reloads.
import { isolationAddsThreads } from '../core/any-thread/engine-choice';
import { afterFirstPaint } from '../core/main-thread/first-paint';
import { READY_MARK } from '../core/main-thread/site';

const RELOADED_FOR_ISOLATION = 'gmp.sw.reloaded-for-isolation';

const afterLoad = () =>
  new Promise<void>((resolve) =>
    document.readyState === 'complete' ? resolve() : addEventListener('load', () => resolve(), { once: true }),
  );

/** How long a page without a model (home, compare) lets its own start go first. */
const SETTLE_MS = 4000;

/**
 * Waits until the page's first model is ready (the demos' READY_MARK), or SETTLE_MS at most. Installing the
 * service worker fetches and stores the whole site (onnxruntime's WebAssembly included) in another thread;
 * on two cores, begun at the first paint, it took CPU from the model's start, which the visitor waits for.
 * Used only where the worker's isolation adds no threads (two cores or fewer), so no reload follows it.
 */
function pageSettled(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      observer?.disconnect();
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(done, SETTLE_MS);
    let observer: PerformanceObserver | undefined;
    try {
      observer = new PerformanceObserver((list) => {
        if (list.getEntriesByName(READY_MARK).length) done();
      });
      observer.observe({ type: 'mark', buffered: true });
    } catch {
      // no PerformanceObserver: the timer alone
    }
  });
}

export function startServiceWorker(onUpdate: (apply: () => void) => void): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const sw = navigator.serviceWorker;
  let reloading = false;
  let applying = false;
  const reload = () => {
    if (reloading) return;
    reloading = true;
    location.reload();
  };
  /** Once per tab: where a reload did not isolate the page (no support), never try again. */
  const reloadForIsolation = () => {
    if (globalThis.crossOriginIsolated || sessionStorage.getItem(RELOADED_FOR_ISOLATION)) return;
    if (!isolationAddsThreads(navigator.hardwareConcurrency ?? 1)) return;
    sessionStorage.setItem(RELOADED_FOR_ISOLATION, '1');
    reload();
  };
  if (globalThis.crossOriginIsolated) sessionStorage.removeItem(RELOADED_FOR_ISOLATION);

  sw.addEventListener('controllerchange', () => (applying ? reload() : reloadForIsolation()));
  const offer = (waiting: ServiceWorker) =>
    onUpdate(() => {
      applying = true;
      waiting.postMessage({ type: 'SKIP_WAITING' });
    });
  // its precache (every script of the site) waits until the page has loaded and shown itself
  void afterLoad()
    .then(() => afterFirstPaint())
    // where isolation adds threads, the page reloads once the worker is in: that must come early, not
    // after the visitor has a working demo; elsewhere the install waits for the model's start
    .then(() => (isolationAddsThreads(navigator.hardwareConcurrency ?? 1) ? undefined : pageSettled()))
    .then(() => sw.register(new URL('sw.js', document.baseURI), { scope: './', type: 'classic' }))
    .then((registration) => {
      // a load that bypassed the worker (a hard reload) while one is active
      if (registration.active && !sw.controller) reloadForIsolation();
      if (registration.waiting && sw.controller) offer(registration.waiting);
      registration.addEventListener('updatefound', () => {
        const next = registration.installing;
        next?.addEventListener('statechange', () => {
          // installed while an older version controls the page: a new version of the site is ready
          if (next.state === 'installed' && sw.controller) offer(next);
        });
      });
      // look for a new version when the visitor comes back to the tab
      document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'visible') void registration.update().catch(() => undefined);
      });
    })
    .catch(() => undefined); // no service worker (private mode, a file:// page): the site works without one
}
