// The activations of our kernels, numbered by the ACT_* constants generated from ACTIVATION in activation.ts
// (prepended with them). `alpha` is leaky ReLU's slope for v < 0. CPU reference: activate() in activation.ts.
// tanh's argument is clamped to ±15, where tanh is ±1 in f32 anyway: some implementations compute it from
// exponentials that overflow to inf/inf = NaN for large arguments.
fn activate(v: f32, act: u32, alpha: f32) -> f32 {
  switch act {
    case ACT_RELU: { return max(v, 0.0); }
    case ACT_SILU: { return v / (1.0 + exp(-v)); }
    case ACT_TANH: { return tanh(clamp(v, -15.0, 15.0)); }
    case ACT_SIGMOID: { return 1.0 / (1.0 + exp(-v)); }
    case ACT_LEAKY: { return select(v * alpha, v, v >= 0.0); }
    case ACT_SIN: { return sin(v); }
    case ACT_COS: { return cos(v); }
    case ACT_GELU: { return 0.5 * v * (1.0 + tanh(clamp(0.7978845608 * (v + 0.044715 * v * v * v), -15.0, 15.0))); }
    case ACT_CLIP: { return clamp(v, -1.0, 1.0); }
    default: { return v; }
  }
}
