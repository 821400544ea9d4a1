// One i18n module for every visible string. Both languages are first-class (the source article is German),
// so each part of the site writes its strings as a plain typed object with `defineMessages` beside the code that
// shows them: a key missing from `de` is a compile error there, and a unit test checks that placeholders match.
// (@lit/localize treats one language as the source and needs its CLI to extract and build the other; for two
// hand-written languages this is less machinery.)
//
// This module knows no strings itself: each `*.strings.ts` registers its dictionary when it is imported and adds
// its keys to `Messages` by declaration merging (the way i18next types its resources), so `t()` checks keys at
// compile time without this bottom layer importing the pages above it.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { formatFixed } from '../any-thread/number-format';

export const LANGS = ['en', 'de'] as const;
export type Lang = (typeof LANGS)[number];

/** Every message key of the site: each `*.strings.ts` extends this interface with its own keys. */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging in every *.strings.ts
export interface Messages {}
export type MessageKey = keyof Messages & string;

/** A part's dictionary: `de` must have exactly the keys of `en`. */
export interface MessageSet<E extends Record<string, string>> {
  en: E;
  de: Record<keyof E, string>;
}
/** The keys of a dictionary, for the `Messages` augmentation in a strings file. */
export type KeysOf<S extends MessageSet<Record<string, string>>> = Record<keyof S['en'], string>;

export const dictionaries: Record<Lang, Record<string, string>> = { en: {}, de: {} };

/** Registers a part's strings (a key may be defined once in the whole site) and returns them. */
export function defineMessages<E extends Record<string, string>>(set: MessageSet<E>): MessageSet<E> {
  for (const l of LANGS) {
    for (const [k, v] of Object.entries(set[l] as Record<string, string>)) {
      const before = dictionaries[l][k];
      if (before !== undefined && before !== v) throw new Error(`The message key "${k}" is defined twice (${l}).`);
      dictionaries[l][k] = v;
    }
  }
  return set;
}

const STORAGE_KEY = 'gmp.lang';
const listeners = new Set<(lang: Lang) => void>();
let current: Lang = initialLang();

function initialLang(): Lang {
  try {
    const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (stored === 'en' || stored === 'de') return stored;
  } catch {
    /* storage blocked: fall through */
  }
  const nav = globalThis.navigator?.language ?? 'en';
  return nav.toLowerCase().startsWith('de') ? 'de' : 'en';
}

export function lang(): Lang {
  return current;
}

export function setLang(next: Lang): void {
  current = next;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, next);
  } catch {
    /* not remembered, still switched */
  }
  if (globalThis.document) document.documentElement.lang = next;
  for (const cb of listeners) cb(next);
}

export function onLangChange(cb: (lang: Lang) => void): () => void {
  listeners.add(cb);
  return () => listeners.delete(cb);
}

// `{count, plural, one {# number} other {# numbers}}`: the ICU message form, the subset we need — the branch is
// picked by Intl.PluralRules of the language (`=0`-style exact branches too), `#` becomes the number.
const PLURAL = /\{(\w+), plural,((?:\s*=?\w+\s*\{[^{}]*\})+)\s*\}/g;
const BRANCH = /(=?\w+)\s*\{([^{}]*)\}/g;

function plural(text: string, params: Record<string, string | number>, in_: Lang): string {
  return text.replace(PLURAL, (m, name: string, branches: string) => {
    if (!(name in params)) return m;
    const n = Number(params[name]);
    const forms = new Map([...branches.matchAll(BRANCH)].map((b) => [b[1], b[2]] as const));
    const form = forms.get(`=${n}`) ?? forms.get(new Intl.PluralRules(in_).select(n)) ?? forms.get('other') ?? '';
    return form.replace(/#/g, String(params[name]));
  });
}

/** The message for `key` in the current language, with `{name}` placeholders (and plural forms) filled from `params`. */
export function t(key: MessageKey, params?: Record<string, string | number>, in_: Lang = current): string {
  const text = dictionaries[in_][key] ?? dictionaries.en[key] ?? key;
  if (!params) return text;
  return plural(text, params, in_).replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

/**
 * Numbers in the current language's format (1,234.5 vs 1.234,5), as Intl.NumberFormat writes them, written
 * without it (core/any-thread/number-format.ts: a page's first Intl.NumberFormat costs Chromium 80–100 ms).
 */
export function fmt(value: number, digits = 1): string {
  return formatFixed(value, digits, current);
}

/** Whole numbers with the current language's digit grouping (1,073,741,824 vs 1.073.741.824). */
export function fmtInt(value: number): string {
  return formatFixed(value, 0, current);
}

/** Evidence numbers: whole numbers as they are, others with about three significant digits. */
export function fmtSignificant(v: number): string {
  return fmt(v, Number.isInteger(v) || Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : Math.abs(v) >= 1 ? 2 : 3);
}

/** Re-renders a Lit element when the language changes (add it once in the constructor; no other call needed). */
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
