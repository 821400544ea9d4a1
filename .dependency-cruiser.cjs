// The layers of src/ and the directions imports may take (checked in `npm test`: `npm run test:layers`).
// Top to bottom; a layer may import the ones below it, never one above:
//
//   app         composition root: shell, routes and navigation from the registry, the pages
//   test-hooks  entry points for e2e tests and `npm run bench` (built apart, never loaded by the site)
//   demos       one Lit element per model (UI only) and their base class
//   ui          the kit every page shares: link-state and model-session controllers, status line, engine
//               select, panels, charts, a pixels element
//   compare     the compare page's numbers: facts, claims, chooser, measurement (no DOM)
//   workers     worker entry points (each one line over models/<m>/worker.ts) and launch.ts, which starts them
//   models      the registry and each model's entry, worker-side code, numerics and loops (no DOM)
//   engines     what runs a model inside a worker: onnxruntime, our graph engine, the GPT, the NeRF, training
//   kernels     WGSL kernel families with their CPU references
//   core        infrastructure without model knowledge: any-thread/ (errors, URL state, files, manifest, the
//               worker protocol) and main-thread/ (i18n, theme, the worker bridge and runner, page helpers)
//
// Type-only imports count too: a type shared across layers lives in the lower one.
const LAYERS = ['app', 'test-hooks', 'demos', 'ui', 'compare', 'workers', 'models', 'engines', 'kernels', 'core'];

/** A forbidden rule per layer: nothing below `layer` imports it. */
const upward = LAYERS.slice(1).map((_, i) => ({
  name: `no-upward-into-${LAYERS[i]}`,
  comment: `${LAYERS.slice(i + 1).join(', ')} may not import ${LAYERS[i]} (imports point down the layers)`,
  severity: 'error',
  from: { path: `^src/(${LAYERS.slice(i + 1).join('|')})/` },
  to: { path: `^src/${LAYERS[i]}/` },
}));

// Code that runs inside a worker never reaches for the page: nothing of the main thread's infrastructure, no
// element, no strings (the folders say which is which; no file names needed).
const MAIN_THREAD = '^src/(core/main-thread|ui|demos|app)/|\\.strings\\.ts$';
const IN_WORKER = '^src/(workers/[^/]+\\.worker\\.ts|engines/|kernels/)|^src/models/[^/]+/worker\\.ts$|^src/test-hooks/.*\\.worker\\.ts$';

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'no-main-thread-in-workers',
      comment: 'worker code may not import main-thread modules (the page, i18n, the runner and bridge)',
      severity: 'error',
      from: { path: IN_WORKER },
      // reachable: not only a direct import, any chain of imports from worker code to main-thread code
      to: { path: MAIN_THREAD, reachable: true },
    },
    {
      name: 'no-test-hooks-in-the-site',
      comment: 'the site never loads src/test-hooks/ (point 6 of issue 15): only the hooks import each other',
      severity: 'error',
      from: { pathNot: '^src/test-hooks/' },
      to: { path: '^src/test-hooks/' },
    },
    {
      name: 'workers-are-entry-points',
      comment: 'the worker entry points are started by launch.ts, never imported at run time (types are fine)',
      severity: 'error',
      from: {},
      to: { path: '^src/workers/[^/]+\\.worker\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'launch-only-from-the-page',
      comment: 'workers/launch.ts starts workers: only the page side (app, demos, ui, compare) asks it to',
      severity: 'error',
      from: { pathNot: '^src/(app|demos|ui|compare|test-hooks)/|\\.test\\.ts$' },
      to: { path: '^src/workers/launch\\.ts$' },
    },
    {
      name: 'no-circular',
      comment: 'no import cycles between modules',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
    reporterOptions: {
      archi: { collapsePattern: '^src/[^/]+' },
      text: { highlightFocused: true },
    },
  },
};
