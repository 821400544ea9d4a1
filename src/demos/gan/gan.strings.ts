// The GAN demo's own strings and its trade-off text, in our words (facts from the article, not its sentences).
import { defineMessages, type KeysOf } from '../../core/main-thread/i18n';
const en = {
  'gan.title': 'Generative adversarial network',
  'gan.lead':
    'A generator turns 64 random numbers into a garment in one pass; a discriminator, trained against it, scores every image from 0 (surely fake) to 1 (surely real).',
  'gan.generate': 'New samples',
  'gan.seed': 'Seed',
  'gan.truncation': 'Truncation ψ',
  'gan.truncation.help': 'Lower values pull every latent toward the centre: more typical, cleaner images, less variety.',
  'gan.interpolate': 'Interpolate',
  'gan.pause': 'Pause',
  'gan.interpolate.help': 'Glides through the latent space from the large sample to the next one, frame by frame.',
  'gan.score': 'score {score}',
  'gan.score.title': "The discriminator's probability that this image is a real photo from the data",
  'gan.grid': 'Samples (click one to enlarge)',
  'gan.pick': 'Show sample {index} large',
  'gan.real': 'Score real test images instead',
  'gan.fake': 'Back to generated images',
  'gan.real.caption': 'Real Fashion-MNIST test images, scored by the same discriminator',
  'gan.output.aria': 'Generated image',
  'gan.msper': '{ms} ms per image',
  'gan.how.1':
    'Two networks are trained against each other: a generator makes images from random numbers, a discriminator learns to tell them from real training images.',
  'gan.how.2': 'The discriminator gives each image a score between 0 and 1: how real it looks.',
  'gan.how.3':
    'The generator is updated to raise that score; as the discriminator gets stricter, the generator has to get better. At first its images are pure noise.',
  'gan.how.4': 'To generate, only the generator runs: one pass, no sampling loop.',
  'gan.strength.1': 'Sharp, detailed output: trained long enough, a GAN picks up fine structure that a VAE blurs away.',
  'gan.strength.2': 'Fast generation: one forward pass, no probabilistic evaluation at inference time.',
  'gan.weakness.1':
    'Training is long, costly and unstable: the two networks must stay in balance, and a generator can collapse onto a few kinds of image.',
  'gan.weakness.2': 'Outliers in the data are ignored: the generator gains nothing by imitating rare cases the discriminator seldom sees.',
  'gan.when.1': 'The output has to be sharp and precise.',
  'gan.when.2': 'Plenty of compute is available for training.',
  'gan.when.3': 'Generation must be cheap and fast.',
  'gan.num.ms': 'Generation here (last / median)',
  'gan.num.vae': 'VAE decode here, for comparison',
  'gan.num.vae.none': 'not measured yet: open the VAE demo once',
  'gan.num.params': 'Parameters (generator / discriminator)',
  'gan.num.trained.sizes': 'Sizes',
  'gan.num.trained.sizes.value': '{latent} latent dimensions, hidden layers of {hidden}',
  'gan.num.trained.loss': 'Last losses',
  'gan.num.trained.loss.value': 'discriminator {d}, generator {g} nats (step {step})',
  'gan.num.curve': 'FMNIST-FD while it trained (2,000 samples)',
  'gan.num.curve.point': 'after {minutes} min: {fd}',
  'gan.num.download': 'Download (generator + discriminator)',
};

