// Strings of the colour-scheme switch in the header. Written by us in both languages.
import { defineMessages, type KeysOf } from '../core/main-thread/i18n';
const en = {
  'theme.system': 'System',
  'theme.light': 'Light',
  'theme.dark': 'Dark',
  'theme.toggle.aria': 'Colour scheme: {scheme}',
  'theme.toggle.title': 'Light, dark, or whatever your device is set to. Press to change to “{next}”.',
};

const de: Record<keyof typeof en, string> = {
  'theme.system': 'System',
  'theme.light': 'Hell',
  'theme.dark': 'Dunkel',
  'theme.toggle.aria': 'Farbschema: {scheme}',
  'theme.toggle.title': 'Hell, dunkel oder so, wie dein Gerät eingestellt ist. Drücken wechselt zu „{next}“.',
};

export const themeStrings = defineMessages({ en, de });

declare module '../core/main-thread/i18n' {
  interface Messages extends KeysOf<typeof themeStrings> {}
}
