// Downloads model files with progress and verifies each against the manifest (size, then SHA-256).
// A file with a `wire` copy is downloaded compressed and inflated first (static hosts send .onnx and .bin
// as they are), then checked as the file itself: what the engines get is the same either way.
// Errors carry a message key and parameters so the demo can say, in the user's language, what is wrong
// and what to do.
import { inflate } from './inflate';
import { type Manifest, type ManifestFile, ManifestError, parseManifest, type WireFile } from './manifest';
import { cachedModelFile, keepModelFile } from './model-cache';
import { ModelLoadError } from './errors';

export interface Progress {
  file: string;
  loaded: number;
  total: number;
}

type Fetch = typeof fetch;

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Throws ModelLoadError('load.size' | 'load.hash') unless `bytes` is exactly the file the manifest describes. */
export async function verifyFile(file: ManifestFile, bytes: Uint8Array): Promise<void> {
  if (bytes.byteLength !== file.bytes) {
    throw new ModelLoadError('load.size', { file: file.path, got: bytes.byteLength, want: file.bytes });
  }
  const got = await sha256Hex(bytes);
  if (got !== file.sha256) {
    throw new ModelLoadError('load.hash', { file: file.path, got: got.slice(0, 12), want: file.sha256.slice(0, 12) });
  }
}

export async function loadManifest(baseUrl: string, fetchImpl: Fetch = fetch): Promise<Manifest> {
  let res: Response;
  try {
    res = await fetchImpl(new URL('manifest.json', baseUrl), { cache: 'no-cache' });
  } catch (e) {
    throw new ModelLoadError('load.manifest', { message: e instanceof Error ? e.message : String(e) });
  }
  if (!res.ok) throw new ModelLoadError('load.manifest', { message: `HTTP ${res.status}` });
  try {
    return parseManifest(await res.json());
  } catch (e) {
    const message = e instanceof ManifestError ? e.message : 'not valid JSON';
    throw new ModelLoadError('load.manifest', { message });
  }
}

/** How a page fetches a verified file elsewhere (its helper worker), set once at its start. */
export type FileFetcher = (baseUrl: string, file: ManifestFile, onProgress?: (p: Progress) => void) => Promise<Uint8Array>;

let elsewhere: FileFetcher | undefined;

/**
 * Sends every later fetchModelFile with the platform's fetch to `fetcher` (the page's helper worker, which
 * runs fetchModelFileHere): reading the body, inflating, hashing and caching megabytes cost a page's main
 * thread long tasks. Never set in a worker or in Node, so there the file is fetched where it is asked for.
 */
export function fetchModelFilesWith(fetcher: FileFetcher | undefined): void {
  elsewhere = fetcher;
}

/**
 * One verified file: from the offline cache when a checked copy is there, else downloaded (with progress, in
 * the bytes that travel: the wire copy's where there is one) and then kept, inflated, under the file's own URL.
 */
export function fetchModelFile(
  baseUrl: string,
  file: ManifestFile,
  onProgress?: (p: Progress) => void,
  fetchImpl: Fetch = fetch,
): Promise<Uint8Array> {
  if (elsewhere && fetchImpl === fetch) return elsewhere(baseUrl, file, onProgress);
  return fetchModelFileHere(baseUrl, file, onProgress, fetchImpl);
}

/** fetchModelFile on this thread. */
export async function fetchModelFileHere(
  baseUrl: string,
  file: ManifestFile,
  onProgress?: (p: Progress) => void,
  fetchImpl: Fetch = fetch,
): Promise<Uint8Array> {
  // The manifest knows the true size; Content-Length may describe a compressed body.
  const total = file.wire?.bytes ?? file.bytes;
  onProgress?.({ file: file.path, loaded: 0, total });
  const url = new URL(file.path, baseUrl);
  const cached = await cachedModelFile(url, file, (bytes) => verifyFile(file, bytes));
  if (cached) {
    onProgress?.({ file: file.path, loaded: total, total });
    return cached;
  }
  const sent = await download(new URL(file.wire?.path ?? file.path, baseUrl), file.path, total, onProgress, fetchImpl);
  const bytes = file.wire ? await inflateWire(file, file.wire, sent) : sent;
  await verifyFile(file, bytes);
  // kept in the background: the demo need not wait for the disk (keepModelFile never throws)
  void keepModelFile(url, file, bytes);
  return bytes;
}

/**
 * The file out of its wire copy, which must have arrived whole. A damaged copy rarely inflates (zlib checks
 * its own Adler-32), so it is reported as a damaged file is, with the SHA-256 of what came; one that does
 * inflate is caught by the file's own check after.
 */
async function inflateWire(file: ManifestFile, wire: WireFile, sent: Uint8Array): Promise<Uint8Array> {
  if (sent.byteLength !== wire.bytes) {
    throw new ModelLoadError('load.size', { file: file.path, got: sent.byteLength, want: wire.bytes });
  }
  try {
    return await inflate(sent, wire.encoding);
  } catch {
    const got = await sha256Hex(sent);
    throw new ModelLoadError('load.hash', { file: file.path, got: got.slice(0, 12), want: file.sha256.slice(0, 12) });
  }
}

/** The body at `url` as it streams in, with progress against the manifest's size of what travels (`total`). */
async function download(
  url: URL,
  name: string,
  total: number,
  onProgress: ((p: Progress) => void) | undefined,
  fetchImpl: Fetch,
): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetchImpl(url);
  } catch (e) {
    throw new ModelLoadError('load.network', { file: name, message: e instanceof Error ? e.message : String(e) });
  }
  if (!res.ok) throw new ModelLoadError('load.http', { file: name, status: res.status });
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  if (res.body) {
    const reader = res.body.getReader();
    for (;;) {
      let step: ReadableStreamReadResult<Uint8Array>;
      try {
        step = await reader.read();
      } catch (e) {
        throw new ModelLoadError('load.network', { file: name, message: e instanceof Error ? e.message : String(e) });
      }
      if (step.done) break;
      chunks.push(step.value);
      loaded += step.value.byteLength;
      onProgress?.({ file: name, loaded, total });
    }
  } else {
    chunks.push(new Uint8Array(await res.arrayBuffer()));
    loaded = chunks[0].byteLength;
  }
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.byteLength;
  }
  return bytes;
}
