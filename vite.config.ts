import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { extname, join, relative, resolve, sep } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { minifyWgsl } from './src/kernels/wgsl-minify';
import { ISOLATION_HEADERS } from './src/service-worker/isolation';
import { contentSecurityPolicy, inlineHashes, withCspMeta } from './src/core/any-thread/csp';
import { parseManifest } from './src/core/any-thread/manifest';
import { PHOTO_PACK, packPhotos, shippedPhotoFiles } from './src/engines/radiance/photo-pack';

// Cross-origin isolation (COOP + COEP) gives SharedArrayBuffer, which onnxruntime-web needs for WASM threads:
// the dev server and `vite preview` send the same headers the service worker adds where a host cannot.
const isolation = ISOLATION_HEADERS;

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

/**
 * The Content-Security-Policy (src/core/any-thread/csp.ts) of the built site: a meta tag in index.html, the same
 * policy as a header from `vite preview` and in dist/_headers for Netlify and Cloudflare Pages (as a header
 * it also governs the workers). Hashes are taken from the final index.html, after Vite minified its
 * inline <style>.
 */
function csp(): Plugin {
  let outDir = 'dist';
  return {
    name: 'gmp-csp',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    transformIndexHtml: { order: 'post', handler: (html) => withCspMeta(html) },
    async closeBundle() {
      const file = `${outDir}/_headers`;
      const headers = await readFile(file, 'utf8').catch(() => undefined);
      if (headers === undefined) return;
      const policy = contentSecurityPolicy(await inlineHashes(await readFile(`${outDir}/index.html`, 'utf8')), true);
      await writeFile(file, headers.replace(/^\/\*\n/m, `/*\n  Content-Security-Policy: ${policy}\n`));
    },
  };
}

/** `vite preview` sends the policy of the built index.html as a header on every response. */
function cspPreviewHeader(): Plugin {
  return {
    name: 'gmp-csp-preview',
    configurePreviewServer(server) {
      let policy: Promise<string> | undefined;
      server.middlewares.use((_req, res, next) => {
        policy ??= readFile(`${server.config.build.outDir}/index.html`, 'utf8').then(async (html) =>
          contentSecurityPolicy(await inlineHashes(html), true),
        );
        policy.then((p) => res.setHeader('Content-Security-Policy', p)).then(() => next(), next);
      });
    },
  };
}

/**
 * A model file with a compressed copy (its manifest entry's `wire`, written by training/wire.py) is only ever
 * downloaded as that copy (src/core/any-thread/model-files.ts): the build leaves the file itself out of
 * dist/, and fails when a copy is missing. The files stay in public/ for what reads them from disk (tests,
 * benchmarks, the training scripts) and for `npm run dev`.
 */
function modelFilesAsTheyTravel(): Plugin {
  let models = 'dist/models';
  return {
    name: 'gmp-model-files-as-they-travel',
    apply: 'build',
    configResolved(config) {
      models = join(config.build.outDir, 'models');
    },
    async closeBundle() {
      const text = await readFile(join(models, 'manifest.json'), 'utf8').catch(() => undefined);
      if (text === undefined) return; // a build without the public folder (no models to leave out)
      const manifest = parseManifest(JSON.parse(text));
      for (const file of Object.values(manifest.models).flatMap((m) => m.files)) {
        if (!file.wire) continue;
        if (!(await stat(join(models, file.wire.path)).catch(() => undefined)))
          throw new Error(`public/models/${file.wire.path} is missing: run npm run models:wire`);
        await rm(join(models, file.path), { force: true });
      }
    },
  };
}

/** The shipped scene's photos (nerf.json's training views, then transforms_test.json's held-out ones) as one pack. */
async function scenePhotoPack(models: string): Promise<Uint8Array> {
  const meta = JSON.parse(await readFile(join(models, 'nerf/nerf.json'), 'utf8')) as { train_views: { file: string }[] };
  const test = JSON.parse(await readFile(join(models, 'nerf/scene/transforms_test.json'), 'utf8')) as { frames: { file_path: string }[] };
  return packPhotos(
    await Promise.all(
      shippedPhotoFiles(meta, test).map(async (file) => ({ file, bytes: new Uint8Array(await readFile(join(models, file))) })),
    ),
  );
}

/**
 * #/train-nerf fetches the shipped scene's 120 photos as one file: the build writes it beside them into
 * dist/models/, and `npm run dev` serves it made on the fly from public/models/. The PNGs stay for the NeRF
 * demo, which shows single photos, and for the training scripts.
 */
function nerfPhotosInOneFile(): Plugin {
  let models = 'dist/models';
  let publicModels = 'public/models';
  return {
    name: 'gmp-nerf-photos-in-one-file',
    configResolved(config) {
      models = join(config.build.outDir, 'models');
      publicModels = join(config.publicDir, 'models');
    },
    configureServer(server) {
      server.middlewares.use(`/models/${PHOTO_PACK}`, (_req, res, next) => {
        scenePhotoPack(publicModels).then((pack) => {
          res.setHeader('Content-Type', 'application/octet-stream');
          res.end(pack);
        }, next);
      });
    },
    async closeBundle() {
      if (!(await stat(join(models, 'nerf/nerf.json')).catch(() => undefined))) return; // a build without the models
      await writeFile(join(models, PHOTO_PACK), await scenePhotoPack(models));
    },
  };
}

