// The live GPT: the tape's gradient of its whole step matches central finite differences of its loss (every
// kind of layer: tables, layer norms, attention, MLP, head), and on the CPU engine a tiny one learns the
// fortunes: its held-out loss falls well below the uniform guess within 100 steps.
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { TestRandom } from '../../kernels/test-random';
import { encodeText } from '../text/text-corpus';
import { CpuExecutor, cpuExecutor } from './cpu-executor';
import { gptParameterCount, gptPlan, GPT_DEFAULTS } from './gpt';
import { spreadWindows, TextTrainer } from './text-trainer';

const text = (name: string) => inflateSync(readFileSync(new URL(`../../../public/models/text/${name}`, import.meta.url))).toString('utf8');
const vocab: string[] = JSON.parse(readFileSync(new URL('../../../public/models/transformer/vocab.json', import.meta.url), 'utf8')).chars;

describe('the live GPT', () => {
  it('derives the gradient of the whole step (central differences of its loss)', () => {
    const s = { vocab: 7, context: 5, layers: 1, heads: 2, embd: 8, batch: 2, lr: 0 };
    const { plan } = gptPlan(s);
    const ops = plan.step[0]!.ops.filter((o) => o.op !== 'adam');
    const cpu = new CpuExecutor(plan);
    const rnd = new TestRandom('gpt gradient');
    const ids = Float32Array.from({ length: 10 }, (_, i) => (i * 3 + 1) % 7);
    cpu.view({ t: 'idx' }).set(ids);
    cpu.view({ t: 'target' }).set(ids.map((v) => (v + 2) % 7));
    cpu.view({ t: 'pos' }).set([0, 1, 2, 3, 4, 0, 1, 2, 3, 4]);
    const { p, g } = cpu.block('gpt');
    p.set(rnd.uniform(p.length, 0.5));
    const slot = plan.stats.indexOf('gpt.loss');
    const loss = () => {
      cpu.run(ops, 1);
      return cpu.stats[slot]!;
    };
    loss();
    const derived = g.slice();
    const net = plan.blocks[0]!;
    let checked = 0;
    for (const layer of net.layers) {
      // a few weights and biases of every layer (the tables' bias slots are unused)
      for (const i of [layer.w, layer.w + Math.floor((layer.in * layer.out) / 2), layer.b, layer.b + layer.out - 1]) {
        const keep = p[i]!;
        p[i] = keep + 1e-2;
        const up = loss();
        p[i] = keep - 1e-2;
        const down = loss();
        p[i] = keep;
        expect(derived[i]!, `parameter ${i}`).toBeCloseTo((up - down) / 2e-2, 3);
        checked++;
      }
    }
    expect(checked).toBe(4 * net.layers.length);
    expect(derived.some((v) => Math.abs(v) > 1e-2)).toBe(true);
  });

  it('counts its parameters: the defaults stay under 200 k', () => {
    expect(gptParameterCount({ ...GPT_DEFAULTS, vocab: 96 })).toBeLessThanOrEqual(200_000);
    // 1 block of width 4 over 3 characters, context 2: tables 12 + 8, block 8+60+20+8+80+68, final 8, head 15
    expect(gptParameterCount({ vocab: 3, context: 2, layers: 1, heads: 1, embd: 4, batch: 1, lr: 0 })).toBe(12 + 8 + 244 + 8 + 15);
  });

  it('learns the fortunes on the CPU engine: held-out loss falls within 100 steps', async () => {
    const train = encodeText(text('fortunes-train.txt.z').slice(0, 300_000), vocab).ids;
    const val = encodeText(text('fortunes-val.txt.z'), vocab).ids;
    const s = { vocab: vocab.length, context: 32, layers: 1, heads: 2, embd: 32, batch: 8, lr: 3e-3 };
    const heldOut = spreadWindows(val, s.context + 1, 32);
    const trainer = await TextTrainer.create(cpuExecutor, { train, heldOut, trainWindows: spreadWindows(train, s.context + 1, 32) }, 1, s);
    const before = await trainer.loss(heldOut);
    expect(before).toBeCloseTo(Math.log(vocab.length), 1); // small first weights: close to the uniform guess
    await trainer.steps(100);
    const after = await trainer.loss(heldOut);
    expect(after).toBeLessThan(before - 1); // ln 96 = 4.56 → about 3 (the character frequencies and more)
    const sample = await trainer.sample(encodeText('Der ', vocab).ids, 20, 3);
    expect(sample).toHaveLength(20);
    expect(await trainer.sample(encodeText('Der ', vocab).ids, 20, 3)).toEqual(sample); // same seed, same text
  }, 60_000); // about 4 s alone; CI runs the unit tests beside the Python ones, where 5 s was once not enough
});
