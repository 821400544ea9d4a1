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

/** A value from a link is echoed at most this long (a hostile link must not fill the page). */
const SHOWN = 40;

/** `raw` as a note may echo it: cut to SHOWN characters, the cut marked with "…". */
export function shown(raw: string): string {
  return raw.length > SHOWN ? `${raw.slice(0, SHOWN - 1)}…` : raw;
}

export interface Parsed<T> {
  value: T;
  issue?: ParamIssue;
}

export function parseHash(hash: string): HashRoute {
  const raw = hash.replace(/^#/, '');
  const q = raw.indexOf('?');
  const pathPart = q < 0 ? raw : raw.slice(0, q);
  const path = `/${pathPart.replace(/^\/+/, '').replace(/\/+$/, '')}`;
  return { path, params: new URLSearchParams(q < 0 ? '' : raw.slice(q + 1)) };
}

export function buildHash(path: string, params: Record<string, string | undefined>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') sp.set(k, v);
  const qs = sp.toString().replace(/%2C/g, ',');
  return `#${path}${qs ? `?${qs}` : ''}`;
}

/** One of `allowed`, else `fallback` with an issue. Missing parameter: fallback, no issue. */
export function parseChoice<T extends string>(name: string, raw: string | null, allowed: readonly T[], fallback: T, why: Why): Parsed<T> {
  if (raw === null || raw === '') return { value: fallback };
  const v = raw.trim().toLowerCase();
  if ((allowed as readonly string[]).includes(v)) return { value: v as T };
  return { value: fallback, issue: { name, value: shown(raw), why } };
}

/**
 * A comma-separated vector of `length` numbers clamped to [min, max]. Entries that are not finite numbers
 * become `fill`; extra entries are dropped; missing ones are filled. Any such repair is reported as an issue.
 */
export function parseVector(
  name: string,
  raw: string | null,
  length: number,
  min: number,
  max: number,
  fill: number,
  why: Why,
): Parsed<number[]> {
  const out = new Array<number>(length).fill(fill);
  if (raw === null || raw === '') return { value: out };
  const parts = raw.split(',');
  let repaired = parts.length > length;
  for (let i = 0; i < Math.min(parts.length, length); i++) {
    const s = parts[i].trim();
    const x = s === '' ? NaN : Number(s);
    if (!Number.isFinite(x)) {
      repaired = true;
      continue;
    }
    const c = Math.min(max, Math.max(min, x));
    if (c !== x) repaired = true;
    out[i] = c;
  }
  return repaired ? { value: out, issue: { name, value: shown(raw), why } } : { value: out };
}

/** Compact text for a vector in the URL: 3 decimals, no trailing zeros. */
export function formatVector(values: ArrayLike<number>): string {
  return Array.from(values, (v) => String(Math.round(v * 1000) / 1000)).join(',');
}

// ---- a page's parameters as one table ----
// After TensorFlow Playground's state.ts: one typed list says, per parameter, its name in the link, its kind and
// range, its default, and how to get and set it on the page; reading, repairing and writing the link all follow
// from that list, so a parameter is never read one way and written another.

/** The words for the usual repairs: the caller's (this module knows no strings). */
export interface RepairTexts {
  /** `count` numbers between `min` and `max` were expected. */
  numbers: (count: number, min: number, max: number) => Why;
  /** One of `allowed` was expected. */
  choice: (allowed: readonly string[]) => Why;
}

interface ParamBase<D, T> {
  /** The parameter's name in the link. */
  name: string;
  /** The value the link shows, read off the page `d`. */
  get: (d: D) => T;
  /**
   * Puts a parsed (already repaired) value into the page. `raw` is the link's text, null when it has none.
   * Returns true when the page had to change the value further (a constraint the kind can't express, such as
   * a camera's elevation range): reported like any other repair when the link had the parameter. Any other
   * result (a plain setter's undefined) means the value was taken as it is.
   */
  set: (d: D, value: T, raw: string | null) => unknown;
  /** The link's text for a value; undefined leaves the parameter out. Default: `String`, `formatVector`. */
  format?: (value: T) => string | undefined;
  /** What was expected, when not the kind's usual words (RepairTexts). */
  why?: Why;
}

/** A number in [min, max]; `integer`s are rounded. A missing or unreadable one is `fallback`. */
export interface NumberParam<D> extends ParamBase<D, number> {
  kind: 'number' | 'integer';
  min: number;
  max: number;
  fallback: number;
  /** Applied to the parsed number (a precision the page keeps, e.g. one decimal). */
  round?: (value: number) => number;
}

/** `length` comma-separated numbers in [min, max]; unreadable entries become `fill` (see parseVector). */
export interface VectorParam<D> extends ParamBase<D, ArrayLike<number>> {
  kind: 'vector';
  length: number | ((d: D) => number);
  min: number;
  max: number;
  fill: number;
}

/** One of `allowed` (case and spaces ignored), else `fallback`. */
export interface ChoiceParam<D, C extends string = string> extends ParamBase<D, C> {
  kind: 'choice';
  allowed: readonly C[] | ((d: D) => readonly C[]);
  fallback: C;
}

/** Free text of at most `max` characters (a longer one is cut); missing: `fallback`. */
export interface TextParam<D> extends ParamBase<D, string> {
  kind: 'text';
  max: number;
  fallback: string;
  why: Why;
}

export type Param<D> = NumberParam<D> | VectorParam<D> | ChoiceParam<D> | TextParam<D>;
/** A page's parameters, in the order the link lists them. */
export type ParamTable<D> = readonly Param<D>[];

type Spec<P> = Omit<P, 'kind'>;
export const numberParam = <D>(spec: Spec<NumberParam<D>>): Param<D> => ({ kind: 'number', ...spec });
export const integerParam = <D>(spec: Spec<NumberParam<D>>): Param<D> => ({ kind: 'integer', ...spec });
export const vectorParam = <D>(spec: Spec<VectorParam<D>>): Param<D> => ({ kind: 'vector', ...spec });
export const textParam = <D>(spec: Spec<TextParam<D>>): Param<D> => ({ kind: 'text', ...spec });
/** The setter gets a `C`: the reader only ever passes one of `allowed`. */
export const choiceParam = <D, C extends string>(spec: Spec<ChoiceParam<D, C>>): Param<D> => ({
  kind: 'choice',
  name: spec.name,
  why: spec.why,
  fallback: spec.fallback,
  allowed: spec.allowed,
  get: spec.get,
  // the reader passes only values from `allowed`, so each is a C
  set: (d, value, raw) => spec.set(d, value as C, raw),
  format: spec.format && ((value) => spec.format!(value as C)),
});

/** A parameter's value from the link, repaired, with the issue if it had to be. */
function parseParam<D>(p: Param<D>, raw: string | null, d: D, texts: RepairTexts): Parsed<unknown> & { why: Why } {
  switch (p.kind) {
    case 'number':
    case 'integer': {
      const why = p.why ?? texts.numbers(1, p.min, p.max);
      const r = parseVector(p.name, raw, 1, p.min, p.max, p.fallback, why);
      const v = p.kind === 'integer' ? Math.round(r.value[0]) : r.value[0];
      return { value: p.round ? p.round(v) : v, issue: r.issue, why };
    }
    case 'vector': {
      const length = typeof p.length === 'function' ? p.length(d) : p.length;
      const why = p.why ?? texts.numbers(length, p.min, p.max);
      return { ...parseVector(p.name, raw, length, p.min, p.max, p.fill, why), why };
    }
    case 'choice': {
      const allowed = typeof p.allowed === 'function' ? p.allowed(d) : p.allowed;
      const why = p.why ?? texts.choice(allowed);
      return { ...parseChoice(p.name, raw, allowed, p.fallback, why), why };
    }
    case 'text': {
      const long = raw !== null && raw.length > p.max;
      // A long text is shown by its start: the note says it was cut, not what it said.
      const issue = long ? { name: p.name, value: `${raw.slice(0, SHOWN / 2)}…`, why: p.why } : undefined;
      return { value: raw === null ? p.fallback : raw.slice(0, p.max), issue, why: p.why };
    }
  }
}

/**
 * Reads every parameter of `table` from the link's `params` into the page `d`, in table order (a setter may
 * rely on the ones before it). Never throws; returns what had to be repaired, in table order.
 */
export function readParams<D>(table: ParamTable<D>, params: URLSearchParams, d: D, texts: RepairTexts): ParamIssue[] {
  const issues: ParamIssue[] = [];
  for (const p of table) {
    const raw = params.get(p.name);
    const parsed = parseParam(p, raw, d, texts);
    const changed = (p.set as (d: D, value: unknown, raw: string | null) => unknown)(d, parsed.value, raw) === true;
    if (parsed.issue) issues.push(parsed.issue);
    else if (changed && raw !== null) issues.push({ name: p.name, value: shown(raw), why: parsed.why });
  }
  return issues;
}

/** The link's parameters for the page `d`, in table order (for buildHash; undefined ones are left out). */
export function writeParams<D>(table: ParamTable<D>, d: D): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const p of table) out[p.name] = formatParam(p, d);
  return out;
}

function formatParam<D>(p: Param<D>, d: D): string | undefined {
  switch (p.kind) {
    case 'vector':
      return (p.format ?? formatVector)(p.get(d));
    case 'text':
      return p.format ? p.format(p.get(d)) : p.get(d).slice(0, p.max);
    case 'choice':
      return p.format ? p.format(p.get(d)) : p.get(d);
    default:
      return p.format ? p.format(p.get(d)) : String(p.get(d));
  }
}
