// Splits the fused projection qkv [T, 3E] (E = H·D, torch's order: q | k | v, heads inside each) into
// q [H, T, D] and writes k and v into this layer's cache slots pos..pos+T-1 (keys [H, C, D] at kv_base,
// values right after). One thread per element of q.
// `Params` is prepended from KV_CACHE_PARAMS (attention.ts).
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> qkv: array<f32>;
@group(0) @binding(2) var<storage, read_write> q: array<f32>;
@group(0) @binding(3) var<storage, read_write> cache: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  let E = p.H * p.D;
  if (i >= p.T * E) { return; }
  let t = i / E;
  let h = (i % E) / p.D;
  let d = i % p.D;
  let src = t * 3u * E + h * p.D + d;
  q[(h * p.T + t) * p.D + d] = qkv[src];
  let slot = p.kv_base + (h * p.C + p.pos + t) * p.D + d;
  cache[slot] = qkv[src + E];
  cache[slot + p.H * p.C * p.D] = qkv[src + 2u * E];
}
