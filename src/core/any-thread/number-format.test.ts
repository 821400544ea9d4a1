// formatFixed against Intl.NumberFormat itself, character for character, in both languages and at 0 to 6
// decimals: whole numbers, decimals, halves at every place (where rounding differs between the double and its
// shortest decimal, as 1.005), tiny and huge values, negative ones and negative zero, plus a few thousand
// random values of every size.
import { describe, expect, it } from 'vitest';
import { formatFixed, type NumberLang } from './number-format';

const intl = (value: number, decimals: number, lang: NumberLang) =>
  new Intl.NumberFormat(lang, { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(value);

const CHOSEN = [
  0,
  -0,
  1,
  -1,
  0.5,
  1.5,
  2.5,
  -2.5,
  0.05,
  0.15,
  0.25,
  0.35,
  1.005,
  1.015,
  1.025,
  2.675,
  8.345,
  10.235,
  0.125,
  0.375,
  9.995,
  99.95,
  999.5,
  999.9999,
  1000,
  1234.5,
  12345.678,
  999999.5,
  1e6,
  1234567.891,
  2 ** 31,
  2 ** 53,
  2 ** 53 + 2,
  1e15 + 0.3,
  123456789012345680000,
  9.999e20,
  1e-7,
  1.5e-7,
  5e-7,
  4.9e-7,
  0.0004,
  0.0005,
  0.00049,
  -0.0001,
  -0.0005,
  -999.5,
  3.14158,
  62.5,
  0.3,
  0.1 + 0.2,
  1 / 3,
  2 / 3,
  Number.MIN_VALUE,
  Number.EPSILON,
];

describe('formatFixed', () => {
  it('writes chosen values as Intl.NumberFormat does', () => {
    for (const lang of ['en', 'de'] as const)
      for (let d = 0; d <= 6; d++)
        for (const v of CHOSEN) expect(formatFixed(v, d, lang), `${v} at ${d} in ${lang}`).toBe(intl(v, d, lang));
  });

  it('writes random values of every size as Intl.NumberFormat does', () => {
    let seed = 12345;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 4000; i++) {
      const scale = 10 ** Math.floor(next() * 26 - 9);
      const v = (next() < 0.2 ? -1 : 1) * (next() < 0.3 ? Math.round(next() * 2000) / 8 : next()) * scale;
      const d = Math.floor(next() * 5);
      for (const lang of ['en', 'de'] as const) expect(formatFixed(v, d, lang), `${v} at ${d} in ${lang}`).toBe(intl(v, d, lang));
    }
  });

  it('leaves what Intl writes in words or at great length to Intl', () => {
    for (const v of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e21, -3.5e25])
      for (const lang of ['en', 'de'] as const) expect(formatFixed(v, 1, lang)).toBe(intl(v, 1, lang));
  });
});
