// The study's crossings as the text page marks them, read from the shipped study.json (numbers checked by hand
// against its GPT curve and n-gram tuning grid at all of the fortunes).
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { parseStudy } from './study';
import { studyCrossings, studyCurve } from './study-crossings';

it('reads when the study GPT passed each n-gram order', () => {
  const study = parseStudy(JSON.parse(readFileSync(new URL('../../public/models/study.json', import.meta.url), 'utf8')));
  const c = studyCrossings(study);
  expect(c.map((x) => x.order)).toEqual([1, 2, 3, 4, 5, 6]);
  expect(c.map((x) => x.s)).toEqual([23, 70, 185, 388, 693, 854]);
  expect(c[5]!.chars).toBe(1850 * 32 * 128);
  const curve = studyCurve(study);
  expect(curve[0]).toEqual({ s: 23, loss: 2.6922 });
  expect(curve.find((p) => p.s === 854)?.loss).toBe(1.4162);
});
