// The NeRF demo's own strings and its trade-off text, in our words (facts from the article, not its sentences).
import { defineMessages, type KeysOf } from '../../core/main-thread/i18n';
const en = {
  'nerf.title': 'NeRF (neural radiance field)',
  'nerf.lead':
    'A radiance field learned from 100 photos of a small scene, and nothing else: no 3-D model. Every pixel sends a ray into the scene, asks the field for density and colour along it, and adds up what it sees. Drag to walk around it.',
  'nerf.view': 'View',
  'nerf.canvas.aria':
    'Rendered view of the learned scene. Drag, or use the arrow keys, to orbit; mouse wheel, pinch or + and − to zoom; click or press Enter to inspect a pixel\u2019s ray.',
  'nerf.controls.help':
    'Drag (or arrow keys) to orbit, wheel / pinch (or + −) to zoom, click a pixel (or Enter for the centre) to inspect its ray. Still images sharpen over {frames} frames.',
  'nerf.resolution': 'Resolution',
  'nerf.fps': '{fps} frames/s',
  'nerf.fps.none': '— frames/s',
  'nerf.frame': '{ms} ms per frame',
  'nerf.refine': 'sharpened {n} of {max}',
  'nerf.reset': 'Reset view',
  'nerf.camera': 'Azimuth {az}°, elevation {el}°, distance {r}',
  'nerf.nearest': 'Nearest training photo',
  'nerf.nearest.caption': 'Photo {name}, {angle}° away from this view',
  'nerf.nearest.alt': 'The training photo taken closest to the current view',
  'nerf.inspector': 'Ray inspector',
  'nerf.inspector.empty': 'Click a pixel of the view to see what its ray passes through.',
  'nerf.inspector.aria':
    'Plot along the ray of pixel {x}, {y}: density, transmittance and weight per sample; grey marks are samples the occupancy grid skipped.',
  'nerf.inspector.summary':
    'Pixel ({x}, {y}): {n} samples inside the box; {skipped} skipped as empty space, {evaluated} evaluated, {after} not needed after the ray turned opaque.',
  'nerf.inspector.miss': 'Pixel ({x}, {y}): this ray misses the scene\u2019s box: background.',
  'nerf.legend.density': 'density (scaled to its peak {peak}/unit)',
  'nerf.legend.transmittance': 'transmittance (light still getting through)',
  'nerf.legend.weight': 'weight (share of the pixel\u2019s colour)',
  'nerf.legend.skipped': 'skipped by the occupancy grid',
  'nerf.check': 'Check against the reference',
  'nerf.check.help':
    'Renders this view twice at {size}²: as the engine on show draws it at rest, and with onnxruntime evaluating the field at the same samples and TypeScript compositing. They should agree (PSNR ≥ 40 dB).',
  'nerf.check.running': 'Rendering the reference (slow: the field runs in onnxruntime for every sample)…',
  'nerf.check.result': '{engine} vs reference at {size}²: {psnr} dB PSNR (reference took {ms} ms).',
  'nerf.check.nogpu': 'This view already comes from the reference path (wasm engine): nothing to compare.',
  'nerf.engine.wasm': 'wasm draws with the reference path: correct, but every frame takes seconds.',
  'nerf.engine.cpu':
    'cpu renders the field on the processor, in the page’s worker: while the view moves, at half the resolution with one colour per pixel (slightly blurred); once it rests, the full picture, the same as the reference path’s.',
  'nerf.url.camera': 'expected azimuth, elevation (−20…89) and distance (2.5…8)',
  'nerf.url.res': 'use one of 64, 128, 256, 512',
  'nerf.url.field': 'use “trained” for the field you trained in this tab, or leave it out for ours',
  'nerf.trained.banner':
    'You are looking at the field you trained on the NeRF training page (step {step}, {data}{score}). It stays in this tab only: nothing was uploaded.',
  'nerf.trained.score': ', {psnr} dB on the held-out photos’ fixed rays',
  'nerf.trained.back': 'Back to our field',
  'nerf.trained.link': 'Back to training',
  'nerf.trained.gone':
    'The link asks for a field trained in this tab, but there is none here (they are not kept after a reload), so this is our field.',
  'nerf.num.psnr.trained': 'your field: see the note above',
  'nerf.num.data.trained': 'your run: {data}',
  'nerf.num.download.trained': 'nothing: it was trained in this tab',
  'nerf.num.fps': 'Frames per second here',
  'nerf.num.ms': 'Time per frame (median of the last 30)',
  'nerf.num.samples': 'Samples per ray (last frame)',
  'nerf.num.samples.value': '{inside} in the box: {evaluated} evaluated, {skipped} skipped as empty, {shaded} coloured by the MLP',
  'nerf.num.psnr': 'Quality on 20 held-out views',
  'nerf.num.psnr.value': '{psnr} dB PSNR at {size}² (worst view {min} dB)',
  'nerf.num.params': 'Parameters (grids + MLP)',
  'nerf.num.grids': 'Grids',
  'nerf.num.grids.value': 'density {d}, colour features {f} × {c}, occupancy {o} ({share} % occupied)',
  'nerf.num.data': 'Training data',
  'nerf.num.data.value': '{train} photos at {size}², rendered by Blender (plus {test} for testing)',
  'nerf.num.download': 'Download',
  'nerf.how.1': 'Rays: every pixel of the picture is a ray from the camera into the scene; it is sampled at regular steps.',
  'nerf.how.2':
    'Density and colour: at each sample the field says how much matter is there (density) and what colour it sends towards the camera. Colour may depend on the viewing direction, which is how glossy highlights move.',
  'nerf.how.3':
    'Compositing: samples are added front to back; each one contributes its colour times its opacity times the light still getting through (transmittance). Once the ray is opaque, the rest is not needed.',
  'nerf.how.4':
    'Training: the field is adjusted until the rendered rays reproduce the photos. Nothing else is given: the 3-D shape comes out of the agreement between many views.',
  'nerf.strength.1': 'Builds 3-D content from ordinary 2-D photos with known camera positions: no 3-D scans or models needed.',
  'nerf.strength.2': 'Needs comparatively little data: about a hundred photos of one scene are enough here.',
  'nerf.strength.3': 'New views come out consistent from every angle, including reflections that change with the viewpoint.',
  'nerf.weakness.1':
    'Compute-hungry: the original NeRF evaluates a large network hundreds of times per pixel — seconds or minutes per image, days of training.',
  'nerf.weakness.2':
    'Rendering is slow by nature. Here it is interactive because density lives in a grid (a memory lookup instead of a network) and the occupancy grid lets rays jump over empty space; the small MLP only runs where a sample is visible. The numbers below show how much that saves.',
  'nerf.weakness.3': 'One field per scene, learned from scratch; moving objects, changing light and too few views break it.',
  'nerf.when.1':
    'When you have many photos of a static scene or object and want to look at it from new angles (product views, heritage sites, visual effects).',
  'nerf.when.2': 'Not for generating new content from a description, and not where a classic 3-D model or a photo will do.',
  'nerf.error.format': 'The NeRF files are damaged or do not fit together: {message}',
};

