// #/train-nerf's strings, in our words: a radiance field learning the scene from the photos the visitor picks.
import { defineMessages, type KeysOf } from '../core/main-thread/i18n';

const en = {
  'tn.run.name': 'Radiance field · {views} photos · {resolution}³ cells · seed {seed}',
  'tn.run.name.own': 'Radiance field · {views} photos of your own · {resolution}³ cells · seed {seed}',
  'tn.title': 'Watch a radiance field learn a scene from photos',
  'tn.lead':
    'A NeRF-style field starts empty and learns our Blender scene from the photos you pick. Each step shoots {rays} rays through random pixels of those photos, renders them through the grid, compares the colours with the photos and nudges the grid. Nothing is built in 3-D by hand: the shape appears because the photos have to agree.',
  'tn.starting': 'Fetching the photos and setting up the grid on {engine}…',
  'tn.ready': 'Ready: {views} training photos, a grid of {vertices} vertices, on {engine}. Press “Start”.',
  'tn.cpu-only': 'This browser offers no WebGPU ({reason}), so the field trains on the CPU.',
  'tn.views': 'Training photos',
  'tn.resolution': 'Grid (cells across)',
  'tn.memory':
    'The grid takes {mb} MB here (values, gradient and the optimiser’s two moments: 16 numbers of 4 bytes per vertex, {vertices} vertices).',
  'tn.memory.large':
    'A {resolution}-cell grid needs {mb} MB, more than this device is likely to give a tab ({limit} MB); it was set to {fallback} cells.',
  'tn.speed': '{steps} steps/s · {rays} rays/s',
  'tn.live': 'The field now, seen from a held-out camera',
  'tn.live.orbit': 'The field now, seen from your orbit (drag, arrow keys, wheel; “Back to the held-out camera” to compare)',
  'tn.live.back': 'Back to the held-out camera',
  'tn.live.alt': 'The learning radiance field rendered from the current camera',
  'tn.truth': 'The held-out photo (never trained on)',
  'tn.truth.alt': 'The held-out photo of the scene from the same camera',
  'tn.psnr': 'Held-out: {held} dB · training photos: {train} dB (fixed rays, step {step})',
  'tn.psnr.none': 'The PSNR on the held-out photos appears after the first seconds of training.',
  'tn.psnr.full': 'All {views} held-out views rendered in full at 128²: {psnr} dB (step {step}).',
  'tn.psnr.view': 'This view: {psnr} dB.',
  'tn.chart': 'PSNR over training time',
  'tn.chart.x': 'training time (s)',
  'tn.chart.y': 'PSNR (dB)',
  'tn.series.held': 'held-out photos',
  'tn.series.train': 'training photos',
  'tn.series.full': 'held-out, full 128² views',
  'tn.series.shipped': 'shipped field (33.7 dB)',
  'tn.map': 'Cameras seen from above: filled dots are the photos in use, rings the unused ones, squares the held-out cameras.',
  'tn.map.label': 'Map of the camera positions around the scene',
  'tn.watch': 'What to watch',
  'tn.watch.gap':
    'The gap between the two PSNR lines is the story of “few images”: with 5 photos the field matches them closely but guesses wrong from the held-out cameras; with 100 both lines stay together.',
  'tn.watch.compute':
    'The field needs no more than a few dozen photos, but every step renders thousands of rays through the grid: the article’s point that NeRFs need few images but a lot of computing.',
  'tn.watch.grid':
    'A finer grid can hold more detail but has more vertices to learn and takes more memory; a coarse one learns faster and blurs.',
  'tn.links': 'See also:',
  'tn.folder': 'Your own scene (a folder of renders)',
  'tn.folder.help':
    'Pick a folder in the standard NeRF layout: transforms_train.json (and, if you have it, transforms_test.json) beside the images they name, as Blender’s NeRF exporters and the NeRF-synthetic scenes have it. Square images, at least 128 pixels; they are scaled to 128². The scene must fit in the cube from −1.5 to 1.5 around the origin. Nothing leaves your device.',
  'tn.folder.label': 'Folder',
  'tn.folder.using': 'Training on your folder: {photos} photos, {held} held out.',
  'tn.folder.from-train':
    'The folder has no held-out photos (no transforms_test.json, or none of its images), so every 8th photo is held out.',
  'tn.folder.missing': '{count} frames name images that are not in the folder; they were left out.',
  'tn.folder.back': 'Back to our scene',
  'tn.own.link': 'Your own photos are not kept in links, and no run on them is saved in this browser, so this link opens our scene.',
  'tn.folder.no-transforms': 'This folder has no transforms_train.json, so it is not in the NeRF layout.',
  'tn.folder.bad-json': '{file} could not be read ({why}).',
  'tn.folder.few-images': 'Only {found} training images were found; at least {min} are needed.',
  'tn.folder.no-held-out':
    'The {found} photos leave none to hold out (every 8th photo is held out when the folder has no transforms_test.json): add photos or a transforms_test.json.',
  'tn.open.failed': 'The field could not be handed to the demo ({message}).',
  'tn.kept.data': '{views} photos',
  'tn.settings-note': 'Changing the photos, the grid or the seed starts a new field; the engine can change without losing the run.',
};

