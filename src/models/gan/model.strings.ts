// The gan model's name, its one-line "use it when" and what one sample of it is: navigation, home card, compare page.
import { defineMessages, type KeysOf } from '../../core/main-thread/i18n';

const en = {
  'nav.gan': 'GAN',
  'card.gan.title': 'Generative adversarial network (GAN)',
  'card.gan.when': 'Use it when images must be sharp and generated fast, and you can afford a fiddly training.',
  'sample.gan': 'one 28×28 image: one generator call',
};

const de: Record<keyof typeof en, string> = {
  'sample.gan': 'ein 28×28-Bild: ein Aufruf des Generators',
  'nav.gan': 'GAN',
  'card.gan.title': 'Generative Adversarial Network (GAN)',
  'card.gan.when': 'Passt, wenn Bilder scharf sein und schnell entstehen müssen und ein heikles Training tragbar ist.',
};

export const ganModelStrings = defineMessages({ en, de });

declare module '../../core/main-thread/i18n' {
  interface Messages extends KeysOf<typeof ganModelStrings> {}
}
