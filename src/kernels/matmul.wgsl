// y[M, N] (+)= x[M, K] · w[N, K]ᵀ + b[N]: a linear layer with torch's weight layout [out, in], tiled: each
// workgroup computes a TILE × TILE block of y, stepping through K in TILE-wide slices of x and w held in
// workgroup memory. With `accumulate` = 1 the result is added to what y holds (the residual connection);
// each element is read and written by one thread only.
const TILE = 16u;

struct Params {
  M: u32,
  N: u32,
  K: u32,
  accumulate: u32,
  x_offset: u32,  // element offsets, so one buffer can hold several operands
  y_offset: u32,
  _pad0: u32,
  _pad1: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(3) var<storage, read> b: array<f32>;
@group(0) @binding(4) var<storage, read_write> y: array<f32>;

var<workgroup> x_tile: array<f32, TILE * TILE>;
var<workgroup> w_tile: array<f32, TILE * TILE>;

@compute @workgroup_size(TILE, TILE)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let row = wg.y * TILE + lid.y;  // m
  let col = wg.x * TILE + lid.x;  // n
  var acc = 0.0;
  for (var k0 = 0u; k0 < p.K; k0 += TILE) {
    // x_tile[r][c] = x[wg.y*TILE + r, k0 + c]; w_tile[r][c] = w[wg.x*TILE + r, k0 + c]
    let xr = wg.y * TILE + lid.y;
    let wr = wg.x * TILE + lid.y;
    let kc = k0 + lid.x;
    x_tile[lid.y * TILE + lid.x] = select(0.0, x[p.x_offset + xr * p.K + kc], xr < p.M && kc < p.K);
    w_tile[lid.y * TILE + lid.x] = select(0.0, w[wr * p.K + kc], wr < p.N && kc < p.K);
    workgroupBarrier();
    for (var k = 0u; k < TILE; k++) {
      acc += x_tile[lid.y * TILE + k] * w_tile[lid.x * TILE + k];
    }
    workgroupBarrier();
  }
  if (row < p.M && col < p.N) {
    let at = p.y_offset + row * p.N + col;
    var value = acc + b[col];
    if (p.accumulate == 1u) { value += y[at]; }
    y[at] = value;
  }
}
