import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';
import { ROUTE_LIST } from '../src/app/route-list';
import type { ModelKind } from '../src/models/registry';
import type { GmpHooks } from '../src/test-hooks/page-hooks';

type HookArgs<K extends keyof GmpHooks> = Parameters<GmpHooks[K]> extends [Element, ...infer A] ? A : never;

/**
 * Calls a test hook (src/test-hooks/page-hooks.ts) on the element `on`; the hooks module is added to the page on
 * first use. It is built apart from the site, into dist-test/ (`vite build --mode test-hooks`), never into the
 * deployed dist/: only the tests' server (`vite preview --mode test-hooks`, playwright.config.ts) serves it, as
 * assets/test-hooks.js beside the site's files.
 */
export async function hook<K extends keyof GmpHooks>(
  page: Page,
  on: Locator,
  name: K,
  ...args: HookArgs<K>
): Promise<Awaited<ReturnType<GmpHooks[K]>>> {
  if (!(await page.evaluate(() => 'gmpHooks' in globalThis))) await page.addScriptTag({ type: 'module', url: 'assets/test-hooks.js' });
  return on.evaluate(
    (el, [n, a]) => {
      const hooks = (globalThis as unknown as { gmpHooks: Record<string, (el: Element, ...a: unknown[]) => Promise<unknown>> }).gmpHooks;
      return hooks[n as string](el, ...(a as unknown[]));
    },
    [name, args] as const,
  ) as Promise<Awaited<ReturnType<GmpHooks[K]>>>;
}

/** Every route of the site, as the hash after `#`, in the order of the nav (the router's list, src/app/route-list.ts). */
export const ROUTES: string[] = ROUTE_LIST.map((r) => r.path);

/** Demo routes and the canvas that shows their output on load ('' = none before the visitor acts: the transformer writes on demand). */
export const OUTPUT: Record<string, string> = {
  '/vae': 'output',
  '/gan': 'output',
  '/diffusion': 'output',
  '/transformer': '',
  '/nerf': 'output',
} satisfies Record<`/${ModelKind}`, string>; // one per model of the registry, no more

/** Grey levels (0..255) of a 2-D canvas, read back from the page. */
export async function readCanvas(canvas: Locator): Promise<number[]> {
  return canvas.evaluate((el) => {
    const c = el as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const out: number[] = [];
    for (let i = 0; i < d.length; i += 4) out.push(d[i]);
    return out;
  });
}

export function maxAbsDiff(a: number[], b: number[]): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

export function spread(a: number[]): number {
  return Math.max(...a) - Math.min(...a);
}

/** Waits until the demo is ready and its output canvas (data-testid `canvas`, unless '') holds an image. */
export async function waitForImage(page: Page, canvas = 'output'): Promise<void> {
  await expect(page.getByTestId('status')).toHaveAttribute('data-state', 'ready', { timeout: 90_000 });
  if (canvas) await expect(page.getByTestId(canvas)).toHaveAttribute('data-drawn', 'true', { timeout: 60_000 });
}

/** Polls the output canvas until it differs from `before` by more than `min` grey levels somewhere. */
export async function waitForChange(page: Page, before: number[], min = 8): Promise<number[]> {
  let after: number[] = before;
  await expect
    .poll(
      async () => {
        after = await readCanvas(page.getByTestId('output'));
        return maxAbsDiff(before, after);
      },
      { timeout: 30_000 },
    )
    .toBeGreaterThan(min);
  return after;
}

/**
 * Collects console errors, uncaught page errors and Content-Security-Policy violations (each one reported by
 * its securitypolicyviolation event, also where the browser would log nothing). Call before the page loads.
 */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  void page.addInitScript(() =>
    document.addEventListener(
      'securitypolicyviolation',
      (e) => console.error(`CSP violation: ${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`),
      true,
    ),
  );
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** The model worker (by its script URL), not onnxruntime's own thread workers. */
export async function vaeWorkers(page: Page) {
  return page.workers().filter((w) => w.url().includes('vae.worker'));
}

/** The worker scripts of the site and of the test hooks (assets/<name>.worker-<hash>.js). */
const WORKER_SCRIPTS = /\/assets\/[^/]+\.worker-[^/]+\.js$/;

/**
 * Runs first in every worker script while trackWorkerDevices is on: remembers each GPUDevice the worker is handed
 * (its own kernels' or onnxruntime's) until the device is lost.
 */
const DEVICE_PRELUDE = `if (self.GPUAdapter) {
  const devices = (self.gmpE2eGpuDevices = new Set());
  const requestDevice = GPUAdapter.prototype.requestDevice;
  GPUAdapter.prototype.requestDevice = async function (...args) {
    const device = await requestDevice.apply(this, args);
    devices.add(device);
    device.lost.then(() => devices.delete(device));
    return device;
  };
}
`;

/**
 * Lets destroyWorkerDevice reach the GPU devices of the page's workers, which keep them to themselves (the site
 * puts nothing on globalThis for tests): from now on every worker script the page loads is served with a prelude
 * (DEVICE_PRELUDE) that wraps GPUAdapter.prototype.requestDevice. Call before the page starts the worker (before
 * page.goto). Needs the service worker out of the way (the default, playwright.config.ts), or it serves the scripts.
 */
