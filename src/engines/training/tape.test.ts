// The tape derives backward ops that are the gradient (checked against central finite differences of the
// forward ops on the CPU engine), trains only the blocks it is asked to while passing gradients through frozen
// ones (the GAN's G step through D), and refuses plans whose derived gradient would be wrong.
import { describe, expect, it } from 'vitest';
import { TestRandom } from '../../kernels/test-random';
import { CpuExecutor } from './cpu-executor';
import { trainingPlan, NET_DEFAULTS } from './nets';
import { type Block, block, type Op, type Plan, PlanBuilder } from './plan';
import { Tape } from './tape';

const still = { lr: 0, beta1: 0.9, beta2: 0.999, eps: 1e-8 }; // Adam with lr 0: the parameters stay put

function chain(trainA: boolean, trainB: boolean) {
  const b = new PlanBuilder();
  const A = block('a', [{ in: 3, out: 5 }], still);
  const B = block('b', [{ in: 5, out: 2 }], still);
  const t = new Tape(b, 't.');
  const x = t.input(b.tensor('x', 4 * 3), 12);
  const target = t.input(b.tensor('target', 4 * 2), 8);
  const h = t.act(t.linear(x, A.layers[0]!, 4), 'tanh');
  const y = t.linear(h, B.layers[0]!, 4);
  const loss = t.loss('mse', y, target, 4, 2, 0.5);
  const trained = [...(trainA ? [A] : []), ...(trainB ? [B] : [])];
  const ops = t.update([loss], trained);
  const plan: Plan = { tensors: b.tensors, blocks: [A, B], step: [{ model: 'vae', ops }], draw: [], stats: [] };
  return { plan, ops, loss };
}

describe('tape', () => {
  it('derives the gradient of every trained parameter, summing where a value feeds two ops (central differences)', () => {
    // x → A1 → gelu → h;  r = h + tanh(A2 · h) (h feeds two ops);  y = B · r;  loss = ½ · ½Σ(y − target)²
    const b = new PlanBuilder();
    const A = block(
      'a',
      [
        { in: 3, out: 5 },
        { in: 5, out: 5 },
      ],
      still,
    );
    const B = block('b', [{ in: 5, out: 2 }], still);
    const t = new Tape(b, 't.');
    const x = t.input(b.tensor('x', 4 * 3), 12);
    const target = t.input(b.tensor('target', 4 * 2), 8);
    const h = t.act(t.linear(x, A.layers[0]!, 4), 'gelu');
    const r = t.add(h, t.act(t.linear(h, A.layers[1]!, 4), 'tanh'));
    const loss = t.loss('mse', t.linear(r, B.layers[0]!, 4), target, 4, 2, 0.5);
    const ops = t.update([loss], [A, B]);
    expect(ops.filter((o) => o.op === 'add')).toHaveLength(2); // the forward residual, and h's two gradients summed
    const plan: Plan = { tensors: b.tensors, blocks: [A, B], step: [{ model: 'vae', ops }], draw: [], stats: [] };
    const cpu = new CpuExecutor(plan);
    const rnd = new TestRandom('tape gradient');
    cpu.view({ t: 'x' }).set(rnd.uniform(12));
    cpu.view({ t: 'target' }).set(rnd.uniform(8));
    for (const name of ['a', 'b']) cpu.block(name).p.set(rnd.uniform(cpu.block(name).p.length, 0.8));
    const lossValue = () => {
      cpu.run(ops, 1);
      return (
        0.5 *
        cpu
          .view(loss.rows.ref)
          .slice(0, 4)
          .reduce((s, v) => s + v, 0)
      );
    };
    for (const bl of [A, B]) {
      lossValue(); // the gradient at the unperturbed parameters
      const { p, g } = cpu.block(bl.name);
      const derived = g.slice();
      for (const layer of bl.layers) {
        const used = [
          ...Array.from({ length: layer.out * layer.in }, (_, i) => layer.w + i),
          ...Array.from({ length: layer.out }, (_, i) => layer.b + i),
        ];
        for (const i of used) {
          const keep = p[i]!;
          const step = 1e-2;
          p[i] = keep + step;
          const up = lossValue();
          p[i] = keep - step;
          const down = lossValue();
          p[i] = keep;
          const numeric = (up - down) / (2 * step);
          const what = `${bl.name}[${i}]: derived ${derived[i]}, numeric ${numeric}; ${rnd.note}`;
          expect(Math.abs(derived[i]! - numeric), what).toBeLessThanOrEqual(2e-3 + 1e-2 * Math.abs(numeric));
        }
      }
    }
  });

  it('trains only the blocks it is given, passing gradients through frozen ones', () => {
    const kinds = (ops: Op[]) =>
      ops
        .filter((o) => o.op !== 'act' && o.op !== 'linear' && o.op !== 'mse')
        .map((o) => `${o.op}${'layer' in o ? `:${o.layer.block}` : 'block' in o ? `:${o.block.name}` : ''}`);
    expect(kinds(chain(true, false).ops)).toEqual(['inputGrad:b', 'actGrad', 'paramGrad:a', 'adam:a']);
    expect(kinds(chain(false, true).ops)).toEqual(['paramGrad:b', 'adam:b']);
    // the GAN: after D's update, the G step reaches G through D and never touches D's gradient
    const plan = trainingPlan({ ...NET_DEFAULTS, models: 'gan', hidden: 8, batch: 4, samples: 4 }, 10);
    const gan = plan.step[0]!.ops;
    const dUpdate = gan.findIndex((o) => o.op === 'adam' && o.block.name === 'disc');
    const gPart = gan.slice(dUpdate + 1);
    expect(gPart.filter((o) => o.op === 'paramGrad').map((o) => (o.op === 'paramGrad' ? o.layer.block : ''))).toEqual(['gen', 'gen']);
    expect(gPart.filter((o) => o.op === 'inputGrad' && o.layer.block === 'disc')).toHaveLength(2);
    expect(gPart.at(-1)).toMatchObject({ op: 'adam', block: { name: 'gen' } });
  });

  it('refuses what it cannot derive correctly', () => {
    const b = new PlanBuilder();
    const A: Block = block(
      'a',
      [
        { in: 2, out: 2 },
        { in: 2, out: 2 },
      ],
      still,
    );
    const t = new Tape(b, 't.');
    const x = t.input(b.tensor('x', 4), 4);
    const h = t.linear(x, A.layers[0]!, 2);
    // a trained layer the loss does not reach: Adam would apply a stale gradient
    expect(() => t.update([t.loss('mse', h, x, 2, 2, 1)], [A])).toThrow(/get no gradient/);
    // one layer used twice on the way to the loss (tied weights): its gradient is written, not summed
    const twice = new Tape(b, 'u.');
    const y = twice.linear(twice.input(b.tensor('x', 4), 4), A.layers[0]!, 2);
    const l1 = twice.loss('mse', twice.linear(twice.linear(y, A.layers[1]!, 2), A.layers[1]!, 2), x, 2, 2, 1);
    expect(() => twice.update([l1], [A])).toThrow(/used twice/);
    // an op writing the tensor it reads
    expect(() => new Tape(b, 'v.').act(x, 'relu', 0, { t: 'x' })).toThrow(/read and write/);
  });
});
