// Causal multi-head attention over a key/value cache, flash-attention style: keys and values stream through
// workgroup memory in tiles of TILE rows, and each query keeps a running maximum m, a running sum l of
// exp(s - m) and a running output o (online softmax), rescaled whenever the maximum grows. The score matrix
// is never stored; `probs` recomputes single probabilities from the saved (m, l) for the heatmap.
//
// Layouts (f32): q [H, T, D] (the T new tokens), the cache at kv_base: keys [H, C, D] then values [H, C, D],
// out [T, H*D] (heads merged), stats [H, T, 2] = (m, l), probs at probs_base: [H, T, C].
// Query row i sits in cache slot pos + i and sees slots 0..pos+i (causal).
// HEAD_DIM is set by the host (the line below is replaced); TILE is the workgroup size.
// `Params` is prepended from ATTENTION_PARAMS (attention.ts).
const HEAD_DIM = 32u;
const TILE = 32u;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> q: array<f32>;
@group(0) @binding(2) var<storage, read> cache: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;
@group(0) @binding(4) var<storage, read_write> stats: array<f32>;

var<workgroup> k_tile: array<f32, TILE * HEAD_DIM>;
var<workgroup> v_tile: array<f32, TILE * HEAD_DIM>;

fn key_index(h: u32, slot: u32, d: u32) -> u32 {
  return p.kv_base + (h * p.C + slot) * HEAD_DIM + d;
}

// Loads keys and values of slots first..first+TILE-1 (zeros past `count`) with consecutive threads reading
// consecutive addresses.
fn load_tile(h: u32, first: u32, count: u32, lid: u32) {
  let values = p.H * p.C * HEAD_DIM;
  for (var e = lid; e < TILE * HEAD_DIM; e += TILE) {
    let row = e / HEAD_DIM;
    var kv = vec2<f32>(0.0, 0.0);
    if (row < count) {
      let at = key_index(h, first + row, e % HEAD_DIM);
      kv = vec2<f32>(cache[at], cache[at + values]);
    }
    k_tile[e] = kv.x;
    v_tile[e] = kv.y;
  }
}

// Prefill: one thread per query row, TILE rows per workgroup; grid (ceil(T / TILE), H).
@compute @workgroup_size(TILE)
fn prefill(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let h = wg.y;
  let row = wg.x * TILE + lid;
  let live = row < p.T;
  let last_row = min(p.T, wg.x * TILE + TILE) - 1u;
  let limit = p.pos + last_row + 1u;           // slots any row of this workgroup sees
  let mine = p.pos + min(row, p.T - 1u) + 1u;  // slots this row sees
  var qv: array<f32, HEAD_DIM>;
  var o: array<f32, HEAD_DIM>;
  for (var d = 0u; d < HEAD_DIM; d++) {
    qv[d] = select(0.0, q[(h * p.T + min(row, p.T - 1u)) * HEAD_DIM + d] * p.scale, live);
    o[d] = 0.0;
  }
  var m = -3.0e38;
  var l = 0.0;
  var s: array<f32, TILE>;
  for (var first = 0u; first < limit; first += TILE) {
    workgroupBarrier();
    load_tile(h, first, min(TILE, limit - first), lid);
    workgroupBarrier();
    let n = select(0u, min(TILE, mine - min(first, mine)), live);
    var tile_max = -3.0e38;
    for (var j = 0u; j < n; j++) {
      var dot = 0.0;
      for (var d = 0u; d < HEAD_DIM; d++) { dot += qv[d] * k_tile[j * HEAD_DIM + d]; }
      s[j] = dot;
      tile_max = max(tile_max, dot);
    }
    if (n > 0u) {
      let m_new = max(m, tile_max);
      let corr = exp(m - m_new);
      l *= corr;
      for (var d = 0u; d < HEAD_DIM; d++) { o[d] *= corr; }
      for (var j = 0u; j < n; j++) {
        let w = exp(s[j] - m_new);
        l += w;
        for (var d = 0u; d < HEAD_DIM; d++) { o[d] += w * v_tile[j * HEAD_DIM + d]; }
      }
      m = m_new;
    }
  }
  if (live) {
    for (var d = 0u; d < HEAD_DIM; d++) { out[row * p.H * HEAD_DIM + h * HEAD_DIM + d] = o[d] / l; }
    stats[(h * p.T + row) * 2u] = m;
    stats[(h * p.T + row) * 2u + 1u] = l;
  }
}

