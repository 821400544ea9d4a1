// One frame of the radiance field, fused into a single compute pass: one thread per pixel builds its camera
// ray, clips it to the scene's box, marches it in steps of half a density voxel, jumps over cells the
// occupancy grid marks empty, reads density (trilinear, softplus after interpolation) where it must, runs the
// colour MLP only where a sample is visible, composites front to back and stops once the ray is opaque.
// The result goes straight into the canvas texture. CPU reference: volume-reference.ts (same rules, same
// order); training/nerf.py renders the same way.
//
// While the camera rests the host calls again with frame = 1, 2, … and jittered (jx, jy, u): the frames
// are averaged in `accum` (anti-aliasing and smoother depth sampling). frame 0 starts over and uses pixel
// centres and u = 0.5, the view the reference path renders.
// `Params` is prepended from VOLUME_PARAMS (volume-renderer.ts), where each field is described.

const CHANNELS = 8u;  // feature channels (replaced from nerf.json by the host)
const HIDDEN = 32u;   // MLP width (replaced from nerf.json by the host)
const INPUTS = CHANNELS + 9u;
// Offsets of the MLP's tensors in `mlp` (torch Linear layout: weight [out, in], then bias).
const W0 = 0u;
const B0 = W0 + HIDDEN * INPUTS;
const W1 = B0 + HIDDEN;
const B1 = W1 + HIDDEN * HIDDEN;
const W2 = B1 + HIDDEN;
const B2 = W2 + 3u * HIDDEN;

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> density: array<f32>;
@group(0) @binding(2) var<storage, read> features: array<f32>;
@group(0) @binding(3) var<storage, read> mlp: array<f32>;
@group(0) @binding(4) var<storage, read> occupancy: array<u32>;
@group(0) @binding(5) var<storage, read_write> accum: array<vec4f>;
// Per frame: samples inside the box, evaluated, skipped as empty, coloured by the MLP.
@group(0) @binding(6) var<storage, read_write> stats: array<atomic<u32>, 4>;
@group(0) @binding(7) var frame_out: texture_storage_2d<rgba8unorm, write>;

var<workgroup> wg_stats: array<atomic<u32>, 4>;

fn box_min() -> vec3f { return vec3f(P.bx, P.by, P.bz); }
fn extent() -> vec3f { return vec3f(f32(P.cx), f32(P.cy), f32(P.cz)) * P.cell; }

/** Grid coordinates of p for a grid with `dims` vertices over the box, clamped inside. */
fn grid_coord(p: vec3f, dims: vec3u) -> vec3f {
  let n = vec3f(dims) - 1.0;
  let g = (p - box_min()) / extent() * n;
  return min(max(g, vec3f(0.0)), n - 1e-4);
}

fn softplus(x: f32) -> f32 {
  return select(log(1.0 + exp(x)), x, x > 20.0);
}

/** Density per voxel at p: softplus of the trilinearly interpolated raw grid value. */
fn sigma_voxel(p: vec3f) -> f32 {
  let g = grid_coord(p, vec3u(P.dx, P.dy, P.dz));
  let b = floor(g);
  let f = g - b;
  let i = vec3u(b);
  let sy = P.dx;
  let sz = P.dx * P.dy;
  let base = i.x + sy * i.y + sz * i.z;
  let x00 = mix(density[base], density[base + 1u], f.x);
  let x10 = mix(density[base + sy], density[base + sy + 1u], f.x);
  let x01 = mix(density[base + sz], density[base + sz + 1u], f.x);
  let x11 = mix(density[base + sy + sz], density[base + sy + sz + 1u], f.x);
  return softplus(mix(mix(x00, x10, f.y), mix(x01, x11, f.y), f.z));
}

fn sigmoid(x: f32) -> f32 { return 1.0 / (1.0 + exp(-x)); }

/** Colour at p seen along d: trilinear features + direction polynomial through the MLP. */
fn shade(p: vec3f, d: vec3f) -> vec3f {
  var x: array<f32, INPUTS>;
  let g = grid_coord(p, vec3u(P.fx, P.fy, P.fz));
  let b = floor(g);
  let f = g - b;
  let i = vec3u(b);
  for (var k = 0u; k < 8u; k++) {
    let o = vec3u(k & 1u, (k >> 1u) & 1u, k >> 2u);
    let w = select(1.0 - f.x, f.x, o.x == 1u) * select(1.0 - f.y, f.y, o.y == 1u) * select(1.0 - f.z, f.z, o.z == 1u);
    let v = ((i.x + o.x) + P.fx * ((i.y + o.y) + P.fy * (i.z + o.z))) * CHANNELS;
    for (var c = 0u; c < CHANNELS; c++) { x[c] += w * features[v + c]; }
  }
  x[CHANNELS] = 1.0;
  x[CHANNELS + 1u] = d.x;
  x[CHANNELS + 2u] = d.y;
  x[CHANNELS + 3u] = d.z;
  x[CHANNELS + 4u] = d.x * d.y;
  x[CHANNELS + 5u] = d.y * d.z;
  x[CHANNELS + 6u] = d.x * d.z;
  x[CHANNELS + 7u] = d.x * d.x - d.y * d.y;
  x[CHANNELS + 8u] = 3.0 * d.z * d.z - 1.0;
  var h: array<f32, HIDDEN>;
  for (var o = 0u; o < HIDDEN; o++) {
    var s = mlp[B0 + o];
    for (var k = 0u; k < INPUTS; k++) { s += mlp[W0 + o * INPUTS + k] * x[k]; }
    h[o] = max(s, 0.0);
  }
  var h2: array<f32, HIDDEN>;
  for (var o = 0u; o < HIDDEN; o++) {
    var s = mlp[B1 + o];
    for (var k = 0u; k < HIDDEN; k++) { s += mlp[W1 + o * HIDDEN + k] * h[k]; }
    h2[o] = max(s, 0.0);
  }
  var rgb: vec3f;
  for (var o = 0u; o < 3u; o++) {
    var s = mlp[B2 + o];
    for (var k = 0u; k < HIDDEN; k++) { s += mlp[W2 + o * HIDDEN + k] * h2[k]; }
    rgb[o] = sigmoid(s);
  }
  return rgb;
}

