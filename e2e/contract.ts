// The UI contract of ../shared/DESIGN.md ("UI contract"): routes and the data-testid hooks tests outside this
// repository rely on. The shell spec checks every page against it on the visit it makes anyway.
import { expect, type Page } from '@playwright/test';

/** Hooks every demo has. */
const EVERY_DEMO = ['status', 'output', 'timing', 'engine', 'tradeoffs'];

export const CONTRACT: Record<string, string[]> = {
  '/vae': [...EVERY_DEMO, 'latent-0', 'latent-15', 'randomize', 'latent-map', 'encode-sample'],
  '/gan': [...EVERY_DEMO, 'generate', 'interpolate', 'truncation', 'disc-score'],
  '/diffusion': [
    ...EVERY_DEMO,
    'class-select',
    'guidance',
    'steps',
    'sampler',
    'play',
    'pause',
    'step-forward',
    'step-back',
    'step-slider',
    'step-label',
    'x0-preview',
  ],
  '/transformer': [
    ...EVERY_DEMO,
    'prompt',
    'generate',
    'stop',
    'output-text',
    'temperature',
    'topk',
    'attention',
    'layer-select',
    'head-select',
    'tokens-per-second',
  ],
  '/nerf': [...EVERY_DEMO, 'fps', 'resolution', 'ray-inspector'],
  '/study': ['data-amount', 'poor-data', 'training-time', 'stability', 'rare-class', 'transformer-data', 'nerf-views'].map(
    (plot) => `study-${plot}`,
  ),
  '/train': [
    'status',
    'engine',
    'tradeoffs',
    'train-subset',
    'train-classes',
    'train-seed',
    'train-batch',
    'train-lr-vae',
    'train-lr-gan',
    'train-start',
    'train-pause',
    'train-reset',
    'train-step',
    'train-steps',
    'samples-vae',
    'samples-gan',
    'samples-diffusion',
    'recon',
    'loss-chart',
    'study-link',
    'export-vae',
    'export-gan',
    'open-in-demo',
    'draw-pad',
    'draw-add',
    'image-upload',
    'runs-list',
  ],
  '/train-text': [
    'status',
    'engine',
    'text-source',
    'text-input',
    'text-upload',
    'train-start',
    'train-pause',
    'train-reset',
    'train-step',
    'train-steps',
    'gpt-sample',
    'gpt-val-loss',
    'ngram-val-loss',
    'loss-chart',
    'runs-list',
    'export-gpt',
    'open-in-demo',
  ],
  '/train-nerf': [
    'status',
    'engine',
    'nerf-views',
    'nerf-resolution',
    'nerf-live',
    'nerf-truth',
    'nerf-psnr',
    'psnr-chart',
    'camera-map',
    'train-start',
    'train-pause',
    'train-reset',
    'train-step',
    'train-steps',
    'runs-list',
    'export-nerf',
    'open-in-demo',
  ],
  '/compare': [
    'compare-table',
    'ms-vae',
    'ms-gan',
    'ms-diffusion',
    'ms-transformer',
    'ms-nerf',
    'measure',
    'claims',
    'claim-caveat',
    'chooser',
    'ranking',
  ],
};

/** Checks the hooks of `route` on the page as it is (a demo: once it is ready). */
export async function expectContract(page: Page, route: string): Promise<void> {
  await expect(page.getByTestId('lang-toggle')).toHaveCount(1);
  if (route === '/compare') await expect(page.locator('[data-testid="claims"] tr[data-claim]').first()).toBeVisible();
  if (route === '/study') await expect(page.getByTestId('study-data-amount')).toBeVisible(); // study.json has arrived
  const missing: string[] = [];
  for (const id of CONTRACT[route] ?? []) if ((await page.getByTestId(id).count()) === 0) missing.push(id);
  expect(missing, `hooks of the UI contract missing on #${route}`).toEqual([]);
  if (route === '/compare') {
    const verdicts = await page
      .locator('[data-testid="claims"] tr[data-claim]')
      .evaluateAll((rs) => rs.map((r) => r.getAttribute('data-verdict')));
    expect(verdicts.length).toBeGreaterThan(0);
    // a caveat cell in every row
    await expect(page.locator('[data-testid="claims"] tr[data-claim] [data-testid="claim-caveat"]')).toHaveCount(verdicts.length);
    expect(
      verdicts.every((v) => ['supported', 'not-supported', 'inconclusive', 'not-measurable'].includes(v ?? '')),
      verdicts.join(),
    ).toBe(true);
  } else if (CONTRACT[route]?.includes('engine')) {
    await expect(page.getByTestId('status')).toHaveAttribute('data-state', /^(loading|ready|error)$/);
    const engines = await page
      .getByTestId('engine')
      .locator('option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(engines[0], `#${route} engine menu`).toBe('auto');
    expect(
      // the training pages name their CPU path `cpu`: TypeScript in a worker, not onnxruntime's wasm; the
      // demos list `cpu` where our kernels' CPU references run the model (the transformer, NeRF)
      engines.every((e) => (route.startsWith('/train') ? ['auto', 'wgsl', 'cpu'] : ['auto', 'webgpu', 'wasm', 'wgsl', 'cpu']).includes(e)),
      `#${route} engine menu: ${engines}`,
    ).toBe(true);
  }
}
