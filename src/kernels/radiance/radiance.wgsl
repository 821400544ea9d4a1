// Training a radiance field on one dense grid (per vertex: raw density, three colour logits), pass by pass:
//   render_rays     one thread a ray: camera ray, clip to the box, march in steps of stepRatio voxels, jump
//                   over empty occupancy cells, trilinear lookup, density = softplus(raw)/voxel, colour =
//                   sigmoid(logits), composite front to back onto white; the squared error against the photo
//   sum_error       one workgroup: the batch's summed squared error
//   backprop_rays   one thread a ray: the same march again with the rendered colour C known; each sample's
//                   gradient scattered into its 8 corner vertices with compare-and-swap loops (WGSL has no
//                   float atomics)
//   density_tv      one thread a vertex: total variation of the raw density, on vertices this step touched
//   adam            one thread a number: Adam where the gradient is not zero, then the gradient cleared
//   occupancy       one thread per 32 cells: a cell is kept where its vertices' largest raw density can
//                   reach the alpha threshold
// CPU reference, line for line: radiance-reference.ts. `Params` is prepended from RADIANCE_PARAMS (radiance.ts).

const CH = 4u;

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read_write> params: array<f32>;
@group(0) @binding(2) var<storage, read_write> occupancy: array<u32>;
@group(0) @binding(3) var<storage, read> cams: array<f32>;
@group(0) @binding(4) var<storage, read> photos: array<u32>;
@group(0) @binding(5) var<storage, read> rays: array<u32>;
@group(0) @binding(6) var<storage, read> jitter: array<f32>;
// Per ray: rendered colour and its squared error (summed over channels).
@group(0) @binding(7) var<storage, read_write> out_rays: array<vec4f>;
@group(0) @binding(8) var<storage, read_write> grad_bits: array<atomic<u32>>;
@group(0) @binding(9) var<storage, read_write> grad: array<f32>;
@group(0) @binding(10) var<storage, read_write> adam_m: array<f32>;
@group(0) @binding(11) var<storage, read_write> adam_v: array<f32>;
@group(0) @binding(12) var<storage, read_write> total: array<f32>;

fn box_min() -> vec3f { return vec3f(P.bx, P.by, P.bz); }
fn extent() -> vec3f { return vec3f(P.ex, P.ey, P.ez); }
fn dims() -> vec3u { return vec3u(P.nx, P.ny, P.nz); }
fn occ_cells() -> vec3u { return vec3u(P.ocx, P.ocy, P.ocz); }

fn softplus(x: f32) -> f32 { return select(log(1.0 + exp(x)), x, x > 20.0); }
fn sigmoid(x: f32) -> f32 { return 1.0 / (1.0 + exp(-x)); }

struct Ray { o: vec3f, d: vec3f, near: f32, dt: f32, n: u32, u: f32 }

fn ray_index(r: u32) -> u32 { return rays[2u * r] * P.size * P.size + rays[2u * r + 1u]; }

fn camera_ray(r: u32) -> Ray {
  let cam = rays[2u * r];
  let px = rays[2u * r + 1u];
  let half = f32(P.size) * 0.5;
  let cx = (f32(px % P.size) + 0.5 - half) / P.focal;
  let cy = -(f32(px / P.size) + 0.5 - half) / P.focal;
  let m = cam * 12u;
  var d = vec3f(0.0);
  var o = vec3f(0.0);
  for (var a = 0u; a < 3u; a++) {
    d[a] = cams[m + 4u * a] * cx + cams[m + 4u * a + 1u] * cy - cams[m + 4u * a + 2u];
    o[a] = cams[m + 4u * a + 3u];
  }
  d = normalize(d);
  let inv = 1.0 / select(d, vec3f(1e-9), abs(d) < vec3f(1e-9));
  let t1 = (box_min() - o) * inv;
  let t2 = (box_min() + extent() - o) * inv;
  let lo = min(t1, t2);
  let hi = max(t1, t2);
  let near = max(0.0, max(lo.x, max(lo.y, lo.z)));
  let far = min(hi.x, min(hi.y, hi.z));
  let dt = P.step_ratio * P.voxel;
  let u = jitter[r];
  var n = 0u;
  if (far > near) { n = u32(max(0.0, ceil((far - near) / dt - u))); }
  return Ray(o, d, near, dt, n, u);
}

