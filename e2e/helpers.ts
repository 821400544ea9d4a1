import { expect, type Locator, type Page } from '@playwright/test';
import type { GmpHooks } from '../src/test-hooks/page-hooks';

type HookArgs<K extends keyof GmpHooks> = Parameters<GmpHooks[K]> extends [Element, ...infer A] ? A : never;

/**
 * Calls a test hook (src/test-hooks/page-hooks.ts, built as assets/test-hooks.js, never loaded by the site) on the
 * element `on`; the hooks module is added to the page on first use.
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

/** Every route of the site, as the hash after `#`. */
export const ROUTES = ['/', '/vae', '/gan', '/diffusion', '/transformer', '/nerf', '/compare', '/study', '/train', '/kernels'];

/** Demo routes and the canvas that shows their output on load ('' = none before the visitor acts: the transformer writes on demand). */
export const OUTPUT: Record<string, string> = {
  '/vae': 'output',
  '/gan': 'output',
  '/diffusion': 'output',
  '/transformer': '',
  '/nerf': 'output',
};

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

/** Destroys the GPUDevice a model worker (script URL containing `worker`) exposes as gmpGpuDevice, the way a
 * driver reset would; true if one was found. */
export async function destroyWorkerDevice(page: Page, worker: string): Promise<boolean> {
  let destroyed = false;
  for (const w of page.workers().filter((w) => w.url().includes(worker))) {
    destroyed ||= await w.evaluate(() => {
      const d = (self as { gmpGpuDevice?: GPUDevice }).gmpGpuDevice;
      d?.destroy();
      return !!d;
    });
  }
  return destroyed;
}
