// The transformer demo's own strings and its trade-off text, in our words (facts from the article, not its sentences).
import { defineMessages, type KeysOf } from '../../core/main-thread/i18n';
const en = {
  'tf.title': 'Transformer',
  'tf.lead':
    'A small GPT writes German text one character at a time. For each new character it looks back at the characters before it (attention) and predicts what comes next; the heatmap shows where it looked.',
  'tf.prompt': 'Prompt',
  'tf.prompt.help': 'Start of the text; the model continues it. It was trained on German fortune-cookie sayings, jokes and quotes.',
  'tf.generate': 'Generate',
  'tf.stop': 'Stop',
  'tf.temperature': 'Temperature',
  'tf.temperature.help': '0 always takes the most likely character; higher values take more risks.',
  'tf.topk': 'Top-k',
  'tf.topk.help': 'Draw only among the k most likely characters (0: all).',
  'tf.seed': 'Seed',
  'tf.length': 'Characters to write',
  'tf.output': 'Text (prompt, then what the model wrote)',
  'tf.output.empty': 'Press Generate.',
  'tf.rate': '{rate} characters/s (median model time)',
  'tf.rate.none': '— characters/s',
  'tf.step': '{ms} ms per step (median)',
  'tf.attention': 'Attention',
  'tf.layer': 'Layer',
  'tf.head': 'Head',
  'tf.heatmap.aria':
    'Attention heatmap: each row is a character, each column a character it can look at; darker means more attention. Arrow keys move between rows.',
  'tf.heatmap.help':
    'Row = the character being written, column = an earlier character; darker = more attention. Hover a row or a character of the text (or use the arrow keys here) to see what it attends to.',
  'tf.inspect': '"{char}" (position {pos}) looks most at: {top}',
  'tf.inspect.none': 'Hover a character to see where it looks.',
  'tf.quote': '“{char}”',
  'tf.note.empty': 'The prompt is empty: type a few words first.',
  'tf.note.unknown': 'The model does not know these characters, so they were left out: {chars}',
  'tf.note.truncated': 'The model sees at most {context} characters at once: the first {cut} characters of the prompt were left out.',
  'tf.note.window': 'The text is longer than the {context} characters the model can see: it now writes from the last {keep} characters.',
  'tf.note.stopped': 'Stopped after {count} characters.',
  'tf.url.prompt': 'at most {max} characters',
  'tf.how.1': 'Text is cut into tokens — here simply single characters — and each becomes a vector (an embedding) plus its position.',
  'tf.how.2':
    'Attention: in every layer, each character compares itself with all characters before it and takes in information from those that matter for it; several heads do this side by side.',
  'tf.how.3':
    'At the end the model gives a probability for every possible next character; one is drawn (temperature, top-k), appended, and the step repeats.',
  'tf.how.4':
    'A cache keeps the keys and values of earlier characters, so each new character costs one step, not a pass over the whole text.',
  'tf.strength.1': 'Captures context and relations over long distances: any character can look at any earlier one directly.',
  'tf.strength.2': 'One architecture for text, code, images, audio: whatever can be cut into tokens.',
  'tf.weakness.1':
    'Hungry for data and compute: this model learned from about 2.7 million characters and still writes only plausible-looking German; big language models need trillions of tokens.',
  'tf.weakness.2':
    'Hard to explain: the heatmap shows where one head looked, not why the model chose a character — many heads and layers work together, and attention is only part of the computation.',
  'tf.when.1': 'Language and other sequences where context matters: translation, summaries, chat, code.',
  'tf.when.2': 'When large amounts of training data and compute are available, or a pretrained model can be adapted.',
  'tf.num.rate': 'Characters/s here (engine)',
  'tf.num.rate.none': 'not measured yet: press Generate',
  'tf.num.auto': 'Steps/s as auto measured them',
  'tf.num.auto.none': 'not measured yet: choose auto',
  'tf.num.step': 'ms per step (last / median)',
  'tf.num.params': 'Parameters',
  'tf.num.loss': 'Validation loss',
  'tf.num.loss.value': '{nats} nats/character ({bits} bits)',
  'tf.num.unseen': 'Loss on text it never saw',
  'tf.num.unseen.value':
    "{nats} nats/character on this site's source article ({chars} characters, wrapped like a fortune): {gap} more than on held-out fortunes. The model learned the fortunes' style, not German at large.",
  'tf.num.trained.loss': '{nats} nats per character on held-out text (step {step})',
  'tf.num.trained.data': '{data}; {vocab} different characters',
  'tf.num.trained.lacks':
    'This is your GPT: its size, text and figures come from its own description. The loss on unseen text and the bytes to download are measured for ours only, so they are not shown.',
  'tf.num.data': 'Training text',
  'tf.num.data.value': '{chars} characters of German fortunes, {vocab} different characters',
  'tf.num.download': 'Download',
  'tf.num.context': 'Context',
  'tf.num.context.value': '{context} characters, {layers} layers × {heads} heads',
};

