// The sequence-model training kernels (the text trainer's GPT): layer norm and its two gradients, an embedding
// table's gradient (its lookup is train.wgsl's gather from the parameters), softmax cross-entropy over a
// vocabulary, and causal multi-head self-attention forward and backward. Same Params and bindings as
// train.wgsl (1–3 read, 4–6 written, element offsets `o*`). No float atomics in WGSL: every sum is one
// thread's loop, so results do not depend on scheduling. CPU references: sequence-reference.ts.

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> in1: array<f32>;
@group(0) @binding(2) var<storage, read> in2: array<f32>;
@group(0) @binding(3) var<storage, read> in3: array<f32>;
@group(0) @binding(4) var<storage, read_write> out1: array<f32>;
@group(0) @binding(5) var<storage, read_write> out2: array<f32>;

fn flat(g: vec3u, n: vec3u) -> u32 { return g.x + g.y * n.x * 64u; }

var<workgroup> part: array<f32, 64>;
var<workgroup> part2: array<f32, 64>;

/** Σ over the workgroup of v (and of w into the second result), every thread gets both sums. */
fn sum2(l: u32, v: f32, w: f32) -> vec2f {
  part[l] = v;
  part2[l] = w;
  for (var s = 32u; s > 0u; s >>= 1u) {
    workgroupBarrier();
    if (l < s) { part[l] += part[l + s]; part2[l] += part2[l + s]; }
  }
  workgroupBarrier();
  let out = vec2f(part[0], part2[0]);
  workgroupBarrier();
  return out;
}

/** mean and 1/√(var + eps) of row m of in1 (N values from oa), with the workgroup's 64 threads. */
fn row_stats(m: u32, l: u32) -> vec2f {
  var s = 0.0;
  for (var j = l; j < P.N; j += 64u) { s += in1[P.oa + m * P.N + j]; }
  let mean = sum2(l, s, 0.0).x / f32(P.N);
  var v = 0.0;
  for (var j = l; j < P.N; j += 64u) { let d = in1[P.oa + m * P.N + j] - mean; v += d * d; }
  return vec2f(mean, 1.0 / sqrt(sum2(l, v, 0.0).x / f32(P.N) + P.eps));
}

// ---- layer_norm: one workgroup a row; in1 = x, in2 = the block's parameters (γ at ob, β at obias);
// y into out1 (oc), x̂ into out2 (orow)
@compute @workgroup_size(64)
fn layer_norm(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let m = wg.x + wg.y * 65535u;
  if (m >= P.M) { return; }
  let st = row_stats(m, lid.x);
  for (var j = lid.x; j < P.N; j += 64u) {
    let h = (in1[P.oa + m * P.N + j] - st.x) * st.y;
    out2[P.orow + m * P.N + j] = h;
    out1[P.oc + m * P.N + j] = h * in2[P.ob + j] + in2[P.obias + j];
  }
}

// ---- layer_norm_grad: one workgroup a row; in1 = x, in2 = γ (ob), in3 = dy (obias); dx into out1 (oc)
@compute @workgroup_size(64)
fn layer_norm_grad(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let m = wg.x + wg.y * 65535u;
  if (m >= P.M) { return; }
  let l = lid.x;
  let st = row_stats(m, l);
  var g = 0.0;
  var gx = 0.0;
  for (var j = l; j < P.N; j += 64u) {
    let gj = in3[P.obias + m * P.N + j] * in2[P.ob + j];
    g += gj;
    gx += gj * (in1[P.oa + m * P.N + j] - st.x) * st.y;
  }
  let sums = sum2(l, g, gx) / f32(P.N);
  for (var j = l; j < P.N; j += 64u) {
    let h = (in1[P.oa + m * P.N + j] - st.x) * st.y;
    out1[P.oc + m * P.N + j] = st.y * (in3[P.obias + m * P.N + j] * in2[P.ob + j] - sums.x - h * sums.y);
  }
}

