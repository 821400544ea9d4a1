// The bridge against an in-process "worker": a MessageChannel whose far end runs Comlink.expose, exactly as
// a real worker's global scope would. Crashes are the same 'error' event a Worker fires.
import * as Comlink from 'comlink';
import { describe, expect, it } from 'vitest';
import { SUPERSEDED, WorkerBridge, WorkerCrashedError, type WorkerLike } from './worker-bridge';

interface Api {
  load(): Promise<void>;
  decode(x: number): Promise<number>;
  slow(ms: number): Promise<string>;
}

function makeWorkerFactory() {
  const log = { created: 0, loads: 0, decoded: [] as number[] };
  const workers: (WorkerLike & { crash(msg: string): void })[] = [];
  const create = () => {
    log.created++;
    const { port1, port2 } = new MessageChannel();
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
        await new Promise((r) => setTimeout(r, ms));
        return 'done';
      },
    };
    Comlink.expose(api, port2);
    const events = new EventTarget();
    const portListen = port1.addEventListener.bind(port1);
    const w = Object.assign(port1, {
      addEventListener: ((type: string, l: EventListener) =>
        type === 'message' ? portListen(type, l) : events.addEventListener(type, l)) as WorkerLike['addEventListener'],
      terminate() {
        port1.close();
        port2.close();
      },
      crash(message: string) {
        events.dispatchEvent(Object.assign(new Event('error'), { message }));
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
    await new Promise((r) => setTimeout(r, 10));
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
