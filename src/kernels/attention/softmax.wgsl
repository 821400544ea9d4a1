// Softmax over the last axis of x [rows, n]: one workgroup per row reduces the maximum, then the sum of
// exp(x − max), in workgroup memory, and writes exp(x − max) / sum. CPU reference: attention-reference.ts.
// `Params` is prepended from SOFTMAX_PARAMS (attention.ts).
const WG = 64u;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;

var<workgroup> part: array<f32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let base = wg.x * p.n;
  var m = -3.0e38;
  for (var i = lid; i < p.n; i += WG) { m = max(m, x[base + i]); }
  part[lid] = m;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) { part[lid] = max(part[lid], part[lid + s]); }
    workgroupBarrier();
  }
  let top = part[0];
  workgroupBarrier();
  var sum = 0.0;
  for (var i = lid; i < p.n; i += WG) { sum += exp(x[base + i] - top); }
  part[lid] = sum;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) { part[lid] += part[lid + s]; }
    workgroupBarrier();
  }
  let total = part[0];
  for (var i = lid; i < p.n; i += WG) { y[base + i] = exp(x[base + i] - top) / total; }
}
