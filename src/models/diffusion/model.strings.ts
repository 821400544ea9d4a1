// The diffusion model's name and one-line "use it when", for the navigation, home card and compare page.
import { defineMessages, type KeysOf } from '../../core/i18n';

const en = {
  'nav.diffusion': 'Diffusion',
  'card.diffusion.title': 'Diffusion model',
  'card.diffusion.when': 'Use it when quality matters most and you can pay for many denoising steps.',
};

const de: Record<keyof typeof en, string> = {
  'nav.diffusion': 'Diffusion',
  'card.diffusion.title': 'Diffusionsmodell',
  'card.diffusion.when': 'Passt, wenn Qualität vor allem zählt und viele Entrauschungsschritte bezahlbar sind.',
};

export const diffusionModelStrings = defineMessages({ en, de });

declare module '../../core/i18n' {
  interface Messages extends KeysOf<typeof diffusionModelStrings> {}
}
