// Verified model files kept for offline use, in the browser's Cache Storage. A file goes in only after its
// size and SHA-256 matched the manifest, under a key that carries that hash (a new version of a model never
// finds an old copy), and it is checked again each time it is read back: a damaged entry is dropped and
// the file fetched anew. Where there is no Cache Storage (Node, some private modes) nothing is kept.
import type { ManifestFile } from './manifest';

const CACHE = 'gmp-models-v1';

const keyFor = (url: URL, file: ManifestFile) => `${url.href}?sha256=${file.sha256}`;

let opened: Promise<Cache | undefined> | undefined;

/** The cache, opened once per page or worker (opening takes tens of ms on a first visit). */
function open(): Promise<Cache | undefined> {
  opened ??= (async () => {
    try {
      return globalThis.caches ? await globalThis.caches.open(CACHE) : undefined;
    } catch {
      return undefined; // storage blocked: the site works without a cache
    }
  })();
  return opened;
}

/**
 * Waits for an idle moment of this thread (at most IDLE_WAIT_MS): handing megabytes to the cache costs the thread
 * ~50–90 ms a file on a small machine, which a first visit should not pay before its model is ready. A worker
 * has no idle callback (the page's helper worker keeps the files): it waits WORKER_WAIT_MS, so the model's own
 * start, in another worker, comes first on a machine with few cores.
 */
const IDLE_WAIT_MS = 3000;
const WORKER_WAIT_MS = 1000;
function quietMoment(): Promise<void> {
  const idle = (globalThis as { requestIdleCallback?: typeof requestIdleCallback }).requestIdleCallback;
  const inPage = typeof (globalThis as { document?: unknown }).document !== 'undefined';
  return new Promise((resolve) =>
    idle ? idle(() => resolve(), { timeout: IDLE_WAIT_MS }) : setTimeout(resolve, inPage ? 0 : WORKER_WAIT_MS),
  );
}

/** The cached bytes of `file` at `url` if they still verify (`verify` throws otherwise), else undefined. */
export async function cachedModelFile(
  url: URL,
  file: ManifestFile,
  verify: (bytes: Uint8Array) => Promise<void>,
): Promise<Uint8Array | undefined> {
  const cache = await open();
  const hit = await cache?.match(keyFor(url, file)).catch(() => undefined);
  if (!cache || !hit) return undefined;
  try {
    const bytes = new Uint8Array(await hit.arrayBuffer());
    await verify(bytes);
    return bytes;
  } catch {
    await cache.delete(keyFor(url, file)).catch(() => false);
    return undefined;
  }
}

const keeping = new Set<Promise<void>>();

/** Keeps verified `bytes` of `file` and drops older versions of the same path. Never throws (a full disk is not an error). */
export function keepModelFile(url: URL, file: ManifestFile, bytes: Uint8Array): Promise<void> {
  const kept = keep(url, file, bytes);
  keeping.add(kept);
  void kept.finally(() => keeping.delete(kept));
  return kept;
}

/** Resolves once every file handed to keepModelFile is stored (or given up): a worker may end after it. */
export async function keptAll(): Promise<void> {
  while (keeping.size) await Promise.all(keeping);
}

async function keep(url: URL, file: ManifestFile, bytes: Uint8Array): Promise<void> {
  // copied now: the caller may hand `bytes` on (transfer them to another thread) while this waits
  const body = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' });
  const cache = await open();
  if (!cache) return;
  await quietMoment();
  try {
    for (const old of await cache.keys()) {
      if (old.url.startsWith(`${url.href}?sha256=`) && old.url !== keyFor(url, file)) await cache.delete(old);
    }
    await cache.put(keyFor(url, file), new Response(body));
  } catch {
    // quota exceeded or storage gone: the file is simply fetched again next time
  }
}
