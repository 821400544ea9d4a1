// The diffusion model's name, its one-line "use it when" and what one sample of it is: navigation, home card, compare page.
import { defineMessages, type KeysOf } from '../../core/main-thread/i18n';

const en = {
  'nav.diffusion': 'Diffusion',
  'card.diffusion.title': 'Diffusion model',
  'card.diffusion.when': 'Use it when quality matters most and you can pay for many denoising steps.',
  'sample.diffusion': 'one 28×28 image: 50 DDIM steps, each a guided U-Net call (measured: one call × 50)',
};

const de: Record<keyof typeof en, string> = {
  'sample.diffusion': 'ein 28×28-Bild: 50 DDIM-Schritte, je ein geführter U-Net-Aufruf (gemessen: ein Aufruf × 50)',
  'nav.diffusion': 'Diffusion',
  'card.diffusion.title': 'Diffusionsmodell',
  'card.diffusion.when': 'Passt, wenn Qualität vor allem zählt und viele Entrauschungsschritte bezahlbar sind.',
};

export const diffusionModelStrings = defineMessages({ en, de });

declare module '../../core/main-thread/i18n' {
  interface Messages extends KeysOf<typeof diffusionModelStrings> {}
}
