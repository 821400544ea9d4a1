// Token plus position embedding: x[t, :] = tok[ids[t], :] + pos[first + t, :], one thread per element.
// `Params` is prepended from EMBEDDING_PARAMS (layout.ts). CPU reference: embeddingRef in layout-reference.ts.
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> ids: array<u32>;
@group(0) @binding(2) var<storage, read> tok: array<f32>;
@group(0) @binding(3) var<storage, read> pos: array<f32>;
@group(0) @binding(4) var<storage, read_write> x: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= p.T * p.E) { return; }
  let t = i / p.E;
  let e = i % p.E;
  x[i] = tok[ids[t] * p.E + e] + pos[(p.first + t) * p.E + e];
}
