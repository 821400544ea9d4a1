// The bridge against an in-process "worker": a MessageChannel whose far end runs Comlink.expose, exactly as
// a real worker's global scope would. Crashes are the same 'error' event a Worker fires; a worker that ends
// silently closes its ports and gives up its Web Locks, as the browser does when a worker's scope goes away.
import * as Comlink from 'comlink';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { answerLiveness, LIVENESS, type LockRequester } from '../any-thread/worker-api';
import { SILENCE_MS, SUPERSEDED, WorkerBridge, type WorkerLike } from './worker-bridge';
import { WorkerCrashedError, WorkerStoppedError } from '../any-thread/errors';

interface Api {
  load(): Promise<void>;
  decode(x: number): Promise<number>;
  slow(ms: number): Promise<string>;
  /** Like one long synchronous WebAssembly run: no ping is answered until it returns. */
  block(ms: number): Promise<string>;
}

/** Web Locks shared by the page and the fake workers; a worker that ends gives up what it holds. */
class FakeLocks {
  private held = new Map<string, string>();
  private queues = new Map<string, (() => void)[]>();

  for(holder: string): LockRequester {
    return {
      request: (name, options, callback) =>
        new Promise((resolve, reject) => {
          const grant = () => {
            this.held.set(name, holder);
            void Promise.resolve(callback()).then((v) => {
              this.release(name);
              resolve(v);
            });
          };
          if (!this.held.has(name)) return grant();
          const queue = this.queues.get(name) ?? [];
          this.queues.set(name, [...queue, grant]);
          options.signal?.addEventListener('abort', () => {
            this.queues.set(
              name,
              this.queues.get(name)!.filter((g) => g !== grant),
            );
            reject(new DOMException('aborted', 'AbortError'));
          });
        }),
    };
  }

  /** How many requests wait for a lock someone holds. */
  waiting(): number {
    return [...this.queues.values()].reduce((n, q) => n + q.length, 0);
  }

  releaseAll(holder: string): void {
    for (const [name, h] of [...this.held]) if (h === holder) this.release(name);
  }

  private release(name: string): void {
    this.held.delete(name);
    const [next, ...rest] = this.queues.get(name) ?? [];
    this.queues.set(name, rest);
    next?.();
  }
}

function makeWorkerFactory(locks?: FakeLocks) {
  const log = { created: 0, loads: 0, decoded: [] as number[], slowCalls: 0 };
  const workers: (WorkerLike & { crash(msg: string): void; close(): void; hang(): void })[] = [];
  const create = () => {
    log.created++;
    const id = `worker${log.created}`;
    const { port1, port2 } = new MessageChannel();
    let live: MessagePort | undefined;
    let frozen: MessageEvent[] | undefined;
    const api: Api = {
      async load() {
        log.loads++;
      },
      async decode(x) {
        await new Promise((r) => setTimeout(r, 20));
        log.decoded.push(x);
        return x * 2;
      },
      async slow(ms) {
        log.slowCalls++;
        await new Promise((r) => setTimeout(r, ms));
        return 'done';
      },
      async block(ms) {
        frozen = [];
        await new Promise((r) => setTimeout(r, ms));
        const missed = frozen;
        frozen = undefined;
        for (const ev of missed) live?.onmessage?.(ev);
        return 'done';
      },
    };
    Comlink.expose(api, port2);
    answerLiveness(port2, locks?.for(id));
    port2.addEventListener('message', (ev) => {
      if (ev.data?.type !== LIVENESS) return;
      live = ev.data.port as MessagePort;
      const answer = live.onmessage!;
      live.onmessage = (e) => (frozen ? frozen.push(e) : answer.call(live!, e));
    });
    const events = new EventTarget();
    const portListen = port1.addEventListener.bind(port1);
    const w = Object.assign(port1, {
      addEventListener: ((type: string, l: EventListener) =>
        type === 'message' ? portListen(type, l) : events.addEventListener(type, l)) as WorkerLike['addEventListener'],
      terminate() {
        port1.close();
        port2.close();
        live?.close();
        locks?.releaseAll(id);
      },
      crash(message: string) {
        events.dispatchEvent(Object.assign(new Event('error'), { message }));
      },
      /** self.close(): no event, no answer ever again, its locks released. */
      close() {
        port2.close();
        live?.close();
        locks?.releaseAll(id);
      },
      /** Alive but answering nothing (a deadlock): keeps its locks. */
      hang() {
        port2.close();
        live?.close();
      },
    });
    workers.push(w);
    return w;
  };
  return { create, log, workers };
}

