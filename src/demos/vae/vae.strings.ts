// The VAE demo's own strings and its trade-off text, in our words (facts from the article, not its sentences).
import { defineMessages, type KeysOf } from '../../core/main-thread/i18n';
const en = {
  'vae.title': 'Variational autoencoder',
  'vae.lead':
    'The decoder turns 16 numbers into a 28×28 clothing image. Move the sliders and it redraws live; every run happens in your browser.',
  'vae.sliders': 'Latent dimensions, most informative first',
  'vae.slider.label': 'z{index}',
  'vae.slider.kl': '{kl} nats',
  'vae.slider.kl.title': 'How much this dimension carries on average (KL divergence from the prior, nats)',
  'vae.randomize': 'Random sample',
  'vae.centre': 'Centre (all zero)',
  'vae.map.title': 'Latent map',
  'vae.map.help':
    'Each dot is a test image, placed by its encoding along the two main axes of the latent space (PCA). Click, or focus and use the arrow keys, to move there.',
  'vae.map.aria': 'Latent map. Arrow keys move the current point, Enter decodes it.',
  'vae.strip.title': 'Encode a real image',
  'vae.strip.help': 'Pick a test image: the encoder maps it to a latent vector, the sliders jump there and the decoder rebuilds it.',
  'vae.strip.pick': 'Encode test image {index}: {label}',
  'vae.original': 'Original',
  'vae.reconstruction': 'Reconstruction',
  'vae.output.aria': 'Decoded image',
  'vae.how.1':
    'The encoder reads an image and outputs not one point but a probability distribution over the latent space: a mean and a spread for each of the 16 dimensions.',
  'vae.how.2':
    'During training a point is drawn at random from that distribution and the decoder has to rebuild the original image from it.',
  'vae.how.3':
    'The loss scores how well the rebuild matches the original, plus a penalty that keeps the distributions close to a standard normal so the space has no holes.',
  'vae.how.4': 'To generate, draw 16 numbers from that normal distribution (or move the sliders) and run only the decoder.',
  'vae.strength.1': 'It handles uncertainty explicitly: every encoding is a distribution, so the model can say how sure it is.',
  'vae.strength.2':
    'It copes well with little or poor-quality training data and with data whose samples vary a lot, e.g. medical images or drug molecules.',
  'vae.strength.3': 'Its latent space is smooth and meaningful: nearby points decode to similar images, as the map shows.',
  'vae.weakness.1': "Because it averages over possibilities, it tends to lose fine detail: images come out blurrier than a GAN's.",
  'vae.weakness.2': 'Where one answer is clearly right, it still spreads its bets over several plausible ones.',
  'vae.when.1': 'The training data is limited in size or quality.',
  'vae.when.2': 'Some inaccuracy in the output, such as blurry images, is acceptable.',
  'vae.num.decode': 'Decode time here (last / median)',
  'vae.num.params': 'Parameters (decoder / whole model)',
  'vae.num.trained.sizes': 'Sizes',
  'vae.num.trained.sizes.value': '{latent} latent dimensions, hidden layers of {hidden}',
  'vae.num.trained.loss': 'Last losses',
  'vae.num.trained.loss.value': 'reconstruction {recon} nats, KL {kl} nats per image (step {step})',
  'vae.num.download': 'Download (decoder + encoder)',
  'vae.num.elbo': 'Test ELBO (binarized Fashion-MNIST)',
  'vae.num.nll': 'Test NLL, importance-weighted ({k} samples)',
  'vae.num.mse': 'Reconstruction error (MSE per pixel)',
  'vae.num.nats': '{value} nats',
};

