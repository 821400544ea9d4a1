import { describe, expect, it } from 'vitest';
import {
  buildHash,
  choiceParam,
  formatVector,
  integerParam,
  numberParam,
  type ParamTable,
  parseChoice,
  parseHash,
  parseVector,
  readParams,
  type RepairTexts,
  textParam,
  vectorParam,
  whyText,
  writeParams,
} from './url-state';

describe('URL state', () => {
  it('splits route and parameters', () => {
    const r = parseHash('#/vae?z=1,2&engine=wasm');
    expect(r.path).toBe('/vae');
    expect(r.params.get('engine')).toBe('wasm');
    expect(parseHash('').path).toBe('/');
    expect(parseHash('#/vae/').path).toBe('/vae');
  });

  it('round-trips a latent vector through the hash', () => {
    const z = [0.1234, -2.5, 3, 0];
    const hash = buildHash('/vae', { z: formatVector(z), engine: 'wasm' });
    expect(hash).toBe('#/vae?z=0.123,-2.5,3,0&engine=wasm');
    const back = parseVector('z', parseHash(hash).params.get('z'), 4, -3, 3, 0, 'why');
    expect(back.value).toEqual([0.123, -2.5, 3, 0]);
    expect(back.issue).toBeUndefined();
  });

  it('clamps out-of-range values and reports it', () => {
    const r = parseVector('z', '9,-100,1', 3, -3, 3, 0, 'range');
    expect(r.value).toEqual([3, -3, 1]);
    expect(r.issue?.name).toBe('z');
  });

  it('drops garbage entries, pads short and trims long vectors', () => {
    expect(parseVector('z', 'abc,1e999,NaN,,2', 5, -3, 3, 0, '').value).toEqual([0, 0, 0, 0, 2]);
    expect(parseVector('z', '1', 3, -3, 3, 0, '').value).toEqual([1, 0, 0]);
    const long = parseVector('z', '1,1,1,1', 2, -3, 3, 0, 'too long');
    expect(long.value).toEqual([1, 1]);
    expect(long.issue).toBeDefined();
    expect(parseVector('z', null, 2, -3, 3, 0, '').value).toEqual([0, 0]);
  });

  it('accepts only known engines', () => {
    const allowed = ['auto', 'webgpu', 'wasm'] as const;
    expect(parseChoice('engine', 'WASM', allowed, 'auto', '').value).toBe('wasm');
    const bad = parseChoice('engine', '<script>', allowed, 'auto', 'use one of auto, webgpu, wasm');
    expect(bad.value).toBe('auto');
    expect(bad.issue?.why).toContain('auto, webgpu, wasm');
    expect(parseChoice('engine', null, allowed, 'auto', '').issue).toBeUndefined();
  });

  describe('a parameter table', () => {
    interface Page {
      seed: number;
      psi: number;
      z: number[];
      res: '64' | '128';
      prompt: string;
      step?: number;
      cam: number[];
    }
    const page = (): Page => ({ seed: 1, psi: 1, z: [0, 0], res: '128', prompt: 'hi', cam: [0, 0] });
    const texts: RepairTexts = {
      numbers: (count, min, max) => `${count} in ${min}..${max}`,
      choice: (allowed) => `one of ${allowed.join('/')}`,
    };
    const TABLE: ParamTable<Page> = [
      integerParam({
        name: 'seed',
        min: 0,
        max: 999,
        fallback: 1,
        get: (d) => d.seed,
        set: (d, v) => {
          d.seed = v;
        },
      }),
      numberParam({
        name: 'psi',
        min: 0.1,
        max: 1,
        fallback: 1,
        round: (v) => Math.round(v * 10) / 10,
        get: (d) => d.psi,
        set: (d, v) => {
          d.psi = v;
        },
        format: (v) => String(Math.round(v * 100) / 100),
      }),
      vectorParam({
        name: 'z',
        length: (d) => d.z.length,
        min: -3,
        max: 3,
        fill: 0,
        get: (d) => d.z,
        set: (d, v) => {
          d.z = Array.from(v);
        },
      }),
      choiceParam({
        name: 'res',
        allowed: ['64', '128'] as const,
        fallback: '128',
        get: (d) => d.res,
        set: (d, v) => {
          d.res = v;
        },
        format: (v) => (v === '128' ? undefined : v),
      }),
      textParam({
        name: 'prompt',
        max: 5,
        fallback: 'hi',
        why: 'at most 5',
        get: (d) => d.prompt,
        set: (d, v) => {
          d.prompt = v;
        },
      }),
      // set by the link only (raw null: none), written from elsewhere; clamped to the seed set before it
      integerParam({
        name: 'step',
        min: 0,
        max: 100,
        fallback: 0,
        get: (d) => d.step ?? 0,
        set: (d, v, raw) => {
          d.step = raw === null ? undefined : Math.min(v, d.seed);
        },
      }),
      // the page clamps the second entry to [0, 1] itself: reported as a repair
      vectorParam({
        name: 'cam',
        length: 2,
        min: -1e6,
        max: 1e6,
        fill: 0,
        why: 'a camera',
        get: (d) => d.cam,
        set: (d, v) => {
          d.cam = [v[0], Math.min(1, Math.max(0, v[1]))];
          return d.cam[1] !== v[1];
        },
      }),
    ];
    const read = (query: string) => {
      const d = page();
      const issues = readParams(TABLE, new URLSearchParams(query), d, texts);
      return { d, issues: issues.map((i) => `${i.name}="${i.value}": ${whyText(i.why)}`) };
    };

    it('reads a clean link without issues and writes it back the same', () => {
      const { d, issues } = read('seed=7&psi=0.5&z=1,-2&res=64&prompt=abc&step=3&cam=10,0.5');
      expect(issues).toEqual([]);
      expect(d).toEqual({ seed: 7, psi: 0.5, z: [1, -2], res: '64', prompt: 'abc', step: 3, cam: [10, 0.5] });
      expect(buildHash('/p', writeParams(TABLE, d))).toBe('#/p?seed=7&psi=0.5&z=1,-2&res=64&prompt=abc&step=3&cam=10,0.5');
    });

    it('a missing parameter takes its default silently; defaults a page leaves out stay out of the link', () => {
      const { d, issues } = read('');
      expect(issues).toEqual([]);
      expect(d).toEqual({ ...page(), step: undefined });
      expect(buildHash('/p', writeParams(TABLE, d))).toBe('#/p?seed=1&psi=1&z=0,0&prompt=hi&step=0&cam=0,0');
    });

    it("repairs every kind and says why, in table order, with the kinds' usual words unless the table has its own", () => {
      const { d, issues } = read('cam=1,5&res=WARP&seed=banana&psi=0.123&z=9,x,1&prompt=abcdefgh&step=50');
      expect(d).toEqual({ seed: 1, psi: 0.1, z: [3, 0], res: '128', prompt: 'abcde', step: 1, cam: [1, 1] });
      expect(issues).toEqual([
        'seed="banana": 1 in 0..999',
        'z="9,x,1": 2 in -3..3',
        'res="WARP": one of 64/128',
        'prompt="abcdefgh…": at most 5',
        'cam="1,5": a camera',
      ]);
      // in range, merely rounded: no issue; the link then shows the page's precision
      expect(read('psi=0.123').issues).toEqual([]);
      expect(writeParams(TABLE, { ...page(), psi: 0.123 }).psi).toBe('0.12');
    });

    it('cuts a hostile value to 40 characters in the note and never throws', () => {
      const hostile = `<script>${'x'.repeat(200)}`;
      const { d, issues } = read(`seed=${encodeURIComponent(hostile)}&res=${encodeURIComponent(hostile)}&z=${'9,'.repeat(100)}`);
      expect(d.seed).toBe(1);
      for (const i of issues) expect(i.split('"')[1].length).toBeLessThanOrEqual(40);
      expect(issues).toHaveLength(3);
    });

    it('keeps a why given as a function lazy, so a note follows a language switch', () => {
      let lang = 'en';
      const lazy: RepairTexts = { numbers: () => () => (lang === 'en' ? 'a number' : 'eine Zahl'), choice: () => '' };
      const [issue] = readParams(TABLE.slice(0, 1), new URLSearchParams('seed=x'), page(), lazy);
      expect(whyText(issue.why)).toBe('a number');
      lang = 'de';
      expect(whyText(issue.why)).toBe('eine Zahl');
    });
  });
});
