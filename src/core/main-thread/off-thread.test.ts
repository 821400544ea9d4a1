// The page's helper worker against an in-process "worker" (a MessageChannel whose far end exposes the real
// helper API, as helper.worker.ts does), fetching the committed model files through a fetch() over
// public/models: the bytes come back whole, a damaged file is reported as one (with its key and numbers),
// and a helper that crashes leaves the page to fetch the file itself.
import { readFile } from 'node:fs/promises';
import * as Comlink from 'comlink';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ModelLoadError } from '../any-thread/errors';
import { helperApi } from '../any-thread/helper-api';
import { fileFor, parseManifest } from '../any-thread/manifest';
import { fetchModelFile, fetchModelFilesWith, type Progress, sha256Hex } from '../any-thread/model-files';
import { answerLiveness } from '../any-thread/worker-api';
import { HELPER_IDLE_MS, probeOffThread, useHelperWorker } from './off-thread';
import type { WorkerLike } from './worker-bridge';

const MODELS = new URL('../../../public/models/', import.meta.url);
const BASE = 'https://example.test/models/';
const manifest = parseManifest(JSON.parse(await readFile(new URL('manifest.json', MODELS), 'utf8')));
const decoder = fileFor(manifest.models.vae, 'decoder');

/** fetch() over public/models, with the named file's bytes damaged. */
function folderFetch(damaged?: string): typeof fetch {
  return (async (input: RequestInfo | URL) => {
    const path = new URL(String(input)).pathname.replace(/^\/models\//, '');
    const bytes = new Uint8Array(await readFile(new URL(path, MODELS)));
    if (path === damaged) bytes[100] ^= 0xff;
    return new Response(bytes);
  }) as typeof fetch;
}

interface FakeHelper extends WorkerLike {
  crash(): void;
  terminated: boolean;
}

/** Helpers made so far, and how many files each fetched. */
let made: { helper: FakeHelper; fetched: number }[] = [];

function makeHelper(): FakeHelper {
  const { port1, port2 } = new MessageChannel();
  const record = { fetched: 0 } as { helper: FakeHelper; fetched: number };
  Comlink.expose(
    {
      ...helperApi,
      fetchFile: (...args: Parameters<typeof helperApi.fetchFile>) => {
        record.fetched++;
        return helperApi.fetchFile(...args);
      },
    },
    port2,
  );
  answerLiveness(port2, null as never);
  const events = new EventTarget();
  const listen = port1.addEventListener.bind(port1);
  const helper = Object.assign(port1, {
    terminated: false,
    addEventListener: ((type: string, l: EventListener) =>
      type === 'message' ? listen(type, l) : events.addEventListener(type, l)) as WorkerLike['addEventListener'],
    terminate() {
      helper.terminated = true;
      port1.close();
      port2.close();
    },
    crash() {
      events.dispatchEvent(Object.assign(new Event('error'), { message: 'boom' }));
    },
  });
  record.helper = helper;
  made.push(record);
  return helper;
}

describe('the page helper worker', () => {
  beforeEach(() => {
    made = [];
    vi.stubGlobal('fetch', folderFetch());
  });
  afterEach(() => {
    fetchModelFilesWith(undefined);
    for (const { helper } of made) helper.terminate();
    vi.unstubAllGlobals();
  });

  it('fetches a model file in the helper: the same bytes, with progress from nothing to all of it', async () => {
    useHelperWorker(makeHelper);
    const seen: Progress[] = [];
    const bytes = await fetchModelFile(BASE, decoder, (p) => seen.push(p));
    expect(made.map((m) => m.fetched)).toEqual([1]);
    expect(bytes.byteLength).toBe(decoder.bytes);
    expect(await sha256Hex(bytes)).toBe(decoder.sha256);
    expect(seen[0].loaded).toBe(0);
    expect(seen.at(-1)?.loaded).toBe(seen.at(-1)?.total);
  });

  it('reports a damaged file as the ModelLoadError it is, with its key and hashes', async () => {
    vi.stubGlobal('fetch', folderFetch(decoder.wire?.path ?? decoder.path));
    useHelperWorker(makeHelper);
    const error = await fetchModelFile(BASE, decoder).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as ModelLoadError).key).toBe('load.hash');
    expect((error as ModelLoadError).params.want).toBe(decoder.sha256.slice(0, 12));
    expect(made.map((m) => m.fetched)).toEqual([1]);
  });

  it('fetches on the page when the helper crashes, and from then on', async () => {
    useHelperWorker(() => {
      const h = makeHelper();
      // dies as it starts, like a worker whose script fails to load
      setTimeout(() => h.crash(), 0);
      return h;
    });
    const bytes = await fetchModelFile(BASE, decoder);
    expect(await sha256Hex(bytes)).toBe(decoder.sha256);
    await fetchModelFile(BASE, decoder);
    expect(made.length).toBe(1);
  });

  it("a page without the WebGPU API reports that itself: the helper is not asked (its WebGPU is not the page's)", async () => {
    useHelperWorker(makeHelper);
    const { webGpuReport } = await import('./webgpu-report');
    expect(await webGpuReport()).toMatchObject({ available: false, reason: 'noapi' });
    expect(made).toHaveLength(0);
  });

  it('ends the helper once it has had nothing to do for a while, and starts another for the next call', async () => {
    useHelperWorker(makeHelper);
    expect(await probeOffThread()).toMatchObject({ available: false, reason: 'noapi' });
    expect(made[0].helper.terminated).toBe(false);
    await new Promise((r) => setTimeout(r, HELPER_IDLE_MS + 200));
    expect(made[0].helper.terminated).toBe(true);
    await fetchModelFile(BASE, decoder);
    expect(made.map((m) => m.fetched)).toEqual([0, 1]);
  });
});