describe('WorkerBridge', () => {
  it('starts the worker lazily and runs init once before calls', async () => {
    const f = makeWorkerFactory();
    const bridge = new WorkerBridge<Api>({ create: f.create, init: (api) => api.load() });
    expect(f.log.created).toBe(0);
    expect(await bridge.call((api) => api.decode(2))).toBe(4);
    expect(await bridge.call((api) => api.decode(3))).toBe(6);
    expect(f.log).toMatchObject({ created: 1, loads: 1 });
    bridge.terminate();
  });

  it('latest wins: a burst of slider values runs the first and the last, never the stale middle', async () => {
    const f = makeWorkerFactory();
    const bridge = new WorkerBridge<Api>({ create: f.create });
    const results = await Promise.all([1, 2, 3, 4, 5].map((x) => bridge.latest('decode', (api) => api.decode(x))));
    expect(results).toEqual([2, SUPERSEDED, SUPERSEDED, SUPERSEDED, 10]);
    expect(f.log.decoded).toEqual([1, 5]);
    bridge.terminate();
  });

  it('after a crash: rejects what was in flight, reports once, and a new worker serves the next call', async () => {
    const f = makeWorkerFactory();
    const crashes: WorkerCrashedError[] = [];
    const bridge = new WorkerBridge<Api>({ create: f.create, init: (api) => api.load(), onCrash: (e) => crashes.push(e) });
    await bridge.call((api) => api.decode(1));
    const inflight = bridge.call((api) => api.slow(10_000));
    await vi.waitFor(() => expect(f.log.slowCalls).toBe(1), { interval: 1 }); // the call runs in the worker
    f.workers[0].crash('out of memory');
    await expect(inflight).rejects.toBeInstanceOf(WorkerCrashedError);
    expect(crashes.map((e) => e.message)).toEqual(['out of memory']);
    expect(await bridge.call((api) => api.decode(21))).toBe(42);
    expect(f.log).toMatchObject({ created: 2, loads: 2 });
    expect(bridge.starts).toBe(2);
    bridge.terminate();
  });

  it('ignores late error events from a worker it already replaced', async () => {
    const f = makeWorkerFactory();
    const crashes: unknown[] = [];
    const bridge = new WorkerBridge<Api>({ create: f.create, onCrash: (e) => crashes.push(e) });
    await bridge.call((api) => api.decode(1));
    bridge.restart('device lost');
    await bridge.call((api) => api.decode(1));
    f.workers[0].crash('late');
    expect(crashes).toHaveLength(0);
    bridge.terminate();
  });

  it('a failed init leaves no broken worker behind: the next call starts over', async () => {
    const f = makeWorkerFactory();
    let fail = true;
    const bridge = new WorkerBridge<Api>({
      create: f.create,
      init: async () => {
        if (fail) throw new Error('bad model');
      },
    });
    await expect(bridge.call((api) => api.decode(1))).rejects.toThrow('bad model');
    fail = false;
    expect(await bridge.call((api) => api.decode(2))).toBe(4);
    expect(f.log.created).toBe(2);
    bridge.terminate();
  });
});

/** Lets the fake worker's messages through (they travel on the real event loop, timers are fake). */
async function advance(ms: number, step = 250): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    await vi.advanceTimersByTimeAsync(Math.min(step, ms - t));
    for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
  }
}

/** A bridge on fake workers with the liveness check: Web Locks, or (locks: false) the ping backstop alone. */
function watchedBridge(opts: { locks: boolean; init?: boolean }) {
  const locks = opts.locks ? new FakeLocks() : undefined;
  const f = makeWorkerFactory(locks);
  const crashes: WorkerCrashedError[] = [];
  const bridge = new WorkerBridge<Api>({
    create: f.create,
    init: opts.init ? (api) => api.load() : undefined,
    locks: locks ? locks.for('page') : null,
    onCrash: (e) => crashes.push(e),
  });
  return { f, bridge, crashes, locks };
}

