// What this browser's WebGPU offers, asked once per page. The adapter is opened in the page's helper worker
// where there is one (off-thread.ts): opening it blocked the main thread 80 ms on this VM (SwiftShader),
// a long task every page paid while it started. Where the helper cannot see WebGPU (a browser without WebGPU
// in workers) or there is no helper (unit tests), the page asks itself; a page without the API reports that.
import { probeWebGpu, type WebGpuReport } from '../any-thread/webgpu-probe';
import { probeOffThread } from './off-thread';

export type { WebGpuReport } from '../any-thread/webgpu-probe';

async function probe(): Promise<WebGpuReport> {
  // no API on the page: nothing to open, and a worker's WebGPU would not be the page's to report
  if (!globalThis.navigator?.gpu) return probeWebGpu();
  const there = await probeOffThread();
  // the helper saw no WebGPU API but the page has one: some browsers offer WebGPU to pages only
  if (there && there.reason !== 'noapi') return there;
  return probeWebGpu();
}

let cached: Promise<WebGpuReport> | undefined;
/** The probe, run once per page. */
export function webGpuReport(): Promise<WebGpuReport> {
  cached ??= probe();
  return cached;
}
