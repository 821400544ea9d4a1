import { describe, expect, it } from 'vitest';
import { type Constraint, CONSTRAINTS, CONTENT_FIT, type Content, chooserParams, parseChooser, rank, RULES } from './chooser';
import { KINDS } from './facts';

const top = (need: Constraint[], content: Content) => rank(new Set(need), content).map((r) => r.model);

describe('the chooser rule table', () => {
  it('has a rule for every constraint, every weight and content fit in range, one rule per model and constraint', () => {
    for (const c of CONSTRAINTS)
      expect(
        RULES.some((r) => r.when === c),
        c,
      ).toBe(true);
    for (const r of RULES) expect(Math.abs(r.weight)).toBeGreaterThan(0);
    const keys = RULES.map((r) => `${r.model}:${r.when}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const fits of Object.values(CONTENT_FIT)) expect(Object.keys(fits).sort()).toEqual([...KINDS].sort());
  });

  it('with nothing ticked ranks all five evenly, in the site order', () => {
    const r = rank(new Set(), 'any');
    expect(r.map((x) => x.score)).toEqual([0, 0, 0, 0, 0]);
    expect(r.map((x) => x.model)).toEqual([...KINDS]);
  });

  it('content decides first: text → transformer, 3-D → NeRF, audio → diffusion; makers of other content come last, marked', () => {
    expect(top([], 'text')[0]).toBe('transformer');
    expect(top([], '3d')[0]).toBe('nerf');
    expect(top([], 'audio')[0]).toBe('diffusion');
    const r = rank(new Set<Constraint>(['little-data']), 'text');
    // NeRF gains from little data but makes no text: it stays below every model that fits
    expect(r.find((x) => x.model === 'nerf')!.fits).toBe(false);
    expect(r.findIndex((x) => x.model === 'nerf')).toBeGreaterThan(r.findIndex((x) => x.model === 'diffusion'));
  });

  it('follows the article for images: little data → VAE, sharp + fast → GAN, sharp + compute → diffusion or GAN, never VAE', () => {
    expect(top(['little-data'], 'image')[0]).toBe('vae');
    expect(top(['sharp', 'fast'], 'image')[0]).toBe('gan');
    expect(top(['sharp', 'fast', 'realtime'], 'image')[0]).toBe('gan');
    const sharp = top(['sharp', 'compute'], 'image');
    expect(sharp.slice(0, 2).sort()).toEqual(['diffusion', 'gan']);
    expect(sharp.indexOf('vae')).toBeGreaterThan(1);
  });

  it('real time pushes NeRF down, lots of compute lifts the transformer', () => {
    const r = rank(new Set<Constraint>(['realtime']), 'any');
    expect(r.at(-1)!.model).toBe('nerf');
    expect(r.at(-1)!.score).toBeLessThan(Math.min(...r.slice(0, -1).map((x) => x.score)));
    expect(top(['realtime'], '3d')[0]).toBe('nerf'); // still the only 3-D maker
    expect(top(['compute'], 'any')[0]).toBe('transformer');
  });

  it('gives the reasons that fired, strongest first, with their signs', () => {
    const vae = rank(new Set<Constraint>(['sharp', 'fast']), 'image').find((r) => r.model === 'vae')!;
    expect(vae.reasons.map((r) => r.reason)).toEqual(['content.2', 'vae.sharp', 'vae.fast']);
    expect(vae.score).toBe(4 - 2 + 1);
  });

  it('reads and writes its URL state, dropping unknown values', () => {
    const p = parseChooser(new URLSearchParams('need=fast,bogus,sharp&content=video'));
    expect([...p.constraints]).toEqual(['fast', 'sharp']);
    expect(p.content).toBe('any');
    expect(p.dropped).toEqual(['need=bogus', 'content=video']);
    expect(chooserParams(p.constraints, 'text')).toEqual({ need: 'sharp,fast', content: 'text' });
    expect(chooserParams(new Set(), 'any')).toEqual({ need: undefined, content: undefined });
  });
});
