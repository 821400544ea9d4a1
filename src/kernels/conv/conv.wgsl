// 2-D convolution and transposed convolution (NCHW, group 1) as an implicit GEMM: the output pixels are the
// rows (M = N·OH·OW), the output channels the columns (Cout), and K = Cin·KH·KW runs over the taps. Each
// workgroup computes a TILE × TILE block of outputs, stepping through K in TILE-wide slices: the input
// patch (im2col, gathered on the fly, never stored) and the weights are staged in workgroup memory.
// A 1×1 convolution is then exactly a matmul of the weights [Cout, Cin] with the input [Cin, H·W].
//
// conv:       out[n, co, oy, ox] = b[co] + Σ w[co, ci, ky, kx] · x[n, ci, oy·s − pad + ky, ox·s − pad + kx]
// transposed: out[n, co, oy, ox] = b[co] + Σ w[ci, co, ky, kx] · x[n, ci, iy, ix]  where oy = iy·s − pad + ky
//             (taps whose (oy + pad − ky) is not a multiple of s, or fall outside the input, add nothing)
// An activation can be fused onto the output: `act` of activation.wgsl (identity, ReLU, SiLU, tanh, …).
// CPU reference: conv-reference.ts.
// `Params`, the ACT_* constants and `activate` are prepended from CONV_PARAMS (conv.ts).
const TILE = 16u;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> wt: array<f32>;
@group(0) @binding(3) var<storage, read> b: array<f32>;
@group(0) @binding(4) var<storage, read_write> y: array<f32>;

var<workgroup> a_tile: array<f32, TILE * TILE>;
var<workgroup> w_tile: array<f32, TILE * TILE>;

/** The im2col entry A[m, k]: the input value tap k of output pixel m reads (0 outside or off-stride). */
fn im2col(m: u32, k: u32) -> f32 {
  let taps = p.kh * p.kw;
  let ci = k / taps;
  let ky = (k % taps) / p.kw;
  let kx = k % p.kw;
  let pix = p.oh * p.ow;
  let n = m / pix;
  let oy = (m % pix) / p.ow;
  let ox = m % p.ow;
  var iy: i32;
  var ix: i32;
  if (p.transposed == 1u) {
    let ty = i32(oy + p.pad) - i32(ky);
    let tx = i32(ox + p.pad) - i32(kx);
    let s = i32(p.stride);
    if (ty < 0 || tx < 0 || ty % s != 0 || tx % s != 0) { return 0.0; }
    iy = ty / s;
    ix = tx / s;
  } else {
    iy = i32(oy * p.stride + ky) - i32(p.pad);
    ix = i32(ox * p.stride + kx) - i32(p.pad);
  }
  if (iy < 0 || ix < 0 || iy >= i32(p.h) || ix >= i32(p.w)) { return 0.0; }
  return x[p.x_offset + ((n * p.cin + ci) * p.h + u32(iy)) * p.w + u32(ix)];
}

/** B[k, co] as stored: conv weights [Cout, Cin, KH, KW], transposed-conv weights [Cin, Cout, KH, KW]. */
fn weight(co: u32, k: u32) -> f32 {
  if (p.transposed == 1u) {
    let taps = p.kh * p.kw;
    return wt[((k / taps) * p.cout + co) * taps + k % taps];
  }
  return wt[co * p.cin * p.kh * p.kw + k];
}

@compute @workgroup_size(TILE, TILE)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = p.batch * p.oh * p.ow;
  let K = p.cin * p.kh * p.kw;
  let row = wg.y * TILE + lid.y;  // output pixel
  let col = wg.x * TILE + lid.x;  // output channel
  var acc = 0.0;
  for (var k0 = 0u; k0 < K; k0 += TILE) {
    // a_tile[r][c] = A[wg.y·TILE + r, k0 + c]; w_tile[r][c] = B[k0 + c, wg.x·TILE + r]
    let ar = wg.y * TILE + lid.y;
    let wr = wg.x * TILE + lid.y;
    let kc = k0 + lid.x;
    var a = 0.0;
    if (ar < M && kc < K) { a = im2col(ar, kc); }
    var v = 0.0;
    if (wr < p.cout && kc < K) { v = weight(wr, kc); }
    a_tile[lid.y * TILE + lid.x] = a;
    w_tile[lid.y * TILE + lid.x] = v;
    workgroupBarrier();
    for (var k = 0u; k < TILE; k++) {
      acc += a_tile[lid.y * TILE + k] * w_tile[lid.x * TILE + k];
    }
    workgroupBarrier();
  }
  if (row < M && col < p.cout) {
    let pix = p.oh * p.ow;
    let n = row / pix;
    let at = p.y_offset + (n * p.cout + col) * pix + row % pix;
    y[at] = activate(acc + b[col], p.act, p.alpha);
  }
}

