// A plain static file server, standing in for GitHub Pages or any other static host in the e2e tests: it
// serves a folder under a sub-path (`--base /some/sub/path/`), compresses with gzip as such hosts do, and
// sends no special headers (no COOP/COEP: the site's service worker has to make the page isolated). Like
// those hosts' edge caches it compresses each file once (kept until the file changes) and answers a
// revalidation with 304 when the ETag still matches.
//
// What it compresses (`--compress`, option `compress`):
// - `all` (the default): every file but PNGs, the kindest host;
// - `text`: only what hosts that choose by content type compress: text (HTML, CSS, plain text), JavaScript,
//   JSON (the web app manifest too) and WebAssembly. `application/octet-stream` (.onnx, .bin, .z) and
//   images go as they are, which is why the site ships its large model files compressed itself.
//
//   node tools/static-server.mjs dist --base /some/sub/path/ --port 4180 [--isolate] [--compress text]
//
// Also a module: startStaticServer({ root, base, port, compress }) → { url, close } for tests that need a
// server of their own (one whose files they change, or that compresses less).
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';

const gzipAsync = promisify(gzipCallback);
/** A body as this server gzips it (the e2e bytes spec works out what it would send with it). */
export const gzipBytes = (raw) => gzipAsync(raw, { level: 6 });

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.bin': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
};
/** Already compressed: sent as they are. */
const STORED = new Set(['.png']);
/** What `compress: 'text'` compresses, by content type: text, JavaScript, JSON, WebAssembly. */
const TEXT_TYPES = /^text\/|javascript|[/+]json\b|^application\/wasm\b/;
/** Which files a `compress` mode sends gzipped, by extension and content type. */
const COMPRESSES = {
  all: (ext) => !STORED.has(ext),
  text: (_ext, type) => TEXT_TYPES.test(type),
};
const typeOf = (ext) => TYPES[ext] ?? 'application/octet-stream';

/** Whether the server in mode `compress` sends the file at `path` gzipped (to a browser that accepts gzip). */
export function compresses(compress, path) {
  const ext = extname(path);
  return COMPRESSES[compress](ext, typeOf(ext));
}

/**
 * Starts serving `root` at `base` (a path that starts and ends with '/'); port 0 picks a free one. `isolate`
 * sends COOP/COEP as a host that reads public/_headers does (default: none, as GitHub Pages). `compress`:
 * 'all' (default) or 'text' (see the top of this file).
 */
export async function startStaticServer({ root, base = '/', port = 0, host = '127.0.0.1', isolate = false, compress = 'all' }) {
  const compressing = COMPRESSES[compress];
  if (!compressing) throw new Error(`Unsupported compress "${compress}". Use one of: ${Object.keys(COMPRESSES).join(', ')}.`);
  const dir = resolve(root);
  /** Requests whose path matches wait until the promise settles (a slow network for some files only). */
  const holds = [];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    for (const { match, until } of holds) if (match(path)) await until.catch(() => undefined);
    if (!path.startsWith(base)) return send(res, 404, 'not found');
    let file = normalize(join(dir, path.slice(base.length)));
    if (!file.startsWith(dir)) return send(res, 403, 'forbidden');
    let info = await stat(file).catch(() => undefined);
    if (info?.isDirectory()) {
      file = join(file, 'index.html');
      info = await stat(file).catch(() => undefined);
    }
    if (!info?.isFile()) return send(res, 404, 'not found');
    const ext = extname(file);
    const type = typeOf(ext);
    const gzip = compressing(ext, type) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const etag = `"${info.size.toString(36)}-${Math.floor(info.mtimeMs).toString(36)}${gzip ? '-gz' : ''}"`;
    const headers = {
      'Content-Type': type,
      'Cache-Control': 'max-age=0, must-revalidate',
      ETag: etag,
      // what public/_headers asks of Netlify and Cloudflare Pages: isolated from the first load
      ...(isolate ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } : {}),
      ...(gzip ? { 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' } : {}),
    };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers);
      return res.end();
    }
    const body = await bodyOf(file, etag, gzip);
    res.writeHead(200, { ...headers, 'Content-Length': body.byteLength });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  /** The bytes to send, compressed once per file version (an edge cache does the same). */
  const bodies = new Map();
  function bodyOf(file, etag, gzip) {
    const key = `${file}|${etag}`;
    if (!bodies.has(key)) {
      const bytes = readFile(file).then((raw) => (gzip ? gzipBytes(raw) : raw));
      bodies.set(key, bytes);
      bytes.catch(() => bodies.delete(key));
    }
    return bodies.get(key);
  }
  await new Promise((ok) => server.listen(port, host, ok));
  const { port: bound } = server.address();
  return {
    url: `http://${host}:${bound}${base}`,
    /** Holds back requests whose path `match`es until `until` settles. */
    hold: (match, until) => holds.push({ match, until }),
    close: () => new Promise((ok) => server.close(ok)),
  };
}

function send(res, status, text) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(text);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 ? args.splice(i, 2)[1] : fallback;
  };
  const base = option('--base', '/');
  const port = Number(option('--port', '4180'));
  const compress = option('--compress', 'all');
  const isolate = args.includes('--isolate');
  const root = args.filter((a) => a !== '--isolate')[0] ?? 'dist';
  const { url } = await startStaticServer({ root, base, port, isolate, compress });
  console.log(
    `serving ${root} at ${url}${isolate ? ' (with COOP/COEP)' : ''}, gzip on ${compress === 'text' ? 'text, JS, JSON and WASM only' : 'everything but PNG'}`,
  );
}
