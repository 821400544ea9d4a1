// Numbers written as Intl.NumberFormat writes them in our two languages with a fixed number of decimals
// (1,234.5 and 1.234,5), character for character (number-format.test.ts holds the two side by side), but
// without Intl: a page's first Intl.NumberFormat costs Chromium 80–100 ms on a small machine, as it loads the
// language's number data, and that was the longest task of home's start after its modules (traced on this
// 2-core VM, 2026-12-07). No DOM.

/** The separators of each language, as Intl writes them. */
export const SEPARATORS = {
  en: { group: ',', decimal: '.' },
  de: { group: '.', decimal: ',' },
} as const;
export type NumberLang = keyof typeof SEPARATORS;

/**
 * The decimal digits of `a` (finite, ≥ 0) as JavaScript writes it at its shortest (what Intl rounds from, so
 * 1.005 gives 1.01 at two decimals although the double is a hair below), and where the point sits:
 * a = 0.d₁d₂… × 10^point.
 */
function shortestDigits(a: number): { digits: string; point: number } {
  const [mantissa, exponent = '0'] = String(a).split('e');
  const [whole, frac = ''] = mantissa!.split('.');
  let digits = whole! + frac;
  let point = whole!.length + Number(exponent);
  const zeros = digits.length - digits.replace(/^0+/, '').length;
  digits = digits.slice(zeros);
  point -= zeros;
  return { digits, point };
}

/** `a` (finite, ≥ 0) rounded half away from zero to `decimals` places: its whole part and its decimals, as digits. */
function rounded(a: number, decimals: number): { whole: string; frac: string } {
  const { digits, point } = shortestDigits(a);
  const keep = point + decimals; // how many of the digits stay
  let kept: number[];
  let at = point; // where the point sits in `kept`
  if (keep < 0 || digits === '') kept = [];
  else {
    kept = [...digits.slice(0, keep).padEnd(keep, '0')].map(Number);
    if ((digits.charCodeAt(keep) || 48) >= 53) {
      // a 5 or more follows: carry one into the last kept digit
      let i = kept.length - 1;
      while (i >= 0 && kept[i] === 9) kept[i--] = 0;
      if (i >= 0) kept[i]!++;
      else {
        kept.unshift(1);
        at++;
      }
    }
  }
  // the kept digits stand for kept × 10^(at − kept.length); lay them out around the point
  const all = kept.join('');
  const wholeDigits = at > 0 ? all.slice(0, at).padEnd(at, '0') : '';
  const fracDigits = at >= 0 ? all.slice(at) : '0'.repeat(-at) + all;
  return { whole: wholeDigits.replace(/^0+(?=\d)/, '') || '0', frac: fracDigits.padEnd(decimals, '0').slice(0, decimals) };
}

/**
 * `value` with exactly `decimals` decimals and its thousands grouped, in `lang`, as
 * `new Intl.NumberFormat(lang, { minimumFractionDigits: decimals, maximumFractionDigits: decimals })` writes it.
 * Values Intl writes in words or with many digits (NaN, ±∞, 1e21 and above) go to Intl itself.
 */
export function formatFixed(value: number, decimals: number, lang: NumberLang): string {
  if (!Number.isFinite(value) || Math.abs(value) >= 1e21 || !Number.isInteger(decimals) || decimals < 0 || decimals > 20)
    return new Intl.NumberFormat(lang, { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(value);
  const { group, decimal } = SEPARATORS[lang];
  const { whole, frac } = rounded(Math.abs(value), decimals);
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, group);
  return `${sign}${grouped}${decimals > 0 ? decimal + frac : ''}`;
}