// ---- layer_norm_param_grad: one thread a column; in1 = dy, in2 = x̂; dγ into out1[oc + j], dβ into out1[orow + j]
@compute @workgroup_size(64)
fn layer_norm_param_grad(@builtin(global_invocation_id) g: vec3u) {
  let j = g.x;
  if (j >= P.N) { return; }
  var dg = 0.0;
  var db = 0.0;
  for (var m = 0u; m < P.M; m++) {
    let dy = in1[P.oa + m * P.N + j];
    dg += dy * in2[P.ob + m * P.N + j];
    db += dy;
  }
  out1[P.oc + j] = dg;
  out1[P.orow + j] = db;
}

// ---- embedding_grad: the table's gradient [N = V rows, K = D] from dy [M, D] and the looked-up rows in2
// (floats holding integers): one thread an element, summing the rows that looked its row up, in row order
@compute @workgroup_size(64)
fn embedding_grad(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) n: vec3u) {
  let e = flat(g, n);
  if (e >= P.N * P.K) { return; }
  let v = e / P.K;
  let j = e % P.K;
  var acc = 0.0;
  for (var m = 0u; m < P.M; m++) {
    if (u32(in2[P.ob + m]) == v) { acc += in1[P.oa + m * P.K + j]; }
  }
  out1[P.oc + e] = acc;
}

// ---- softmax_xent: one workgroup a row of N logits (in1) against the target index in2[ob + m]; gradient
// scale·(softmax − onehot) into out1 (oc), the row's loss log Σ exp − l[target] into out2[orow + m]
@compute @workgroup_size(64)
fn softmax_xent(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let m = wg.x + wg.y * 65535u;
  if (m >= P.M) { return; }
  let l = lid.x;
  let o = P.oa + m * P.N;
  var mx = -3.4e38;
  for (var j = l; j < P.N; j += 64u) { mx = max(mx, in1[o + j]); }
  part[l] = mx;
  for (var s = 32u; s > 0u; s >>= 1u) {
    workgroupBarrier();
    if (l < s) { part[l] = max(part[l], part[l + s]); }
  }
  workgroupBarrier();
  mx = part[0];
  workgroupBarrier();
  var e = 0.0;
  for (var j = l; j < P.N; j += 64u) { e += exp(in1[o + j] - mx); }
  let total = sum2(l, e, 0.0).x;
  let t = u32(in2[P.ob + m]);
  for (var j = l; j < P.N; j += 64u) {
    out1[P.oc + m * P.N + j] = P.scale * (exp(in1[o + j] - mx) / total - select(0.0, 1.0, j == t));
  }
  if (l == 0u) { out2[P.orow + m] = log(total) + mx - in1[o + t]; }
}

/** (sequence b, head h, position) of thread e of the attention kernels, positions fastest. */
fn head_row(e: u32) -> vec3u {
  return vec3u(e / (P.N * P.count), (e / P.N) % P.count, e % P.N);
}

// ---- attention (shape: M = B sequences, N = T positions, K = C channels, count = H heads): one thread per
// (b, h, i); in1 = qkv [B·T, 3C]; y into out1 (oc), the weights p [B, H, T, T] into out2 (orow)
@compute @workgroup_size(64)
fn attention(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) n: vec3u) {
  let e = flat(g, n);
  let T = P.N; let C = P.K; let H = P.count;
  if (e >= P.M * H * T) { return; }
  let bhi = head_row(e);
  let b = bhi.x; let h = bhi.y; let i = bhi.z;
  let hd = C / H;
  let scale = 1.0 / sqrt(f32(hd));
  let q = P.oa + (b * T + i) * 3u * C + h * hd;
  let po = P.orow + e * T;
  var mx = -3.4e38;
  for (var j = 0u; j <= i; j++) {
    let k = P.oa + (b * T + j) * 3u * C + C + h * hd;
    var dot = 0.0;
    for (var d = 0u; d < hd; d++) { dot += in1[q + d] * in1[k + d]; }
    out2[po + j] = dot * scale;
    mx = max(mx, dot * scale);
  }
  var sum = 0.0;
  for (var j = 0u; j <= i; j++) { let w = exp(out2[po + j] - mx); out2[po + j] = w; sum += w; }
  for (var j = 0u; j < T; j++) { out2[po + j] = select(0.0, out2[po + j] / sum, j <= i); }
  let yo = P.oc + (b * T + i) * C + h * hd;
  for (var d = 0u; d < hd; d++) {
    var acc = 0.0;
    for (var j = 0u; j <= i; j++) { acc += out2[po + j] * in1[P.oa + (b * T + j) * 3u * C + 2u * C + h * hd + d]; }
    out1[yo + d] = acc;
  }
}

