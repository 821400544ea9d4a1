// Parity check for an exported model: runs it in onnxruntime-web (WASM backend, in Node) on the inputs of
// a fixture written by training/export.py and compares every output with torch's. The model is a float32
// file: export.py widens an export with float16 weights first (float16.widened_copy).
// Prints one JSON line {max_abs_err, per_output}; exits 1 when an error exceeds the fixture's tolerance.
import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-web';

const fixture = JSON.parse(await readFile(process.argv[2], 'utf8'));
ort.env.wasm.numThreads = 1;
const session = await ort.InferenceSession.create(new Uint8Array(await readFile(fixture.model)), { executionProviders: ['wasm'] });
const feeds = {};
for (const [name, t] of Object.entries(fixture.inputs)) {
  feeds[name] =
    t.type === 'int64'
      ? new ort.Tensor(
          'int64',
          BigInt64Array.from(t.data, (v) => BigInt(v)),
          t.dims,
        )
      : new ort.Tensor('float32', Float32Array.from(t.data), t.dims);
}
const out = await session.run(feeds);
const perOutput = {};
let worst = 0;
for (const [name, exp] of Object.entries(fixture.expected)) {
  const got = out[name];
  if (!got) throw new Error(`output ${name} missing from the ONNX model (has: ${Object.keys(out).join(', ')})`);
  if (got.dims.join('x') !== exp.dims.join('x')) throw new Error(`output ${name}: shape ${got.dims} but torch gave ${exp.dims}`);
  let err = 0;
  for (let i = 0; i < exp.data.length; i++) err = Math.max(err, Math.abs(got.data[i] - exp.data[i]));
  perOutput[name] = err;
  worst = Math.max(worst, err);
}
console.log(JSON.stringify({ max_abs_err: worst, per_output: perOutput, atol: fixture.atol }));
if (!(worst <= fixture.atol)) {
  console.error(`parity FAILED: max |onnxruntime-web - torch| = ${worst} > ${fixture.atol}`);
  process.exit(1);
}
