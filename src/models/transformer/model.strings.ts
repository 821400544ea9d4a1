// The transformer model's name, its one-line "use it when" and what one sample of it is: navigation, home card, compare page.
import { defineMessages, type KeysOf } from '../../core/main-thread/i18n';

const en = {
  'nav.transformer': 'Transformer',
  'card.transformer.title': 'Transformer',
  'card.transformer.when': 'Use it for text and other sequences where long-range context matters, with lots of data.',
  'sample.transformer': '64 characters: 64 steps with the KV cache (measured: one step × 64)',
};

const de: Record<keyof typeof en, string> = {
  'sample.transformer': '64 Zeichen: 64 Schritte mit KV-Cache (gemessen: ein Schritt × 64)',
  'nav.transformer': 'Transformer',
  'card.transformer.title': 'Transformer',
  'card.transformer.when': 'Passt für Text und andere Folgen mit weitreichendem Kontext – bei vielen Daten.',
};

export const transformerModelStrings = defineMessages({ en, de });

declare module '../../core/main-thread/i18n' {
  interface Messages extends KeysOf<typeof transformerModelStrings> {}
}
