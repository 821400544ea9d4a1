// Saved training runs in the browser's own storage (IndexedDB): what a training page needs to go on after a
// reload or a crashed tab, and the list of runs a visitor can reopen, rename, download or delete. Two object
// stores: `runs` holds each run's small description (listed without loading weights), `payloads` its
// snapshot and data (weights, optimizer state, curves, the visitor's own images). A save writes both in one
// transaction, so a save that fails (a full quota) leaves the previous one whole. No model knowledge here:
// a payload is whatever the page gives (structured-cloneable: typed arrays stay typed arrays).

const DB = 'gmp-runs';
const VERSION = 1;

export interface RunMeta {
  id: string;
  /** the training page it belongs to ('train', 'train-text', 'train-nerf') */
  page: string;
  name: string;
  /** the page's settings as its link's query (what reopening it restores) */
  settings: string;
  step: number;
  /** bytes of the saved payload */
  bytes: number;
  created: number;
  updated: number;
}

/** Thrown when the browser has no room left for a save (the previous save is still there). */
export class StorageFullError extends Error {
  constructor() {
    super('the browser has no room left for this run');
  }
}

let opened: Promise<IDBDatabase> | undefined;

function db(): Promise<IDBDatabase> {
  opened ??= new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DB, VERSION);
    req.onupgradeneeded = () => {
      const d = req.result;
      d.createObjectStore('runs', { keyPath: 'id' });
      d.createObjectStore('payloads');
      d.createObjectStore('current');
    };
    req.onsuccess = () => {
      // another tab upgrading the store, or the browser closing it: the next call opens it again
      req.result.onversionchange = req.result.onclose = () => {
        req.result.close();
        opened = undefined;
      };
      resolve(req.result);
    };
    req.onerror = () => reject(req.error);
  });
  opened.catch(() => {
    opened = undefined;
  });
  return opened;
}

const isQuota = (e: unknown) => e instanceof DOMException && (e.name === 'QuotaExceededError' || e.name === 'NS_ERROR_DOM_QUOTA_REACHED');

/** Runs `work` in one transaction over `stores`; resolves with its result once the transaction commits. */
async function transaction<T = void>(
  stores: string[],
  mode: IDBTransactionMode,
  work: (tx: IDBTransaction) => IDBRequest | undefined,
): Promise<T> {
  const d = await db();
  return new Promise<T>((resolve, reject) => {
    let tx: IDBTransaction;
    let req: IDBRequest | undefined;
    try {
      tx = d.transaction(stores, mode);
      req = work(tx);
    } catch (e) {
      reject(isQuota(e) ? new StorageFullError() : e);
      return;
    }
    tx.oncomplete = () => resolve(req?.result as T);
    tx.onabort = tx.onerror = () => reject(isQuota(tx.error) ? new StorageFullError() : (tx.error ?? new Error('the save was aborted')));
  });
}

/** Every saved run (of `page`, when given), newest first. */
export async function listRuns(page?: string): Promise<RunMeta[]> {
  const all = await transaction<RunMeta[]>(['runs'], 'readonly', (tx) => tx.objectStore('runs').getAll());
  return all.filter((r) => !page || r.page === page).sort((a, b) => b.updated - a.updated);
}

/**
 * Saves a run's description and payload together (all or nothing) and makes it its page's current run. A run
 * already stored keeps its name and creation time (a rename in between is not undone).
 */
export function saveRun(meta: RunMeta, payload: unknown): Promise<void> {
  return transaction(['runs', 'payloads', 'current'], 'readwrite', (tx) => {
    tx.objectStore('payloads').put(payload, meta.id);
    tx.objectStore('current').put(meta.id, meta.page);
    const runs = tx.objectStore('runs');
    const stored = runs.get(meta.id) as IDBRequest<RunMeta | undefined>;
    stored.onsuccess = () => runs.put({ ...meta, name: stored.result?.name ?? meta.name, created: stored.result?.created ?? meta.created });
    return undefined;
  });
}

/** A run's description and payload, if it is saved. */
export async function loadRun<P>(id: string): Promise<{ meta: RunMeta; payload: P } | undefined> {
  const d = await db();
  return new Promise((resolve, reject) => {
    const tx = d.transaction(['runs', 'payloads'], 'readonly');
    const meta = tx.objectStore('runs').get(id) as IDBRequest<RunMeta | undefined>;
    const payload = tx.objectStore('payloads').get(id) as IDBRequest<P | undefined>;
    tx.oncomplete = () => resolve(meta.result && payload.result !== undefined ? { meta: meta.result, payload: payload.result } : undefined);
    tx.onerror = tx.onabort = () => reject(tx.error ?? new Error('the saved run could not be read'));
  });
}

/** The id of the run `page` had open last (what a reload resumes), if any. */
export function currentRun(page: string): Promise<string | undefined> {
  return transaction(['current'], 'readonly', (tx) => tx.objectStore('current').get(page));
}

/** Makes `id` the page's current run, or (undefined) leaves the page without one: the next visit starts afresh. */
export function setCurrentRun(page: string, id: string | undefined): Promise<void> {
  return transaction(['current'], 'readwrite', (tx) =>
    id === undefined ? tx.objectStore('current').delete(page) : tx.objectStore('current').put(id, page),
  );
}

/** Renames a run (read and written in one transaction: a save in between cannot be undone by it). */
export function renameRun(id: string, name: string): Promise<void> {
  return transaction(['runs'], 'readwrite', (tx) => {
    const runs = tx.objectStore('runs');
    const stored = runs.get(id) as IDBRequest<RunMeta | undefined>;
    stored.onsuccess = () => {
      if (stored.result) runs.put({ ...stored.result, name });
    };
    return undefined;
  });
}

export function deleteRun(id: string): Promise<void> {
  return transaction(['runs', 'payloads'], 'readwrite', (tx) => {
    tx.objectStore('payloads').delete(id);
    return tx.objectStore('runs').delete(id);
  });
}

/** Deletes every saved run of every page. */
export function deleteAllRuns(): Promise<void> {
  return transaction(['runs', 'payloads', 'current'], 'readwrite', (tx) => {
    tx.objectStore('payloads').clear();
    tx.objectStore('current').clear();
    return tx.objectStore('runs').clear();
  });
}

/** Bytes a payload takes, counted as its typed arrays and text (what the run list shows). */
export function payloadBytes(value: unknown, seen = new Set<unknown>()): number {
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (typeof value === 'string') return value.length;
  if (typeof value === 'number') return 8;
  if (!value || typeof value !== 'object' || seen.has(value)) return 0;
  seen.add(value);
  let n = 0;
  for (const v of Object.values(value)) n += payloadBytes(v, seen);
  return n;
}

/** Asks the browser to keep the site's storage until the visitor deletes it; true when it will. */
export async function askToPersist(): Promise<boolean> {
  try {
    return (await navigator.storage?.persisted?.()) || ((await navigator.storage?.persist?.()) ?? false);
  } catch {
    return false;
  }
}