export async function trackWorkerDevices(page: Page): Promise<void> {
  await page.route(WORKER_SCRIPTS, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: DEVICE_PRELUDE + (await response.text()) });
  });
}

/**
 * Destroys every GPU device the workers whose script URL contains `worker` hold (trackWorkerDevices must have
 * been on when they started), the way a driver reset would; true if there was one.
 */
export async function destroyWorkerDevice(page: Page, worker: string): Promise<boolean> {
  let destroyed = false;
  for (const w of page.workers().filter((w) => w.url().includes(worker))) {
    const found = await w.evaluate(() => {
      const devices = (self as { gmpE2eGpuDevices?: Set<GPUDevice> }).gmpE2eGpuDevices;
      for (const d of devices ?? []) d.destroy();
      return devices ? devices.size : -1;
    });
    expect(found, `no prelude in ${w.url()}: call trackWorkerDevices before page.goto`).toBeGreaterThanOrEqual(0);
    destroyed ||= found > 0;
  }
  return destroyed;
}

/** A value as a failure message shows it: short, and for long lists only their length. */
function show(v: unknown): string {
  if (Array.isArray(v) && v.length > 16) return `[${v.length} values]`;
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}

/** What differs between two readings: for lists of equal length, where and how many entries. */
function change(a: unknown, b: unknown): string {
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.length > 16) {
    const at = a.findIndex((x, i) => !isDeepStrictEqual(x, b[i]));
    const n = a.filter((x, i) => !isDeepStrictEqual(x, b[i])).length;
    return `${n} of ${a.length} entries changed, the first at [${at}]: ${show(a[at])} → ${show(b[at])}`;
  }
  return `${show(a)} → ${show(b)}`;
}

/**
 * "Nothing changes for `ms`": reads `read()` every `every` ms (default 50) from its first reading until a
 * reading starts `ms` or more after it, and fails at the first one that differs (deep equality) from the first,
 * saying what it read and when. Resolves to the value that held. Its window is measured on the test's clock, so
 * a slow reading only adds readings, never shortens the window.
 *
 * The e2e tests' one fixed wait: use it where a check *is* a duration ("pause holds the step", "no further
 * reload"). A test that waits for something to happen waits for that instead (expect.poll, a locator, an
 * attribute the page sets).
 *
 * With `within`, it waits for the value to settle instead of failing on a change: each change starts the window
 * over, and it fails only when `within` ms pass with no `ms` of quiet (e.g. "nothing fetched for 1 s").
 */
export async function expectSteady<T>(
  read: () => T | Promise<T>,
  ms: number,
  { what = 'the value', every = 50, within }: { what?: string; every?: number; within?: number } = {},
): Promise<T> {
  const start = Date.now();
  const seen: string[] = [];
  let value = await read();
  let since = Date.now();
  seen.push(`0 ms: ${show(value)}`);
  for (;;) {
    const wait = Math.min(every, since + ms - Date.now());
    if (wait <= 0) return value;
    await sleep(wait);
    const at = Date.now();
    const now = await read();
    if (isDeepStrictEqual(now, value)) continue;
    seen.push(`${at - start} ms: ${change(value, now)}`);
    if (within === undefined)
      throw new Error(`${what} changed ${at - since} ms into the ${ms} ms it should have held still (${seen.join('; ')})`);
    if (at - start > within)
      throw new Error(`${what} never held still for ${ms} ms within ${within} ms (last readings: ${seen.slice(-5).join('; ')})`);
    value = now;
    since = at;
  }
}

/** Clicks a download link of the export panel and reads the file the browser saved. */
export async function download(page: Page, name: string): Promise<Uint8Array> {
  const saved = page.waitForEvent('download');
  await page.getByRole('link', { name }).click();
  return new Uint8Array(await readFile(await (await saved).path()));
}

/** Drops files onto the element with test id `id`, as a visitor dragging them from the desktop would. */
export async function dropFiles(page: Page, id: string, files: { name: string; bytes: Uint8Array }[]) {
  const transfer = await page.evaluateHandle(
    (list) => {
      const dt = new DataTransfer();
      for (const f of list) dt.items.add(new File([new Uint8Array(f.bytes)], f.name));
      return dt;
    },
    files.map((f) => ({ name: f.name, bytes: [...f.bytes] })),
  );
  await page.getByTestId(id).dispatchEvent('drop', { dataTransfer: transfer });
}

/** Relative luminance (WCAG) of the shell's background colour. */
export function pageLuminance(page: Page): Promise<number> {
  return page.evaluate(() => {
    const bg = getComputedStyle(document.querySelector('gmp-app') ?? document.body).backgroundColor;
    const [r, g, b] = (bg.match(/[\d.]+/g) ?? ['0', '0', '0']).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  });
}

/** Every accessibility violation axe finds on the page as it is now, each with its impact and where. */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