/** dy_i · v_j for head h of sequence b (in3 = dy at obias, in1 = qkv at oa). */
fn dy_dot_v(b: u32, h: u32, i: u32, j: u32) -> f32 {
  let T = P.N; let C = P.K; let hd = C / P.count;
  let dy = P.obias + (b * T + i) * C + h * hd;
  let v = P.oa + (b * T + j) * 3u * C + 2u * C + h * hd;
  var acc = 0.0;
  for (var d = 0u; d < hd; d++) { acc += in3[dy + d] * in1[v + d]; }
  return acc;
}

// ---- attention_grad_q: one thread per (b, h, i); in1 = qkv, in2 = p (ob), in3 = dy (obias); dq into out1
// (oc, the q columns of dqkv), and D_i = Σ_j p_ij·(dy_i·v_j) into out2[orow + e] for attention_grad_kv
@compute @workgroup_size(64)
fn attention_grad_q(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) n: vec3u) {
  let e = flat(g, n);
  let T = P.N; let C = P.K; let H = P.count;
  if (e >= P.M * H * T) { return; }
  let bhi = head_row(e);
  let b = bhi.x; let h = bhi.y; let i = bhi.z;
  let hd = C / H;
  let scale = 1.0 / sqrt(f32(hd));
  let po = P.ob + e * T;
  var dsum = 0.0;
  for (var j = 0u; j <= i; j++) { dsum += in2[po + j] * dy_dot_v(b, h, i, j); }
  out2[P.orow + e] = dsum;
  let dq = P.oc + (b * T + i) * 3u * C + h * hd;
  for (var d = 0u; d < hd; d++) { out1[dq + d] = 0.0; }
  for (var j = 0u; j <= i; j++) {
    let ds = in2[po + j] * (dy_dot_v(b, h, i, j) - dsum) * scale;
    let k = P.oa + (b * T + j) * 3u * C + C + h * hd;
    for (var d = 0u; d < hd; d++) { out1[dq + d] += ds * in1[k + d]; }
  }
}

// ---- attention_grad_kv: one thread per (b, h, j), after attention_grad_q (same bindings; reads D from out2);
// dk_j = scale·Σ_{i≥j} ds_ij·q_i and dv_j = Σ_{i≥j} p_ij·dy_i into the k and v columns of out1
@compute @workgroup_size(64)
fn attention_grad_kv(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) n: vec3u) {
  let e = flat(g, n);
  let T = P.N; let C = P.K; let H = P.count;
  if (e >= P.M * H * T) { return; }
  let bhj = head_row(e);
  let b = bhj.x; let h = bhj.y; let j = bhj.z;
  let hd = C / H;
  let scale = 1.0 / sqrt(f32(hd));
  let dk = P.oc + (b * T + j) * 3u * C + C + h * hd;
  let dv = dk + C;
  for (var d = 0u; d < hd; d++) { out1[dk + d] = 0.0; out1[dv + d] = 0.0; }
  for (var i = j; i < T; i++) {
    let row = (b * H + h) * T + i;
    let p = in2[P.ob + row * T + j];
    let ds = p * (dy_dot_v(b, h, i, j) - out2[P.orow + row]) * scale;
    let q = P.oa + (b * T + i) * 3u * C + h * hd;
    let dy = P.obias + (b * T + i) * C + h * hd;
    for (var d = 0u; d < hd; d++) {
      out1[dk + d] += ds * in1[q + d];
      out1[dv + d] += p * in3[dy + d];
    }
  }
}
