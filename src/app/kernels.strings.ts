// The kernels page's strings, in our words.
import { defineMessages, type KeysOf } from '../core/main-thread/i18n';
const en = {
  'kernels.title': 'Our kernels, checked and timed',
  'kernels.lead':
    'The image models can run on our own WGSL kernels instead of onnxruntime (engine “wgsl”). Here each kernel is checked against a plain CPU version on fresh random numbers and timed on your GPU; then each model runs on all three engines with the same input.',
  'kernels.run': 'Run the checks',
  'kernels.running': 'Running… {done} of {total}',
  'kernels.done': 'Done on {adapter}.',
  'kernels.nogpu': 'WebGPU is not available here ({reason}), so our kernels cannot run; the models run on wasm only.',
  'kernels.download': 'Download the results (JSON)',
  'kernels.table.kernels': 'Kernels',
  'kernels.table.models': 'Models (one image per call)',
  'kernels.col.kernel': 'Kernel',
  'kernels.col.shape': 'Shape',
  'kernels.col.err': 'Max. relative error',
  'kernels.col.ms': 'ms per call',
  'kernels.col.gflops': 'GFLOP/s',
  'kernels.col.model': 'Model',
  'kernels.col.engine': 'Engine',
  'kernels.col.diff': 'Max. difference from wasm',
  'kernels.help':
    'Errors are max |GPU − reference| / max |reference|; below 1e-4 is float32 rounding. On a software adapter (SwiftShader) the times show this CPU, not a GPU.',
  'kernels.failed': 'The checks stopped: {message}',
};

const de: Record<keyof typeof en, string> = {
  'kernels.title': 'Unsere Kernel, geprüft und gemessen',
  'kernels.lead':
    'Die Bildmodelle können statt auf onnxruntime auf unseren eigenen WGSL-Kerneln laufen (Engine „wgsl“). Hier wird jeder Kernel mit frischen Zufallszahlen gegen eine schlichte CPU-Fassung geprüft und auf Ihrer GPU gemessen; danach läuft jedes Modell mit derselben Eingabe auf allen drei Engines.',
  'kernels.run': 'Prüfung starten',
  'kernels.running': 'Läuft… {done} von {total}',
  'kernels.done': 'Fertig auf {adapter}.',
  'kernels.nogpu': 'WebGPU gibt es hier nicht ({reason}), daher können unsere Kernel nicht laufen; die Modelle laufen nur auf wasm.',
  'kernels.download': 'Ergebnisse herunterladen (JSON)',
  'kernels.table.kernels': 'Kernel',
  'kernels.table.models': 'Modelle (ein Bild pro Aufruf)',
  'kernels.col.kernel': 'Kernel',
  'kernels.col.shape': 'Form',
  'kernels.col.err': 'Max. relativer Fehler',
  'kernels.col.ms': 'ms pro Aufruf',
  'kernels.col.gflops': 'GFLOP/s',
  'kernels.col.model': 'Modell',
  'kernels.col.engine': 'Engine',
  'kernels.col.diff': 'Max. Abweichung von wasm',
  'kernels.help':
    'Fehler sind max |GPU − Referenz| / max |Referenz|; unter 1e-4 ist das Rundung in float32. Auf einem Software-Adapter (SwiftShader) zeigen die Zeiten diese CPU, keine GPU.',
  'kernels.failed': 'Die Prüfung brach ab: {message}',
};

export const kernelsStrings = defineMessages({ en, de });

declare module '../core/main-thread/i18n' {
  interface Messages extends KeysOf<typeof kernelsStrings> {}
}