/** The first sample index at or after `first` in an occupied cell (ray.n if none); empty cells in one jump. */
fn next_occupied(ray: Ray, first: u32) -> u32 {
  var i = first;
  loop {
    if (i >= ray.n) { return ray.n; }
    let t = ray.near + (f32(i) + ray.u) * ray.dt;
    let p = ray.o + t * ray.d;
    let c = vec3u(clamp(floor((p - box_min()) / P.occ_cell), vec3f(0.0), vec3f(occ_cells()) - 1.0));
    let idx = c.x + P.ocx * (c.y + P.ocy * c.z);
    if (((occupancy[idx >> 5u] >> (idx & 31u)) & 1u) == 1u) { return i; }
    var exit = 3.0e38;
    for (var a = 0u; a < 3u; a++) {
      if (ray.d[a] != 0.0) {
        let wall = box_min()[a] + (f32(c[a]) + select(0.0, 1.0, ray.d[a] > 0.0)) * P.occ_cell;
        exit = min(exit, (wall - ray.o[a]) / ray.d[a]);
      }
    }
    i = min(ray.n, max(i + 1u, u32(max(0.0, ceil((exit - ray.near) / ray.dt - ray.u)))));
  }
}

struct Lookup { value: vec4f, base: u32, f: vec3f }

/** Trilinear lookup of the four channels at distance t along the ray (clamped inside the grid). */
fn lookup(ray: Ray, t: f32) -> Lookup {
  let n = vec3f(dims()) - 1.0;
  let q = clamp((ray.o + t * ray.d - box_min()) / extent() * n, vec3f(0.0), n - 1e-4);
  let b = floor(q);
  let f = q - b;
  let bi = vec3u(b);
  let base = bi.x + P.nx * bi.y + P.nx * P.ny * bi.z;
  var value = vec4f(0.0);
  for (var k = 0u; k < 8u; k++) {
    let v = corner(base, k) * CH;
    value += corner_weight(f, k) * vec4f(params[v], params[v + 1u], params[v + 2u], params[v + 3u]);
  }
  return Lookup(value, base, f);
}

fn corner(base: u32, k: u32) -> u32 { return base + (k & 1u) + ((k >> 1u) & 1u) * P.nx + (k >> 2u) * P.nx * P.ny; }

fn corner_weight(f: vec3f, k: u32) -> f32 {
  return select(1.0 - f.x, f.x, (k & 1u) == 1u) * select(1.0 - f.y, f.y, ((k >> 1u) & 1u) == 1u) *
    select(1.0 - f.z, f.z, (k >> 2u) == 1u);
}

fn alpha_of(raw: f32, dt: f32) -> f32 { return 1.0 - exp(-softplus(raw) / P.voxel * dt); }

fn photo(r: u32) -> vec3f { return unpack4x8unorm(photos[ray_index(r)]).xyz; }

@compute @workgroup_size(64)
fn render_rays(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let r = id.x + id.y * groups.x * 64u;
  if (r >= P.count) { return; }
  let ray = camera_ray(r);
  var c = vec3f(0.0);
  var T = 1.0;
  for (var i = next_occupied(ray, 0u); i < ray.n; i = next_occupied(ray, i + 1u)) {
    let s = lookup(ray, ray.near + (f32(i) + ray.u) * ray.dt);
    let alpha = alpha_of(s.value.x, ray.dt);
    c += T * alpha * vec3f(sigmoid(s.value.y), sigmoid(s.value.z), sigmoid(s.value.w));
    T *= 1.0 - alpha;
    if (T <= P.stop_t) { break; }
  }
  c += T * vec3f(P.bgr, P.bgg, P.bgb);
  var se = 0.0;
  if (P.with_error == 1u) {
    let e = c - photo(r);
    se = dot(e, e);
  }
  out_rays[r] = vec4f(c, se);
}

var<workgroup> partial: array<f32, 64>;

@compute @workgroup_size(64)
fn sum_error(@builtin(local_invocation_index) lid: u32) {
  var s = 0.0;
  for (var r = lid; r < P.count; r += 64u) { s += out_rays[r].w; }
  partial[lid] = s;
  workgroupBarrier();
  if (lid == 0u) {
    var sum = 0.0;
    for (var k = 0u; k < 64u; k++) { sum += partial[k]; }
    total[0] = sum;
  }
}

fn add_grad(i: u32, x: f32) {
  var old = atomicLoad(&grad_bits[i]);
  loop {
    let r = atomicCompareExchangeWeak(&grad_bits[i], old, bitcast<u32>(bitcast<f32>(old) + x));
    if (r.exchanged) { break; }
    old = r.old_value;
  }
}

