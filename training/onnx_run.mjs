// Runs an ONNX model over a batch of float32 inputs in onnxruntime-web (WASM, in Node) — the runtime the
// site uses — so evaluations score the shipped file itself, not a torch copy of it. It takes the graph as
// stored: a shipped file with float16 weights must be widened first (training/evaluate.py hands it the copy
// from float16.widened_copy; the site widens with src/engines/onnx/float16.ts, tested to agree byte for byte).
// usage: node onnx_run.mjs <model.onnx> <input name> <input.f32> <dims, e.g. 10000,64> <batch> <output.f32>
import { readFile, writeFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-web';

const [model, inputName, inputPath, dimsText, batchText, outputPath] = process.argv.slice(2);
const dims = dimsText.split(',').map(Number);
const batch = Number(batchText);
const buf = await readFile(inputPath);
const input = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
const per = dims.slice(1).reduce((a, b) => a * b, 1);
if (input.length !== dims[0] * per) throw new Error(`input has ${input.length} floats, dims ${dims} need ${dims[0] * per}`);
ort.env.wasm.numThreads = 1;
const session = await ort.InferenceSession.create(new Uint8Array(await readFile(model)), { executionProviders: ['wasm'] });
const chunks = [];
for (let i = 0; i < dims[0]; i += batch) {
  const n = Math.min(batch, dims[0] - i);
  const out = await session.run({ [inputName]: new ort.Tensor('float32', input.slice(i * per, (i + n) * per), [n, ...dims.slice(1)]) });
  chunks.push(Buffer.from(new Float32Array(out[session.outputNames[0]].data).buffer));
}
await writeFile(outputPath, Buffer.concat(chunks));
