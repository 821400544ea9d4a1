// The strings of #/train's "your own images" panel, in our words (English and German).
import { defineMessages, type KeysOf } from '../core/main-thread/i18n';

const en = {
  'own.title': 'Your own images',
  'own.lead':
    'Draw garments (or anything) on the pad, or load pictures: each becomes a 28 × 28 grey image like the Fashion-MNIST ones, light on black. The models then train on your images, alone or mixed with the garments.',
  'own.pad.aria': 'Drawing pad, 28 by 28 pixels. Arrow keys move the cursor (now at column {x}, row {y}); Space paints there.',
  'own.pen': 'Pen',
  'own.eraser': 'Eraser',
  'own.clear': 'Clear the pad',
  'own.add': 'Add to my images',
  'own.upload': 'Load pictures (PNG, JPEG, WebP)',
  'own.upload.type': '“{file}” is not a PNG, JPEG or WebP picture, so it was left out.',
  'own.upload.large': '“{file}” is {mb} MB; pictures up to {max} MB are read. It was left out.',
  'own.upload.side': '“{file}” is more than {max} pixels wide or high. It was left out.',
  'own.upload.broken':
    '“{file}” could not be read as a picture (damaged, or not what its name says). It was left out; the others were kept.',
  'own.full': 'You have {max} images, as many as the page keeps. The rest were left out.',
  'own.none': 'No images of yours yet: the models train on Fashion-MNIST alone.',
  'own.count': '{count} of at most {max} images of yours:',
  'own.image': 'Your image {index}',
  'own.remove': 'Remove',
  'own.remove.aria': 'Remove your image {index}',
  'own.remove-all': 'Remove all my images',
  'own.share': 'Each batch draws',
  'own.share.mixed': '{share} % from your images, the rest from Fashion-MNIST',
  'own.share.alone': 'only from your images',
  'own.expect':
    'With a handful of images the models soon make little else: the VAE draws blurry mixtures of your images on a grey haze, the GAN tends to settle on one of them for every latent (measured here: ten drawings of one T-shirt, 64 identical GAN samples after 209 steps), and the diffusion model copies them most closely. The figures below say how close each model’s samples come to your images.',
  'own.distance':
    'Distance of the samples to the nearest of your images (root-mean-square pixel difference, 0 to 1; at the start in brackets):',
  'own.distance.model': '{model} {now} ({first})',
};

const de: typeof en = {
  'own.title': 'Eigene Bilder',
  'own.lead':
    'Zeichne Kleidung (oder sonst etwas) auf die Fläche oder lade Bilder: Jedes wird zu einem grauen 28 × 28-Bild wie die aus Fashion-MNIST, hell auf Schwarz. Die Modelle lernen dann an deinen Bildern, allein oder gemischt mit der Kleidung.',
  'own.pad.aria': 'Zeichenfläche, 28 mal 28 Pixel. Pfeiltasten bewegen den Zeiger (jetzt Spalte {x}, Zeile {y}); die Leertaste malt dort.',
  'own.pen': 'Stift',
  'own.eraser': 'Radierer',
  'own.clear': 'Fläche leeren',
  'own.add': 'Zu meinen Bildern',
  'own.upload': 'Bilder laden (PNG, JPEG, WebP)',
  'own.upload.type': '„{file}“ ist kein PNG-, JPEG- oder WebP-Bild und wurde ausgelassen.',
  'own.upload.large': '„{file}“ hat {mb} MB; gelesen werden Bilder bis {max} MB. Es wurde ausgelassen.',
  'own.upload.side': '„{file}“ ist breiter oder höher als {max} Pixel. Es wurde ausgelassen.',
  'own.upload.broken':
    '„{file}“ ließ sich nicht als Bild lesen (beschädigt, oder nicht, was der Name sagt). Es wurde ausgelassen, die anderen sind geblieben.',
  'own.full': 'Du hast {max} Bilder, so viele, wie die Seite behält. Der Rest wurde ausgelassen.',
  'own.none': 'Noch keine eigenen Bilder: Die Modelle lernen nur an Fashion-MNIST.',
  'own.count': '{count} von höchstens {max} eigenen Bildern:',
  'own.image': 'Dein Bild {index}',
  'own.remove': 'Entfernen',
  'own.remove.aria': 'Dein Bild {index} entfernen',
  'own.remove-all': 'Alle meine Bilder entfernen',
  'own.share': 'Jeder Stapel nimmt',
  'own.share.mixed': '{share} % aus deinen Bildern, den Rest aus Fashion-MNIST',
  'own.share.alone': 'nur deine Bilder',
  'own.expect':
    'Mit einer Handvoll Bilder entsteht bald kaum etwas anderes: Der VAE zeichnet unscharfe Mischungen deiner Bilder auf grauem Dunst, das GAN legt sich gern für jeden Latentvektor auf eines davon fest (hier gemessen: zehn Zeichnungen eines T-Shirts, nach 209 Schritten 64 gleiche GAN-Bilder), und das Diffusionsmodell kopiert sie am genauesten. Die Zahlen darunter sagen, wie nah die Bilder jedes Modells an deine herankommen.',
  'own.distance':
    'Abstand der Bilder zum nächsten deiner Bilder (mittlere quadratische Pixelabweichung, Wurzel daraus, 0 bis 1; am Anfang in Klammern):',
  'own.distance.model': '{model} {now} ({first})',
};

export const ownImagesStrings = defineMessages({ en, de });

declare module '../core/main-thread/i18n' {
  interface Messages extends KeysOf<typeof ownImagesStrings> {}
}