describe('WorkerBridge liveness', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a worker that closes itself while idle is noticed at once and replaced, init replayed', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const { f, bridge, crashes, locks } = watchedBridge({ locks: true, init: true });
    const first = bridge.call((api) => api.decode(1));
    await advance(500);
    await first;
    // the worker's 'held' answer arrived: the bridge waits for the worker's lock
    await vi.waitFor(() => expect(locks!.waiting()).toBe(1), { interval: 1 });
    const t0 = Date.now();
    f.workers[0].close();
    // each try of vi.waitFor moves the fake clock on by its interval: noticed within 500 ms of it
    await vi.waitFor(() => expect(crashes).toHaveLength(1), { interval: 5 });
    expect(Date.now() - t0).toBeLessThan(500);
    expect(crashes[0]).toBeInstanceOf(WorkerStoppedError);
    expect(crashes[0].message).toBe('it ended without an error');
    const next = bridge.call((api) => api.decode(21));
    await advance(500);
    expect(await next).toBe(42);
    expect(f.log).toMatchObject({ created: 2, loads: 2 });
    bridge.terminate();
  });

  it('a worker that closes itself mid-call: the call rejects at once, the next call runs on a fresh worker', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const { f, bridge, crashes, locks } = watchedBridge({ locks: true, init: true });
    const t0 = Date.now();
    let settled: unknown;
    const inflight = bridge.call((api) => api.slow(10_000));
    inflight.catch((e) => (settled = e));
    await vi.waitFor(() => expect([f.log.slowCalls, locks!.waiting()]).toEqual([1, 1]), { interval: 1 });
    f.workers[0].close();
    // each try of vi.waitFor moves the fake clock on by its interval: less than a second of it may pass
    await vi.waitFor(() => expect(settled).toBeInstanceOf(WorkerStoppedError), { interval: 10 });
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(crashes).toHaveLength(1);
    const next = bridge.call((api) => api.decode(2));
    await advance(500);
    expect(await next).toBe(4);
    expect(f.log.loads).toBe(2);
    bridge.terminate();
  });

  it('without Web Locks, a call whose worker fell silent rejects after the bound, not before', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const { f, bridge, crashes } = watchedBridge({ locks: false, init: true });
    let settled: unknown;
    const inflight = bridge.call((api) => api.slow(600_000));
    inflight.catch((e) => (settled = e));
    await advance(1_000);
    f.workers[0].close();
    await advance(SILENCE_MS - 1_000);
    expect(settled).toBeUndefined();
    await advance(2_000);
    expect(settled).toBeInstanceOf(WorkerStoppedError);
    expect(crashes.map((e) => e.message)).toEqual([`no answer for ${SILENCE_MS / 1000} s`]);
    const next = bridge.call((api) => api.decode(3));
    await advance(500);
    expect(await next).toBe(6);
    expect(f.log).toMatchObject({ created: 2, loads: 2 });
    bridge.terminate();
  });

  it('a hung worker (alive, holding its lock) is ended by the ping backstop', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const { f, bridge, crashes } = watchedBridge({ locks: true });
    const inflight = bridge.call((api) => api.slow(600_000));
    inflight.catch(() => undefined);
    await advance(1_000);
    f.workers[0].hang();
    await advance(SILENCE_MS + 1_000);
    await expect(inflight).rejects.toBeInstanceOf(WorkerStoppedError);
    expect(crashes).toHaveLength(1);
    bridge.terminate();
  });

  it('never misfires on a long healthy call: minutes of async work, or a blocked loop shorter than the bound', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const { f, bridge, crashes } = watchedBridge({ locks: false });
    const slow = bridge.call((api) => api.slow(5 * 60_000));
    await advance(5 * 60_000 + 1_000, 1_000);
    expect(await slow).toBe('done');
    const blocked = bridge.call((api) => api.block(SILENCE_MS - 2_000));
    await advance(SILENCE_MS + 1_000);
    expect(await blocked).toBe('done');
    expect(crashes).toEqual([]);
    expect(f.log.created).toBe(1);
    bridge.terminate();
  });

  it('a page frozen mid-call (a sleeping laptop) does not count its own stopped timers as silence', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const { bridge, crashes } = watchedBridge({ locks: false });
    const slow = bridge.call((api) => api.slow(20_000));
    await advance(2_000);
    vi.setSystemTime(Date.now() + 10 * SILENCE_MS); // the page's timers stood still for minutes
    await advance(20_000);
    expect(await slow).toBe('done');
    expect(crashes).toEqual([]);
    bridge.terminate();
  });

  it('an idle worker owes no answer: silence while no call is in flight is not counted', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const { bridge, crashes } = watchedBridge({ locks: false });
    const first = bridge.call((api) => api.decode(1));
    await advance(500);
    expect(await first).toBe(2);
    await advance(10 * SILENCE_MS, 5_000);
    const second = bridge.call((api) => api.slow(3_000));
    await advance(3_500);
    expect(await second).toBe('done');
    expect(crashes).toEqual([]);
    bridge.terminate();
  });
});
