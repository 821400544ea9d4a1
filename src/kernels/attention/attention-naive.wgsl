// Causal attention the plain way, in three passes over global memory — the baseline the tiled, online-softmax
// attention.wgsl is timed against: (1) every score s = q·k·scale into a [H, T, S] matrix (−inf where a query
// may not look), (2) a softmax over each row of it, in place, (3) out = P · V. Same layouts as attention.wgsl
// (q [H, T, D]; keys [H, S, D] then values; out [T, H·D]); query i sees keys 0..S−T+i.
// `Params` is prepended from NAIVE_ATTENTION_PARAMS (attention.ts).
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> q: array<f32>;
@group(0) @binding(2) var<storage, read> kv: array<f32>;
@group(0) @binding(3) var<storage, read_write> scores: array<f32>;
@group(0) @binding(4) var<storage, read_write> out: array<f32>;

// Grid (ceil(S / 64), T, H): one thread per score.
@compute @workgroup_size(64)
fn scores_pass(@builtin(global_invocation_id) gid: vec3<u32>) {
  let j = gid.x;
  let i = gid.y;
  let h = gid.z;
  if (j >= p.S) { return; }
  var s = -3.0e38;
  if (j <= p.S - p.T + i) {
    var dot = 0.0;
    for (var d = 0u; d < p.D; d++) { dot += q[(h * p.T + i) * p.D + d] * kv[(h * p.S + j) * p.D + d]; }
    s = dot * p.scale;
  }
  scores[(h * p.T + i) * p.S + j] = s;
}

var<workgroup> red: array<f32, 64>;

fn reduce(lid: u32, value: f32, take_max: bool) -> f32 {
  red[lid] = value;
  for (var stride = 32u; stride > 0u; stride /= 2u) {
    workgroupBarrier();
    if (lid < stride) { red[lid] = select(red[lid] + red[lid + stride], max(red[lid], red[lid + stride]), take_max); }
  }
  workgroupBarrier();
  let r = red[0];
  workgroupBarrier();
  return r;
}

// Grid (T, H): a workgroup of 64 per row (max, then the sum of exponentials, then normalise).
@compute @workgroup_size(64)
fn softmax_pass(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let base = (wg.y * p.T + wg.x) * p.S;
  var m = -3.0e38;
  for (var j = lid; j < p.S; j += 64u) { m = max(m, scores[base + j]); }
  m = reduce(lid, m, true);
  var l = 0.0;
  for (var j = lid; j < p.S; j += 64u) { let e = exp(scores[base + j] - m); scores[base + j] = e; l += e; }
  l = reduce(lid, l, false);
  for (var j = lid; j < p.S; j += 64u) { scores[base + j] /= l; }
}

// Grid (ceil(D / 64), T, H): one thread per output value.
@compute @workgroup_size(64)
fn values_pass(@builtin(global_invocation_id) gid: vec3<u32>) {
  let d = gid.x;
  let i = gid.y;
  let h = gid.z;
  if (d >= p.D) { return; }
  let values = p.H * p.S * p.D;
  var acc = 0.0;
  for (var j = 0u; j < p.S; j++) { acc += scores[(h * p.T + i) * p.S + j] * kv[values + (h * p.S + j) * p.D + d]; }
  out[i * p.H * p.D + h * p.D + d] = acc;
}
