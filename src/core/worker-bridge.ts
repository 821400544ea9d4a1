// The main thread's handle on one model worker (after squoosh's worker bridge): starts the worker lazily,
// runs `init` on every (re)start before any other call, drops stale slider-like calls (latest wins), and
// after a crash rejects what was in flight, tells the owner, and starts a fresh worker on the next call.
import * as Comlink from 'comlink';

/** What the bridge needs of a Worker: a Comlink endpoint that can report errors and be terminated. */
export interface WorkerLike extends Comlink.Endpoint {
  terminate(): void;
}

export class WorkerCrashedError extends Error {
  override name = 'WorkerCrashedError';
}

/** Resolved value of a `latest()` call that a newer call replaced before it ran. */
export const SUPERSEDED: unique symbol = Symbol('superseded');
export type Superseded = typeof SUPERSEDED;

export interface BridgeOptions<API> {
  create: () => WorkerLike;
  /** Runs on each fresh worker before any queued call (load the model, …). */
  init?: (api: Comlink.Remote<API>) => Promise<void>;
  /** Called once per crash, after in-flight calls were rejected. */
  onCrash?: (error: WorkerCrashedError) => void;
}

interface Slot {
  running: boolean;
  pending?: { run: () => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void };
}

export class WorkerBridge<API> {
  private worker?: WorkerLike;
  private ready?: Promise<Comlink.Remote<API>>;
  private generation = 0;
  private inflight = new Set<(e: Error) => void>();
  private slots = new Map<string, Slot>();
  /** How many workers this bridge has started (1 + restarts). */
  starts = 0;

  constructor(private readonly opts: BridgeOptions<API>) {}

  private start(): Promise<Comlink.Remote<API>> {
    if (this.ready) return this.ready;
    const gen = ++this.generation;
    const worker = this.opts.create();
    this.starts++;
    const onError = (ev: Event) => {
      const detail = (ev as ErrorEvent).message || ev.type;
      this.crash(gen, new WorkerCrashedError(detail));
    };
    worker.addEventListener('error', onError as EventListener);
    worker.addEventListener('messageerror', onError as EventListener);
    this.worker = worker;
    const remote = Comlink.wrap<API>(worker);
    const ready = (async () => {
      if (this.opts.init) await this.opts.init(remote);
      return remote;
    })();
    this.ready = ready;
    // A failed init leaves no half-started worker behind: the next call starts over.
    ready.catch(() => {
      if (this.generation === gen) this.stop();
    });
    return ready;
  }

  private crash(gen: number, error: WorkerCrashedError): void {
    if (gen !== this.generation) return; // an old worker's late event
    this.stop(error);
    this.opts.onCrash?.(error);
  }

  /**
   * Terminates the worker; the next call starts a new one. With `error`, in-flight calls reject with it
   * (without, they settle through their own chain, e.g. with the init failure that caused the stop).
   */
  private stop(error?: Error): void {
    this.generation++;
    this.worker?.terminate();
    this.worker = undefined;
    this.ready = undefined;
    const rejects = [...this.inflight];
    this.inflight.clear();
    if (error) for (const reject of rejects) reject(error);
  }

  /** Runs `fn` on the worker's API; rejects with WorkerCrashedError if the worker dies meanwhile. */
  call<R>(fn: (api: Comlink.Remote<API>) => Promise<R>): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const onCrash = (e: Error) => reject(e);
      this.inflight.add(onCrash);
      this.start()
        .then((api) => fn(api))
        .then(resolve, reject)
        .finally(() => this.inflight.delete(onCrash));
    });
  }

  /**
   * Latest wins: while a call with this `key` runs, a newer one waits in a single slot; a newer one still
   * replaces it, and the replaced call resolves to SUPERSEDED without ever reaching the worker. A fast slider
   * drag therefore never queues stale work.
   */
  latest<R>(key: string, fn: (api: Comlink.Remote<API>) => Promise<R>): Promise<R | Superseded> {
    let slot = this.slots.get(key);
    if (!slot) {
      slot = { running: false };
      this.slots.set(key, slot);
    }
    const s = slot;
    return new Promise<R | Superseded>((resolve, reject) => {
      const run = () => this.call(fn);
      if (!s.running) {
        this.runSlot(s, run, resolve as (v: unknown) => void, reject);
        return;
      }
      s.pending?.resolve(SUPERSEDED);
      s.pending = { run, resolve: resolve as (v: unknown) => void, reject };
    });
  }

  private runSlot(s: Slot, run: () => Promise<unknown>, resolve: (v: unknown) => void, reject: (e: unknown) => void) {
    s.running = true;
    run()
      .then(resolve, reject)
      .finally(() => {
        s.running = false;
        const next = s.pending;
        s.pending = undefined;
        if (next) this.runSlot(s, next.run, next.resolve, next.reject);
      });
  }

  /** Throws the worker away (e.g. after a lost GPU device); the next call starts and inits a fresh one. */
  restart(reason: string): void {
    this.stop(new WorkerCrashedError(reason));
  }

  terminate(): void {
    this.stop(new WorkerCrashedError('the worker was shut down'));
  }
}