// Decode: one workgroup per (query row, head), its TILE threads split the keys (thread j takes key j of
// every tile) and merge their partial (m, l, o) at the end; grid (T, H). Fast for T = 1, where prefill would
// keep one thread of the workgroup busy.
@compute @workgroup_size(TILE)
fn decode(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let h = wg.y;
  let row = wg.x;
  let limit = p.pos + row + 1u;
  var qv: array<f32, HEAD_DIM>;
  var o: array<f32, HEAD_DIM>;
  for (var d = 0u; d < HEAD_DIM; d++) {
    qv[d] = q[(h * p.T + row) * HEAD_DIM + d] * p.scale;
    o[d] = 0.0;
  }
  var m = -3.0e38;
  var l = 0.0;
  for (var first = 0u; first < limit; first += TILE) {
    workgroupBarrier();
    load_tile(h, first, min(TILE, limit - first), lid);
    workgroupBarrier();
    if (first + lid < limit) {
      var dot = 0.0;
      for (var d = 0u; d < HEAD_DIM; d++) { dot += qv[d] * k_tile[lid * HEAD_DIM + d]; }
      let m_new = max(m, dot);
      let corr = exp(m - m_new);
      let w = exp(dot - m_new);
      l = l * corr + w;
      for (var d = 0u; d < HEAD_DIM; d++) { o[d] = o[d] * corr + w * v_tile[lid * HEAD_DIM + d]; }
      m = m_new;
    }
  }
  // Merge: every thread rescales its partial sums to the workgroup's maximum, then a tree sum over threads.
  // The tiles are free now: v_tile holds the partial maxima and sums, k_tile the partial outputs.
  v_tile[lid] = m;
  workgroupBarrier();
  var m_all = -3.0e38;
  for (var j = 0u; j < TILE; j++) { m_all = max(m_all, v_tile[j]); }
  let corr = select(exp(m - m_all), 0.0, l == 0.0);
  workgroupBarrier();
  v_tile[TILE + lid] = l * corr;
  for (var d = 0u; d < HEAD_DIM; d++) { k_tile[lid * HEAD_DIM + d] = o[d] * corr; }
  for (var stride = TILE / 2u; stride > 0u; stride /= 2u) {
    workgroupBarrier();
    if (lid < stride) {
      v_tile[TILE + lid] += v_tile[TILE + lid + stride];
      for (var d = 0u; d < HEAD_DIM; d++) { k_tile[lid * HEAD_DIM + d] += k_tile[(lid + stride) * HEAD_DIM + d]; }
    }
  }
  workgroupBarrier();
  let l_all = v_tile[TILE];
  for (var d = lid; d < HEAD_DIM; d += TILE) { out[row * p.H * HEAD_DIM + h * HEAD_DIM + d] = k_tile[d] / l_all; }
  if (lid == 0u) {
    stats[(h * p.T + row) * 2u] = m_all;
    stats[(h * p.T + row) * 2u + 1u] = l_all;
  }
}

@group(0) @binding(5) var<storage, read_write> probs: array<f32>;

// Attention probabilities for the heatmap, from the saved (m, l): exp(q·k·scale - m) / l on seen slots, 0
// on the others; one thread per (slot, row, head), grid (ceil(C / TILE), T, H).
@compute @workgroup_size(TILE)
fn probabilities(@builtin(global_invocation_id) gid: vec3<u32>) {
  let slot = gid.x;
  let row = gid.y;
  let h = gid.z;
  if (slot >= p.C) { return; }
  var value = 0.0;
  if (slot <= p.pos + row) {
    var dot = 0.0;
    for (var d = 0u; d < HEAD_DIM; d++) { dot += q[(h * p.T + row) * HEAD_DIM + d] * cache[key_index(h, slot, d)]; }
    let st = (h * p.T + row) * 2u;
    value = exp(dot * p.scale - stats[st]) / stats[st + 1u];
  }
  probs[p.probs_base + (h * p.T + row) * p.C + slot] = value;
}
