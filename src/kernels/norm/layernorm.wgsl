// y[r, :] = (x[r, :] - mean) / sqrt(var + eps) · gamma + beta, one workgroup per row; mean first, then the
// variance of the centred values (two passes over the row: more accurate than E[x²] - E[x]²).
// `Params` is prepended from LAYER_NORM_PARAMS (norm.ts). CPU reference: norm-reference.ts.
const WG = 64u;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> gamma: array<f32>;
@group(0) @binding(3) var<storage, read> beta: array<f32>;
@group(0) @binding(4) var<storage, read_write> y: array<f32>;

var<workgroup> partial: array<f32, WG>;

fn row_sum(lid: u32, value: f32) -> f32 {
  partial[lid] = value;
  for (var stride = WG / 2u; stride > 0u; stride /= 2u) {
    workgroupBarrier();
    if (lid < stride) { partial[lid] += partial[lid + stride]; }
  }
  workgroupBarrier();
  let total = partial[0];
  workgroupBarrier();
  return total;
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let base = wg.x * p.E;
  var s = 0.0;
  for (var i = lid; i < p.E; i += WG) { s += x[base + i]; }
  let mean = row_sum(lid, s) / f32(p.E);
  var v = 0.0;
  for (var i = lid; i < p.E; i += WG) { let c = x[base + i] - mean; v += c * c; }
  let inv = inverseSqrt(row_sum(lid, v) / f32(p.E) + p.eps);
  for (var i = lid; i < p.E; i += WG) { y[base + i] = (x[base + i] - mean) * inv * gamma[i] + beta[i]; }
}
