// The transformer model's name and one-line "use it when", for the navigation, home card and compare page.
import { defineMessages, type KeysOf } from '../../core/i18n';

const en = {
  'nav.transformer': 'Transformer',
  'card.transformer.title': 'Transformer',
  'card.transformer.when': 'Use it for text and other sequences where long-range context matters, with lots of data.',
};

const de: Record<keyof typeof en, string> = {
  'nav.transformer': 'Transformer',
  'card.transformer.title': 'Transformer',
  'card.transformer.when': 'Passt für Text und andere Folgen mit weitreichendem Kontext – bei vielen Daten.',
};

export const transformerModelStrings = defineMessages({ en, de });

declare module '../../core/i18n' {
  interface Messages extends KeysOf<typeof transformerModelStrings> {}
}