/**
 * The service worker (src/service-worker/sw.ts, built to sw.js) with the list of shell files it precaches,
 * and the web app manifest that makes the site installable. Model files and the onnxruntime WebAssembly
 * files are not precached: a first visit fetches only what it uses (they are cached when first used).
 */
function serviceWorker() {
  return VitePWA({
    strategies: 'injectManifest',
    srcDir: 'src/service-worker',
    filename: 'sw.ts',
    injectRegister: false, // src/app/service-worker.ts registers it (and reloads once for isolation)
    registerType: 'prompt',
    injectManifest: {
      globPatterns: ['**/*.{html,js,css,svg,png,webmanifest}'],
      globIgnores: ['models/**', 'sw.js'],
      maximumFileSizeToCacheInBytes: 2 * 1024 * 1024,
    },
    manifest: {
      name: 'Generative Models Playground',
      short_name: 'GM Playground',
      description: 'VAE, GAN, diffusion, transformer and NeRF running live in your browser, with their trade-offs measured on your device.',
      start_url: './',
      scope: './',
      display: 'standalone',
      background_color: '#f6f7fb',
      theme_color: '#1d2330',
      icons: [
        { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
        { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
        { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      ],
    },
  });
}

/** Where the test and benchmark hooks are built: beside dist/, never in it (dist/ is what gets deployed). */
const TEST_OUT_DIR = 'dist-test';

/** What the hooks build leaves in a folder: its file names and the names it puts on globalThis. */
const HOOKS_TRACE = /test-hooks|attention-bench|gmpHooks|gmpE2e|gmpGpuDevice/;

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/**
 * Ends the hooks build with a check of the deployed folder: no file of dist/ is named after the hooks, and no
 * script or page of it mentions one of the names the hooks or the e2e tests put on globalThis. Fails the build
 * (and so `npm run build`) otherwise.
 */
function siteHoldsNoHooks(): Plugin {
  return {
    name: 'gmp-site-holds-no-hooks',
    apply: 'build',
    async closeBundle() {
      const found: string[] = [];
      for (const file of await filesUnder('dist')) {
        const name = relative('dist', file);
        const mention = /\.(js|mjs|html)$/.test(name) ? HOOKS_TRACE.exec(await readFile(file, 'utf8')) : null;
        if (HOOKS_TRACE.test(name)) found.push(name);
        else if (mention) found.push(`${name} (mentions ${mention[0]})`);
      }
      if (found.length) throw new Error(`dist/ (the deployed site) holds test hooks: ${found.join(', ')}`);
    },
  };
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };

/**
 * `vite preview --mode test-hooks`, the server of the e2e tests and `npm run bench`: the built site (dist/) as
 * `vite preview` serves it, and where dist/ has no such file, the hooks build (dist-test/), so that a test can add
 * assets/test-hooks.js to a page. A plain `vite preview` serves the site alone.
 */
function testHooksOverlay(): Plugin {
  const isFile = async (file: string) => !!(await stat(file).catch(() => undefined))?.isFile();
  return {
    name: 'gmp-test-hooks-overlay',
    configurePreviewServer(server) {
      const site = resolve(server.config.build.outDir);
      const hooks = resolve(TEST_OUT_DIR);
      const headers = server.config.preview.headers ?? {};
      server.middlewares.use(async (req, res, next) => {
        const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
        const file = join(hooks, path);
        // only what dist/ lacks comes from dist-test/ (before the single-page fallback turns it into index.html)
        if (!file.startsWith(hooks + sep) || (await isFile(join(site, path))) || !(await isFile(file))) return next();
        res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
        for (const [name, value] of Object.entries(headers)) res.setHeader(name, value as string);
        res.end(req.method === 'HEAD' ? undefined : await readFile(file));
      });
    },
  };
}

// `vite build` builds the site (index.html) into dist/. `vite build --mode test-hooks` then builds the test and
// benchmark hooks (src/test-hooks) into dist-test/ as assets/test-hooks.js, in a build of their own so that the
// site's bundles are exactly what they would be without them, and checks that dist/ holds nothing of them.
// `vite preview --mode test-hooks` serves both; the e2e tests and `npm run bench` add that file to the page.
export default defineConfig(({ mode, isPreview }) => {
  const hooks = mode === 'test-hooks';
  const site = [wgslMinify(), csp(), cspPreviewHeader(), serviceWorker(), modelFilesAsTheyTravel(), nerfPhotosInOneFile()];
  return {
    base: './',
    plugins: hooks ? (isPreview ? [...site, testHooksOverlay()] : [wgslMinify(), siteHoldsNoHooks()]) : site,
    server: { headers: isolation },
    preview: { headers: isolation, port: 4173, strictPort: true },
    worker: { format: 'es', plugins: () => [wgslMinify()] },
    build:
      hooks && !isPreview
        ? {
            target: 'es2022',
            outDir: TEST_OUT_DIR,
            emptyOutDir: true,
            copyPublicDir: false,
            rollupOptions: {
              input: { 'test-hooks': 'src/test-hooks/page-hooks.ts' },
              output: { entryFileNames: 'assets/test-hooks.js', chunkFileNames: 'assets/test-hooks-[name]-[hash].js' },
            },
          }
        : { target: 'es2022', chunkSizeWarningLimit: 1500 },
  };
});
