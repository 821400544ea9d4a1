// Where the site's own files are, relative to the page (so it works from any sub-path). Main thread only.

/** The folder of the model files and their manifest. */
export const MODELS_URL = new URL('models/', document.baseURI).href;

/** User timing: when the first model since the page loaded said it is ready (what bench:first-visit reads). */
export const READY_MARK = 'gmp:first-demo-ready';
