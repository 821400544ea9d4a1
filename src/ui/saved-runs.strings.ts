// The saved-runs panel's strings (every training page), in our words: English and German.
import { defineMessages, type KeysOf } from '../core/main-thread/i18n';

const en = {
  'runs.title': 'Saved runs',
  'runs.lead':
    'Your run is saved in this browser every few seconds while it trains and whenever you pause, with its settings, weights, optimizer state, curves and your own data. A reload or a crashed tab goes on from the last save. Nothing is sent anywhere.',
  'runs.saved': 'Saved at step {step} ({mb} MB).',
  'runs.persisted': 'The browser keeps saved runs until you delete them.',
  'runs.not-persisted': 'The browser may clear saved runs when it runs short of space.',
  'runs.problem.full':
    'This browser’s storage for the site is full, so the run is no longer saved. The last save (step {step}) is kept. Delete saved runs below to make room.',
  'runs.problem.full-none':
    'This browser’s storage for the site is full, so the run could not be saved. Delete saved runs below to make room.',
  'runs.problem.unavailable':
    'This browser does not let the site save runs (private mode, or storage turned off), so a reload starts afresh.',
  'runs.hidden-paused': 'Training paused while this tab was hidden; it goes on now. Tick the box below to keep training in the background.',
  'runs.keep-hidden': 'Keep training while this tab is hidden (for long runs; uses the device in the background)',
  'runs.none': 'No saved runs yet: the first save comes after the first steps.',
  'runs.item': 'step {step} · {mb} MB · {when}',
  'runs.item.current': ' · on this page now',
  'runs.open': 'Reopen',
  'runs.rename': 'Rename',
  'runs.rename.label': 'New name (Enter saves, Escape cancels)',
  'runs.download': 'Download',
  'runs.delete': 'Delete',
  'runs.import': 'Open a run file (.gmprun)',
  'runs.refused.not-run': '“{file}” is not a run saved by this site, or it is damaged. Nothing was changed.',
  'runs.refused.other-page': '“{file}” is a run of another training page; open it there. Nothing was changed.',
  'runs.refused.full': 'There is no room left in this browser to open “{file}”. Delete saved runs first.',
  'runs.delete-all': 'Delete all my data',
  'runs.delete-all.sure': 'Delete every saved run of every training page?',
  'runs.delete-all.yes': 'Yes, delete all',
  'runs.delete-all.no': 'No',
};

const de: typeof en = {
  'runs.title': 'Gespeicherte Läufe',
  'runs.lead':
    'Dein Lauf wird in diesem Browser alle paar Sekunden während des Trainings und bei jeder Pause gespeichert, mit Einstellungen, Gewichten, Optimiererzustand, Kurven und deinen eigenen Daten. Nach einem Neuladen oder einem abgestürzten Tab geht es beim letzten Stand weiter. Nichts wird irgendwohin geschickt.',
  'runs.saved': 'Gespeichert bei Schritt {step} ({mb} MB).',
  'runs.persisted': 'Der Browser behält gespeicherte Läufe, bis du sie löschst.',
  'runs.not-persisted': 'Der Browser darf gespeicherte Läufe löschen, wenn ihm der Platz ausgeht.',
  'runs.problem.full':
    'Der Speicher dieses Browsers für die Seite ist voll, der Lauf wird nicht mehr gespeichert. Der letzte Stand (Schritt {step}) bleibt erhalten. Lösche unten gespeicherte Läufe, um Platz zu schaffen.',
  'runs.problem.full-none':
    'Der Speicher dieses Browsers für die Seite ist voll, der Lauf konnte nicht gespeichert werden. Lösche unten gespeicherte Läufe, um Platz zu schaffen.',
  'runs.problem.unavailable':
    'Dieser Browser lässt die Seite keine Läufe speichern (privater Modus oder Speicher abgeschaltet), ein Neuladen beginnt also von vorn.',
  'runs.hidden-paused':
    'Das Training hat pausiert, solange dieser Tab verborgen war, und geht jetzt weiter. Setze unten den Haken, um im Hintergrund weiterzutrainieren.',
  'runs.keep-hidden': 'Weitertrainieren, wenn dieser Tab verborgen ist (für lange Läufe; nutzt das Gerät im Hintergrund)',
  'runs.none': 'Noch keine gespeicherten Läufe: Gespeichert wird nach den ersten Schritten.',
  'runs.item': 'Schritt {step} · {mb} MB · {when}',
  'runs.item.current': ' · gerade auf dieser Seite',
  'runs.open': 'Wieder öffnen',
  'runs.rename': 'Umbenennen',
  'runs.rename.label': 'Neuer Name (Enter speichert, Escape bricht ab)',
  'runs.download': 'Herunterladen',
  'runs.delete': 'Löschen',
  'runs.import': 'Eine Lauf-Datei öffnen (.gmprun)',
  'runs.refused.not-run': '„{file}“ ist kein von dieser Seite gespeicherter Lauf oder ist beschädigt. Nichts wurde geändert.',
  'runs.refused.other-page': '„{file}“ ist ein Lauf einer anderen Trainingsseite; öffne ihn dort. Nichts wurde geändert.',
  'runs.refused.full': 'In diesem Browser ist kein Platz mehr, um „{file}“ zu öffnen. Lösche zuerst gespeicherte Läufe.',
  'runs.delete-all': 'Alle meine Daten löschen',
  'runs.delete-all.sure': 'Jeden gespeicherten Lauf aller Trainingsseiten löschen?',
  'runs.delete-all.yes': 'Ja, alles löschen',
  'runs.delete-all.no': 'Nein',
};

export const savedRunsStrings = defineMessages({ en, de });

declare module '../core/main-thread/i18n' {
  interface Messages extends KeysOf<typeof savedRunsStrings> {}
}
