import { defineConfig } from 'vite';

// Cross-origin isolation (COOP + COEP) gives SharedArrayBuffer, which onnxruntime-web needs for WASM threads.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig(({ isSsrBuild }) => ({
  base: './',
  server: { headers: isolation },
  preview: { headers: isolation, port: 4173, strictPort: true },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    // The site is index.html. The test and benchmark hooks are an entry of their own at a fixed name, which
    // the e2e tests and `npm run bench` add to the page; the site never loads it. (The Dawn benchmarks'
    // `vite build --ssr` bundles keep Vite's defaults.)
    rollupOptions: isSsrBuild
      ? {}
      : {
          input: { index: 'index.html', 'test-hooks': 'src/test-hooks/page-hooks.ts' },
          output: { entryFileNames: (chunk) => (chunk.name === 'test-hooks' ? 'assets/test-hooks.js' : 'assets/[name]-[hash].js') },
        },
  },
}));
