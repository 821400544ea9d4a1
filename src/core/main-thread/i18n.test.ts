import { describe, expect, it } from 'vitest';
import { dictionaries, defineMessages, LANGS, t } from './i18n';

// every strings file of the site registers itself on import
import.meta.glob('../../**/*.strings.ts', { eager: true });

const PLURAL = /\{(\w+), plural,((?:\s*=?\w+\s*\{[^{}]*\})+)\s*\}/g;
/** The placeholders of a message: `{name}` and the argument of each plural form. */
const placeholders = (s: string) => {
  const plurals = [...s.matchAll(PLURAL)].map((m) => m[1]);
  return [...plurals, ...[...s.replace(PLURAL, '').matchAll(/\{(\w+)\}/g)].map((m) => m[1])].sort();
};

describe('i18n dictionaries', () => {
  const keys = Object.keys(dictionaries.en);

  it('has every key in both languages, with text', () => {
    expect(keys.length).toBeGreaterThan(400);
    for (const lang of LANGS) {
      expect(Object.keys(dictionaries[lang]).sort()).toEqual([...keys].sort());
      for (const k of keys) expect(dictionaries[lang][k].trim(), `${lang}:${k}`).not.toBe('');
    }
  });

  it('uses the same placeholders in German and English', () => {
    for (const k of keys) expect(placeholders(dictionaries.de[k]), k).toEqual(placeholders(dictionaries.en[k]));
  });

  it('actually translates: most German strings differ from the English ones', () => {
    const same = keys.filter((k) => dictionaries.de[k] === dictionaries.en[k]);
    // Names such as "VAE", "GAN" or "Engine" are the same in both; whole sentences must not be.
    expect(
      same.every((k) => dictionaries.en[k].split(' ').length <= 3),
      same.join(', '),
    ).toBe(true);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(t('demo.timing', { ms: '1.5' }, 'en')).toBe('last run 1.5 ms');
    expect(t('demo.timing', {}, 'de')).toBe('letzter Lauf {ms} ms');
  });

  it('picks plural forms by the language rules', () => {
    expect(t('demo.url.number', { count: 1, min: 0, max: 9 }, 'en')).toBe('expected a number between 0 and 9');
    expect(t('demo.url.number', { count: 16, min: -3, max: 3 }, 'en')).toBe('expected up to 16 numbers between -3 and 3');
    expect(t('demo.url.number', { count: 1, min: 0, max: 9 }, 'de')).toBe('erwartet eine Zahl zwischen 0 und 9');
    expect(t('demo.url.number', { count: 0, min: 0, max: 9 }, 'de')).toBe('erwartet bis zu 0 Zahlen zwischen 0 und 9');
  });

  it('refuses a key defined twice with different text', () => {
    expect(() => defineMessages({ en: { 'demo.timing': 'other' }, de: { 'demo.timing': 'anders' } })).toThrow(/defined twice/);
  });
});
