// Hostile links: a seeded fuzz over every route. Each page must survive any hash (no exception, no console
// error) and then show in the address bar the canonical link of what it shows: short, a fixed point of
// parse → build, and only the parameters the page has. GMP_FUZZ_SEED=… replays a run; the seed is in every
// failure message.
import { expect, type Page, test } from '@playwright/test';
import { buildHash, parseHash } from '../src/core/any-thread/url-state';
import { hook, OUTPUT, ROUTES, waitForImage, watchErrors } from './helpers';

const SEED = Number(process.env.GMP_FUZZ_SEED ?? 20261201);
const PER_ROUTE = 25; // hash changes on a live page
const LOADS = 2; // fresh loads of a hostile link

/** The parameters each page writes; anything else must be gone from the link. */
const PARAMS: Record<string, string[]> = {
  '/': [],
  '/kernels': [],
  '/compare': ['need', 'content'],
  '/study': ['plot'],
  '/train': ['engine', 'subset', 'classes', 'seed', 'batch', 'lrvae', 'lrgan'],
  '/train-text': ['engine', 'source', 'layers', 'width', 'context', 'lr', 'seed'],
  '/train-nerf': ['engine', 'views', 'resolution', 'seed'],
  '/vae': ['z', 'engine'],
  '/gan': ['seed', 'truncation', 'engine'],
  '/diffusion': ['class', 'steps', 'sampler', 'guidance', 'seed', 'step', 'engine'],
  '/transformer': ['prompt', 'temperature', 'topk', 'seed', 'engine'],
  '/nerf': ['cam', 'res', 'engine'],
};
const NAMES = [...new Set(Object.values(PARAMS).flat()), 'junk', '__proto__', 'constructor', 'z[]', ''];
const VALUES = [
  'NaN',
  '1e308',
  '-1e308',
  '-0',
  'Infinity',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  'a'.repeat(3000),
  '1,'.repeat(500),
  ',,,',
  '',
  '%00',
  '%E0%A4%A',
  '\u202e\u0000',
  '🙂'.repeat(60),
  '0.5',
  '-7',
  '3',
  '999999',
  'wasm',
  'WebGPU',
  'wgsl',
  'auto',
  'ddpm',
  'sharp,fast',
  'image',
  '45,35,4',
  'stability',
  '../../etc/passwd',
];

/** mulberry32: a small seeded generator, so a failing run can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hostileHash(route: string, rnd: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const own = PARAMS[route];
  const parts: string[] = [];
  const n = 1 + Math.floor(rnd() * 6);
  for (let i = 0; i < n; i++) {
    const name = own.length && rnd() < 0.6 ? pick(own) : pick(NAMES);
    const value = pick(VALUES);
    parts.push(rnd() < 0.3 ? `${name}=${value}` : `${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  }
  const path = rnd() < 0.15 ? `/${route}//` : route; // extra slashes still name the route
  return `#${path}?${parts.join(rnd() < 0.2 ? '&&' : '&')}`;
}

/** Why `hash` is not the canonical link of `route`, or undefined when it is. */
function notCanonical(route: string, hash: string): string | undefined {
  if (hash === '' && route === '/') return undefined;
  const { path, params } = parseHash(hash);
  if (path !== route) return `path ${path}`;
  if (hash.length > 600) return `${hash.length} characters`;
  const names = [...params.keys()];
  const foreign = names.filter((n) => !PARAMS[route].includes(n));
  if (foreign.length) return `foreign parameters ${foreign.join(', ')}`;
  if (new Set(names).size !== names.length) return 'a parameter twice';
  const rebuilt = buildHash(path, Object.fromEntries(params));
  return rebuilt === hash ? undefined : `not a fixed point: ${rebuilt}`;
}

async function ready(page: Page, route: string): Promise<void> {
  if (OUTPUT[route]) await waitForImage(page, OUTPUT[route]);
  else if (route in OUTPUT) await expect(page.getByTestId('status')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  else await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
}

async function expectCanonical(page: Page, route: string, sent: string): Promise<void> {
  await expect
    .poll(async () => notCanonical(route, await page.evaluate(() => location.hash)), {
      message: `seed ${SEED}: after ${sent.slice(0, 200)}`,
      timeout: 5_000,
    })
    .toBeUndefined();
}

test(`a few hundred hostile links over every route leave no error and a canonical link (seed ${SEED})`, async ({ page }) => {
  test.setTimeout(360_000);
  const rnd = random(SEED);
  const errors = watchErrors(page);
  let sent = 0;
  for (const route of ROUTES) {
    await page.goto(`./#${route}?engine=wasm`);
    await ready(page, route);
    for (let i = 0; i < PER_ROUTE; i++, sent++) {
      const hash = hostileHash(route, rnd);
      await page.evaluate((h) => {
        location.hash = h;
      }, hash);
      await expectCanonical(page, route, hash);
    }
    for (let i = 0; i < LOADS; i++, sent++) {
      const hash = hostileHash(route, rnd);
      await page.goto(`./${hash}`);
      await page.reload();
      await ready(page, route);
      await expectCanonical(page, route, hash);
    }
    expect(errors, `seed ${SEED}, route ${route}`).toEqual([]);
    expect(await page.locator('script:not([src])').count(), `seed ${SEED}: nothing injected`).toBe(1);
  }
  expect(sent).toBe(ROUTES.length * (PER_ROUTE + LOADS));
});

test('echoed values are cut short everywhere, and the NeRF camera survives a link exactly', async ({ page }) => {
  const long = 'x'.repeat(10_000);
  await page.goto(`./#/compare?content=${long}&need=${long}`);
  await expect(page.getByText('Ignored from the link')).toBeVisible();
  const note = await page.getByText('Ignored from the link').textContent();
  expect(note!.length, 'the note echoes a short start of each value').toBeLessThan(140);
  await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/compare');

  await page.goto(`./#/vae?engine=wasm&z=${long}`);
  await waitForImage(page);
  const notes = await page.getByTestId('notes').textContent();
  expect(notes!.length).toBeLessThan(400);
  await expect.poll(() => page.evaluate(() => location.hash.length)).toBeLessThan(200);
});

test('a NeRF view after a drag, opened from its link, is the same to the pixel', async ({ page, context }) => {
  const frame = (p: Page): Promise<number[]> => hook(p, p.locator('gmp-nerf-demo'), 'framePixels');
  await page.goto('./#/nerf?engine=wgsl&res=64');
  await waitForImage(page);
  const box = (await page.getByTestId('output').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.4);
  await page.mouse.down();
  for (let i = 1; i <= 5; i++) await page.mouse.move(box.x + box.width * (0.3 + i * 0.037), box.y + box.height * (0.4 + i * 0.013));
  await page.mouse.up();
  // a drag leaves fractional angles, which a link rounded to 0.1° would not restore; wait until the link
  // has caught up with the last move (it is written 200 ms after a change)
  let link = '';
  await expect
    .poll(
      async () => {
        const before = link;
        link = await page.evaluate(() => location.hash);
        return before === link && /cam=[^&]*\.\d{2}/.test(link);
      },
      { intervals: [400] },
    )
    .toBe(true);
  const sender = await frame(page);
  const other = await context.newPage();
  await other.goto(`./${link}`);
  await waitForImage(other);
  expect(await other.evaluate(() => location.hash)).toBe(link);
  expect(await frame(other)).toEqual(sender);
});