@compute @workgroup_size(64)
fn backprop_rays(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let r = id.x + id.y * groups.x * 64u;
  if (r >= P.count) { return; }
  let ray = camera_ray(r);
  let C = out_rays[r].xyz;
  let dl = (2.0 / 3.0) * (C - photo(r));
  var acc = vec3f(0.0);
  var T = 1.0;
  for (var i = next_occupied(ray, 0u); i < ray.n; i = next_occupied(ray, i + 1u)) {
    let s = lookup(ray, ray.near + (f32(i) + ray.u) * ray.dt);
    let raw = s.value.x;
    let alpha = alpha_of(raw, ray.dt);
    let w = T * alpha;
    let col = vec3f(sigmoid(s.value.y), sigmoid(s.value.z), sigmoid(s.value.w));
    acc += w * col;
    let after = T * (1.0 - alpha);
    let d_sigma = ray.dt * dot(dl, after * col - (C - acc));
    let d_raw = d_sigma * sigmoid(raw) / P.voxel;
    let d_col = dl * w * col * (1.0 - col);
    for (var k = 0u; k < 8u; k++) {
      let v = corner(s.base, k) * CH;
      let wk = corner_weight(s.f, k);
      add_grad(v, wk * d_raw);
      add_grad(v + 1u, wk * d_col.x);
      add_grad(v + 2u, wk * d_col.y);
      add_grad(v + 3u, wk * d_col.z);
    }
    T = after;
    if (T <= P.stop_t) { break; }
  }
}

@compute @workgroup_size(64)
fn density_tv(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = id.x + id.y * groups.x * 64u;
  if (i >= P.vertices || grad[i * CH] == 0.0) { return; }
  let at = vec3u(i % P.nx, (i / P.nx) % P.ny, i / (P.nx * P.ny));
  let strides = vec3u(1u, P.nx, P.nx * P.ny);
  let x = params[i * CH];
  var sum = 0.0;
  for (var a = 0u; a < 3u; a++) {
    if (at[a] > 0u) { sum += x - params[(i - strides[a]) * CH]; }
    if (at[a] < dims()[a] - 1u) { sum += x - params[(i + strides[a]) * CH]; }
  }
  grad[i * CH] += P.tv * sum;
}

@compute @workgroup_size(64)
fn adam(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = id.x + id.y * groups.x * 64u;
  if (i >= P.vertices * CH) { return; }
  let g = grad[i];
  if (g == 0.0) { return; }
  let m = P.beta1 * adam_m[i] + (1.0 - P.beta1) * g;
  let v = P.beta2 * adam_v[i] + (1.0 - P.beta2) * g * g;
  adam_m[i] = m;
  adam_v[i] = v;
  params[i] -= P.lr * (m / P.c1) / (sqrt(v / P.c2) + P.eps);
  grad[i] = 0.0;
}

/** The vertex range [lo, hi] around occupancy cell c on axis a (a bound on what interpolation inside reaches). */
fn vertex_range(c: u32, a: u32) -> vec2u {
  let n = f32(dims()[a] - 1u);
  let lo = max(0.0, floor(f32(c) * P.occ_cell / extent()[a] * n - 1e-3));
  let hi = min(n, ceil(f32(c + 1u) * P.occ_cell / extent()[a] * n + 1e-3));
  return vec2u(u32(lo), u32(hi));
}

@compute @workgroup_size(64)
fn occupancy_bits(@builtin(global_invocation_id) id: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let word = id.x + id.y * groups.x * 64u;
  let cells = P.ocx * P.ocy * P.ocz;
  if (word * 32u >= cells) { return; }
  var bits = 0u;
  for (var b = 0u; b < 32u; b++) {
    let cell = word * 32u + b;
    if (cell >= cells) { break; }
    let c = vec3u(cell % P.ocx, (cell / P.ocx) % P.ocy, cell / (P.ocx * P.ocy));
    let rx = vertex_range(c.x, 0u);
    let ry = vertex_range(c.y, 1u);
    let rz = vertex_range(c.z, 2u);
    var top = -3.0e38;
    for (var z = rz.x; z <= rz.y; z++) {
      for (var y = ry.x; y <= ry.y; y++) {
        for (var x = rx.x; x <= rx.y; x++) { top = max(top, params[(x + P.nx * (y + P.ny * z)) * CH]); }
      }
    }
    if (top > P.raw_min) { bits |= 1u << b; }
  }
  occupancy[word] = bits;
}
