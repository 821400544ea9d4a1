// Element-wise ops of the image models, on NCHW tensors of up to 4 dimensions.
// `unary`: y = activate(a) for the activation `op` (activation.wgsl: identity, ReLU, SiLU, tanh, sigmoid, leaky
// ReLU with slope `alpha`, sin, cos); binds a and y only.
// `binary`: y = a ∘ b for ∘ = `op` (BIN_ADD, BIN_SUB, BIN_MUL, BIN_DIV), with numpy-style broadcasting given as strides:
// element (i0, i1, i2, i3) of y reads a at Σ i·sa and b at Σ i·sb (a broadcast dimension has stride 0),
// e.g. a time embedding [N, C, 1, 1] added to feature maps [N, C, H, W]. CPU reference: elementwise-reference.ts.
// `Params`, the BIN_* and ACT_* constants and `activate` are prepended from ELEMENTWISE_PARAMS (elementwise.ts).

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
  y[i] = activate(v, p.op, p.alpha);
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
    case BIN_ADD: { y[i] = u + v; }
    case BIN_SUB: { y[i] = u - v; }
    case BIN_MUL: { y[i] = u * v; }
    default: { y[i] = u / v; }
  }
}