const de: Record<keyof typeof en, string> = {
  'tf.title': 'Transformer',
  'tf.lead':
    'Ein kleines GPT schreibt deutschen Text, Zeichen für Zeichen. Für jedes neue Zeichen blickt es auf die vorigen Zeichen zurück (Attention) und sagt vorher, was folgt; die Heatmap zeigt, wohin es geblickt hat.',
  'tf.prompt': 'Anfangstext',
  'tf.prompt.help':
    'Der Anfang des Textes; das Modell setzt ihn fort. Gelernt hat es an deutschen Glückskeks-Sprüchen, Witzen und Zitaten.',
  'tf.generate': 'Schreiben',
  'tf.stop': 'Anhalten',
  'tf.temperature': 'Temperatur',
  'tf.temperature.help': 'Bei 0 kommt immer das wahrscheinlichste Zeichen; höhere Werte wagen mehr.',
  'tf.topk': 'Top-k',
  'tf.topk.help': 'Nur unter den k wahrscheinlichsten Zeichen ziehen (0: unter allen).',
  'tf.seed': 'Seed',
  'tf.length': 'Zu schreibende Zeichen',
  'tf.output': 'Text (Anfangstext, dann was das Modell schrieb)',
  'tf.output.empty': 'Auf „Schreiben“ drücken.',
  'tf.rate': '{rate} Zeichen/s (Median der Modellzeit)',
  'tf.rate.none': '— Zeichen/s',
  'tf.step': '{ms} ms pro Schritt (Median)',
  'tf.attention': 'Attention',
  'tf.layer': 'Schicht',
  'tf.head': 'Kopf',
  'tf.heatmap.aria':
    'Attention-Heatmap: jede Zeile ein Zeichen, jede Spalte ein Zeichen, auf das es blicken kann; dunkler heißt mehr Aufmerksamkeit. Mit den Pfeiltasten wechselt man die Zeile.',
  'tf.heatmap.help':
    'Zeile = das gerade geschriebene Zeichen, Spalte = ein früheres Zeichen; dunkler = mehr Aufmerksamkeit. Mit der Maus über eine Zeile oder ein Zeichen im Text fahren (oder hier die Pfeiltasten nutzen) zeigt, worauf es achtet.',
  'tf.inspect': '„{char}“ (Position {pos}) blickt am meisten auf: {top}',
  'tf.inspect.none': 'Mit der Maus auf ein Zeichen zeigen, um zu sehen, wohin es blickt.',
  'tf.quote': '„{char}“',
  'tf.note.empty': 'Der Anfangstext ist leer: bitte zuerst ein paar Wörter eingeben.',
  'tf.note.unknown': 'Diese Zeichen kennt das Modell nicht, sie wurden weggelassen: {chars}',
  'tf.note.truncated': 'Das Modell sieht höchstens {context} Zeichen auf einmal: die ersten {cut} Zeichen des Anfangstexts blieben weg.',
  'tf.note.window':
    'Der Text ist länger als die {context} Zeichen, die das Modell sieht: es schreibt nun aus den letzten {keep} Zeichen weiter.',
  'tf.note.stopped': 'Nach {count} Zeichen angehalten.',
  'tf.url.prompt': 'höchstens {max} Zeichen',
  'tf.how.1':
    'Text wird in Tokens zerlegt – hier einfach einzelne Zeichen –, und jedes wird zu einem Vektor (Embedding), dazu seine Position.',
  'tf.how.2':
    'Attention: In jeder Schicht vergleicht sich jedes Zeichen mit allen Zeichen davor und übernimmt Information von denen, die für es zählen; mehrere Köpfe tun das nebeneinander.',
  'tf.how.3':
    'Am Ende gibt das Modell jedem möglichen nächsten Zeichen eine Wahrscheinlichkeit; eines wird gezogen (Temperatur, Top-k), angehängt, und der Schritt beginnt von vorn.',
  'tf.how.4':
    'Ein Cache hält Keys und Values der früheren Zeichen fest, so kostet jedes neue Zeichen einen Schritt statt eines Durchlaufs über den ganzen Text.',
  'tf.strength.1': 'Erfasst Kontext und Bezüge über weite Abstände: Jedes Zeichen kann jedes frühere direkt ansehen.',
  'tf.strength.2': 'Eine Architektur für Text, Code, Bilder, Audio: alles, was sich in Tokens zerlegen lässt.',
  'tf.weakness.1':
    'Braucht viele Daten und viel Rechenleistung: Dieses Modell lernte aus rund 2,7 Millionen Zeichen und schreibt trotzdem nur deutsch aussehenden Text; große Sprachmodelle brauchen Billionen Tokens.',
  'tf.weakness.2':
    'Schwer zu erklären: Die Heatmap zeigt, wohin ein Kopf geblickt hat, nicht warum das Modell ein Zeichen wählte – viele Köpfe und Schichten wirken zusammen, und Attention ist nur ein Teil der Rechnung.',
  'tf.when.1': 'Sprache und andere Folgen, bei denen Kontext zählt: Übersetzung, Zusammenfassung, Chat, Code.',
  'tf.when.2': 'Wenn viele Trainingsdaten und viel Rechenleistung bereitstehen oder ein vortrainiertes Modell angepasst werden kann.',
  'tf.num.rate': 'Zeichen/s hier (Engine)',
  'tf.num.rate.none': 'noch nicht gemessen: auf „Schreiben“ drücken',
  'tf.num.auto': 'Schritte/s laut Messung von auto',
  'tf.num.auto.none': 'noch nicht gemessen: auto wählen',
  'tf.num.step': 'ms pro Schritt (letzter / Median)',
  'tf.num.params': 'Parameter',
  'tf.num.loss': 'Validierungsverlust',
  'tf.num.loss.value': '{nats} nats/Zeichen ({bits} Bit)',
  'tf.num.unseen': 'Verlust auf nie gesehenem Text',
  'tf.num.unseen.value':
    '{nats} nats/Zeichen auf dem Quellartikel dieser Seite ({chars} Zeichen, umbrochen wie ein Fortune): {gap} mehr als auf zurückgehaltenen Fortunes. Gelernt hat das Modell den Stil der Fortunes, nicht Deutsch im Allgemeinen.',
  'tf.num.trained.loss': '{nats} Nats pro Zeichen auf zurückgehaltenem Text (Schritt {step})',
  'tf.num.trained.data': '{data}; {vocab} verschiedene Zeichen',
  'tf.num.trained.lacks':
    'Das ist dein GPT: Größe, Text und Kennzahlen stammen aus seiner eigenen Beschreibung. Den Verlust auf ungesehenem Text und die Downloadgröße messen wir nur für unseres, deshalb fehlen sie hier.',
  'tf.num.data': 'Trainingstext',
  'tf.num.data.value': '{chars} Zeichen deutscher Fortunes, {vocab} verschiedene Zeichen',
  'tf.num.download': 'Download',
  'tf.num.context': 'Kontext',
  'tf.num.context.value': '{context} Zeichen, {layers} Schichten × {heads} Köpfe',
};

export const transformerStrings = defineMessages({ en, de });

declare module '../../core/main-thread/i18n' {
  interface Messages extends KeysOf<typeof transformerStrings> {}
}