const de: Record<keyof typeof en, string> = {
  'vae.title': 'Variational Autoencoder',
  'vae.lead':
    'Der Decoder macht aus 16 Zahlen ein 28×28-Bild eines Kleidungsstücks. Bewege die Regler, und er zeichnet sofort neu; alles rechnet in deinem Browser.',
  'vae.sliders': 'Latente Dimensionen, die aussagekräftigsten zuerst',
  'vae.slider.label': 'z{index}',
  'vae.slider.kl': '{kl} nats',
  'vae.slider.kl.title': 'Wie viel diese Dimension im Mittel trägt (KL-Divergenz zur Prior-Verteilung, nats)',
  'vae.randomize': 'Zufallsbeispiel',
  'vae.centre': 'Mitte (alles null)',
  'vae.map.title': 'Karte des latenten Raums',
  'vae.map.help':
    'Jeder Punkt ist ein Testbild, platziert nach seiner Kodierung entlang der zwei Hauptachsen des latenten Raums (PCA). Klicke – oder fokussiere die Karte und nutze die Pfeiltasten –, um dorthin zu springen.',
  'vae.map.aria': 'Karte des latenten Raums. Pfeiltasten verschieben den Punkt, Enter dekodiert ihn.',
  'vae.strip.title': 'Ein echtes Bild kodieren',
  'vae.strip.help':
    'Wähle ein Testbild: Der Encoder bildet es auf einen latenten Vektor ab, die Regler springen dorthin, und der Decoder baut es wieder auf.',
  'vae.strip.pick': 'Testbild {index} kodieren: {label}',
  'vae.original': 'Original',
  'vae.reconstruction': 'Rekonstruktion',
  'vae.output.aria': 'Dekodiertes Bild',
  'vae.how.1':
    'Der Encoder liest ein Bild und liefert nicht einen Punkt, sondern eine Wahrscheinlichkeitsverteilung im latenten Raum: Mittelwert und Streuung für jede der 16 Dimensionen.',
  'vae.how.2':
    'Im Training wird aus dieser Verteilung zufällig ein Punkt gezogen, und der Decoder muss daraus das Originalbild wiederherstellen.',
  'vae.how.3':
    'Der Verlust bewertet, wie gut die Rekonstruktion zum Original passt, und bestraft Verteilungen, die sich weit von einer Standardnormalverteilung entfernen – so bleibt der Raum lückenlos.',
  'vae.how.4': 'Zum Erzeugen zieht man 16 Zahlen aus dieser Normalverteilung (oder bewegt die Regler) und lässt nur den Decoder laufen.',
  'vae.strength.1':
    'Er geht ausdrücklich mit Unsicherheit um: Jede Kodierung ist eine Verteilung, das Modell kann also sagen, wie sicher es ist.',
  'vae.strength.2':
    'Er kommt gut mit wenigen oder schlechten Trainingsdaten zurecht und mit Daten, deren Beispiele stark schwanken, etwa medizinischen Bildern oder Wirkstoffmolekülen.',
  'vae.strength.3': 'Sein latenter Raum ist glatt und sinnvoll geordnet: Benachbarte Punkte ergeben ähnliche Bilder, wie die Karte zeigt.',
  'vae.weakness.1': 'Weil er über Möglichkeiten mittelt, gehen gern feine Details verloren: Die Bilder sind unschärfer als die eines GAN.',
  'vae.weakness.2': 'Auch wo eine Antwort eindeutig stimmt, verteilt er seine Wette auf mehrere plausible Antworten.',
  'vae.when.1': 'Die Trainingsdaten sind nach Umfang oder Qualität begrenzt.',
  'vae.when.2': 'Ungenauigkeiten in der Ausgabe, etwa unscharfe Bilder, sind hinnehmbar.',
  'vae.num.decode': 'Dekodierzeit hier (letzte / Median)',
  'vae.num.params': 'Parameter (Decoder / ganzes Modell)',
  'vae.num.trained.sizes': 'Größen',
  'vae.num.trained.sizes.value': '{latent} Latent-Dimensionen, verborgene Schichten mit {hidden}',
  'vae.num.trained.loss': 'Letzte Verluste',
  'vae.num.trained.loss.value': 'Rekonstruktion {recon} Nats, KL {kl} Nats pro Bild (Schritt {step})',
  'vae.num.download': 'Download (Decoder + Encoder)',
  'vae.num.elbo': 'Test-ELBO (binarisiertes Fashion-MNIST)',
  'vae.num.nll': 'Test-NLL, importance-gewichtet ({k} Stichproben)',
  'vae.num.mse': 'Rekonstruktionsfehler (MSE je Pixel)',
  'vae.num.nats': '{value} nats',
};

export const vaeStrings = defineMessages({ en, de });

declare module '../../core/main-thread/i18n' {
  interface Messages extends KeysOf<typeof vaeStrings> {}
}
