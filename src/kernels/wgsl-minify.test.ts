import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { minifyWgsl } from './wgsl-minify';

const dir = new URL('./', import.meta.url);
const shaders = readdirSync(dir, { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.wgsl'));

/** The tokens of WGSL once comments are gone: what the compiler sees. */
const tokens = (s: string) => s.split(/[\s]+|(?=[^\w.])|(?<=[^\w.])/).filter((t) => t !== '');

describe('minifyWgsl', () => {
  it('drops line comments, nested block comments and surplus spaces, and keeps every line', () => {
    const src = 'fn f(x : f32) -> f32 { // half\n    /* a /* nested */ note\n  still */ return   x * 0.5;\n}\n';
    const out = minifyWgsl(src);
    expect(out).toBe('fn f(x:f32)-> f32{\n\nreturn x * 0.5;\n}\n');
    expect(out.split('\n').length).toBe(src.split('\n').length);
    // a comment between tokens still separates them; merging operators keep their spaces
    expect(minifyWgsl('let a/* x */b = c - -d;\nvar v : vec2<f32> = w;')).toBe('let a b = c - -d;\nvar v:vec2<f32> = w;');
  });

  it(`keeps the tokens and line count of every shipped shader (${shaders.length} files)`, () => {
    expect(shaders.length).toBeGreaterThan(10);
    for (const f of shaders) {
      const src = readFileSync(new URL(f, dir), 'utf8');
      const out = minifyWgsl(src);
      expect(out.split('\n').length, f).toBe(src.split('\n').length);
      expect(out.length, f).toBeLessThan(src.length);
      // same tokens as the source with its comments cut by a second, simpler rule (these files nest none)
      const uncommented = src.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, '');
      expect(tokens(out), f).toEqual(tokens(uncommented));
    }
  });
});
