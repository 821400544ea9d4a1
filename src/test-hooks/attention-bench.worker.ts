// For `npm run bench` only (the site never loads this): causal attention alone — our attention.wgsl (wgsl) or the
// attention-only graph in onnxruntime (webgpu, wasm) — against the CPU reference, in a worker of its own.
import * as Comlink from 'comlink';
import type { Engine } from '../core/any-thread/engine-choice';
import { seededNormals } from '../core/any-thread/seeded-random';
import { OrtModel } from '../engines/onnxruntime';
import { readFloats, relativeError, requestKernelDevice, storage, submit, upload } from '../kernels/gpu';
import { attentionRef } from '../kernels/attention/attention-reference';
import { attentionGrid, attentionParams, TransformerKernels } from '../kernels/transformer-kernels';

export interface AttentionBenchShape {
  H: number;
  D: number;
  /** query rows (1 = a decode step) */
  T: number;
  /** keys and values seen by the last query */
  S: number;
}

export interface AttentionBench {
  shape: AttentionBenchShape;
  /** ms per call: inputs from the CPU, attention, output back to the CPU */
  ms: number[];
  /** max |out - CPU reference| / max |reference| */
  relErr: number;
}

let kernelDevice: GPUDevice | undefined;

/** For each shape, `runs` timed calls after one warm-up. */
export async function benchAttention(
  graph: Uint8Array,
  engine: Exclude<Engine, 'cpu'>,
  shapes: AttentionBenchShape[],
  runs: number,
): Promise<AttentionBench[]> {
  const out: AttentionBench[] = [];
  const kernelsByHeadDim = new Map<number, TransformerKernels>();
  const ort = engine === 'wgsl' ? undefined : await OrtModel.create(graph, engine);
  for (const shape of shapes) {
    const { H, D, T, S } = shape;
    const q = seededNormals(H * T * D, 1),
      k = seededNormals(H * S * D, 2),
      v = seededNormals(H * S * D, 3);
    const ref = attentionRef(q, k, v, { H, D, C: S, T, pos: S - T }).out; // [T, H·D]
    const ms: number[] = [];
    let result: Float32Array<ArrayBufferLike> = new Float32Array(0);
    if (ort) {
      const feeds = {
        q: { data: q, dims: [H, T, D] },
        k: { data: k, dims: [H, S, D] },
        v: { data: v, dims: [H, S, D] },
        scale: { data: Float32Array.of(1 / Math.sqrt(D)), dims: [1] },
      };
      let o: Float32Array<ArrayBufferLike> = new Float32Array(0); // [H, T, D]
      for (let r = 0; r <= runs; r++) {
        const t0 = performance.now();
        o = (await ort.run(feeds)).out.data;
        if (r) ms.push(performance.now() - t0);
      }
      result = new Float32Array(T * H * D); // heads merged, as the reference
      for (let h = 0; h < H; h++)
        for (let i = 0; i < T; i++) result.set(o.subarray((h * T + i) * D, (h * T + i + 1) * D), i * H * D + h * D);
    } else {
      kernelDevice ??= await requestKernelDevice('attention bench');
      const device = kernelDevice;
      const kern = kernelsByHeadDim.get(D) ?? (await TransformerKernels.create(device, D));
      kernelsByHeadDim.set(D, kern);
      const cacheData = new Float32Array(2 * H * S * D);
      cacheData.set(k);
      cacheData.set(v, k.length);
      const qBuf = storage(device, 'bench q', q.length * 4),
        cache = storage(device, 'bench kv', cacheData.length * 4);
      const o = storage(device, 'bench out', T * H * D * 4),
        stats = storage(device, 'bench stats', H * T * 8);
      const kind = T === 1 ? 'decode' : 'prefill';
      const d = (kind === 'decode' ? kern.decode : kern.prefill).bind(
        'bench attention',
        { 1: qBuf, 2: cache, 3: o, 4: stats },
        () => attentionParams({ T, pos: S - T, C: S, H, kvBase: 0, probsBase: 0, D }),
        () => attentionGrid(kind, T, H),
      );
      for (let r = 0; r <= runs; r++) {
        const t0 = performance.now();
        upload(device, qBuf, q);
        upload(device, cache, cacheData);
        submit(device, 'bench attention', [d]);
        result = await readFloats(device, o, T * H * D);
        if (r) ms.push(performance.now() - t0);
      }
      for (const b of [qBuf, cache, o, stats]) b.destroy();
    }
    out.push({ shape, ms, relErr: relativeError(result, ref) });
  }
  await ort?.release();
  return out;
}

Comlink.expose({ benchAttention });
export type AttentionBenchApi = { benchAttention: typeof benchAttention };