const de: typeof en = {
  'tn.run.name': 'Strahlungsfeld · {views} Fotos · {resolution}³ Zellen · Seed {seed}',
  'tn.run.name.own': 'Strahlungsfeld · {views} eigene Fotos · {resolution}³ Zellen · Seed {seed}',
  'tn.title': 'Ein Radiance Field lernt eine Szene aus Fotos',
  'tn.lead':
    'Ein NeRF-artiges Feld beginnt leer und lernt unsere Blender-Szene aus den Fotos, die du auswählst. Jeder Schritt schickt {rays} Strahlen durch zufällige Pixel dieser Fotos, rendert sie durch das Gitter, vergleicht die Farben mit den Fotos und passt das Gitter an. Niemand baut etwas von Hand in 3-D: Die Form entsteht, weil die Fotos übereinstimmen müssen.',
  'tn.starting': 'Lade die Fotos und richte das Gitter auf {engine} ein…',
  'tn.ready': 'Bereit: {views} Trainingsfotos, ein Gitter mit {vertices} Eckpunkten, auf {engine}. Drück „Start“.',
  'tn.cpu-only': 'Dieser Browser bietet kein WebGPU ({reason}), deshalb lernt das Feld auf der CPU.',
  'tn.views': 'Trainingsfotos',
  'tn.resolution': 'Gitter (Zellen in der Breite)',
  'tn.memory':
    'Das Gitter belegt hier {mb} MB (Werte, Gradient und die beiden Momente des Optimierers: 16 Zahlen zu 4 Byte je Eckpunkt, {vertices} Eckpunkte).',
  'tn.memory.large':
    'Ein Gitter mit {resolution} Zellen braucht {mb} MB, mehr als dieses Gerät einem Tab wohl gibt ({limit} MB); es wurde auf {fallback} Zellen gesetzt.',
  'tn.speed': '{steps} Schritte/s · {rays} Strahlen/s',
  'tn.live': 'Das Feld jetzt, von einer zurückgehaltenen Kamera aus',
  'tn.live.orbit':
    'Das Feld jetzt, aus deiner Umlaufbahn (ziehen, Pfeiltasten, Mausrad; „Zurück zur zurückgehaltenen Kamera“ zum Vergleich)',
  'tn.live.back': 'Zurück zur zurückgehaltenen Kamera',
  'tn.live.alt': 'Das lernende Radiance Field, gerendert aus der aktuellen Kamera',
  'tn.truth': 'Das zurückgehaltene Foto (nie trainiert)',
  'tn.truth.alt': 'Das zurückgehaltene Foto der Szene aus derselben Kamera',
  'tn.psnr': 'Zurückgehalten: {held} dB · Trainingsfotos: {train} dB (feste Strahlen, Schritt {step})',
  'tn.psnr.none': 'Der PSNR auf den zurückgehaltenen Fotos erscheint nach den ersten Sekunden Training.',
  'tn.psnr.full': 'Alle {views} zurückgehaltenen Ansichten vollständig in 128² gerendert: {psnr} dB (Schritt {step}).',
  'tn.psnr.view': 'Diese Ansicht: {psnr} dB.',
  'tn.chart': 'PSNR über die Trainingszeit',
  'tn.chart.x': 'Trainingszeit (s)',
  'tn.chart.y': 'PSNR (dB)',
  'tn.series.held': 'zurückgehaltene Fotos',
  'tn.series.train': 'Trainingsfotos',
  'tn.series.full': 'zurückgehalten, volle 128²-Ansichten',
  'tn.series.shipped': 'ausgeliefertes Feld (33,7 dB)',
  'tn.map':
    'Kameras von oben gesehen: gefüllte Punkte sind die verwendeten Fotos, Ringe die übrigen, Quadrate die zurückgehaltenen Kameras.',
  'tn.map.label': 'Karte der Kamerapositionen rund um die Szene',
  'tn.watch': 'Worauf du achten kannst',
  'tn.watch.gap':
    'Der Abstand zwischen den beiden PSNR-Linien erzählt von „wenigen Bildern“: Mit 5 Fotos trifft das Feld diese genau, rät aber aus den zurückgehaltenen Kameras falsch; mit 100 bleiben beide Linien beieinander.',
  'tn.watch.compute':
    'Das Feld kommt mit wenigen Dutzend Fotos aus, aber jeder Schritt rendert Tausende Strahlen durch das Gitter: Das meint der Artikel damit, dass NeRFs wenige Bilder, aber viel Rechenleistung brauchen.',
  'tn.watch.grid':
    'Ein feineres Gitter kann mehr Details halten, hat aber mehr Eckpunkte zu lernen und braucht mehr Speicher; ein grobes lernt schneller und wird unscharf.',
  'tn.links': 'Siehe auch:',
  'tn.folder': 'Deine eigene Szene (ein Ordner mit Renderings)',
  'tn.folder.help':
    'Wähle einen Ordner im üblichen NeRF-Aufbau: transforms_train.json (und, falls vorhanden, transforms_test.json) neben den Bildern, die darin stehen, so wie ihn Blenders NeRF-Exporter und die NeRF-synthetic-Szenen haben. Quadratische Bilder mit mindestens 128 Pixeln; sie werden auf 128² verkleinert. Die Szene muss in den Würfel von −1,5 bis 1,5 um den Ursprung passen. Nichts verlässt dein Gerät.',
  'tn.folder.label': 'Ordner',
  'tn.folder.using': 'Training auf deinem Ordner: {photos} Fotos, {held} zurückgehalten.',
  'tn.folder.from-train':
    'Der Ordner hat keine zurückgehaltenen Fotos (keine transforms_test.json oder keins ihrer Bilder), deshalb wird jedes 8. Foto zurückgehalten.',
  'tn.folder.missing': '{count} Einträge nennen Bilder, die nicht im Ordner liegen; sie wurden weggelassen.',
  'tn.folder.back': 'Zurück zu unserer Szene',
  'tn.own.link':
    'Eigene Fotos stehen in keinem Link, und in diesem Browser ist kein Lauf damit gespeichert, deshalb öffnet dieser Link unsere Szene.',
  'tn.folder.no-transforms': 'Dieser Ordner hat keine transforms_train.json und ist daher nicht im NeRF-Aufbau.',
  'tn.folder.bad-json': '{file} ließ sich nicht lesen ({why}).',
  'tn.folder.few-images': 'Nur {found} Trainingsbilder gefunden; mindestens {min} sind nötig.',
  'tn.folder.no-held-out':
    'Bei {found} Fotos bleibt keins zum Zurückhalten (ohne transforms_test.json wird jedes 8. Foto zurückgehalten): Füge Fotos oder eine transforms_test.json hinzu.',
  'tn.open.failed': 'Das Feld konnte nicht an die Demo übergeben werden ({message}).',
  'tn.kept.data': '{views} Fotos',
  'tn.settings-note':
    'Andere Fotos, ein anderes Gitter oder ein anderer Seed beginnen ein neues Feld; die Engine lässt sich wechseln, ohne den Lauf zu verlieren.',
};

export const trainNerfStrings = defineMessages({ en, de });

declare module '../core/main-thread/i18n' {
  interface Messages extends KeysOf<typeof trainNerfStrings> {}
}
