// Every route of the site. `built: false` pages say so honestly instead of faking content.
import type { MessageKey } from '../core/i18n';

export interface RouteDef {
  path: string;
  nav: MessageKey;
  built: boolean;
}

export const ROUTES: readonly RouteDef[] = [
  { path: '/', nav: 'nav.home', built: true },
  { path: '/vae', nav: 'nav.vae', built: true },
  { path: '/gan', nav: 'nav.gan', built: true },
  { path: '/diffusion', nav: 'nav.diffusion', built: true },
  { path: '/transformer', nav: 'nav.transformer', built: true },
  { path: '/nerf', nav: 'nav.nerf', built: true },
  { path: '/compare', nav: 'nav.compare', built: true },
  { path: '/kernels', nav: 'nav.kernels', built: true },
];

export function findRoute(path: string): RouteDef | undefined {
  return ROUTES.find((r) => r.path === path);
}
