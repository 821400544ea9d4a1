// Batched matrix product y[b, m, n] = Σ_k a[b, m, k] · c[b, k, n] (ONNX MatMul on 3-D tensors), tiled like
// matmul.wgsl: each workgroup computes a TILE × TILE block of one batch's y from TILE-wide slices of a and c
// held in workgroup memory. Grid (ceil(N / TILE), ceil(M / TILE), batch). CPU reference: matmul-reference.ts.
// `Params` is prepended from BMM_PARAMS (matmul.ts).
const TILE = 16u;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> c: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;

var<workgroup> a_tile: array<f32, TILE * TILE>;
var<workgroup> c_tile: array<f32, TILE * TILE>;

@compute @workgroup_size(TILE, TILE)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let row = wg.y * TILE + lid.y;
  let col = wg.x * TILE + lid.x;
  let ab = wg.z * p.M * p.K;
  let cb = wg.z * p.K * p.N;
  var acc = 0.0;
  for (var k0 = 0u; k0 < p.K; k0 += TILE) {
    // a_tile[r][k] = a[row r, k0 + k]; c_tile[k][cc] = c[k0 + k, column cc]
    var u = 0.0;
    if (row < p.M && k0 + lid.x < p.K) { u = a[ab + row * p.K + k0 + lid.x]; }
    a_tile[lid.y * TILE + lid.x] = u;
    var v = 0.0;
    if (k0 + lid.y < p.K && col < p.N) { v = c[cb + (k0 + lid.y) * p.N + col]; }
    c_tile[lid.y * TILE + lid.x] = v;
    workgroupBarrier();
    for (var k = 0u; k < TILE; k++) {
      acc += a_tile[lid.y * TILE + k] * c_tile[k * TILE + lid.x];
    }
    workgroupBarrier();
  }
  if (row < p.M && col < p.N) { y[wg.z * p.M * p.N + row * p.N + col] = acc; }
}