fn cell_of(p: vec3f) -> vec3u {
  let c = floor((p - box_min()) / P.cell);
  return vec3u(min(max(c, vec3f(0.0)), vec3f(f32(P.cx - 1u), f32(P.cy - 1u), f32(P.cz - 1u))));
}

fn is_occupied(c: vec3u) -> bool {
  let i = c.x + P.cx * (c.y + P.cy * c.z);
  return ((occupancy[i >> 5u] >> (i & 31u)) & 1u) == 1u;
}

/** Distance at which the ray o + t·d leaves cell c. */
fn cell_exit(o: vec3f, d: vec3f, c: vec3u) -> f32 {
  var exit = 3.0e38;
  for (var a = 0u; a < 3u; a++) {
    if (d[a] != 0.0) {
      let wall = box_min()[a] + (f32(c[a]) + select(0.0, 1.0, d[a] > 0.0)) * P.cell;
      exit = min(exit, (wall - o[a]) / d[a]);
    }
  }
  return exit;
}

@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(local_invocation_index) li: u32) {
  if (li < 4u) { atomicStore(&wg_stats[li], 0u); }
  workgroupBarrier();
  var inside = 0u;
  var evaluated = 0u;
  var skipped = 0u;
  var shaded = 0u;
  if (gid.x < P.size && gid.y < P.size) {
    let half = f32(P.size) * 0.5;
    let cam = vec3f((f32(gid.x) + P.jx - half) / P.focal, -(f32(gid.y) + P.jy - half) / P.focal, -1.0);
    let d = normalize(vec3f(dot(vec3f(P.r00, P.r01, P.r02), cam), dot(vec3f(P.r10, P.r11, P.r12), cam),
                            dot(vec3f(P.r20, P.r21, P.r22), cam)));
    let o = vec3f(P.ox, P.oy, P.oz);
    // Ray-box slab test.
    let lo = box_min();
    let hi = lo + extent();
    var near = 0.0;
    var far = 3.0e38;
    for (var a = 0u; a < 3u; a++) {
      let inv = 1.0 / select(d[a], 1e-9, abs(d[a]) < 1e-9);
      let t1 = (lo[a] - o[a]) * inv;
      let t2 = (hi[a] - o[a]) * inv;
      near = max(near, min(t1, t2));
      far = min(far, max(t1, t2));
    }
    var rgb = vec3f(0.0);
    var T = 1.0;
    if (far > near) {
      let dt = P.step_ratio * P.voxel;
      let n = u32(max(0.0, ceil((far - near) / dt - P.u)));
      inside = n;
      var i = 0u;
      loop {
        if (i >= n) { break; }
        let p = o + (near + (f32(i) + P.u) * dt) * d;
        let c = cell_of(p);
        if (!is_occupied(c)) {
          let next = min(n, max(i + 1u, u32(max(0.0, ceil((cell_exit(o, d, c) - near) / dt - P.u)))));
          skipped += next - i;
          i = next;
          continue;
        }
        evaluated++;
        let alpha = 1.0 - exp(-sigma_voxel(p) * P.step_ratio);
        let w = T * alpha;
        if (w > P.weight_threshold) {
          rgb += w * shade(p, d);
          shaded++;
        }
        T *= 1.0 - alpha;
        if (T <= P.stop_t) { break; }
        i++;
      }
    }
    let colour = vec4f(rgb + T * vec3f(P.bg_r, P.bg_g, P.bg_b), 1.0);
    let idx = gid.y * P.size + gid.x;
    var sum = colour;
    if (P.frame > 0u) { sum += accum[idx]; }
    accum[idx] = sum;
    textureStore(frame_out, vec2i(gid.xy), vec4f(sum.rgb / sum.w, 1.0));
  }
  atomicAdd(&wg_stats[0], inside);
  atomicAdd(&wg_stats[1], evaluated);
  atomicAdd(&wg_stats[2], skipped);
  atomicAdd(&wg_stats[3], shaded);
  workgroupBarrier();
  if (li < 4u) { atomicAdd(&stats[li], atomicLoad(&wg_stats[li])); }
}
