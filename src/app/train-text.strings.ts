// The text-training page's strings, in our words: a character GPT learning a text beside the n-gram model it has to beat.
import { defineMessages, type KeysOf } from '../core/main-thread/i18n';

const en = {
  'tt.title': 'A GPT learns a text, beside the n-gram it has to beat',
  'tt.lead':
    'A small character GPT starts from random weights and learns to predict the next character of the text you pick, on this device. Beside it, an n-gram model simply counts which characters followed which in the same text. Both are scored on the same held-out characters, in nats per character: lower is better, and a loss of 4.56 is a blind guess among 96 characters.',
  'tt.starting': 'Setting up the GPT on {engine}…',
  'tt.ready': 'Ready: {chars} characters to learn from on {engine}. Press “Start”.',
  'tt.cpu-only': 'This browser offers no WebGPU ({reason}), so the GPT trains on the CPU.',
  'tt.source': 'Text',
  'tt.source.fortunes': 'German fortunes (the shipped GPT’s text, 2.7 M characters)',
  'tt.source.article': 'The article this site is built on (15,000 characters)',
  'tt.source.own': 'Your own text',
  'tt.export.data': '{chars} training characters of {source}',
  'tt.export.fortunes': 'German fortunes',
  'tt.export.article': 'the article this site is built on',
  'tt.export.own': 'your own text',
  'tt.own.label': 'Your text (paste it, or load a .txt file)',
  'tt.run.name': 'GPT and n-gram · {source} · {layers} layers of {width}',
  'tt.own.upload': 'Load a .txt file',
  'tt.own.apply': 'Train on this text',
  'tt.own.limits':
    'At least {min} and at most {max} characters, with no more than {vocab} different characters. The last tenth is held out for scoring. Your text stays in this tab: it is not sent anywhere and not put in the link.',
  'tt.own.short': 'Your text has {chars} characters; the models need at least {min} (a tenth of it is held out for scoring).',
  'tt.own.long': 'Your text has {chars} characters; this page takes at most {max}, which is more than a tab can learn anyway.',
  'tt.own.vocab': 'Your text uses {count} different characters; the page learns at most {max}. Rare ones here include: {examples}',
  'tt.own.outside': 'The text holds characters the model cannot write: {examples}',
  'tt.own.file': 'That file could not be read as text ({message}).',
  'tt.own.file-large': 'That file is {mb} MB; text files up to {max} MB are read.',
  'tt.own.link': 'Your own text is not kept in links, so this link opens the fortunes.',
  'tt.layers': 'Blocks',
  'tt.width': 'Width',
  'tt.context': 'Context',
  'tt.lr': 'Learning rate',
  'tt.size':
    '{params} parameters, {macs} multiply-adds per character forward; a step learns from {chars} characters ({windows} windows of {context}).',
  'tt.estimate': 'At the speed measured here: about {steps} steps and {chars} characters a minute.',
  'tt.settings-note': 'Changing a setting or the text starts the GPT again from its first weights.',
  'tt.speed': '{steps} steps/s · {chars} characters/s',
  'tt.gpt': 'The GPT',
  'tt.ngram': 'The n-gram',
  'tt.gpt-loss': 'Held-out loss {loss} nats/character at step {step} (on its training windows: {train}).',
  'tt.gpt-loss-none': 'Its first held-out score comes after a few seconds of training.',
  'tt.ngram-counting': 'Counting the text…',
  'tt.ngram-loss': 'Held-out loss {loss} nats/character with order {order} (the order picked on a tenth of the training text).',
  'tt.ngram-cost': 'Counted {chars} characters in {seconds} s; its tables take {mb} MB here.',
  'tt.ngram-failed': 'The n-gram model could not be counted ({message}). The GPT trains on.',
  'tt.sample.gpt': 'The GPT continues “{prompt}” (step {step}):',
  'tt.sample.ngram': 'The n-gram (order {order}) continues “{prompt}”:',
  'tt.sample.none': 'A sample appears once training runs.',
  'tt.sample.note': 'Both write {chars} characters from the same start and the same seed, at temperature {temperature}.',
  'tt.chart': 'Held-out loss over training time',
  'tt.chart.x': 'training time (s)',
  'tt.chart.y': 'nats per character',
  'tt.series.step': 'GPT, each step’s windows',
  'tt.series.held': 'GPT, held-out',
  'tt.series.train': 'GPT, training windows',
  'tt.series.order': 'n-gram order {order}',
  'tt.series.study': 'study: PyTorch GPT, 0.83 M parameters, 1 CPU thread (its own held-out text)',
  'tt.passed': 'On held-out text the GPT passed the n-gram of {orders} of training.',
  'tt.passed.one': 'order {order} after {seconds} s',
  'tt.passed-none': 'The GPT has not passed any n-gram order yet.',
  'tt.study':
    'For scale, the study’s PyTorch run (a GPT of 0.83 M parameters on one CPU thread, all the fortunes) needed about {seconds} s and {chars} M characters to pass the best n-gram (order 6).',
  'tt.watch': 'What to watch',
  'tt.watch.memorise':
    'Training loss against held-out loss: while the two stay together the GPT is learning the language; when the training windows’ loss keeps falling and the held-out one stalls or rises, it is memorising your text.',
  'tt.watch.small':
    'On a short text (a pasted paragraph) the n-gram wins: counting needs no training, and there is too little text for the GPT to learn more than the counts do. The GPT soon memorises.',
  'tt.watch.large':
    'On the fortunes the GPT passes the n-gram orders one after the other: first the single-character frequencies, then pairs, then triples. Passing the best order takes far more computing than a tab’s CPU gives in minutes: the study’s run needed about a quarter of an hour of a fast CPU thread and a model seven times as large. A GPU on wgsl gets further.',
  'tt.watch.claim':
    'This is the article’s claim made visible: transformers need a lot of data and computing before they beat simpler models.',
  'tt.links': 'See also:',
};

