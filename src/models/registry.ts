// The models of the site, in the order every page lists them. Adding a model: a folder `models/<id>/` (entry.ts,
// worker.ts, numerics, model.strings.ts), its demo `demos/<id>/<id>-demo.ts`, its worker entry point
// `workers/<id>.worker.ts`, and one line here (README, "Adding a model").
import type { AnyModelEntry } from './model-entry';
import { DIFFUSION } from './diffusion/entry';
import { GAN } from './gan/entry';
import { NERF } from './nerf/entry';
import { TRANSFORMER } from './transformer/entry';
import { VAE } from './vae/entry';

export const MODELS = [VAE, GAN, DIFFUSION, TRANSFORMER, NERF] as const;

export type ModelKind = (typeof MODELS)[number]['id'];
export const KINDS: readonly ModelKind[] = MODELS.map((m) => m.id);

/** The entry of `kind`, as the pages that treat every model alike see it. */
export function entryFor(kind: ModelKind): AnyModelEntry {
  const entry: AnyModelEntry | undefined = MODELS.find((m) => m.id === kind);
  return entry!;
}

export function isModelKind(s: string): s is ModelKind {
  return (KINDS as readonly string[]).includes(s);
}
