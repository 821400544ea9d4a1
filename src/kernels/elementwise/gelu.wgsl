// GELU in its tanh form, in place: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), as GPT-2 and our model use
// it. The tanh argument is clamped to ±15, where tanh is ±1 in f32 anyway, so no implementation overflows.
// `Params` is prepended from GELU_PARAMS (elementwise.ts). CPU reference: geluRef in elementwise-reference.ts.
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read_write> x: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = gid.x + gid.y * groups.x * 64u;
  if (i >= p.n) { return; }
  let v = x[i];
  let inner = clamp(0.7978845608028654 * (v + 0.044715 * v * v * v), -15.0, 15.0);
  x[i] = 0.5 * v * (1.0 + tanh(inner));
}