const de: Record<keyof typeof en, string> = {
  'tt.title': 'Ein GPT lernt einen Text, neben dem N-Gramm, das es schlagen muss',
  'tt.lead':
    'Ein kleines Zeichen-GPT beginnt mit zufälligen Gewichten und lernt auf diesem Gerät, das nächste Zeichen des gewählten Texts vorherzusagen. Daneben zählt ein N-Gramm-Modell nur, welche Zeichen im selben Text auf welche folgten. Beide werden auf denselben zurückgehaltenen Zeichen bewertet, in Nats pro Zeichen: weniger ist besser, und 4,56 ist blindes Raten unter 96 Zeichen.',
  'tt.starting': 'Das GPT wird auf {engine} eingerichtet …',
  'tt.ready': 'Bereit: {chars} Zeichen zum Lernen auf {engine}. Auf „Start“ drücken.',
  'tt.cpu-only': 'Dieser Browser bietet kein WebGPU ({reason}), deshalb trainiert das GPT auf der CPU.',
  'tt.source': 'Text',
  'tt.source.fortunes': 'Deutsche Glückskekse (der Text des mitgelieferten GPT, 2,7 Mio. Zeichen)',
  'tt.source.article': 'Der Artikel, auf dem diese Seite aufbaut (15.000 Zeichen)',
  'tt.source.own': 'Eigener Text',
  'tt.export.data': '{chars} Trainingszeichen aus {source}',
  'tt.export.fortunes': 'deutschen Glückskeksen',
  'tt.export.article': 'dem Artikel, auf dem diese Seite aufbaut',
  'tt.export.own': 'deinem eigenen Text',
  'tt.own.label': 'Eigener Text (einfügen oder eine .txt-Datei laden)',
  'tt.run.name': 'GPT und N-Gramm · {source} · {layers} Schichten zu {width}',
  'tt.own.upload': '.txt-Datei laden',
  'tt.own.apply': 'Mit diesem Text trainieren',
  'tt.own.limits':
    'Mindestens {min} und höchstens {max} Zeichen, mit nicht mehr als {vocab} verschiedenen Zeichen. Das letzte Zehntel wird zur Bewertung zurückgehalten. Der Text bleibt in diesem Tab: Er wird nirgendwohin geschickt und nicht in den Link geschrieben.',
  'tt.own.short':
    'Der Text hat {chars} Zeichen; die Modelle brauchen mindestens {min} (ein Zehntel davon wird zur Bewertung zurückgehalten).',
  'tt.own.long': 'Der Text hat {chars} Zeichen; die Seite nimmt höchstens {max}, mehr als ein Tab ohnehin lernen kann.',
  'tt.own.vocab': 'Der Text verwendet {count} verschiedene Zeichen; die Seite lernt höchstens {max}. Seltene darunter: {examples}',
  'tt.own.outside': 'Der Text enthält Zeichen, die das Modell nicht schreiben kann: {examples}',
  'tt.own.file': 'Die Datei ließ sich nicht als Text lesen ({message}).',
  'tt.own.file-large': 'Die Datei hat {mb} MB; gelesen werden Textdateien bis {max} MB.',
  'tt.own.link': 'Eigene Texte stehen nicht in Links, deshalb öffnet dieser Link die Glückskekse.',
  'tt.layers': 'Blöcke',
  'tt.width': 'Breite',
  'tt.context': 'Kontext',
  'tt.lr': 'Lernrate',
  'tt.size':
    '{params} Parameter, {macs} Multiplikationen und Additionen pro Zeichen vorwärts; ein Schritt lernt aus {chars} Zeichen ({windows} Fenster zu {context}).',
  'tt.estimate': 'Beim hier gemessenen Tempo: etwa {steps} Schritte und {chars} Zeichen pro Minute.',
  'tt.settings-note': 'Eine geänderte Einstellung oder ein anderer Text startet das GPT wieder mit seinen ersten Gewichten.',
  'tt.speed': '{steps} Schritte/s · {chars} Zeichen/s',
  'tt.gpt': 'Das GPT',
  'tt.ngram': 'Das N-Gramm',
  'tt.gpt-loss': 'Verlust auf zurückgehaltenem Text {loss} Nats/Zeichen bei Schritt {step} (auf seinen Trainingsfenstern: {train}).',
  'tt.gpt-loss-none': 'Die erste Bewertung auf zurückgehaltenem Text kommt nach einigen Sekunden Training.',
  'tt.ngram-counting': 'Der Text wird gezählt …',
  'tt.ngram-loss':
    'Verlust auf zurückgehaltenem Text {loss} Nats/Zeichen mit Ordnung {order} (die Ordnung an einem Zehntel des Trainingstexts gewählt).',
  'tt.ngram-cost': '{chars} Zeichen in {seconds} s gezählt; die Tabellen belegen hier {mb} MB.',
  'tt.ngram-failed': 'Das N-Gramm-Modell ließ sich nicht zählen ({message}). Das GPT trainiert weiter.',
  'tt.sample.gpt': 'Das GPT setzt „{prompt}“ fort (Schritt {step}):',
  'tt.sample.ngram': 'Das N-Gramm (Ordnung {order}) setzt „{prompt}“ fort:',
  'tt.sample.none': 'Eine Probe erscheint, sobald das Training läuft.',
  'tt.sample.note': 'Beide schreiben {chars} Zeichen ab demselben Anfang mit demselben Seed, bei Temperatur {temperature}.',
  'tt.chart': 'Verlust auf zurückgehaltenem Text über die Trainingszeit',
  'tt.chart.x': 'Trainingszeit (s)',
  'tt.chart.y': 'Nats pro Zeichen',
  'tt.series.step': 'GPT, Fenster des Schritts',
  'tt.series.held': 'GPT, zurückgehalten',
  'tt.series.train': 'GPT, Trainingsfenster',
  'tt.series.order': 'N-Gramm Ordnung {order}',
  'tt.series.study': 'Studie: PyTorch-GPT, 0,83 Mio. Parameter, 1 CPU-Thread (eigener zurückgehaltener Text)',
  'tt.passed': 'Auf zurückgehaltenem Text hat das GPT das N-Gramm überholt: {orders} Training.',
  'tt.passed.one': 'Ordnung {order} nach {seconds} s',
  'tt.passed-none': 'Das GPT hat noch keine N-Gramm-Ordnung überholt.',
  'tt.study':
    'Zum Vergleich: Der PyTorch-Lauf der Studie (ein GPT mit 0,83 Mio. Parametern auf einem CPU-Thread, alle Glückskekse) brauchte etwa {seconds} s und {chars} Mio. Zeichen, um das beste N-Gramm (Ordnung 6) zu überholen.',
  'tt.watch': 'Worauf achten',
  'tt.watch.memorise':
    'Trainingsverlust gegen Verlust auf zurückgehaltenem Text: Solange beide zusammenbleiben, lernt das GPT die Sprache; fällt der Verlust der Trainingsfenster weiter, während der andere stockt oder steigt, lernt es den Text auswendig.',
  'tt.watch.small':
    'Auf einem kurzen Text (einem eingefügten Absatz) gewinnt das N-Gramm: Zählen braucht kein Training, und der Text ist zu kurz, als dass das GPT mehr lernen könnte als die Zählungen. Das GPT lernt bald auswendig.',
  'tt.watch.large':
    'Auf den Glückskeksen überholt das GPT die N-Gramm-Ordnungen eine nach der anderen: erst die Häufigkeit einzelner Zeichen, dann Paare, dann Dreiergruppen. Die beste Ordnung zu überholen braucht weit mehr Rechenzeit, als die CPU eines Tabs in Minuten hergibt: Der Lauf der Studie brauchte etwa eine Viertelstunde eines schnellen CPU-Threads und ein siebenmal so großes Modell. Eine GPU mit wgsl kommt weiter.',
  'tt.watch.claim':
    'So wird die These des Artikels sichtbar: Transformer brauchen viele Daten und viel Rechenzeit, bevor sie einfachere Modelle schlagen.',
  'tt.links': 'Siehe auch:',
};

export const trainTextStrings = defineMessages({ en, de });

declare module '../core/main-thread/i18n' {
  interface Messages extends KeysOf<typeof trainTextStrings> {}
}
