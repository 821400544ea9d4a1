// State worth sharing lives in the hash: `#/vae?z=0.1,-1.2,…&engine=wasm`. Parsing never throws: a value
// that makes no sense is clamped or dropped, and the caller gets an `issue` to show the user.

export interface HashRoute {
  path: string;
  params: URLSearchParams;
}

/** What a parameter should have been: text, or a function giving it in the current language (retranslated on a switch). */
export type Why = string | (() => string);

export interface ParamIssue {
  name: string;
  value: string;
  why: Why;
}

export function whyText(why: Why): string {
  return typeof why === 'function' ? why() : why;
}

export interface Parsed<T> {
  value: T;
  issue?: ParamIssue;
}

export function parseHash(hash: string): HashRoute {
  const raw = hash.replace(/^#/, '');
  const q = raw.indexOf('?');
  const pathPart = q < 0 ? raw : raw.slice(0, q);
  const path = '/' + pathPart.replace(/^\/+/, '').replace(/\/+$/, '');
  return { path, params: new URLSearchParams(q < 0 ? '' : raw.slice(q + 1)) };
}

export function buildHash(path: string, params: Record<string, string | undefined>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') sp.set(k, v);
  const qs = sp.toString().replace(/%2C/g, ',');
  return '#' + path + (qs ? '?' + qs : '');
}

/** One of `allowed`, else `fallback` with an issue. Missing parameter: fallback, no issue. */
export function parseChoice<T extends string>(name: string, raw: string | null, allowed: readonly T[], fallback: T,
  why: Why): Parsed<T> {
  if (raw === null || raw === '') return { value: fallback };
  const v = raw.trim().toLowerCase();
  if ((allowed as readonly string[]).includes(v)) return { value: v as T };
  return { value: fallback, issue: { name, value: raw.slice(0, 40), why } };
}

/**
 * A comma-separated vector of `length` numbers clamped to [min, max]. Entries that are not finite numbers
 * become `fill`; extra entries are dropped; missing ones are filled. Any such repair is reported as an issue.
 */
export function parseVector(name: string, raw: string | null, length: number, min: number, max: number,
  fill: number, why: Why): Parsed<number[]> {
  const out = new Array<number>(length).fill(fill);
  if (raw === null || raw === '') return { value: out };
  const parts = raw.split(',');
  let repaired = parts.length > length;
  for (let i = 0; i < Math.min(parts.length, length); i++) {
    const s = parts[i].trim();
    const x = s === '' ? NaN : Number(s);
    if (!Number.isFinite(x)) { repaired = true; continue; }
    const c = Math.min(max, Math.max(min, x));
    if (c !== x) repaired = true;
    out[i] = c;
  }
  return repaired ? { value: out, issue: { name, value: raw.slice(0, 40), why } } : { value: out };
}

/** Compact text for a vector in the URL: 3 decimals, no trailing zeros. */
export function formatVector(values: ArrayLike<number>): string {
  return Array.from(values, (v) => String(Math.round(v * 1000) / 1000)).join(',');
}
