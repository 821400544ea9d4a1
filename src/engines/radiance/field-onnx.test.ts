// A trained radiance field exported as ONNX: stock onnxruntime (wasm, in Node) opens nerf-field.onnx as written
// and gives the demo's field (fieldRef: what the renderer computes) within 1e-4 at random points and
// directions, inside the box and out; the files read back into the very field that was exported; the file has
// the shipped field.onnx's inputs, outputs and table names, carries its description and passes onnx's checker.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { maxAbsDiff as maxDiff } from '../../kernels/test-compare';
import { TestRandom } from '../../kernels/test-random';
import { initialState } from '../../kernels/radiance/radiance-reference';
import { fieldRef } from '../../kernels/volume/volume-reference';
import { readGraph, readMetadata } from '../onnx/onnx-reader';
import { exportedInfo, type FieldExportInfo } from '../training/export-info';
import { exportFieldModel, importedField } from './field-onnx';
import { exportField } from './radiance-export';
import { readShippedScene } from './node-scene';

describe('a trained radiance field exported as ONNX', () => {
  it('gives the demo’s density and colour in stock onnxruntime, and reads back into the same field', async () => {
    ort.env.wasm.numThreads = 1;
    const rnd = new TestRandom('field onnx');
    const { meta, data } = readShippedScene();
    const g = data(5, 32).grid;
    const st = initialState(g, 0);
    st.params.set(rnd.normal(st.params.length));
    const trained = exportField(g, st, meta, [meta.train_views[0]!]);
    const about = { step: 7, data: '5 photos', figures: { psnr: 20 }, settings: { seed: 1, batch: 1024, learningRate: 0.1 }, photos: 5 };
    const m = exportFieldModel(trained, about);
    const [onnx, occupancy] = [m.files[0]!.bytes, m.files[1]!.bytes];
    // points over a box a little larger than the field's, so some fall outside (sigma 0 there)
    const n = 400;
    const lo = g.boxMin.map((v, a) => v - 0.1 * g.extent[a]!);
    const points = Float32Array.from({ length: 3 * n }, (_, i) => lo[i % 3]! + 1.2 * g.extent[i % 3]! * rnd.unit());
    const dirs = rnd.normal(3 * n);
    for (let i = 0; i < n; i++) {
      const len = Math.hypot(dirs[3 * i]!, dirs[3 * i + 1]!, dirs[3 * i + 2]!);
      for (let a = 0; a < 3; a++) dirs[3 * i + a] /= len;
    }
    const want = fieldRef(trained.field, points, dirs);
    const session = await ort.InferenceSession.create(onnx, { executionProviders: ['wasm'] });
    const out = await session.run({ points: new ort.Tensor('float32', points, [n, 3]), dirs: new ort.Tensor('float32', dirs, [n, 3]) });
    expect(out.sigma!.dims).toEqual([n, 1]);
    const sigma = out.sigma!.data as Float32Array;
    const rgb = out.rgb!.data as Float32Array;
    const outside = want.sigma.filter((v) => v === 0).length;
    expect(outside).toBeGreaterThan(50); // the comparison covers points outside the box too
    // density per world unit reaches hundreds: compared relative to its size; colour as is, inside the box
    let worst = 0;
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(sigma[i]! - want.sigma[i]!) / Math.max(1, want.sigma[i]!));
    const inside = [...want.sigma.keys()].filter((i) => want.sigma[i]! > 0);
    const colour = maxDiff(
      inside.flatMap((i) => [...rgb.subarray(3 * i, 3 * i + 3)]),
      inside.flatMap((i) => [...want.rgb.subarray(3 * i, 3 * i + 3)]),
    );
    console.log(`field: max relative sigma error ${worst.toExponential(2)}, max rgb error ${colour.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-4);
    expect(colour).toBeLessThan(1e-4);
    await session.release();
    // the files read back into the field that was exported
    const info = exportedInfo(readMetadata(onnx)) as FieldExportInfo;
    const back = importedField({ field: onnx, occupancy }, info);
    expect(back.meta).toEqual(trained.meta);
    expect(maxDiff(back.field.density, trained.field.density)).toBe(0);
    expect(maxDiff(back.field.features, trained.field.features)).toBe(0);
    expect([...back.field.occupancy]).toEqual([...trained.field.occupancy]);
    // the shipped file's inputs, outputs and table names; onnx's checker
    const shipped = readGraph(new Uint8Array(readFileSync(new URL('../../../public/models/nerf/field.onnx', import.meta.url))));
    const ours = readGraph(onnx);
    const io = (x: typeof ours) => [x.inputs.map((i) => i.name), x.outputs.map((o) => o.name)];
    expect(io(ours)).toEqual(io(shipped));
    const tables = (x: typeof ours) =>
      [...x.initializers.keys()]
        .map((k) => k.replace(/\.float16$/, ''))
        .filter((k) => k === 'density' || k === 'features' || k.startsWith('mlp.'));
    expect(tables(ours).sort()).toEqual(tables(shipped).sort());
    const path = join(mkdtempSync(join(tmpdir(), 'field-onnx-')), 'nerf-field.onnx');
    writeFileSync(path, onnx);
    const script = 'import sys, onnx\nonnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True)\nprint("ok")';
    expect(execFileSync(process.env.PYTHON ?? '/usr/bin/python3', ['-c', script, path], { encoding: 'utf8' }).trim()).toBe('ok');
  }, 60_000);
});
