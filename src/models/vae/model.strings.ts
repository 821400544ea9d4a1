// The vae model's name, its one-line "use it when" and what one sample of it is: navigation, home card, compare page.
import { defineMessages, type KeysOf } from '../../core/main-thread/i18n';

const en = {
  'nav.vae': 'VAE',
  'card.vae.title': 'Variational autoencoder (VAE)',
  'card.vae.when': 'Use it when training data is scarce or noisy and a slightly blurry result is fine.',
  'sample.vae': 'one 28×28 image: one decoder call',
};

const de: Record<keyof typeof en, string> = {
  'sample.vae': 'ein 28×28-Bild: ein Aufruf des Decoders',
  'nav.vae': 'VAE',
  'card.vae.title': 'Variational Autoencoder (VAE)',
  'card.vae.when': 'Passt, wenn die Trainingsdaten knapp oder verrauscht sind und ein etwas unscharfes Ergebnis genügt.',
};

export const vaeModelStrings = defineMessages({ en, de });

declare module '../../core/main-thread/i18n' {
  interface Messages extends KeysOf<typeof vaeModelStrings> {}
}
