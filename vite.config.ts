import { readFile } from 'node:fs/promises';
import { defineConfig, type Plugin } from 'vite';
import { minifyWgsl } from './src/kernels/wgsl-minify';

// Cross-origin isolation (COOP + COEP) gives SharedArrayBuffer, which onnxruntime-web needs for WASM threads.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** In builds, `*.wgsl?raw` imports carry the shader without comments and indentation (lines kept: see minifyWgsl). */
function wgslMinify(): Plugin {
  return {
    name: 'gmp-wgsl-minify',
    apply: 'build',
    enforce: 'pre',
    async load(id) {
      if (!/\.wgsl\?raw$/.test(id)) return null;
      const file = id.replace(/\?raw$/, '');
      this.addWatchFile(file);
      return `export default ${JSON.stringify(minifyWgsl(await readFile(file, 'utf8')))};`;
    },
  };
}

// `vite build` builds the site (index.html). `vite build --mode test-hooks` then adds the test and benchmark
// hooks (src/test-hooks) to dist/ as assets/test-hooks.js, in a build of their own so that the site's bundles
// are exactly what they would be without them; the e2e tests and `npm run bench` add that file to the page.
export default defineConfig(({ mode }) => ({
  base: './',
  plugins: [wgslMinify()],
  server: { headers: isolation },
  preview: { headers: isolation, port: 4173, strictPort: true },
  worker: { format: 'es', plugins: () => [wgslMinify()] },
  build:
    mode === 'test-hooks'
      ? {
          target: 'es2022',
          emptyOutDir: false,
          copyPublicDir: false,
          rollupOptions: {
            input: { 'test-hooks': 'src/test-hooks/page-hooks.ts' },
            output: { entryFileNames: 'assets/test-hooks.js', chunkFileNames: 'assets/test-hooks-[name]-[hash].js' },
          },
        }
      : { target: 'es2022', chunkSizeWarningLimit: 1500 },
}));
