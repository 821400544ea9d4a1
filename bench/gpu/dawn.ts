// What the Node-over-Dawn GPU benchmarks share: a device on the best adapter (timestamp queries when it has
// them), and the median GPU time of a recorded compute pass. See ../shared/gpu/README.md for running on the
// lent GPU; here Dawn runs on SwiftShader (VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json).
import { createRequire } from 'node:module';

type Dawn = { create(flags: string[]): GPU; globals: Record<string, unknown> };

export const log = (m: string) => process.stderr.write(`${m}\n`);
export const tick = () => new Promise((r) => setImmediate(r));

/** Uniform random numbers in [-scale, scale), filled in chunks so Dawn's watchdog never sees a blocked main thread. */
export async function randomChunked(n: number, scale = 1): Promise<Float32Array> {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i += 1 << 20) {
    for (let j = i; j < Math.min(n, i + (1 << 20)); j++) a[j] = (Math.random() * 2 - 1) * scale;
    await tick();
  }
  return a;
}

export interface DawnDevice {
  adapter: GPUAdapter;
  device: GPUDevice;
  timestamps: boolean;
  /** Median GPU ms over `runs` of the pass `record` encodes (after one warm-up). */
  time(label: string, runs: number, record: (enc: GPUCommandEncoder, tw?: GPUComputePassTimestampWrites) => void): Promise<number>;
  /** How `time` measured, for the JSON. */
  timing: string;
  adapterInfo: { vendor: string; architecture: string; description: string };
}

export async function openDawn(): Promise<DawnDevice> {
  const dawn: Dawn = process.env.DAWN_NODE ? createRequire(import.meta.url)(process.env.DAWN_NODE) : await import('webgpu');
  Object.assign(globalThis, dawn.globals);
  // Keep the GPU object referenced for the whole run: Dawn aborts if it is garbage-collected under a live device.
  const gpu = dawn.create([]);
  (globalThis as { dawnGpu?: GPU }).dawnGpu = gpu;
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new Error('no WebGPU adapter');
  const timestamps = adapter.features.has('timestamp-query');
  const device = await adapter.requestDevice({
    requiredFeatures: timestamps ? ['timestamp-query'] : [],
    requiredLimits: {
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      maxBufferSize: adapter.limits.maxBufferSize,
    },
  });
  log(`adapter ${adapter.info.description || adapter.info.vendor}, timestamps ${timestamps}`);

  async function time(
    label: string,
    runs: number,
    record: (enc: GPUCommandEncoder, tw?: GPUComputePassTimestampWrites) => void,
  ): Promise<number> {
    const qs = timestamps ? device.createQuerySet({ label, type: 'timestamp', count: 2 }) : undefined;
    const resolve = device.createBuffer({ size: 16, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
    const ms: number[] = [];
    for (let r = 0; r <= runs; r++) {
      const enc = device.createCommandEncoder({ label });
      record(enc, qs && { querySet: qs, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 });
      if (qs) enc.resolveQuerySet(qs, 0, 2, resolve, 0);
      const t0 = performance.now();
      device.queue.submit([enc.finish()]);
      await device.queue.onSubmittedWorkDone();
      let gpuMs = performance.now() - t0;
      if (qs) {
        const read = device.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
        const e2 = device.createCommandEncoder();
        e2.copyBufferToBuffer(resolve, 0, read, 0, 16);
        device.queue.submit([e2.finish()]);
        await read.mapAsync(GPUMapMode.READ);
        const [a, b] = new BigUint64Array(read.getMappedRange());
        gpuMs = Number(b - a) / 1e6;
        read.unmap();
        read.destroy();
      }
      if (r) ms.push(gpuMs);
      await tick();
    }
    ms.sort((a, b) => a - b);
    return ms[ms.length >> 1];
  }

  const info = adapter.info;
  return {
    adapter,
    device,
    timestamps,
    time,
    timing: timestamps ? 'timestamp-query around the compute pass' : 'wall clock around submit + onSubmittedWorkDone',
    adapterInfo: { vendor: info.vendor, architecture: info.architecture, description: info.description },
  };
}
