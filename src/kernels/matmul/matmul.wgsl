// y[M, N] (+)= x[M, K] · w[N, K]ᵀ + b[N]: a linear layer with torch's weight layout [out, in].
// `main` is tiled: each workgroup computes a TILE × TILE block of y, stepping through K in TILE-wide slices
// of x and w held in workgroup memory. `rows` is for a few rows (decoding one token): a TILE×TILE block
// would leave all but one of its 16 rows idle, so there each thread computes one output column instead.
// With `accumulate` = 1 the result is added to what y holds (the residual connection); each element is read
// and written by one thread only.
// `Params` is prepended from MATMUL_PARAMS (matmul.ts). CPU reference: matmulRef in matmul-reference.ts.
const TILE = 16u;

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
  if (row < p.M && col < p.N) { store(row, col, acc); }
}

fn store(row: u32, col: u32, acc: f32) {
  let at = p.y_offset + row * p.N + col;
  var value = acc + b[col];
  if (p.accumulate == 1u) { value += y[at]; }
  y[at] = value;
}

// Grid (ceil(N / 64), M): thread = one output column of one row, reading x's row and w's row straight
// from memory (4 floats at a time when K is a multiple of 4).
@compute @workgroup_size(64)
fn rows(@builtin(global_invocation_id) gid: vec3<u32>) {
  let col = gid.x;
  let row = gid.y;
  if (col >= p.N || row >= p.M) { return; }
  let xb = p.x_offset + row * p.K;
  let wb = col * p.K;
  var acc = 0.0;
  var k = 0u;
  if (p.K % 4u == 0u) {
    for (; k < p.K; k += 4u) {
      acc += dot(vec4<f32>(x[xb + k], x[xb + k + 1u], x[xb + k + 2u], x[xb + k + 3u]),
                 vec4<f32>(w[wb + k], w[wb + k + 1u], w[wb + k + 2u], w[wb + k + 3u]));
    }
  }
  for (; k < p.K; k++) { acc += x[xb + k] * w[wb + k]; }
  store(row, col, acc);
}
