// One i18n module for every visible string. Both languages are first-class (the source article is German),
// so each dictionary is a plain typed object: a key missing from `de` is a compile error, and a unit test
// checks placeholders match. (@lit/localize treats one language as the source and needs its CLI to extract
// and build the other; for two hand-written languages this is less machinery.)
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { appStrings } from '../app/app.strings';
import { vaeStrings } from '../demos/vae/vae.strings';
import { sharedDemoStrings } from '../demos/shared/demo.strings';
import { ganStrings } from '../demos/gan/gan.strings';
import { transformerStrings } from '../demos/transformer/transformer.strings';
import { diffusionStrings } from '../demos/diffusion/diffusion.strings';
import { nerfStrings } from '../demos/nerf/nerf.strings';
import { kernelsStrings } from '../app/kernels.strings';
import { compareStrings } from '../app/compare.strings';

export const LANGS = ['en', 'de'] as const;
export type Lang = (typeof LANGS)[number];

const en = { ...appStrings.en, ...sharedDemoStrings.en, ...vaeStrings.en, ...ganStrings.en, ...diffusionStrings.en, ...transformerStrings.en, ...nerfStrings.en, ...kernelsStrings.en, ...compareStrings.en };
export type MessageKey = keyof typeof en;
export const dictionaries: Record<Lang, Record<MessageKey, string>> = {
  en,
  de: { ...appStrings.de, ...sharedDemoStrings.de, ...vaeStrings.de, ...ganStrings.de, ...diffusionStrings.de, ...transformerStrings.de, ...nerfStrings.de, ...kernelsStrings.de, ...compareStrings.de },
};

const STORAGE_KEY = 'gmp.lang';
const listeners = new Set<(lang: Lang) => void>();
let current: Lang = initialLang();

function initialLang(): Lang {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (stored === 'en' || stored === 'de') return stored;
  } catch { /* storage blocked: fall through */ }
  const nav = globalThis.navigator?.language ?? 'en';
  return nav.toLowerCase().startsWith('de') ? 'de' : 'en';
}

export function lang(): Lang {
  return current;
}

export function setLang(next: Lang): void {
  current = next;
  try { globalThis.localStorage?.setItem(STORAGE_KEY, next); } catch { /* not remembered, still switched */ }
  if (globalThis.document) document.documentElement.lang = next;
  for (const cb of listeners) cb(next);
}

export function onLangChange(cb: (lang: Lang) => void): () => void {
  listeners.add(cb);
  return () => listeners.delete(cb);
}

/** The message for `key` in the current language, with `{name}` placeholders filled from `params`. */
export function t(key: MessageKey, params?: Record<string, string | number>, in_: Lang = current): string {
  const text = dictionaries[in_][key] ?? dictionaries.en[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/** Numbers in the current language's format (1,234.5 vs 1.234,5). */
export function fmt(value: number, digits = 1): string {
  return new Intl.NumberFormat(current, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value);
}

/** Whole numbers with the current language's digit grouping (1,073,741,824 vs 1.073.741.824). */
export function fmtInt(value: number): string {
  return new Intl.NumberFormat(current, { maximumFractionDigits: 0 }).format(value);
}

/** Re-renders a Lit element when the language changes. */
export class I18nController implements ReactiveController {
  private off?: () => void;
  constructor(private host: ReactiveControllerHost) {
    host.addController(this);
  }
  hostConnected(): void {
    this.off = onLangChange(() => this.host.requestUpdate());
  }
  hostDisconnected(): void {
    this.off?.();
  }
}
