// A long stay on one demo: thousands of slider moves on the VAE and a long GAN interpolation leave the page heap
// where it was after warm-up (forced GC), and the last frame is the one a fresh load of the final link draws.
import { type CDPSession, expect, type Page, test } from '@playwright/test';
import { expectSteady, maxAbsDiff, readCanvas, waitForChange, waitForImage } from './helpers';

/** The heap after warm-up may grow this much (JIT code, a timing entry or two), no more. */
const HEAP_GROWTH = 0.1;
const MOVES = 2000;
const WARMUP_MOVES = 200;
/** Moves on one slider before the next one takes over. */
const BURST = 20;
const INTERPOLATE_S = 30;
const WARMUP_S = 5;

async function heapAfterGc(cdp: CDPSession): Promise<number> {
  for (let i = 0; i < 3; i++) await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;

/** Waits until the link has stopped changing (it is written 200 ms after the last change) and returns it. */
async function settledHash(page: Page): Promise<string> {
  let last = '';
  await expect
    .poll(
      async () => {
        const now = await page.evaluate(() => location.hash);
        const same = now === last;
        last = now;
        return same;
      },
      { intervals: [400], timeout: 10_000 },
    )
    .toBe(true);
  return last;
}

/** Waits until the output canvas shows the same picture twice in a row, and returns it. */
async function settledFrame(page: Page): Promise<number[]> {
  let last: number[] = [];
  await expect
    .poll(
      async () => {
        const now = await readCanvas(page.getByTestId('output'));
        const same = now.length === last.length && maxAbsDiff(now, last) === 0;
        last = now;
        return same;
      },
      { intervals: [250], timeout: 10_000 },
    )
    .toBe(true);
  return last;
}

/** What a fresh page makes of the link `hash`: its output canvas and the given cells. */
async function freshLoad(page: Page, hash: string, cells: string[] = []): Promise<number[][]> {
  const fresh = await page.context().newPage();
  await fresh.goto(`./${hash}`);
  await waitForImage(fresh);
  const out = [await readCanvas(fresh.getByTestId('output'))];
  for (const c of cells) out.push(await readCanvas(fresh.locator(c)));
  await fresh.close();
  return out;
}

test(`${MOVES} VAE slider moves: the heap stays put and the last frame matches its link`, async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('./#/vae?engine=wasm');
  await waitForImage(page);
  const cdp = await page.context().newCDPSession(page);
  const sliders = page.locator('input[data-testid^="latent-"]');
  const dims = await sliders.count();
  let seed = 7; // a fixed walk, so a failure repeats
  const up = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return ((seed >> 16) & 1) === 1;
  };
  let heapBefore = 0;
  for (let i = 0; i < MOVES; i += BURST) {
    if (i === WARMUP_MOVES) {
      await settledFrame(page);
      heapBefore = await heapAfterGc(cdp);
    }
    // An arrow key as a range input takes it: a step and an input event, and the page's update, then a task
    // every few moves for the worker's answers and a frame. A real key press waits for a frame (100-900 ms here
    // on SwiftShader), which would make this a 200 s test.
    await page.getByTestId(`latent-${(i / BURST) % dims}`).evaluate(
      async (el, [n, right]) => {
        const input = el as HTMLInputElement;
        const demo = (input.getRootNode() as ShadowRoot).host as HTMLElement & { updateComplete: Promise<boolean> };
        for (let k = 1; k <= n; k++) {
          if (right) input.stepUp();
          else input.stepDown();
          input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
          await demo.updateComplete;
          if (k % 5 === 0) await new Promise((r) => setTimeout(r, 0));
        }
      },
      [BURST, up()] as const,
    );
  }
  // the final state: the sliders' values by dimension (they are laid out in another order), then the link once it holds them
  const values = await sliders.evaluateAll((els) => {
    const v: number[] = [];
    for (const e of els as HTMLInputElement[]) v[Number(e.dataset.testid!.slice('latent-'.length))] = Number(e.value);
    return v;
  });
  let hash = '';
  await expect
    .poll(async () => {
      hash = await settledHash(page);
      const z = (new URLSearchParams(hash.split('?')[1]).get('z') ?? '').split(',').map(Number);
      return z.length === values.length && z.every((v, d) => Math.abs(v - values[d]) < 1e-3);
    })
    .toBe(true);
  const last = await settledFrame(page);
  const heapAfter = await heapAfterGc(cdp);
  console.log(`VAE soak: heap after GC ${mb(heapBefore)} after ${WARMUP_MOVES} moves, ${mb(heapAfter)} after ${MOVES}; link ${hash}`);
  expect(heapAfter, `heap after ${MOVES} moves`).toBeLessThanOrEqual(heapBefore * (1 + HEAP_GROWTH));
  const [fresh] = await freshLoad(page, hash);
  expect(maxAbsDiff(last, fresh), 'last frame against a fresh load of its link').toBe(0);
});

test(`a ${INTERPOLATE_S} s GAN interpolation: the heap stays put and the page still draws what its link says`, async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto('./#/gan?engine=wasm&seed=3');
  await waitForImage(page);
  const cdp = await page.context().newCDPSession(page);
  const play = page.getByTestId('interpolate');
  const playFor = async (s: number) => {
    const t0 = Date.now();
    const before = await readCanvas(page.getByTestId('output'));
    await play.click();
    await expect(play).toHaveAttribute('aria-pressed', 'true');
    await waitForChange(page, before); // it animates
    // a soak of fixed length: the rest of the `s` seconds is the test's duration, not a wait for something to
    // happen; meanwhile the interpolation must keep playing
    const rest = Math.max(0, s * 1000 - (Date.now() - t0));
    expect(await expectSteady(() => play.getAttribute('aria-pressed'), rest, { what: 'Interpolate pressed', every: 250 })).toBe('true');
    await play.click();
    await expect(play).toHaveAttribute('aria-pressed', 'false');
  };
  await playFor(WARMUP_S);
  const heapBefore = await heapAfterGc(cdp);
  await playFor(INTERPOLATE_S - WARMUP_S);
  const heapAfter = await heapAfterGc(cdp);
  // the paused frame is not part of the link: a new sample from the same worker is, and must match a fresh page's
  await page.getByTestId('generate').click();
  await expect(page.getByTestId('seed')).toHaveValue('4');
  let hash = '';
  await expect.poll(async () => (hash = await settledHash(page))).toContain('seed=4');
  const last = await settledFrame(page);
  const cells = Array.from({ length: 8 }, (_, i) => `[data-cell="${i}"]`);
  const grid = await Promise.all(cells.map((c) => readCanvas(page.locator(c))));
  console.log(`GAN soak: heap after GC ${mb(heapBefore)} after ${WARMUP_S} s, ${mb(heapAfter)} after ${INTERPOLATE_S} s; link ${hash}`);
  expect(heapAfter, `heap after ${INTERPOLATE_S} s`).toBeLessThanOrEqual(heapBefore * (1 + HEAP_GROWTH));
  const [fresh, ...freshGrid] = await freshLoad(page, hash, cells);
  expect(maxAbsDiff(last, fresh), 'large sample against a fresh load of its link').toBe(0);
  const cellDiffs = grid.map((g, i) => maxAbsDiff(g, freshGrid[i]));
  expect(cellDiffs, 'grid cells against a fresh load').toEqual(grid.map(() => 0));
});
