// The ten Fashion-MNIST classes, for every demo that names them (VAE map legend, diffusion class menu).
import { defineMessages, type KeysOf } from '../core/main-thread/i18n';

const en = {
  'fmnist.class.0': 'T-shirt/top',
  'fmnist.class.1': 'Trouser',
  'fmnist.class.2': 'Pullover',
  'fmnist.class.3': 'Dress',
  'fmnist.class.4': 'Coat',
  'fmnist.class.5': 'Sandal',
  'fmnist.class.6': 'Shirt',
  'fmnist.class.7': 'Sneaker',
  'fmnist.class.8': 'Bag',
  'fmnist.class.9': 'Ankle boot',
};

const de: Record<keyof typeof en, string> = {
  'fmnist.class.0': 'T-Shirt/Top',
  'fmnist.class.1': 'Hose',
  'fmnist.class.2': 'Pullover',
  'fmnist.class.3': 'Kleid',
  'fmnist.class.4': 'Mantel',
  'fmnist.class.5': 'Sandale',
  'fmnist.class.6': 'Hemd',
  'fmnist.class.7': 'Sneaker',
  'fmnist.class.8': 'Tasche',
  'fmnist.class.9': 'Stiefelette',
};

export const fashionMnistStrings = defineMessages({ en, de });

declare module '../core/main-thread/i18n' {
  interface Messages extends KeysOf<typeof fashionMnistStrings> {}
}
