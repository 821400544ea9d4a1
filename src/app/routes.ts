// Every route of the site (the list: route-list.ts) with its page's element and module. A page's
// module is fetched when its route is first visited (home is part of the first download), so a visit pays
// only for the pages it opens.
import { type PagePath, ROUTE_LIST, type RouteInfo } from './route-list';

export type RouteDef = RouteInfo & {
  /** The page's element (`gmp-<id>-demo` for a model). */
  tag: string;
  /** Loads the module that defines `tag` (none: already loaded). */
  load?: () => Promise<unknown>;
};

// Every model's demo: `demos/<id>/<id>-demo.ts` defines `gmp-<id>-demo`.
const DEMOS = import.meta.glob('../demos/*/*-demo.ts');

/** The element and module of each page that is not a model's demo. */
const PAGES: Record<PagePath, Pick<RouteDef, 'tag' | 'load'>> = {
  '/': { tag: 'gmp-home-page' },
  '/compare': { tag: 'gmp-compare-page', load: () => import('./compare-page') },
  '/train': { tag: 'gmp-train-page', load: () => import('./train-page') },
  '/train-text': { tag: 'gmp-train-text-page', load: () => import('./train-text-page') },
  '/train-nerf': { tag: 'gmp-train-nerf-page', load: () => import('./train-nerf-page') },
  '/study': { tag: 'gmp-study-page', load: () => import('./study-page') },
  '/kernels': { tag: 'gmp-kernels-page', load: () => import('./kernels-page') },
};

/** The routes of route-list.ts (a page's `readsLink`: it keeps state in the link; elsewhere the shell drops any parameters). */
export const ROUTES: readonly RouteDef[] = ROUTE_LIST.map((r) =>
  r.model ? { ...r, tag: `gmp-${r.model}-demo`, load: DEMOS[`../demos/${r.model}/${r.model}-demo.ts`] } : { ...r, ...PAGES[r.path] },
);

export function findRoute(path: string): RouteDef | undefined {
  return ROUTES.find((r) => r.path === path);
}
