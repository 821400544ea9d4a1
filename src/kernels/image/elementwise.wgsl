// Element-wise ops of the image models, on NCHW tensors of up to 4 dimensions.
// `unary`: y = f(a) for f = 0 ReLU, 1 sigmoid, 2 tanh, 3 SiLU (a·sigmoid(a)), 4 identity (a copy), 5 sin,
// 6 cos, 7 leaky ReLU (slope for x < 0 in `alpha`, as f32 bits); binds a and y only.
// `binary`: y = a ∘ b for ∘ = 0 add, 1 sub, 2 mul, 3 div, with numpy-style broadcasting given as strides:
// element (i0, i1, i2, i3) of y reads a at Σ i·sa and b at Σ i·sb (a broadcast dimension has stride 0),
// e.g. a time embedding [N, C, 1, 1] added to feature maps [N, C, H, W]. CPU reference: conv-reference.ts.
struct Params {
  d0: u32, d1: u32, d2: u32, d3: u32,    // y's shape (leading 1s for fewer dimensions)
  sa0: u32, sa1: u32, sa2: u32, sa3: u32,
  sb0: u32, sb1: u32, sb2: u32, sb3: u32,
  op: u32, count: u32, alpha: u32, _pad1: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;

/** Flat index of the gid-th invocation over a 2-D dispatch of 64-wide workgroups (large tensors need y). */
fn flat(gid: vec3<u32>, groups: vec3<u32>) -> u32 {
  return gid.x + gid.y * groups.x * 64u;
}

@compute @workgroup_size(64)
fn unary(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flat(gid, groups);
  if (i >= p.count) { return; }
  let v = a[i];
  switch p.op {
    case 0u: { y[i] = max(v, 0.0); }
    case 1u: { y[i] = 1.0 / (1.0 + exp(-v)); }
    case 2u: { y[i] = tanh(v); }
    case 3u: { y[i] = v / (1.0 + exp(-v)); }
    case 5u: { y[i] = sin(v); }
    case 6u: { y[i] = cos(v); }
    case 7u: { y[i] = select(v * bitcast<f32>(p.alpha), v, v >= 0.0); }
    default: { y[i] = v; }
  }
}

@compute @workgroup_size(64)
fn binary(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flat(gid, groups);
  if (i >= p.count) { return; }
  let i3 = i % p.d3;
  let i2 = (i / p.d3) % p.d2;
  let i1 = (i / (p.d3 * p.d2)) % p.d1;
  let i0 = i / (p.d3 * p.d2 * p.d1);
  let u = a[i0 * p.sa0 + i1 * p.sa1 + i2 * p.sa2 + i3 * p.sa3];
  let v = b[i0 * p.sb0 + i1 * p.sb1 + i2 * p.sb2 + i3 * p.sb3];
  switch p.op {
    case 0u: { y[i] = u + v; }
    case 1u: { y[i] = u - v; }
    case 2u: { y[i] = u * v; }
    default: { y[i] = u / v; }
  }
}
