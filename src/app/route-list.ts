// The routes of the site as plain data: path, nav label, whether the page keeps state in its link. No page
// module, no DOM and nothing Vite-only, so that Node reads it too: routes.ts adds each page's element and
// loader for the router, and the e2e tests (e2e/helpers.ts) walk this same list.
import type { MessageKey } from '../core/main-thread/i18n';
import { KINDS, type ModelKind } from '../models/registry';

/** The pages that are not a model's demo. */
export type PagePath = '/' | '/compare' | '/train' | '/train-text' | '/train-nerf' | '/study' | '/kernels';

export type RouteInfo =
  | { path: PagePath; nav: MessageKey; model?: undefined; readsLink?: boolean }
  /** A model's demo page (`demos/<id>/<id>-demo.ts`). */
  | { path: `/${ModelKind}`; nav: MessageKey; model: ModelKind; readsLink: true };

/** Home, one page per model of the registry, then the pages about all of them, in the order of the nav. */
export const ROUTE_LIST: readonly RouteInfo[] = [
  { path: '/', nav: 'nav.home' },
  ...KINDS.map((k) => ({ path: `/${k}` as const, nav: `nav.${k}` as MessageKey, model: k, readsLink: true as const })),
  { path: '/compare', nav: 'nav.compare', readsLink: true },
  { path: '/train', nav: 'nav.train', readsLink: true },
  { path: '/train-text', nav: 'nav.train-text', readsLink: true },
  { path: '/train-nerf', nav: 'nav.train-nerf', readsLink: true },
  { path: '/study', nav: 'nav.study', readsLink: true },
  { path: '/kernels', nav: 'nav.kernels' },
];
