// Every route of the site: home, one per model of the registry, then the pages about all of them.
import type { MessageKey } from '../core/i18n';
import { KINDS } from '../models/registry';

export interface RouteDef {
  path: string;
  nav: MessageKey;
  /** The page's element (`gmp-<id>-demo` for a model). */
  tag: string;
}

export const ROUTES: readonly RouteDef[] = [
  { path: '/', nav: 'nav.home', tag: 'gmp-home-page' },
  ...KINDS.map((k) => ({ path: `/${k}`, nav: `nav.${k}` as MessageKey, tag: `gmp-${k}-demo` })),
  { path: '/compare', nav: 'nav.compare', tag: 'gmp-compare-page' },
  { path: '/kernels', nav: 'nav.kernels', tag: 'gmp-kernels-page' },
];

export function findRoute(path: string): RouteDef | undefined {
  return ROUTES.find((r) => r.path === path);
}
