// Light or dark: the visitor's choice (light, dark, or whatever the system prefers), remembered in
// localStorage like the language. The colours themselves are CSS custom properties in index.html — one token
// set with a light and a dark value — so styles only say `var(--gmp-…)`. index.html's inline script applies the
// stored choice before the first paint (no flash); this module keeps `<html data-theme>` right afterwards,
// follows the system while the choice is `system`, and hands canvas code the current theme's colours.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export const THEME_CHOICES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];
export type Theme = 'light' | 'dark';

/** The same key index.html's inline script reads. */
export const THEME_STORAGE_KEY = 'gmp.theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

const listeners = new Set<(theme: Theme) => void>();
let choice: ThemeChoice = storedChoice();
/** Token values of the theme applied now, read once per theme. */
let tokenCache: Map<string, string> | undefined;

function storedChoice(): ThemeChoice {
  try {
    const stored = globalThis.localStorage?.getItem(THEME_STORAGE_KEY);
    if (stored === 'light' || stored === 'dark') return stored;
  } catch {
    /* storage blocked: follow the system */
  }
  return 'system';
}

function systemPrefersDark(): boolean {
  return globalThis.matchMedia?.(DARK_QUERY).matches ?? false;
}

export function themeChoice(): ThemeChoice {
  return choice;
}

/** The theme shown now: the choice, with `system` resolved. */
export function theme(): Theme {
  if (choice !== 'system') return choice;
  return systemPrefersDark() ? 'dark' : 'light';
}

function apply(): void {
  tokenCache = undefined;
  const now = theme();
  if (globalThis.document) document.documentElement.dataset.theme = now;
  for (const cb of listeners) cb(now);
}

export function setThemeChoice(next: ThemeChoice): void {
  choice = next;
  try {
    if (next === 'system') globalThis.localStorage?.removeItem(THEME_STORAGE_KEY);
    else globalThis.localStorage?.setItem(THEME_STORAGE_KEY, next);
  } catch {
    /* not remembered, still switched */
  }
  apply();
}

/** The choice after `c` when the toggle is pressed: system → light → dark → system. */
export function nextThemeChoice(c: ThemeChoice): ThemeChoice {
  return THEME_CHOICES[(THEME_CHOICES.indexOf(c) + 1) % THEME_CHOICES.length];
}

export function onThemeChange(cb: (theme: Theme) => void): () => void {
  listeners.add(cb);
  return () => listeners.delete(cb);
}

// the system's preference can change while the page is open (a phone switching to dark at dusk)
globalThis.matchMedia?.(DARK_QUERY).addEventListener?.('change', () => {
  if (choice === 'system') apply();
});
if (globalThis.document) document.documentElement.dataset.theme = theme();

/**
 * The current theme's value of a colour token (`--gmp-plot-1` → `#7ea0ff`), for code that draws on a 2-D
 * canvas, which cannot use `var()`. A value written as `var(--gmp-…)` is resolved the same way.
 */
export function themeColour(token: string): string {
  const name = token.startsWith('var(') ? token.slice(4, -1).trim() : token;
  if (!name.startsWith('--')) return token;
  tokenCache ??= new Map();
  let value = tokenCache.get(name);
  if (value === undefined) {
    value = getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#808080';
    tokenCache.set(name, value);
  }
  return value;
}

/** A token's colour as [r, g, b] (0..255), for pixels written straight into ImageData; tokens are #rrggbb. */
export function themeRgb(token: string): [number, number, number] {
  const hex = themeColour(token).replace('#', '');
  const full = hex.length === 3 ? [...hex].map((h) => h + h).join('') : hex.slice(0, 6);
  const n = Number.parseInt(full, 16);
  return Number.isNaN(n) ? [128, 128, 128] : [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/**
 * Re-renders a Lit element when the theme changes, so its `updated()` redraws canvases in the new colours
 * (add it once in the constructor, like the I18nController).
 */
export class ThemeController implements ReactiveController {
  private off?: () => void;
  constructor(private host: ReactiveControllerHost) {
    host.addController(this);
  }
  hostConnected(): void {
    this.off = onThemeChange(() => this.host.requestUpdate());
  }
  hostDisconnected(): void {
    this.off?.();
  }
}
