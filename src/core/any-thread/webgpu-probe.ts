// What this browser's WebGPU offers: used by the device report and by the engine choice.
// No DOM here, so the same code runs in a page, a worker or Node (Dawn). The page asks it in its helper
// worker (core/main-thread/webgpu-report.ts): opening an adapter blocks the thread that asks for tens of ms.

export interface WebGpuReport {
  available: boolean;
  /** Why WebGPU is unavailable: 'noapi' | 'noadapter' | 'insecure' | an error message. */
  reason?: 'noapi' | 'noadapter' | 'insecure' | string;
  adapter?: { vendor: string; architecture: string; description: string; software: boolean };
  features: string[];
  limits: Record<string, number>;
}

const KEY_FEATURES = ['shader-f16', 'timestamp-query', 'subgroups', 'float32-filterable'];
const KEY_LIMITS = [
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
] as const;

/** True for adapters that are a CPU pretending to be a GPU (SwiftShader, WARP, llvmpipe). */
export function isSoftwareAdapter(info: {
  vendor?: string;
  architecture?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}): boolean {
  if (info.isFallbackAdapter) return true;
  const text = `${info.vendor ?? ''} ${info.architecture ?? ''} ${info.description ?? ''}`.toLowerCase();
  return /swiftshader|llvmpipe|lavapipe|warp|software/.test(text);
}

export async function probeWebGpu(gpu: GPU | undefined = globalThis.navigator?.gpu): Promise<WebGpuReport> {
  if (globalThis.isSecureContext === false) return { available: false, reason: 'insecure', features: [], limits: {} };
  if (!gpu) return { available: false, reason: 'noapi', features: [], limits: {} };
  let adapter: GPUAdapter | null = null;
  try {
    adapter = await gpu.requestAdapter();
  } catch (e) {
    return { available: false, reason: e instanceof Error ? e.message : String(e), features: [], limits: {} };
  }
  if (!adapter) return { available: false, reason: 'noadapter', features: [], limits: {} };
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const limits: Record<string, number> = {};
  for (const k of KEY_LIMITS) limits[k] = Number(adapter.limits[k]);
  return {
    available: true,
    adapter: { vendor: info.vendor, architecture: info.architecture, description: info.description, software: isSoftwareAdapter(info) },
    features: KEY_FEATURES.filter((f) => adapter.features.has(f)),
    limits,
  };
}
