// Strings of the "reload to update" prompt. Written by us in both languages.
import { defineMessages, type KeysOf } from '../core/main-thread/i18n';

const en = {
  'update.ready': 'A new version of this site is ready.',
  'update.reload': 'Reload to update',
};

const de: Record<keyof typeof en, string> = {
  'update.ready': 'Eine neue Version dieser Seite ist bereit.',
  'update.reload': 'Neu laden und aktualisieren',
};

export const pwaStrings = defineMessages({ en, de });

declare module '../core/main-thread/i18n' {
  interface Messages extends KeysOf<typeof pwaStrings> {}
}
