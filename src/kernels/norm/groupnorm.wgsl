// Group normalisation of x [N, C, S] (S = H·W) with G groups and a per-channel affine: G = C is instance
// norm, G = 1 layer norm over a whole sample. One workgroup per (n, group): it sums the group's C/G·S values
// (two passes, mean then variance, reduced in workgroup memory), then normalises them; an activation can be
// fused (`act` of activation.wgsl). CPU reference: norm-reference.ts.
// `Params`, the ACT_* constants and `activate` are prepended from GROUP_NORM_PARAMS (norm.ts).
const WG = 64u;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> gamma: array<f32>;
@group(0) @binding(3) var<storage, read> beta: array<f32>;
@group(0) @binding(4) var<storage, read_write> y: array<f32>;

var<workgroup> partial: array<f32, WG>;

fn reduce_sum(lid: u32, v: f32) -> f32 {
  partial[lid] = v;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) { partial[lid] += partial[lid + s]; }
    workgroupBarrier();
  }
  let total = partial[0];
  workgroupBarrier();
  return total;
}

// Grid (groups, N).
@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let per = p.channels / p.groups;
  let count = per * p.spatial;
  let base = (wg.y * p.channels + wg.x * per) * p.spatial;
  var s = 0.0;
  for (var i = lid; i < count; i += WG) { s += x[base + i]; }
  let mean = reduce_sum(lid, s) / f32(count);
  var q = 0.0;
  for (var i = lid; i < count; i += WG) { let d = x[base + i] - mean; q += d * d; }
  let inv = inverseSqrt(reduce_sum(lid, q) / f32(count) + p.eps);
  for (var i = lid; i < count; i += WG) {
    let c = wg.x * per + i / p.spatial;
    let v = (x[base + i] - mean) * inv * gamma[c] + beta[c];
    y[base + i] = activate(v, p.act, p.alpha);
  }
}
