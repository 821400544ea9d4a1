// Keeps a training page's run in the browser's storage (core/main-thread/run-store.ts) so that a reload or a
// crashed tab goes on where it was: the page says what to save (settings, snapshot, curves, data), this
// controller saves it when the training loop takes a snapshot and on pause, keeps the list of saved runs,
// asks once for persistent storage, and says when the storage is full (the last good save stays). It also
// pauses training while the tab is hidden, unless the visitor turns that off.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { decodeRunFile, encodeRunFile, RunFileError } from '../core/any-thread/run-file';
import {
  askToPersist,
  currentRun,
  deleteAllRuns,
  deleteRun,
  listRuns,
  loadRun,
  payloadBytes,
  type RunMeta,
  renameRun,
  saveRun,
  setCurrentRun,
  StorageFullError,
} from '../core/main-thread/run-store';

export interface SavedRun<P> {
  meta: RunMeta;
  payload: P;
}

export interface RunKeeperOptions<P> {
  /** the page's id in the store: 'train', 'train-text', 'train-nerf' */
  page: string;
  /** What to save now; undefined when there is nothing worth saving yet (step 0). */
  payload(): { step: number; settings: string; name: string; payload: P } | undefined;
}

export type SaveProblem = 'full' | 'full-none' | 'unavailable';

/** How often a run of `bytes` is saved while it trains: every 5 s, longer for large runs (~1 s per 2 MB), at most every minute. */
export function saveEveryMs(bytes: number): number {
  return Math.min(60_000, Math.max(5000, bytes / 2000));
}

