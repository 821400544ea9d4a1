// The main thread's handle on one model worker (after squoosh's worker bridge): starts the worker lazily,
// runs `init` on every (re)start before any other call, drops stale slider-like calls (latest wins), and
// after a crash rejects what was in flight, tells the owner, and starts a fresh worker on the next call.
// A worker that ends without an error (self.close(), killed by the browser) or hangs counts as a crash too.
import * as Comlink from 'comlink';
import { LIVENESS, type LivenessStart, type LockRequester } from '../any-thread/worker-api';
import { AbortError, revive, WorkerCrashedError, WorkerStoppedError } from '../any-thread/errors';

/** What the bridge needs of a Worker: a Comlink endpoint that can report errors and be terminated. */
export interface WorkerLike extends Comlink.Endpoint {
  terminate(): void;
}

/** How a call is made: `signal` cancels it (the call rejects with AbortError at once; the worker's result is dropped). */
export interface CallOptions {
  signal?: AbortSignal;
}

/**
 * How we notice a worker that stopped answering, without mistaking a long healthy call for a dead one.
 *
 * A timeout alone cannot tell the two apart: a worker inside one long synchronous WebAssembly run cannot
 * answer any message until it returns. So death is detected positively: each worker holds a Web Lock
 * (worker-api.ts answerLiveness) that the browser releases only when the worker's global scope is gone,
 * however it ended; the bridge queues for the same lock and is granted it at that moment, within
 * milliseconds, never while the worker lives, however busy.
 *
 * The backstop, for a hung worker and pages without navigator.locks: while a call is in flight the bridge
 * pings every PING_MS on a port of its own, and the worker counts as dead only after SILENCE_MS with no pong
 * and no message at all. A pong needs only one turn of the worker's event loop; GPU work (webgpu, wgsl; one
 * SwiftShader U-Net step or NeRF frame, shader compilation in load()) is awaited, so the loop turns meanwhile,
 * and on wasm one run of these small models blocks it for a second or two at most (the longest silence
 * measured in the diffusion and NeRF e2e specs on SwiftShader, 2 cores: 2.4 s, one ping interval included);
 * the bound leaves six times that. Before the worker's first answer (its script still loading) nothing counts.
 */
export const SILENCE_MS = 15_000;
const PING_MS = 1_000;

/**
 * Ends a worker for good and releases its Comlink proxy. Comlink's FinalizationRegistry holds a wrapped
 * worker until its proxy is released, and whatever leads from the worker back to the proxy (a listener, a
 * call left pending) would keep both, and the page that made them, in memory.
 */
export function endWorker(worker: WorkerLike | undefined, proxy: Comlink.Remote<unknown> | undefined): void {
  worker?.terminate();
  proxy?.[Comlink.releaseProxy]();
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
  /** Web Locks for the liveness check (default navigator.locks; null: ping backstop only). */
  locks?: LockRequester | null;
  /** The ping backstop's bound (default SILENCE_MS). */
  silenceMs?: number;
}

/** One worker's side of the liveness check (see SILENCE_MS). */
interface Liveness {
  gen: number;
  port: MessagePort;
  /** The worker answered once: its script runs and speaks the protocol. */
  armed: boolean;
  /** Last message of any kind from the worker, or when the bridge last went from idle to busy. */
  lastSign: number;
  /** Withdraws the bridge's queued lock request once the bridge ends the worker itself. */
  abort: AbortController;
}

interface Slot {
  running: boolean;
  pending?: { run: () => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void };
}

export class WorkerBridge<API> {
  private worker?: WorkerLike;
  /** The worker's Comlink proxy, released when the worker ends (see stop()). */
  private remote?: Comlink.Remote<unknown>;
  private ready?: Promise<Comlink.Remote<API>>;
  private generation = 0;
  private inflight = new Set<(e: Error) => void>();
  private slots = new Map<string, Slot>();
  private live?: Liveness;
  private pulse?: ReturnType<typeof setInterval>;
  /** When checkPulse last ran (a gap far longer than PING_MS: the page was frozen). */
  private lastTick?: number;
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
    this.watch(gen, worker);
    const remote = Comlink.wrap<API>(worker);
    this.remote = remote;
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

