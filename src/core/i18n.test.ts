import { describe, expect, it } from 'vitest';
import { dictionaries, LANGS, t } from './i18n';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('i18n dictionaries', () => {
  const keys = Object.keys(dictionaries.en);

  it('has every key in both languages, with text', () => {
    for (const lang of LANGS) {
      expect(Object.keys(dictionaries[lang]).sort()).toEqual([...keys].sort());
      for (const k of keys) expect(dictionaries[lang][k as keyof typeof dictionaries.en].trim(), `${lang}:${k}`).not.toBe('');
    }
  });

  it('uses the same placeholders in German and English', () => {
    for (const k of keys as (keyof typeof dictionaries.en)[]) {
      expect(placeholders(dictionaries.de[k]), k).toEqual(placeholders(dictionaries.en[k]));
    }
  });

  it('actually translates: most German strings differ from the English ones', () => {
    const same = keys.filter((k) => dictionaries.de[k as keyof typeof dictionaries.en] === dictionaries.en[k as keyof typeof dictionaries.en]);
    // Names such as "VAE", "GAN" or "Engine" are the same in both; whole sentences must not be.
    expect(same.every((k) => dictionaries.en[k as keyof typeof dictionaries.en].split(' ').length <= 3), same.join(', ')).toBe(true);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(t('demo.timing', { ms: '1.5' }, 'en')).toBe('last run 1.5 ms');
    expect(t('demo.timing', {}, 'de')).toBe('letzter Lauf {ms} ms');
  });
});