export class RunKeeper<P> implements ReactiveController {
  runs: RunMeta[] = [];
  /** the run this page trains now, once saved */
  currentId?: string;
  lastSaved?: { step: number; bytes: number; at: number };
  problem?: SaveProblem;
  /** whether the browser promised to keep the site's storage (asked at the first save) */
  persisted?: boolean;
  /** a run file that could not be opened, and why */
  refused?: string;
  /** counts the changes (a panel showing this keeper re-renders when it moves) */
  version = 0;
  /** saving stops after "delete all my data" until the visitor starts training again */
  private suspended = false;
  private saving?: Promise<void>;
  /**
   * Moves on every change of which run the page trains (new run, reopened run, all deleted): a save asked
   * for before the change is dropped, and one in flight does not make its run current again.
   */
  private generation = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly opts: RunKeeperOptions<P>,
  ) {
    host.addController(this);
  }

  private changed(): void {
    this.version++;
    this.host.requestUpdate();
  }

  hostConnected(): void {
    void this.refresh();
  }

  /** The run saved for this page at the last visit (what a reload resumes), if any. */
  async current(): Promise<SavedRun<P> | undefined> {
    try {
      const id = await currentRun(this.opts.page);
      const run = id ? await loadRun<P>(id) : undefined;
      if (run) {
        this.currentId = run.meta.id;
        this.lastSaved = { step: run.meta.step, bytes: run.meta.bytes, at: run.meta.updated };
        this.changed();
      }
      return run;
    } catch {
      this.problem = 'unavailable';
      this.changed();
      return undefined;
    }
  }

  async refresh(): Promise<void> {
    try {
      this.runs = await listRuns(this.opts.page);
    } catch {
      this.problem = 'unavailable';
    }
    this.changed();
  }

  /** The next save starts a new run (other settings, a reset): the one saved so far stays in the list. */
  startNew(): void {
    this.generation++;
    this.currentId = undefined;
    this.lastSaved = undefined;
    this.changed();
  }

  /** Resolves once the saves asked for so far are written (or have failed). */
  async settled(): Promise<void> {
    await this.saving?.catch(() => undefined);
  }

  /** Saving goes on again (the visitor started training after deleting everything). */
  resume(): void {
    this.suspended = false;
  }

  /** Saves what the page gives now (one save at a time; a full storage keeps the last good save). */
  save(): Promise<void> {
    const generation = this.generation;
    this.saving = (this.saving ?? Promise.resolve()).then(() => this.saveNow(generation));
    return this.saving;
  }

  private async saveNow(generation: number): Promise<void> {
    const now = generation === this.generation ? this.opts.payload() : undefined;
    if (!now || this.suspended) return;
    const id = this.currentId ?? `${this.opts.page}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
    const old = this.runs.find((r) => r.id === id);
    const bytes = payloadBytes(now.payload);
    const meta: RunMeta = {
      id,
      page: this.opts.page,
      name: old?.name ?? now.name,
      settings: now.settings,
      step: now.step,
      bytes,
      created: old?.created ?? Date.now(),
      updated: Date.now(),
    };
    try {
      await saveRun(meta, now.payload);
      if (generation !== this.generation) return; // the page moved on to another run meanwhile
      this.currentId = id;
      this.lastSaved = { step: now.step, bytes, at: Date.now() };
      this.problem = undefined;
      this.persisted ??= await askToPersist();
      await this.refresh();
    } catch (e) {
      this.problem = e instanceof StorageFullError ? (this.lastSaved ? 'full' : 'full-none') : 'unavailable';
      this.changed();
    }
  }

  /** Runs a store operation the visitor asked for; a failure is said as the storage being unavailable. */
  private async guarded<T>(work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work();
    } catch {
      this.problem = 'unavailable';
      this.changed();
      return undefined;
    }
  }

  /** A saved run, to reopen on the page (which becomes its current run). */
  async open(id: string): Promise<SavedRun<P> | undefined> {
    await this.settled();
    const run = await this.guarded(() => loadRun<P>(id));
    if (!run) return undefined;
    this.generation++;
    this.currentId = id;
    this.lastSaved = { step: run.meta.step, bytes: run.meta.bytes, at: run.meta.updated };
    await this.guarded(() => setCurrentRun(this.opts.page, id));
    this.changed();
    return run;
  }

  async rename(id: string, name: string): Promise<void> {
    await this.guarded(() => renameRun(id, name.trim().slice(0, 80) || name));
    await this.refresh();
  }

  async remove(id: string): Promise<void> {
    await this.guarded(() => deleteRun(id));
    if (id === this.currentId) {
      this.startNew();
      await this.guarded(() => setCurrentRun(this.opts.page, undefined));
    }
    await this.refresh();
  }

  /** Deletes every saved run of every page; this page saves nothing until training starts again. */
  async removeAll(): Promise<void> {
    this.suspended = true;
    this.startNew();
    await this.settled();
    await this.guarded(() => deleteAllRuns());
    await this.refresh();
  }

  /** A saved run as one file (to keep, or to open in another browser). */
  async file(id: string): Promise<{ name: string; bytes: Uint8Array } | undefined> {
    const run = await loadRun<P>(id);
    if (!run) return undefined;
    const safe = run.meta.name.replace(/[^\p{L}\p{N}._ -]+/gu, '').trim() || run.meta.page;
    return { name: `${safe}.gmprun`, bytes: encodeRunFile(run) };
  }

  /** Opens a run file: saved as a new run of this page and returned to reopen; refused (said) when it is not one. */
  async importFile(bytes: Uint8Array, refuse: (why: 'not-run' | 'other-page' | 'full') => string): Promise<SavedRun<P> | undefined> {
    this.refused = undefined;
    let run: SavedRun<P>;
    try {
      run = decodeRunFile(bytes) as SavedRun<P>;
      if (!run?.meta || typeof run.meta.step !== 'number' || run.payload === undefined) throw new RunFileError('no run in it');
    } catch (e) {
      if (!(e instanceof RunFileError)) throw e;
      this.refused = refuse('not-run');
      this.changed();
      return undefined;
    }
    if (run.meta.page !== this.opts.page) {
      this.refused = refuse('other-page');
      this.changed();
      return undefined;
    }
    const meta = { ...run.meta, id: `${this.opts.page}-${Date.now().toString(36)}-opened`, updated: Date.now() };
    try {
      await saveRun(meta, run.payload);
    } catch (e) {
      this.refused = refuse(e instanceof StorageFullError ? 'full' : 'not-run');
      this.changed();
      return undefined;
    }
    await this.refresh();
    return this.open(meta.id);
  }
}

/**
 * Pauses the `current()` training loop while the tab is hidden (unless `keep()` says to go on) and resumes it
 * when the tab is seen again; `said` is told how it stands (true: paused because hidden). Returns the function
 * that stops watching.
 */
export function pauseWhileHidden(
  current: () => { wanted: boolean; play(): void; pause(): Promise<void> },
  keep: () => boolean,
  said: (hidden: boolean) => void,
): () => void {
  let pausedByUs = false;
  const onChange = () => {
    const loop = current();
    if (document.hidden && loop.wanted && !keep()) {
      pausedByUs = true;
      void loop.pause();
      said(true);
    } else if (!document.hidden && pausedByUs) {
      pausedByUs = false;
      loop.play();
      said(false);
    }
  };
  document.addEventListener('visibilitychange', onChange);
  return () => document.removeEventListener('visibilitychange', onChange);
}
