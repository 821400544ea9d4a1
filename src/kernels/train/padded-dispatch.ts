// For the training kernels' browser tests: dispatches on fresh buffers whose operands sit behind a few floats
// of other data, so the element offsets of the Params are exercised too. Test support only (no page uses it).
import { expect } from 'vitest';
import { type Kernel, readFloats, relativeError, storage, submit } from '../gpu';
import type { TestRandom } from '../test-random';
import type { ParamFields, ParamValues } from '../params';
import type { Grid } from '../gpu';

/** Floats in front of every operand (an odd count: no offset is aligned by luck). */
export const PAD = 3;

/** `data` behind PAD floats of other values. */
export const padded = (data: ArrayLike<number>) => Float32Array.from([...new Array(PAD).fill(9.5), ...Array.from(data)]);

/**
 * Dispatches `steps` in order, in one submission, on the same fresh buffers: `bind` maps binding numbers to
 * their data (placed after PAD floats) or, for outputs, a float count (every binding an entry uses needs one);
 * resolves with every binding's floats after the run (without the pad).
 */
export async function dispatchPadded<F extends ParamFields>(
  device: GPUDevice,
  steps: readonly { kernel: Kernel<F>; call: { params: ParamValues<F>; grid: Grid } }[],
  bind: Record<number, ArrayLike<number> | number>,
): Promise<Record<number, Float32Array>> {
  const buffers: Record<number, GPUBuffer> = {};
  const sizes: Record<number, number> = {};
  for (const [slot, v] of Object.entries(bind)) {
    const data = typeof v === 'number' ? padded(new Float32Array(v).fill(-3.25)) : padded(v);
    buffers[Number(slot)] = storage(device, `binding ${slot}`, data);
    sizes[Number(slot)] = data.length - PAD;
  }
  const dispatches = steps.map(({ kernel, call }, i) =>
    kernel.bind(
      `step ${i}`,
      buffers,
      () => call.params,
      () => call.grid,
    ),
  );
  submit(device, 'padded dispatch', dispatches);
  const out: Record<number, Float32Array> = {};
  for (const slot of Object.keys(buffers).map(Number)) out[slot] = await readFloats(device, buffers[slot]!, sizes[slot]!, PAD);
  return out;
}

export const f64 = (a: ArrayLike<number>) => Float64Array.from(a as ArrayLike<number>);

/** relativeError(actual, expected) ≤ limit, with the seed to replay in the message. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, limit: number, what: string, rng: TestRandom) {
  const err = relativeError(actual, expected);
  expect(err, `${what}: relative error ${err.toExponential(2)}; ${rng.note}`).toBeLessThanOrEqual(limit);
}
