// Every model of the registry (and the training pages and the kernels page) has a worker the page can start.
import { describe, expect, it } from 'vitest';
import { KINDS } from '../models/registry';
import { isWorkerKind, LAUNCH } from './launch';

describe('launch', () => {
  it("knows a worker for every model of the registry, for #/train, #/train-text (the GPT and the n-gram), #/train-nerf and #/kernels, and the pages' helper", () => {
    const pages = ['training', 'text-training', 'ngram', 'nerf-training', 'kernels', 'helper'];
    for (const kind of [...KINDS, ...pages]) expect(isWorkerKind(kind), kind).toBe(true);
    expect(Object.keys(LAUNCH).sort()).toEqual([...KINDS, ...pages].sort());
  });

  it('knows no worker by a name that is only an object property', () => {
    expect(isWorkerKind('constructor')).toBe(false);
    expect(isWorkerKind('toString')).toBe(false);
  });
});
