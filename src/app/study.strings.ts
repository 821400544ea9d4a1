// The training study page's strings, in our words (the article's claims about learning, not its sentences).
import { defineMessages, type KeysOf } from '../core/main-thread/i18n';

const en = {
  'study.title': 'How they learn: the training study',
  'study.lead':
    'The article says a lot about what each model needs to learn: data, time, luck with the seed, rare cases. Each plot here shows runs we made with our own training scripts at equal budgets, and each claim below a plot is judged from those numbers.',
  'study.weak':
    'Read it as evidence at a small scale: one small model of each kind, one data set (Fashion-MNIST, German fortunes, one Blender scene), minutes of training on a CPU, images scored by our own classifier. A model that lags after ten minutes may well win after ten hours.',
  'study.error': 'The study’s file could not be read ({message}). The rest of the site is not affected.',
  'study.missing': 'No study runs have been published with this copy of the site yet.',
  'study.protocol':
    'Protocol “{name}”: {image} min of training per image-model run, {gpt} min per GPT run, {nerf} min per NeRF run; probes score {samples} images each; {runs} runs. Ran on: {devices}.',
  'study.noruns': 'The runs for this are not in the study file yet.',
  'study.partial': 'Runs so far: {done} of {expected}. The plot fills in as the study goes on.',
  'study.back': 'Back to the comparison and all claims',
  'study.cpu': 'CPU seconds of training per run at full data: {list}.',
  'study.metric': 'Show',
  'study.metric.fmnist_fd': 'FMNIST-FD (lower is better)',
  'study.metric.coverage': 'class coverage (share of classes drawn)',
  'study.metric.class_entropy_nats': 'class entropy (nats; 2.30 = all ten evenly)',
  'study.metric.sharpness_laplacian_var': 'sharpness (variance of the Laplacian)',
  'study.model.vae': 'VAE',
  'study.model.gan': 'GAN',
  'study.model.diffusion': 'Diffusion',
  'study.model.gpt': 'Character GPT',
  'study.model.ngram': 'n-gram model (tuned)',
  'study.model.nerf': 'NeRF',
  'study.axis.images': 'training images',
  'study.axis.clean': 'clean data',
  'study.axis.damaged': '{share} % damaged',
  'study.axis.data': 'training data',
  'study.axis.seconds': 'training seconds',
  'study.axis.steps': 'training steps',
  'study.axis.label': 'Time axis',
  'study.axis.model': 'model',
  'study.axis.relshare': 'how often drawn, against the training set (%)',
  'study.axis.ignored': 'half as often: ignored below',
  'study.rare.class': '{name} ({share} % of the training set)',
  'study.rare.outliers': 'inverted images ({share} %)',
  'study.axis.chars': 'training characters',
  'study.axis.loss': 'validation loss (nats per character)',
  'study.axis.views': 'training views',
  'study.axis.psnr': 'PSNR on unseen views (dB)',
  'study.level': 'FD level {level}',
  'study.seedrun': '{model}, seed {seed}',
  'study.collapsed': 'collapsed',
  'study.data-amount.title': 'Less training data',
  'study.data-amount.what':
    'Each model trained for the same time on {sizes} training images (the same class-balanced subsets for all). Both axes are logarithmic, so equal slopes mean equal factors: the flatter a line, the less that model suffers from little data, measured against its own result with all images. Each point is the mean over the seeds run so far; the whiskers reach from the lowest seed to the highest.',
  'study.poor-data.title': 'Damaged training data',
  'study.poor-data.what':
    'The same training set once clean and once with {damaged} % of its images damaged by strong noise and a grey square, each model scored against clean test images. On the logarithmic axis a steeper line means a larger factor lost. A model still far from trained when the budget ends (see the training-time plot) has less to lose, which flatters its factor. Points are means over the seeds; whiskers, lowest to highest seed.',
  'study.training-time.title': 'Quality against training time',
  'study.training-time.what':
    'FD of {samples} samples from fixed latent vectors while each model trains on all its images, probed at 1/16, 1/8, 1/4, 1/2 and all of the budget (probe time not counted). The dashed line is the level the claim measures the time to; between probes the crossing is interpolated. Every run had the same budget, so its CPU seconds say how evenly it used the one core, not how much compute it needs.',
  'study.stability.title': 'Three seeds each',
  'study.stability.what':
    'Each image model trained three times on all its images with different seeds and nothing else changed. Lines that stay together mean a model trains reliably; a run marked collapsed broke the rule written in the study file (classes or entropy lost after they were there, or an FD jump).',
  'study.rare-class.title': 'A rare class',
  'study.rare-class.what':
    '“{rareName}” cut to {rare} % of the training set, and {outliers} % of the other images inverted (a light background, a dark garment: outliers unlike everything else). The bars show how often each model draws them, against how often they occur in its training data (100 %: as often), over {rareSamples} samples of each seed pooled; the whiskers are the seeds’ lowest and highest. The class is counted by our classifier and corrected for its mistakes on test images (it hardly ever files junk under trousers, unlike bags, used in the study’s first runs); an outlier is a sample whose nearest test image is an inverted one. A model that keeps rare cases draws them about as often as they occur.',
  'study.transformer-data.title': 'The transformer and the size of its corpus',
  'study.transformer-data.what':
    'The character GPT trained for the same time on {shares} of the fortunes, keeping its best point on a tenth of each share held out; beside it an n-gram model, counted in seconds, whose order and smoothing were tuned on that same tenth. Both are measured on the same held-out fortunes. Where the lines cross, the transformer starts to pay off.',
  'study.nerf-views.title': 'NeRF and the number of photos',
  'study.nerf-views.what':
    'The NeRF trained for the same time from {views} rendered views of our scene, spread evenly around it, and measured on the same views it never saw. With a fixed time, more views can also mean fewer passes over each.',
};

