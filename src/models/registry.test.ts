// The registry against the files a model needs beside its entry (README, "Adding a model"): its demo element
// and its worker entry point, named after its id. The router (app/routes.ts) finds the demo by that name.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KINDS, MODELS } from './registry';

const src = (path: string) => new URL(`../${path}`, import.meta.url);

describe('model registry', () => {
  it('lists each model once', () => {
    expect(new Set(KINDS).size).toBe(MODELS.length);
  });

  it.each(KINDS)('%s has its demo element, demos/<id>/<id>-demo.ts defining gmp-<id>-demo', (id) => {
    const demo = src(`demos/${id}/${id}-demo.ts`);
    expect(existsSync(demo), `src/demos/${id}/${id}-demo.ts`).toBe(true);
    expect(readFileSync(demo, 'utf8')).toMatch(new RegExp(`customElements\\.define\\(\\s*'gmp-${id}-demo'`));
  });

  it.each(KINDS)('%s has its worker entry point, workers/<id>.worker.ts', (id) => {
    expect(existsSync(src(`workers/${id}.worker.ts`)), `src/workers/${id}.worker.ts`).toBe(true);
  });
});
