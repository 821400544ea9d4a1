// The training page's link: read back as written, nonsense repaired and said.
import { describe, expect, it } from 'vitest';
import { parseHash, readParams, type RepairTexts, writeParams } from '../core/any-thread/url-state';
import { parseClasses, sameTraining, TRAIN_DEFAULTS, TRAIN_PARAMS, type TrainSettings } from './train-settings';

const texts: RepairTexts = { numbers: (n, lo, hi) => `${n} in ${lo}..${hi}`, choice: (a) => a.join('|') };
const read = (hash: string) => {
  const d: TrainSettings = { ...TRAIN_DEFAULTS };
  const issues = readParams(TRAIN_PARAMS, parseHash(hash).params, d, texts);
  return { d, issues: issues.map((i) => i.name) };
};

describe('training page settings in the link', () => {
  it('round-trips every setting, and leaves the defaults out', () => {
    const { d, issues } = read('#/train?subset=100&classes=9,0,7&seed=42&batch=32&lrvae=0.003&lrgan=0.0001&own=100&engine=cpu');
    expect(issues).toEqual([]);
    expect(d).toEqual({ engine: 'cpu', subset: '100', classes: [0, 7, 9], seed: 42, batch: '32', lrVae: 0.003, lrGan: 0.0001, own: '100' });
    expect(read(`#/train?${new URLSearchParams(writeParams(TRAIN_PARAMS, d) as Record<string, string>)}`).d).toEqual(d);
    const plain = writeParams(TRAIN_PARAMS, { ...TRAIN_DEFAULTS });
    expect(Object.values(plain).filter((v) => v !== undefined)).toEqual([]);
  });

  it('repairs nonsense and says which parameters it repaired', () => {
    const { d, issues } = read('#/train?subset=7&classes=x,y&seed=-3&batch=1e9&lrvae=5&engine=tpu');
    expect(d.subset).toBe(TRAIN_DEFAULTS.subset);
    expect(d.classes).toHaveLength(10);
    expect(d.seed).toBe(0);
    expect(d.batch).toBe(TRAIN_DEFAULTS.batch);
    expect(d.lrVae).toBe(0.01);
    expect(d.engine).toBe('auto');
    expect(read('#/train?own=33').d.own).toBe(TRAIN_DEFAULTS.own);
    expect(issues.sort()).toEqual(['batch', 'classes', 'engine', 'lrvae', 'seed', 'subset']);
  });

  it('reads class lists', () => {
    expect(parseClasses('3,3,1')).toEqual({ classes: [1, 3], repaired: true });
    expect(parseClasses('2,12')).toEqual({ classes: [2], repaired: true });
    expect(parseClasses('all').repaired).toBe(false);
    expect(sameTraining(TRAIN_DEFAULTS, { ...TRAIN_DEFAULTS, engine: 'cpu' })).toBe(true);
    expect(sameTraining(TRAIN_DEFAULTS, { ...TRAIN_DEFAULTS, seed: 2 })).toBe(false);
  });
});
