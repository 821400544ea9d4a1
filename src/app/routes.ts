// Every route of the site: home, one per model of the registry, then the pages about all of them. A page's
// module is fetched when its route is first visited (home is part of the first download), so a visit pays
// only for the pages it opens.
import type { MessageKey } from '../core/i18n';
import { KINDS } from '../models/registry';

export interface RouteDef {
  path: string;
  nav: MessageKey;
  /** The page's element (`gmp-<id>-demo` for a model). */
  tag: string;
  /** Loads the module that defines `tag` (none: already loaded). */
  load?: () => Promise<unknown>;
  /** The page keeps state in the link (and writes it back itself); elsewhere the shell drops any parameters. */
  readsLink?: boolean;
}

// Every model's demo: `demos/<id>/<id>-demo.ts` defines `gmp-<id>-demo`.
const DEMOS = import.meta.glob('../demos/*/*-demo.ts');

export const ROUTES: readonly RouteDef[] = [
  { path: '/', nav: 'nav.home', tag: 'gmp-home-page' },
  ...KINDS.map((k) => ({
    path: `/${k}`,
    nav: `nav.${k}` as MessageKey,
    tag: `gmp-${k}-demo`,
    load: DEMOS[`../demos/${k}/${k}-demo.ts`],
    readsLink: true,
  })),
  { path: '/compare', nav: 'nav.compare', tag: 'gmp-compare-page', load: () => import('./compare-page'), readsLink: true },
  { path: '/train', nav: 'nav.train', tag: 'gmp-train-page', load: () => import('./train-page'), readsLink: true },
  { path: '/study', nav: 'nav.study', tag: 'gmp-study-page', load: () => import('./study-page'), readsLink: true },
  { path: '/kernels', nav: 'nav.kernels', tag: 'gmp-kernels-page', load: () => import('./kernels-page') },
];

export function findRoute(path: string): RouteDef | undefined {
  return ROUTES.find((r) => r.path === path);
}