const de: Record<keyof typeof en, string> = {
  'gan.title': 'Generative Adversarial Network',
  'gan.lead':
    'Ein Generator macht aus 64 Zufallszahlen in einem Durchgang ein Kleidungsstück; ein Diskriminator, gegen ihn trainiert, bewertet jedes Bild von 0 (sicher unecht) bis 1 (sicher echt).',
  'gan.generate': 'Neue Beispiele',
  'gan.seed': 'Seed',
  'gan.truncation': 'Trunkierung ψ',
  'gan.truncation.help': 'Kleinere Werte ziehen jeden latenten Vektor zur Mitte: typischere, sauberere Bilder, weniger Vielfalt.',
  'gan.interpolate': 'Interpolieren',
  'gan.pause': 'Pause',
  'gan.interpolate.help': 'Gleitet Bild für Bild durch den latenten Raum, vom großen Beispiel zum nächsten.',
  'gan.score': 'Wertung {score}',
  'gan.score.title': 'Die Wahrscheinlichkeit, die der Diskriminator diesem Bild gibt, ein echtes Foto aus den Daten zu sein',
  'gan.grid': 'Beispiele (zum Vergrößern anklicken)',
  'gan.pick': 'Beispiel {index} groß zeigen',
  'gan.real': 'Stattdessen echte Testbilder bewerten',
  'gan.fake': 'Zurück zu den erzeugten Bildern',
  'gan.real.caption': 'Echte Fashion-MNIST-Testbilder, bewertet vom selben Diskriminator',
  'gan.output.aria': 'Erzeugtes Bild',
  'gan.msper': '{ms} ms pro Bild',
  'gan.how.1':
    'Zwei Netze werden gegeneinander trainiert: Ein Generator erzeugt Bilder aus Zufallszahlen, ein Diskriminator lernt, sie von echten Trainingsbildern zu unterscheiden.',
  'gan.how.2': 'Der Diskriminator gibt jedem Bild eine Wertung zwischen 0 und 1: wie echt es wirkt.',
  'gan.how.3':
    'Der Generator wird so angepasst, dass diese Wertung steigt; wird der Diskriminator strenger, muss der Generator besser werden. Anfangs sind seine Bilder reines Rauschen.',
  'gan.how.4': 'Zum Erzeugen läuft nur der Generator: ein Durchgang, keine Abtastschleife.',
  'gan.strength.1': 'Scharfe, detailreiche Ergebnisse: Lange genug trainiert, lernt ein GAN feine Strukturen, die ein VAE verwischt.',
  'gan.strength.2': 'Schnelle Erzeugung: ein Vorwärtsdurchgang, keine probabilistische Auswertung beim Erzeugen.',
  'gan.weakness.1':
    'Das Training ist lang, teuer und instabil: Beide Netze müssen im Gleichgewicht bleiben, und ein Generator kann auf wenige Bildarten zusammenfallen.',
  'gan.weakness.2':
    'Ausreißer in den Daten werden übergangen: Der Generator gewinnt nichts damit, seltene Fälle nachzuahmen, die der Diskriminator kaum sieht.',
  'gan.when.1': 'Die Ausgabe muss scharf und genau sein.',
  'gan.when.2': 'Für das Training steht reichlich Rechenleistung bereit.',
  'gan.when.3': 'Das Erzeugen muss günstig und schnell sein.',
  'gan.num.ms': 'Erzeugung hier (letzte / Median)',
  'gan.num.vae': 'VAE-Dekodierung hier, zum Vergleich',
  'gan.num.vae.none': 'noch nicht gemessen: öffne einmal die VAE-Demo',
  'gan.num.curve': 'FMNIST-FD während des Trainings (2.000 Bilder)',
  'gan.num.curve.point': 'nach {minutes} min: {fd}',
  'gan.num.params': 'Parameter (Generator / Diskriminator)',
  'gan.num.trained.sizes': 'Größen',
  'gan.num.trained.sizes.value': '{latent} Latent-Dimensionen, verborgene Schichten mit {hidden}',
  'gan.num.trained.loss': 'Letzte Verluste',
  'gan.num.trained.loss.value': 'Diskriminator {d}, Generator {g} Nats (Schritt {step})',
  'gan.num.download': 'Download (Generator + Diskriminator)',
};

export const ganStrings = defineMessages({ en, de });

declare module '../../core/main-thread/i18n' {
  interface Messages extends KeysOf<typeof ganStrings> {}
}