const de: Record<keyof typeof en, string> = {
  'study.title': 'Wie sie lernen: die Trainingsstudie',
  'study.lead':
    'Der Artikel sagt viel darüber, was jedes Modell zum Lernen braucht: Daten, Zeit, Glück mit dem Seed, seltene Fälle. Jedes Diagramm hier zeigt Läufe, die wir mit unseren eigenen Trainingsskripten bei gleichem Budget gemacht haben, und jede Aussage unter einem Diagramm wird aus diesen Zahlen beurteilt.',
  'study.weak':
    'Lies es als Beleg im kleinen Maßstab: ein kleines Modell jeder Art, ein Datensatz (Fashion-MNIST, deutsche Glückskekssprüche, eine Blender-Szene), Minuten Training auf einer CPU, Bilder von unserem eigenen Klassifikator bewertet. Ein Modell, das nach zehn Minuten zurückliegt, kann nach zehn Stunden vorn sein.',
  'study.error': 'Die Datei der Studie ließ sich nicht lesen ({message}). Der Rest der Seite ist davon nicht betroffen.',
  'study.missing': 'Zu dieser Kopie der Seite wurden noch keine Läufe der Studie veröffentlicht.',
  'study.protocol':
    'Protokoll „{name}“: {image} min Training pro Lauf eines Bildmodells, {gpt} min pro GPT-Lauf, {nerf} min pro NeRF-Lauf; jede Messung bewertet {samples} Bilder; {runs} Läufe. Gerechnet auf: {devices}.',
  'study.noruns': 'Die Läufe dafür fehlen in der Datei der Studie noch.',
  'study.partial': 'Bisher {done} von {expected} Läufen. Das Diagramm füllt sich, während die Studie weiterläuft.',
  'study.back': 'Zurück zum Vergleich und allen Aussagen',
  'study.cpu': 'CPU-Sekunden Training pro Lauf mit allen Daten: {list}.',
  'study.metric': 'Anzeigen',
  'study.metric.fmnist_fd': 'FMNIST-FD (kleiner ist besser)',
  'study.metric.coverage': 'Klassenabdeckung (Anteil erzeugter Klassen)',
  'study.metric.class_entropy_nats': 'Klassenentropie (Nats; 2,30 = alle zehn gleich oft)',
  'study.metric.sharpness_laplacian_var': 'Schärfe (Varianz des Laplace-Filters)',
  'study.model.vae': 'VAE',
  'study.model.gan': 'GAN',
  'study.model.diffusion': 'Diffusion',
  'study.model.gpt': 'Zeichen-GPT',
  'study.model.ngram': 'n-Gramm-Modell (abgestimmt)',
  'study.model.nerf': 'NeRF',
  'study.axis.images': 'Trainingsbilder',
  'study.axis.clean': 'saubere Daten',
  'study.axis.damaged': '{share} % beschädigt',
  'study.axis.data': 'Trainingsdaten',
  'study.axis.seconds': 'Trainingssekunden',
  'study.axis.steps': 'Trainingsschritte',
  'study.axis.label': 'Zeitachse',
  'study.axis.model': 'Modell',
  'study.axis.relshare': 'wie oft gezeichnet, gemessen an den Trainingsdaten (%)',
  'study.axis.ignored': 'halb so oft: darunter ignoriert',
  'study.rare.class': '{name} ({share} % der Trainingsdaten)',
  'study.rare.outliers': 'invertierte Bilder ({share} %)',
  'study.axis.chars': 'Trainingszeichen',
  'study.axis.loss': 'Validierungsverlust (Nats pro Zeichen)',
  'study.axis.views': 'Trainingsansichten',
  'study.axis.psnr': 'PSNR auf ungesehenen Ansichten (dB)',
  'study.level': 'FD-Schwelle {level}',
  'study.seedrun': '{model}, Seed {seed}',
  'study.collapsed': 'kollabiert',
  'study.data-amount.title': 'Weniger Trainingsdaten',
  'study.data-amount.what':
    'Jedes Modell trainierte gleich lange auf {sizes} Trainingsbildern (für alle dieselben nach Klassen ausgewogenen Teilmengen). Beide Achsen sind logarithmisch, gleiche Steigung heißt gleicher Faktor: Je flacher eine Linie, desto weniger leidet das Modell unter wenig Daten, gemessen an seinem eigenen Ergebnis mit allen Bildern. Jeder Punkt ist der Mittelwert über die bisher gelaufenen Seeds; die Striche reichen vom niedrigsten zum höchsten.',
  'study.poor-data.title': 'Beschädigte Trainingsdaten',
  'study.poor-data.what':
    'Dieselben Trainingsdaten einmal sauber und einmal mit {damaged} % der Bilder durch starkes Rauschen und ein graues Quadrat beschädigt, jedes Modell an sauberen Testbildern gemessen. Auf der logarithmischen Achse heißt steiler: ein größerer Faktor verloren. Ein Modell, das am Ende des Budgets noch weit vom fertigen Training entfernt ist (siehe die Zeitkurve), hat weniger zu verlieren; das schönt seinen Faktor. Punkte sind Mittelwerte über die Seeds, die Striche reichen vom niedrigsten zum höchsten Seed.',
  'study.training-time.title': 'Qualität im Verlauf des Trainings',
  'study.training-time.what':
    'FD von {samples} Bildern aus festen latenten Vektoren, während jedes Modell auf allen seinen Bildern trainiert, gemessen nach 1/16, 1/8, 1/4, 1/2 und dem ganzen Budget (Messzeit nicht mitgezählt). Die gestrichelte Linie ist die Schwelle, bis zu der die Aussage die Zeit misst; zwischen zwei Messungen wird der Übergang interpoliert. Alle Läufe hatten dasselbe Budget, ihre CPU-Sekunden zeigen also, wie gleichmäßig sie den einen Kern nutzten, nicht wie viel Rechenleistung sie brauchen.',
  'study.stability.title': 'Je drei Seeds',
  'study.stability.what':
    'Jedes Bildmodell dreimal auf allen seinen Bildern mit verschiedenen Seeds trainiert, sonst nichts geändert. Bleiben die Linien beieinander, lernt das Modell verlässlich; ein als kollabiert markierter Lauf verletzt die Regel aus der Studiendatei (Klassen oder Entropie verloren, nachdem sie da waren, oder ein FD-Sprung).',
  'study.rare-class.title': 'Eine seltene Klasse',
  'study.rare-class.what':
    '„{rareName}“ auf {rare} % der Trainingsdaten gekürzt und {outliers} % der übrigen Bilder invertiert (heller Hintergrund, dunkles Kleidungsstück: Ausreißer, die allem anderen unähnlich sind). Die Balken zeigen, wie oft jedes Modell sie zeichnet, gemessen daran, wie oft sie in seinen Trainingsdaten vorkommen (100 %: genauso oft), über je {rareSamples} Bilder aller Seeds zusammen; die Striche reichen vom niedrigsten zum höchsten Seed. Die Klasse zählt unser Klassifikator, korrigiert um seine Fehler auf Testbildern (unter Hosen ordnet er Ausschuss fast nie ein, anders als unter Taschen, die die ersten Läufe der Studie nutzten); ein Ausreißer ist ein Bild, dessen nächstes Testbild ein invertiertes ist. Ein Modell, das Seltenes behält, zeichnet es etwa so oft, wie es vorkommt.',
  'study.transformer-data.title': 'Der Transformer und die Größe seines Korpus',
  'study.transformer-data.what':
    'Das Zeichen-GPT trainierte gleich lange auf {shares} der Glückskekssprüche und behielt seinen besten Stand auf einem zurückgehaltenen Zehntel jedes Anteils; daneben ein n-Gramm-Modell, in Sekunden ausgezählt, dessen Ordnung und Glättung auf demselben Zehntel abgestimmt wurden. Beide werden an denselben zurückgehaltenen Sprüchen gemessen. Wo sich die Linien kreuzen, lohnt sich der Transformer.',
  'study.nerf-views.title': 'NeRF und die Zahl der Fotos',
  'study.nerf-views.what':
    'Das NeRF trainierte gleich lange aus {views} gerenderten Ansichten unserer Szene, gleichmäßig um sie verteilt, und wurde an denselben Ansichten gemessen, die es nie gesehen hat. Bei fester Zeit heißen mehr Ansichten auch weniger Durchgänge über jede.',
};

export const studyStrings = defineMessages({ en, de });

declare module '../core/main-thread/i18n' {
  interface Messages extends KeysOf<typeof studyStrings> {}
}
