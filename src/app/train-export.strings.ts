// The strings of the training pages' export panel, in our words (English and German).
import { defineMessages, type KeysOf } from '../core/main-thread/i18n';

const en = {
  'export.title': 'Take the models with you',
  'export.lead':
    'Each model can leave this page as it is now: as standard ONNX files that onnxruntime (or any ONNX runtime) opens, with the same inputs and outputs as our shipped models, plus a JSON file with its sizes, settings, data and last figures. Or open it in its demo, straight from this tab: nothing is uploaded anywhere.',
  'export.vae': 'VAE',
  'export.gan': 'GAN',
  'export.files': 'Export as ONNX',
  'export.open.vae': 'Open in the VAE demo',
  'export.open.gan': 'Open in the GAN demo',
  'export.gpt': 'GPT',
  'export.nerf': 'Radiance field',
  'export.open.gpt': 'Open in the transformer demo',
  'export.open.nerf': 'Open in the NeRF demo',
  'export.lead.one':
    'The model can leave this page as it is now: as a standard ONNX file that onnxruntime (or any ONNX runtime) opens, with the same inputs and outputs as our shipped model, plus a JSON file with its sizes, settings, data and last figures. Or open it in its demo, straight from this tab: nothing is uploaded anywhere.',
  'export.nerf.files':
    'The renderer skips empty space by the occupancy bits in nerf-occupancy.bin: keep it beside nerf-field.onnx to open the field in our demo again.',
  'export.ready': 'Exported at step {step}. Your files:',
  'export.failed': 'The export did not work: {message}',
  'export.diffusion':
    'The diffusion model is not offered: our diffusion demo runs a network that predicts the noise and takes a class label, while the one trained here predicts the clean image and knows no classes, so the demo could not sample from it.',
  'export.data': '{images} Fashion-MNIST images ({classes})',
  'export.data.all': 'all ten classes',
  'export.data.own': '{own} images of your own ({share} % of each batch) and {fashion}',
  'export.data.own-only': '{own} images of your own (every batch)',
};

const de: typeof en = {
  'export.title': 'Die Modelle mitnehmen',
  'export.lead':
    'Jedes Modell kann diese Seite so verlassen, wie es gerade ist: als gewöhnliche ONNX-Dateien, die onnxruntime (oder jede andere ONNX-Laufzeit) öffnet, mit denselben Ein- und Ausgaben wie unsere fertigen Modelle, dazu eine JSON-Datei mit Größen, Einstellungen, Daten und den letzten Kennzahlen. Oder es öffnet sich direkt aus diesem Tab in seiner Demo: Nichts wird irgendwohin hochgeladen.',
  'export.vae': 'VAE',
  'export.gan': 'GAN',
  'export.files': 'Als ONNX exportieren',
  'export.open.vae': 'In der VAE-Demo öffnen',
  'export.open.gan': 'In der GAN-Demo öffnen',
  'export.gpt': 'GPT',
  'export.nerf': 'Strahlungsfeld',
  'export.open.gpt': 'In der Transformer-Demo öffnen',
  'export.open.nerf': 'In der NeRF-Demo öffnen',
  'export.lead.one':
    'Das Modell kann diese Seite so verlassen, wie es gerade ist: als gewöhnliche ONNX-Datei, die onnxruntime (oder jede andere ONNX-Laufzeit) öffnet, mit denselben Ein- und Ausgaben wie unser fertiges Modell, dazu eine JSON-Datei mit Größen, Einstellungen, Daten und den letzten Kennzahlen. Oder es öffnet sich direkt aus diesem Tab in seiner Demo: Nichts wird irgendwohin hochgeladen.',
  'export.nerf.files':
    'Der Renderer überspringt leeren Raum anhand der Belegungsbits in nerf-occupancy.bin: Behalte sie neben nerf-field.onnx, um das Feld wieder in unserer Demo zu öffnen.',
  'export.ready': 'Exportiert bei Schritt {step}. Deine Dateien:',
  'export.failed': 'Der Export hat nicht geklappt: {message}',
  'export.diffusion':
    'Das Diffusionsmodell gibt es hier nicht zum Mitnehmen: Unsere Diffusions-Demo braucht ein Netz, das das Rauschen schätzt und eine Klasse erhält. Das hier trainierte schätzt das saubere Bild und kennt keine Klassen, die Demo könnte damit also keine Bilder erzeugen.',
  'export.data': '{images} Fashion-MNIST-Bilder ({classes})',
  'export.data.all': 'alle zehn Klassen',
  'export.data.own': '{own} eigene Bilder ({share} % jedes Stapels) und {fashion}',
  'export.data.own-only': '{own} eigene Bilder (in jedem Stapel)',
};

export const trainExportStrings = defineMessages({ en, de });

declare module '../core/main-thread/i18n' {
  interface Messages extends KeysOf<typeof trainExportStrings> {}
}
