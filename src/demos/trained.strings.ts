// What the demos say about a model trained on a training page (English and German, our words).
import { defineMessages, type KeysOf } from '../core/main-thread/i18n';

const en = {
  'trained.url': 'use “trained” for the model you trained in this tab, or leave it out for ours',
  'trained.banner.vae': 'This is your VAE, trained on #/train: step {step}, {data}{score}. It never left this browser.',
  'trained.banner.gan': 'This is your GAN, trained on #/train: step {step}, {data}{score}. It never left this browser.',
  'trained.score': ', FD {fd} (lower is closer to real garments)',
  'trained.back': 'Back to our model',
  'trained.train': 'Back to training',
  'trained.gone':
    'The model trained in this tab is gone (a reload clears it), so ours is shown. Open what you exported to see yours again.',
  'trained.banner.gpt': 'This is your GPT, trained on #/train-text: step {step}, {data}{score}. It never left this browser.',
  'trained.loss': ', held-out loss {loss} nats per character',
  'trained.kind.vae': 'VAE',
  'trained.kind.gan': 'GAN',
  'trained.kind.gpt': 'GPT',
  'trained.kind.nerf': 'radiance field',
  'trained.pick.vae': 'Open a VAE you exported from the training page',
  'trained.pick.gan': 'Open a GAN you exported from the training page',
  'trained.pick.gpt': 'Open a GPT you exported from the text-training page',
  'trained.pick.nerf': 'Open a radiance field you exported from the NeRF-training page',
  'trained.pick.help.vae':
    'Pick or drop both .onnx files of one export at once (the .json beside them is optional). They are read here and sent nowhere.',
  'trained.pick.help.gan':
    'Pick or drop both .onnx files of one export at once (the .json beside them is optional). They are read here and sent nowhere.',
  'trained.pick.help.gpt': 'Pick or drop the gpt.onnx you exported (the .json beside it is optional). It is read here and sent nowhere.',
  'trained.pick.help.nerf':
    'Pick or drop nerf-field.onnx and nerf-occupancy.bin of one export at once (the .json is optional). They are read here and sent nowhere.',
  'trained.drop': 'or drop the files here',
  'trained.refused.not-ours': '“{file}” is not a model exported from this site, so it was not opened. The model on show stays.',
  'trained.refused.other-model': '“{file}” is a model of another kind, not a {model}. The model on show stays.',
  'trained.refused.missing': 'Missing: {file}. Pick all files of the export at once. The model on show stays.',
  'trained.refused.mixed': '“{file}” comes from another export than the other file. Pick files of the same export.',
  'trained.refused.damaged': '“{file}” is damaged or does not match its own description, so it was not opened. The model on show stays.',
  'trained.no-map': 'The latent map is drawn from our VAE’s latents of test images, so it is not shown for yours ({latent} dimensions).',
};

const de: typeof en = {
  'trained.url': '„trained“ für das Modell, das du in diesem Tab trainiert hast, oder weglassen für unseres',
  'trained.banner.vae': 'Das ist dein VAE, trainiert auf #/train: Schritt {step}, {data}{score}. Er hat diesen Browser nie verlassen.',
  'trained.banner.gan': 'Das ist dein GAN, trainiert auf #/train: Schritt {step}, {data}{score}. Es hat diesen Browser nie verlassen.',
  'trained.score': ', FD {fd} (niedriger heißt näher an echter Kleidung)',
  'trained.back': 'Zurück zu unserem Modell',
  'trained.train': 'Zurück zum Training',
  'trained.gone':
    'Das in diesem Tab trainierte Modell ist nicht mehr da (ein Neuladen löscht es), deshalb siehst du unseres. Öffne, was du exportiert hast, um deines wieder zu sehen.',
  'trained.banner.gpt': 'Das ist dein GPT, trainiert auf #/train-text: Schritt {step}, {data}{score}. Es hat diesen Browser nie verlassen.',
  'trained.loss': ', Verlust auf zurückgehaltenem Text {loss} Nats pro Zeichen',
  'trained.kind.vae': 'VAE',
  'trained.kind.gan': 'GAN',
  'trained.kind.gpt': 'GPT',
  'trained.kind.nerf': 'Strahlungsfeld',
  'trained.pick.vae': 'Einen VAE öffnen, den du auf der Trainingsseite exportiert hast',
  'trained.pick.gan': 'Ein GAN öffnen, das du auf der Trainingsseite exportiert hast',
  'trained.pick.gpt': 'Ein GPT öffnen, das du auf der Texttrainingsseite exportiert hast',
  'trained.pick.nerf': 'Ein Strahlungsfeld öffnen, das du auf der NeRF-Trainingsseite exportiert hast',
  'trained.pick.help.vae':
    'Wähle oder zieh beide .onnx-Dateien eines Exports zugleich hierher (die .json daneben ist nicht nötig). Sie werden hier gelesen und nirgendwohin geschickt.',
  'trained.pick.help.gan':
    'Wähle oder zieh beide .onnx-Dateien eines Exports zugleich hierher (die .json daneben ist nicht nötig). Sie werden hier gelesen und nirgendwohin geschickt.',
  'trained.pick.help.gpt':
    'Wähle oder zieh die exportierte gpt.onnx hierher (die .json daneben ist nicht nötig). Sie wird hier gelesen und nirgendwohin geschickt.',
  'trained.pick.help.nerf':
    'Wähle oder zieh nerf-field.onnx und nerf-occupancy.bin eines Exports zugleich hierher (die .json ist nicht nötig). Sie werden hier gelesen und nirgendwohin geschickt.',
  'trained.drop': 'oder die Dateien hierher ziehen',
  'trained.refused.not-ours':
    '„{file}“ ist kein Modell, das auf dieser Seite exportiert wurde, und wurde nicht geöffnet. Das gezeigte Modell bleibt.',
  'trained.refused.other-model': '„{file}“ ist ein Modell anderer Art, kein {model}. Das gezeigte Modell bleibt.',
  'trained.refused.missing': 'Es fehlt: {file}. Wähle alle Dateien des Exports zugleich. Das gezeigte Modell bleibt.',
  'trained.refused.mixed': '„{file}“ stammt aus einem anderen Export als die andere Datei. Wähle Dateien desselben Exports.',
  'trained.refused.damaged':
    '„{file}“ ist beschädigt oder passt nicht zu seiner eigenen Beschreibung und wurde nicht geöffnet. Das gezeigte Modell bleibt.',
  'trained.no-map':
    'Die Latent-Karte entsteht aus den Latents unseres VAE für Testbilder und wird für deinen ({latent} Dimensionen) nicht gezeigt.',
};

export const trainedStrings = defineMessages({ en, de });

declare module '../core/main-thread/i18n' {
  interface Messages extends KeysOf<typeof trainedStrings> {}
}
