/// <reference lib="webworker" />
// The site's one service worker, for two things:
// - Offline: the shell (HTML, every script, styles, icons) is precached at install, from the list
//   vite-plugin-pwa writes into self.__WB_MANIFEST at build time; the onnxruntime WebAssembly files are
//   cached the first time a worker fetches them (their names carry a hash, so a cached one never goes
//   stale). Model files are cached by the page itself, after their SHA-256 check (src/core/any-thread/model-cache.ts).
// - Cross-origin isolation on hosts that cannot send headers (GitHub Pages, a plain static server): every
//   response this worker hands out carries COOP + COEP (+ CORP), so from the second load on the page is
//   cross-origin isolated and onnxruntime gets WASM threads. src/app/service-worker.ts reloads once after
//   the first install to get there (the way coi-serviceworker does it).
// A new version waits until the page says so (the "reload to update" prompt): pages never mix versions.
import type { WorkboxPlugin } from 'workbox-core/types';
import { addPlugins, cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst, NetworkFirst, NetworkOnly } from 'workbox-strategies';
import { withIsolation } from './isolation';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | { url: string; revision: string | null })[] };

const isolation: WorkboxPlugin = {
  fetchDidSucceed: async ({ response }) => withIsolation(response),
  cachedResponseWillBeUsed: async ({ cachedResponse }) => (cachedResponse ? withIsolation(cachedResponse) : cachedResponse),
};

addPlugins([isolation]);
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// any visit to the site's page, whatever its query, is the precached shell (routes live in the hash)
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html')));

const sameOrigin = (url: URL) => url.origin === self.location.origin;
registerRoute(
  ({ url }) => sameOrigin(url) && url.pathname.endsWith('.wasm'),
  new CacheFirst({ cacheName: 'gmp-runtime', plugins: [isolation] }),
);
// the model list: fresh when online, the last one seen when offline
registerRoute(
  ({ url }) => sameOrigin(url) && url.pathname.endsWith('/models/manifest.json'),
  new NetworkFirst({ cacheName: 'gmp-model-list', plugins: [isolation] }),
);
// everything else of ours (model files, test hooks): the network, with the isolation headers
registerRoute(({ url }) => sameOrigin(url), new NetworkOnly({ plugins: [isolation] }));

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
// take over open pages at once: the first install then isolates them after one reload
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