const de: Record<keyof typeof en, string> = {
  'nerf.title': 'NeRF (Neural Radiance Field)',
  'nerf.lead':
    'Ein Strahlungsfeld, gelernt aus 100 Fotos einer kleinen Szene und sonst nichts – kein 3-D-Modell. Jedes Pixel schickt einen Strahl in die Szene, fragt das Feld entlang des Strahls nach Dichte und Farbe und summiert, was es sieht. Ziehen Sie, um die Szene zu umrunden.',
  'nerf.view': 'Ansicht',
  'nerf.canvas.aria':
    'Gerenderte Ansicht der gelernten Szene. Ziehen oder Pfeiltasten zum Umkreisen; Mausrad, Zwei-Finger-Geste oder + und − zum Zoomen; Klick oder Enter zeigt den Strahl eines Pixels.',
  'nerf.controls.help':
    'Ziehen (oder Pfeiltasten) zum Umkreisen, Mausrad / zwei Finger (oder + −) zum Zoomen, Klick auf ein Pixel (oder Enter für die Mitte) zeigt seinen Strahl. Ruhende Bilder werden über {frames} Bilder schärfer.',
  'nerf.resolution': 'Auflösung',
  'nerf.fps': '{fps} Bilder/s',
  'nerf.fps.none': '— Bilder/s',
  'nerf.frame': '{ms} ms pro Bild',
  'nerf.refine': '{n} von {max} Mal geschärft',
  'nerf.reset': 'Ansicht zurücksetzen',
  'nerf.camera': 'Azimut {az}°, Höhe {el}°, Abstand {r}',
  'nerf.nearest': 'Nächstes Trainingsfoto',
  'nerf.nearest.caption': 'Foto {name}, {angle}° von dieser Ansicht entfernt',
  'nerf.nearest.alt': 'Das Trainingsfoto, das der aktuellen Ansicht am nächsten liegt',
  'nerf.inspector': 'Strahl-Inspektor',
  'nerf.inspector.empty': 'Klicken Sie auf ein Pixel der Ansicht, um zu sehen, wodurch sein Strahl läuft.',
  'nerf.inspector.aria':
    'Verlauf entlang des Strahls von Pixel {x}, {y}: Dichte, Transmission und Gewicht je Abtastpunkt; graue Marken sind Punkte, die das Belegungsgitter übersprungen hat.',
  'nerf.inspector.summary':
    'Pixel ({x}, {y}): {n} Abtastpunkte in der Box; {skipped} als leer übersprungen, {evaluated} ausgewertet, {after} nicht mehr nötig, weil der Strahl schon undurchsichtig war.',
  'nerf.inspector.miss': 'Pixel ({x}, {y}): Dieser Strahl verfehlt die Box der Szene – Hintergrund.',
  'nerf.legend.density': 'Dichte (auf ihr Maximum {peak}/Einheit skaliert)',
  'nerf.legend.transmittance': 'Transmission (Licht, das noch durchkommt)',
  'nerf.legend.weight': 'Gewicht (Anteil an der Pixelfarbe)',
  'nerf.legend.skipped': 'vom Belegungsgitter übersprungen',
  'nerf.check': 'Mit der Referenz vergleichen',
  'nerf.check.help':
    'Rendert diese Ansicht zweimal in {size}²: so, wie die gewählte Engine sie im Stillstand zeigt, und mit onnxruntime, das das Feld an denselben Punkten auswertet, zusammengesetzt in TypeScript. Beide sollten übereinstimmen (PSNR ≥ 40 dB).',
  'nerf.check.running': 'Referenz wird gerendert (langsam: das Feld läuft für jeden Abtastpunkt in onnxruntime)…',
  'nerf.check.result': '{engine} gegen Referenz in {size}²: {psnr} dB PSNR (Referenz brauchte {ms} ms).',
  'nerf.check.nogpu': 'Diese Ansicht stammt schon aus dem Referenzpfad (Engine wasm): Es gibt nichts zu vergleichen.',
  'nerf.engine.wasm': 'wasm zeichnet über den Referenzpfad: korrekt, aber jedes Bild dauert Sekunden.',
  'nerf.engine.cpu':
    'cpu rendert das Feld auf dem Prozessor, im Worker der Seite: Während sich die Ansicht bewegt, in halber Auflösung mit einer Farbe je Pixel (etwas unscharf); sobald sie ruht, das volle Bild, gleich dem des Referenzpfads.',
  'nerf.url.camera': 'erwartet Azimut, Höhe (−20…89) und Abstand (2,5…8)',
  'nerf.url.res': 'erlaubt sind 64, 128, 256, 512',
  'nerf.url.field': '„trained“ für das Feld, das du in diesem Tab trainiert hast, oder weglassen für unseres',
  'nerf.trained.banner':
    'Du siehst das Feld, das du auf der NeRF-Trainingsseite trainiert hast (Schritt {step}, {data}{score}). Es bleibt nur in diesem Tab: Nichts wurde hochgeladen.',
  'nerf.trained.score': ', {psnr} dB auf den festen Strahlen der zurückgehaltenen Fotos',
  'nerf.trained.back': 'Zurück zu unserem Feld',
  'nerf.trained.link': 'Zurück zum Training',
  'nerf.trained.gone':
    'Der Link verlangt ein in diesem Tab trainiertes Feld, hier gibt es aber keins (nach einem Neuladen ist es weg), deshalb siehst du unser Feld.',
  'nerf.num.psnr.trained': 'dein Feld: siehe den Hinweis oben',
  'nerf.num.data.trained': 'dein Lauf: {data}',
  'nerf.num.download.trained': 'nichts: es wurde in diesem Tab trainiert',
  'nerf.num.fps': 'Bilder pro Sekunde hier',
  'nerf.num.ms': 'Zeit pro Bild (Median der letzten 30)',
  'nerf.num.samples': 'Abtastpunkte pro Strahl (letztes Bild)',
  'nerf.num.samples.value': '{inside} in der Box: {evaluated} ausgewertet, {skipped} als leer übersprungen, {shaded} vom MLP eingefärbt',
  'nerf.num.psnr': 'Qualität auf 20 zurückgehaltenen Ansichten',
  'nerf.num.psnr.value': '{psnr} dB PSNR bei {size}² (schlechteste Ansicht {min} dB)',
  'nerf.num.params': 'Parameter (Gitter + MLP)',
  'nerf.num.grids': 'Gitter',
  'nerf.num.grids.value': 'Dichte {d}, Farbmerkmale {f} × {c}, Belegung {o} ({share} % belegt)',
  'nerf.num.data': 'Trainingsdaten',
  'nerf.num.data.value': '{train} Fotos in {size}², gerendert mit Blender (dazu {test} zum Testen)',
  'nerf.num.download': 'Download',
  'nerf.how.1':
    'Strahlen: Jedes Pixel des Bildes ist ein Strahl von der Kamera in die Szene; er wird in gleichmäßigen Schritten abgetastet.',
  'nerf.how.2':
    'Dichte und Farbe: An jedem Abtastpunkt sagt das Feld, wie viel Materie dort ist (Dichte) und welche Farbe sie zur Kamera schickt. Die Farbe darf von der Blickrichtung abhängen – so wandern Glanzlichter mit.',
  'nerf.how.3':
    'Zusammensetzen: Die Punkte werden von vorn nach hinten addiert; jeder trägt seine Farbe mal seine Deckkraft mal das Licht bei, das noch durchkommt (Transmission). Ist der Strahl undurchsichtig, braucht es den Rest nicht.',
  'nerf.how.4':
    'Training: Das Feld wird so lange angepasst, bis die gerenderten Strahlen die Fotos wiedergeben. Mehr bekommt es nicht – die 3-D-Form ergibt sich aus der Übereinstimmung vieler Ansichten.',
  'nerf.strength.1': 'Erzeugt 3-D-Inhalte aus gewöhnlichen 2-D-Fotos mit bekannten Kamerapositionen: keine 3-D-Scans oder -Modelle nötig.',
  'nerf.strength.2': 'Braucht vergleichsweise wenig Daten: Rund hundert Fotos einer Szene reichen hier.',
  'nerf.strength.3': 'Neue Ansichten passen aus jedem Winkel zusammen, auch Spiegelungen, die sich mit dem Blickpunkt ändern.',
  'nerf.weakness.1':
    'Rechenhungrig: Das ursprüngliche NeRF wertet ein großes Netz hunderte Male pro Pixel aus – Sekunden bis Minuten pro Bild, Tage an Training.',
  'nerf.weakness.2':
    'Das Rendern ist von Natur aus langsam. Hier ist es interaktiv, weil die Dichte in einem Gitter liegt (ein Speicherzugriff statt eines Netzes) und das Belegungsgitter Strahlen über leeren Raum springen lässt; das kleine MLP läuft nur, wo ein Punkt sichtbar ist. Die Zahlen unten zeigen, wie viel das spart.',
  'nerf.weakness.3':
    'Ein Feld pro Szene, jedes Mal neu gelernt; bewegte Objekte, wechselndes Licht und zu wenige Ansichten bringen es durcheinander.',
  'nerf.when.1':
    'Wenn es viele Fotos einer ruhenden Szene oder eines Objekts gibt und man sie aus neuen Winkeln sehen will (Produktansichten, Kulturerbe, visuelle Effekte).',
  'nerf.when.2':
    'Nicht, um aus einer Beschreibung neue Inhalte zu erzeugen, und nicht, wo ein klassisches 3-D-Modell oder ein Foto genügt.',
  'nerf.error.format': 'Die NeRF-Dateien sind beschädigt oder passen nicht zusammen: {message}',
};

export const nerfStrings = defineMessages({ en, de });

declare module '../../core/main-thread/i18n' {
  interface Messages extends KeysOf<typeof nerfStrings> {}
}