// `direct`: the same convolution without workgroup memory or barriers — one thread per output pixel and
// sixteen output channels, reading inputs straight from memory and the weights as vec4s from a packed copy
// (`packDirectWeights` in conv.ts: [Cin·KH·KW, Cout rounded up to 16], zeros past Cout). Each input
// value read feeds 16 multiply-adds, and neighbouring threads take neighbouring pixels of the same channel
// block, so their weight reads are the same address. For the small layers of our models this does less
// bookkeeping than the tiled GEMM (no im2col decode per element, no barriers), which is what a CPU-emulated
// adapter pays for most. A transposed convolution visits only the taps that land on its stride.
// Grid: flat, ceil(M · ceil(Cout / 16) / 64) workgroups of 64.
@group(0) @binding(5) var<storage, read> wp: array<vec4<f32>>;

@compute @workgroup_size(64)
fn direct(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let M = p.batch * p.oh * p.ow;
  let blocks = (p.cout + 15u) / 16u;
  let i = gid.x + gid.y * groups.x * 64u;
  if (i >= M * blocks) { return; }
  let m = i % M;
  let blk = i / M;
  let pix = p.oh * p.ow;
  let n = m / pix;
  let oy = (m % pix) / p.ow;
  let ox = m % p.ow;
  let taps = p.kh * p.kw;
  let row = blocks * 4u;  // vec4s per tap in the packed weights
  let s = p.stride;
  var a0 = vec4<f32>(0.0);
  var a1 = vec4<f32>(0.0);
  var a2 = vec4<f32>(0.0);
  var a3 = vec4<f32>(0.0);
  // first tap and input row/column step: for a transposed convolution only taps ky ≡ oy + pad (mod s) reach
  // an input pixel, and consecutive such taps move one input pixel; for a convolution every tap does.
  var ky0 = 0u;
  var kx0 = 0u;
  var kstep = 1u;
  if (p.transposed == 1u) { ky0 = (oy + p.pad) % s; kx0 = (ox + p.pad) % s; kstep = s; }
  for (var ci = 0u; ci < p.cin; ci++) {
    let xbase = p.x_offset + (n * p.cin + ci) * p.h * p.w;
    let wbase = ci * taps;
    for (var ky = ky0; ky < p.kh; ky += kstep) {
      var iy: i32;
      if (p.transposed == 1u) { iy = (i32(oy + p.pad) - i32(ky)) / i32(s); } else { iy = i32(oy * s + ky) - i32(p.pad); }
      if (iy < 0 || iy >= i32(p.h)) { continue; }
      for (var kx = kx0; kx < p.kw; kx += kstep) {
        var ix: i32;
        if (p.transposed == 1u) { ix = (i32(ox + p.pad) - i32(kx)) / i32(s); } else { ix = i32(ox * s + kx) - i32(p.pad); }
        if (ix < 0 || ix >= i32(p.w)) { continue; }
        let xv = x[xbase + u32(iy) * p.w + u32(ix)];
        let at = (wbase + ky * p.kw + kx) * row + blk * 4u;
        a0 += xv * wp[at];
        a1 += xv * wp[at + 1u];
        a2 += xv * wp[at + 2u];
        a3 += xv * wp[at + 3u];
      }
    }
  }
  let acc = array<vec4<f32>, 4>(a0, a1, a2, a3);
  for (var j = 0u; j < 16u; j++) {
    let co = blk * 16u + j;
    if (co < p.cout) { y[p.y_offset + (n * p.cout + co) * pix + m % pix] = activate(acc[j / 4u][j % 4u] + b[co], p.act, p.alpha); }
  }
}