  private watch(gen: number, worker: WorkerLike): void {
    const locks = this.opts.locks === undefined ? (globalThis.navigator as Navigator | undefined)?.locks : this.opts.locks;
    const { port1, port2 } = new MessageChannel();
    const live: Liveness = { gen, port: port1, armed: false, lastSign: Date.now(), abort: new AbortController() };
    this.live = live;
    const lock = locks ? `gmp-worker-${crypto.randomUUID()}` : undefined;
    const sign = () => {
      live.lastSign = Date.now();
    };
    worker.addEventListener('message', sign);
    port1.onmessage = (ev: MessageEvent) => {
      sign();
      if (ev.data !== 'held' && ev.data !== 'hello') return;
      live.armed = true;
      // granted only once the worker's lock is released: the worker is gone (or the bridge ended it: stale gen)
      if (ev.data === 'held' && lock && locks)
        locks
          .request(lock, { signal: live.abort.signal }, () => this.crash(gen, new WorkerStoppedError('it ended without an error')))
          .catch(() => undefined);
    };
    const start: LivenessStart = { type: LIVENESS, port: port2, lock };
    worker.postMessage(start, [port2]);
  }

  /** Runs while calls are in flight: pings the worker, and ends one that stayed silent too long. */
  private checkPulse(): void {
    const live = this.live;
    if (!live?.armed || live.gen !== this.generation) return;
    const now = Date.now();
    const late = this.lastTick !== undefined && now - this.lastTick > 3 * PING_MS;
    this.lastTick = now;
    // a late tick means this page's timers were stopped (a frozen tab, a sleeping laptop): no ping went
    // out meanwhile, so the worker owed no answer; its silence counts from now
    if (late) live.lastSign = now;
    const silenceMs = this.opts.silenceMs ?? SILENCE_MS;
    if (now - live.lastSign > silenceMs) {
      this.crash(live.gen, new WorkerStoppedError(`no answer for ${Math.round(silenceMs / 1000)} s`));
      return;
    }
    live.port.postMessage('ping');
  }

  private busy(onCrash: (e: Error) => void): void {
    this.inflight.add(onCrash);
    if (this.pulse) return;
    // silence counts only while the worker has work: an idle worker owes no answer
    if (this.live) this.live.lastSign = Date.now();
    this.pulse = setInterval(() => this.checkPulse(), PING_MS);
  }

  private done(onCrash: (e: Error) => void): void {
    this.inflight.delete(onCrash);
    if (this.inflight.size === 0) this.stopPulse();
  }

  private stopPulse(): void {
    clearInterval(this.pulse);
    this.pulse = undefined;
    this.lastTick = undefined;
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
    this.live?.abort.abort();
    this.live?.port.close();
    this.live = undefined;
    endWorker(this.worker, this.remote); // our error listener on the worker leads back to the proxy
    this.worker = undefined;
    this.remote = undefined;
    this.ready = undefined;
    const rejects = [...this.inflight];
    this.inflight.clear();
    this.stopPulse();
    if (error) for (const reject of rejects) reject(error);
  }

  /**
   * Runs `fn` on the worker's API; rejects with WorkerCrashedError if the worker dies meanwhile, with AbortError
   * once `signal` fires (before the call starts: it never reaches the worker), and with a worker's own error
   * as its class from errors.ts where it is one of ours.
   */
  call<R>(fn: (api: Comlink.Remote<API>) => Promise<R>, { signal }: CallOptions = {}): Promise<R> {
    if (signal?.aborted) return Promise.reject(new AbortError());
    return new Promise<R>((resolve, reject) => {
      const onCrash = (e: Error) => reject(e);
      const onAbort = () => reject(new AbortError());
      signal?.addEventListener('abort', onAbort, { once: true });
      this.busy(onCrash);
      this.start()
        .then((api) => {
          if (signal?.aborted) throw new AbortError();
          return fn(api);
        })
        .then(resolve, (e: unknown) => reject(revive(e)))
        .finally(() => {
          signal?.removeEventListener('abort', onAbort);
          this.done(onCrash);
        });
    });
  }

  /**
   * Latest wins: while a call with this `key` runs, a newer one waits in a single slot; a newer one still
   * replaces it, and the replaced call resolves to SUPERSEDED without ever reaching the worker. A fast slider
   * drag therefore never queues stale work.
   */
  latest<R>(key: string, fn: (api: Comlink.Remote<API>) => Promise<R>, options: CallOptions = {}): Promise<R | Superseded> {
    let slot = this.slots.get(key);
    if (!slot) {
      slot = { running: false };
      this.slots.set(key, slot);
    }
    const s = slot;
    return new Promise<R | Superseded>((resolve, reject) => {
      const run = () => this.call(fn, options);
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
