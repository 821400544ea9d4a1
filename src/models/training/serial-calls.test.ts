// The training workers' call queue: one call at a time, and a look at a fresh trainer (the page's first
// drawing and score at ready) that gives way to steps asked for meanwhile, so a Start pressed at ready waits
// for one pass of it, not for all of it.
import { describe, expect, it } from 'vitest';
import { SerialCalls } from './serial-calls';

/** A look of `passes` passes of ~2 ms of work each; counts the passes it made. */
function slowLook(calls: SerialCalls, passes: number, made: { n: number }) {
  return calls.look(async (checkpoint) => {
    for (let i = 0; i < passes; i++) {
      await checkpoint();
      const until = performance.now() + 2;
      while (performance.now() < until);
      made.n++;
    }
    return 'drawn';
  });
}

describe('SerialCalls', () => {
  it('runs calls one at a time, in order', async () => {
    const calls = new SerialCalls();
    const order: string[] = [];
    const a = calls.run(async () => {
      await new Promise((r) => setTimeout(r, 20));
      order.push('a');
    });
    const b = calls.run(async () => {
      order.push('b');
    });
    await Promise.all([a, b]);
    expect(order).toEqual(['a', 'b']);
  });

  it('a look at a fresh trainer gives way to steps asked for meanwhile, after a pass or so', async () => {
    const calls = new SerialCalls();
    const made = { n: 0 };
    const look = slowLook(calls, 200, made);
    await new Promise((r) => setTimeout(r, 30));
    const steps = calls.steps(async () => made.n);
    expect(await look).toBeUndefined();
    const passesBeforeSteps = await steps;
    expect(passesBeforeSteps).toBeGreaterThan(0);
    expect(passesBeforeSteps).toBeLessThan(100);
    expect(calls.fresh).toBe(false);
  });

  it('a look with no steps waiting runs to its end', async () => {
    const calls = new SerialCalls();
    const made = { n: 0 };
    expect(await slowLook(calls, 20, made)).toBe('drawn');
    expect(made.n).toBe(20);
  });

  it('once the trainer has stepped, looks run to their end even with steps waiting (a drawing while training)', async () => {
    const calls = new SerialCalls();
    await calls.steps(async () => undefined);
    const made = { n: 0 };
    const look = slowLook(calls, 50, made);
    await new Promise((r) => setTimeout(r, 20));
    const steps = calls.steps(async () => made.n);
    expect(await look).toBe('drawn');
    expect(await steps).toBe(50);
  });
});
