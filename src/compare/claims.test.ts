import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { CLAIMS, judgeAll, REALTIME_MS } from './claims';
import { factsFrom, type ModelFacts, type ModelKind } from './facts';
import { entryFor } from '../models/registry';
import { parseManifest } from '../core/any-thread/manifest';

const manifest = parseManifest(JSON.parse(readFileSync('public/models/manifest.json', 'utf8')));
const verdictOf = (id: string, f: Partial<Record<ModelKind, ModelFacts>>) => CLAIMS.find((c) => c.id === id)!.judge(f, {});

/** Facts with ms per sample given (in the worker's timed unit). */
function withMs(ms: Partial<Record<ModelKind, number>>) {
  const measured = Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, { ms: v, engine: 'wasm', medians: { wasm: v } }]));
  return factsFrom(manifest, measured);
}

describe('facts from the manifest', () => {
  it('has all five kinds with sizes, training and quality', () => {
    const { models, reference } = factsFrom(manifest);
    for (const k of ['vae', 'gan', 'diffusion', 'transformer', 'nerf'] as const) {
      const m = models[k]!;
      expect(m.params).toBeGreaterThan(1e5);
      expect(m.downloadBytes).toBeGreaterThan(1e5);
      expect(m.training.seconds).toBeGreaterThan(60);
      expect(m.data.amount).toBeGreaterThan(0);
      expect(m.msPerSample).toBeUndefined();
    }
    expect(models.gan!.quality.fd).toBeGreaterThan(0);
    expect(models.transformer!.quality.valLoss).toBeGreaterThan(0);
    expect(models.nerf!.quality.psnr).toBeGreaterThan(20);
    expect(reference.realSharpness).toBeGreaterThan(0);
  });

  it('turns the timed unit into ms per sample (diffusion: 50 guided calls, transformer: 64 characters)', () => {
    const { models } = withMs({ diffusion: 2, transformer: 3, gan: 1 });
    expect(models.diffusion!.msPerSample).toBe(2 * entryFor('diffusion').sample.perMeasured);
    expect(models.transformer!.msPerSample).toBe(3 * 64);
    expect(models.gan!.msPerSample).toBe(1);
  });
});

describe('verdicts computed from the numbers', () => {
  it('without measurements the speed claims are not measurable, the manifest ones are judged', () => {
    const { models, reference } = factsFrom(manifest);
    const v = Object.fromEntries(judgeAll(models, reference).map((r) => [r.id, r.verdict]));
    expect(v['gan-faster']).toBe('not-measurable');
    expect(v['nerf-slow']).toBe('not-measurable');
    expect(v['diffusion-costly']).toBe('not-measurable');
    expect(v['transformer-data']).toBe('not-measurable');
    // our models: VAE sharpness 0.051 < GAN 0.167; at 10,000 samples each diffusion (50 DDIM steps) FD 47.4 > GAN 36.5;
    // 100 views vs 60,000 images at 33.7 dB
    expect(v['vae-blurrier']).toBe('supported');
    expect(v['diffusion-precise']).toBe('not-supported');
    expect(v['nerf-little-data']).toBe('supported');
  });

  it('GAN faster than diffusion: follows the measured times either way', () => {
    expect(verdictOf('gan-faster', withMs({ gan: 1, diffusion: 30 }).models)).toMatchObject({
      verdict: 'supported',
      evidence: { factor: 1500 },
    });
    expect(verdictOf('gan-faster', withMs({ gan: 100, diffusion: 1 }).models).verdict).toBe('not-supported');
  });

  it('diffusion costly: needs both longer training and slower sampling than VAE and GAN', () => {
    expect(verdictOf('diffusion-costly', withMs({ vae: 1, gan: 1, diffusion: 2 }).models).verdict).toBe('supported');
    // sampling faster than the GAN's: not supported
    expect(verdictOf('diffusion-costly', withMs({ vae: 1, gan: 200, diffusion: 2 }).models).verdict).toBe('not-supported');
    // training shorter than the VAE's: not supported
    const { models } = withMs({ vae: 1, gan: 1, diffusion: 2 });
    models.diffusion = { ...models.diffusion!, training: { ...models.diffusion!.training, seconds: 10 } };
    expect(verdictOf('diffusion-costly', models).verdict).toBe('not-supported');
  });

  it('NeRF slow: against 30 frames per second', () => {
    expect(verdictOf('nerf-slow', withMs({ nerf: REALTIME_MS * 2 }).models).verdict).toBe('supported');
    expect(verdictOf('nerf-slow', withMs({ nerf: 5 }).models)).toMatchObject({ verdict: 'not-supported', evidence: { fps: 200 } });
  });

  it('quality claims flip when the numbers do', () => {
    const { models } = factsFrom(manifest);
    const swap = (k: ModelKind, q: Partial<ModelFacts['quality']>) => ({
      ...models,
      [k]: { ...models[k]!, quality: { ...models[k]!.quality, ...q } },
    });
    expect(verdictOf('vae-blurrier', swap('vae', { sharpness: 1 })).verdict).toBe('not-supported');
    expect(verdictOf('diffusion-precise', swap('diffusion', { fd: 500 })).verdict).toBe('not-supported');
    expect(verdictOf('diffusion-precise', swap('diffusion', { fd: 1 })).verdict).toBe('supported');
    expect(verdictOf('nerf-little-data', swap('nerf', { psnr: 20 })).verdict).toBe('not-supported');
    const noVae = { ...models };
    delete noVae.vae;
    expect(verdictOf('vae-blurrier', noVae).verdict).toBe('not-measurable');
  });
});
