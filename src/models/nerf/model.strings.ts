// The nerf model's name, its one-line "use it when" and what one sample of it is: navigation, home card, compare page.
import { defineMessages, type KeysOf } from '../../core/main-thread/i18n';

const en = {
  'nav.nerf': 'NeRF',
  'card.nerf.title': 'Neural radiance field (NeRF)',
  'card.nerf.when': 'Use it to turn a handful of photos of a scene into a 3-D view you can orbit.',
  'sample.nerf': 'one 64×64 view of the scene',
};

const de: Record<keyof typeof en, string> = {
  'sample.nerf': 'eine 64×64-Ansicht der Szene',
  'nav.nerf': 'NeRF',
  'card.nerf.title': 'Neural Radiance Field (NeRF)',
  'card.nerf.when': 'Passt, um aus einigen Fotos einer Szene eine 3-D-Ansicht zum Umkreisen zu machen.',
};

export const nerfModelStrings = defineMessages({ en, de });

declare module '../../core/main-thread/i18n' {
  interface Messages extends KeysOf<typeof nerfModelStrings> {}
}
