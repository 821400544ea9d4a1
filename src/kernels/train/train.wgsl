// The training kernels of the live VAE and GAN (engines/training): a strided matmul that serves a linear
// layer's forward pass and both of its gradient products, the bias gradient, activations and their
// derivatives, BCE-on-logits and squared-error losses, the VAE's reparameterisation and its gradient, Adam,
// the batch gather and a summed statistic. Every tensor is addressed by an element offset into its buffer
// (Params `o*`), so any view of a batch binds whole buffers and needs no 256-byte aligned binding offsets.
// Bindings: 1–3 are read, 4–6 written. CPU references: train-reference.ts (same names, same formulas).

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> in1: array<f32>;
@group(0) @binding(2) var<storage, read> in2: array<f32>;
@group(0) @binding(3) var<storage, read> in3: array<f32>;
@group(0) @binding(4) var<storage, read_write> out1: array<f32>;
@group(0) @binding(5) var<storage, read_write> out2: array<f32>;
@group(0) @binding(6) var<storage, read_write> out3: array<f32>;

// ---- matmul: out1[oc + m·N + n] = Σ_k in1[oa + m·sam + k·sak] · in2[ob + k·sbk + n·sbn] (+ in3[obias + n])
// Forward y = x·wᵀ + b: a = x (K, 1), b = w (1, K), bias. Input gradient dx = dy·w: a = dy (N, 1), b = w (K, 1).
// Weight gradient dw = dyᵀ·x: a = dy (1, N), b = x (K, 1). 16×16 output tiles, 16-deep slices in workgroup memory.
const T: u32 = 16u;
var<workgroup> ta: array<array<f32, 16>, 16>;
var<workgroup> tb: array<array<f32, 16>, 16>;

@compute @workgroup_size(16, 16)
fn matmul(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) l: vec3u) {
  let m = wg.y * T + l.y;
  let n = wg.x * T + l.x;
  var acc = 0.0;
  for (var k0 = 0u; k0 < P.K; k0 += T) {
    // each thread loads one element of each tile: a[m][k0 + l.x] and b[k0 + l.y][n]
    let ka = k0 + l.x;
    let kb = k0 + l.y;
    ta[l.y][l.x] = select(0.0, in1[P.oa + m * P.sam + ka * P.sak], m < P.M && ka < P.K);
    tb[l.y][l.x] = select(0.0, in2[P.ob + kb * P.sbk + n * P.sbn], n < P.N && kb < P.K);
    workgroupBarrier();
    for (var k = 0u; k < T; k++) { acc += ta[l.y][k] * tb[k][l.x]; }
    workgroupBarrier();
  }
  if (m < P.M && n < P.N) {
    if (P.bias != 0u) { acc += in3[P.obias + n]; }
    out1[P.oc + m * P.N + n] = acc;
  }
}

// ---- colsum: out1[oc + n] = Σ_m in1[oa + m·N + n] (a linear layer's bias gradient), one thread per column
@compute @workgroup_size(64)
fn colsum(@builtin(global_invocation_id) g: vec3u) {
  let n = g.x;
  if (n >= P.N) { return; }
  var acc = 0.0;
  for (var m = 0u; m < P.M; m++) { acc += in1[P.oa + m * P.N + n]; }
  out1[P.oc + n] = acc;
}

// ---- act: out1[oc + i] = f(in1[oa + i]); act_grad: out1[oc + i] = in2[ob + i] · f'(in1[oa + i])
fn activation_grad(v: f32, act: u32, alpha: f32) -> f32 {
  switch act {
    case ACT_RELU: { return select(0.0, 1.0, v > 0.0); }
    case ACT_LEAKY: { return select(alpha, 1.0, v >= 0.0); }
    case ACT_SIGMOID: { let s = 1.0 / (1.0 + exp(-v)); return s * (1.0 - s); }
    case ACT_TANH: { let t = tanh(clamp(v, -15.0, 15.0)); return 1.0 - t * t; }
    case ACT_SILU: { let s = 1.0 / (1.0 + exp(-v)); return s * (1.0 + v * (1.0 - s)); }
    case ACT_GELU: {
      let c = 0.7978845608;
      let t = tanh(clamp(c * (v + 0.044715 * v * v * v), -15.0, 15.0));
      return 0.5 * (1.0 + t) + 0.5 * v * (1.0 - t * t) * c * (1.0 + 0.134145 * v * v);
    }
    case ACT_CLIP: { return select(0.0, 1.0, abs(v) < 1.0); }
    default: { return 1.0; }
  }
}

fn flat(g: vec3u, n: vec3u) -> u32 { return g.x + g.y * n.x * 64u; }

@compute @workgroup_size(64)
fn act(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) n: vec3u) {
  let i = flat(g, n);
  if (i >= P.count) { return; }
  out1[P.oc + i] = activate(in1[P.oa + i], P.act, P.alpha);
}

@compute @workgroup_size(64)
fn act_grad(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) n: vec3u) {
  let i = flat(g, n);
  if (i >= P.count) { return; }
  out1[P.oc + i] = in2[P.ob + i] * activation_grad(in1[P.oa + i], P.act, P.alpha);
}

// ---- loss: rows of N logits/outputs in1 against targets in2; gradient scale·(σ(l) − t) or scale·(y − t)
// into out1, each row's loss (Σ softplus(l) − t·l, or ½ Σ (y − t)²) into out2[orow + m]. One workgroup a row.
var<workgroup> partial: array<f32, 64>;

fn softplus(v: f32) -> f32 { return max(v, 0.0) + log(1.0 + exp(-abs(v))); }

fn sum_partial(l: u32) {
  for (var s = 32u; s > 0u; s >>= 1u) {
    workgroupBarrier();
    if (l < s) { partial[l] += partial[l + s]; }
  }
  workgroupBarrier();
}

@compute @workgroup_size(64)
fn loss(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let m = wg.x;
  let l = lid.x;
  var row = 0.0;
  for (var j = l; j < P.N; j += 64u) {
    let v = in1[P.oa + m * P.N + j];
    let t = in2[P.ob + m * P.N + j];
    if (P.kind == LOSS_BCE) {
      row += softplus(v) - t * v;
      out1[P.oc + m * P.N + j] = P.scale * (1.0 / (1.0 + exp(-v)) - t);
    } else {
      let d = v - t;
      row += 0.5 * d * d;
      out1[P.oc + m * P.N + j] = P.scale * d;
    }
  }
  partial[l] = row;
  sum_partial(l);
  if (l == 0u) { out2[P.orow + m] = partial[0]; }
}

// ---- reparam: in1 = enc[M, 2Z] (μ, then log σ², per row), in2 = eps[M, Z]; z into out1, each row's KL of
// N(μ, σ²) from N(0, 1) into out2[orow + m]. One thread a row (Z is small).
@compute @workgroup_size(64)
fn reparam(@builtin(global_invocation_id) g: vec3u) {
  let m = g.x;
  if (m >= P.M) { return; }
  var kl = 0.0;
  for (var i = 0u; i < P.N; i++) {
    let mu = in1[P.oa + m * 2u * P.N + i];
    let logvar = in1[P.oa + m * 2u * P.N + P.N + i];
    out1[P.oc + m * P.N + i] = mu + exp(0.5 * logvar) * in2[P.ob + m * P.N + i];
    kl += -0.5 * (1.0 + logvar - mu * mu - exp(logvar));
  }
  out2[P.orow + m] = kl;
}

// ---- reparam_grad: in1 = enc, in2 = eps, in3 = dz[M, Z]; d enc into out1 (with scale · the KL's gradient)
@compute @workgroup_size(64)
fn reparam_grad(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) n: vec3u) {
  let e = flat(g, n);
  if (e >= P.M * P.N) { return; }
  let m = e / P.N;
  let i = e % P.N;
  let mu = in1[P.oa + m * 2u * P.N + i];
  let logvar = in1[P.oa + m * 2u * P.N + P.N + i];
  let d = in3[P.obias + e];
  out1[P.oc + m * 2u * P.N + i] = d + P.scale * mu;
  out1[P.oc + m * 2u * P.N + P.N + i] = d * in2[P.ob + e] * 0.5 * exp(0.5 * logvar) + P.scale * 0.5 * (exp(logvar) - 1.0);
}

// ---- adam: in1 = gradient; out1 = parameters, out2 = first moment, out3 = second moment. The bias
// corrections c1 = 1 − β₁ᵗ and c2 = 1 − β₂ᵗ come from the host (the step number t is the trainer's).
@compute @workgroup_size(64)
fn adam(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) n: vec3u) {
  let i = flat(g, n);
  if (i >= P.count) { return; }
  let gr = in1[i];
  let m = P.beta1 * out2[i] + (1.0 - P.beta1) * gr;
  let v = P.beta2 * out3[i] + (1.0 - P.beta2) * gr * gr;
  out2[i] = m;
  out3[i] = v;
  out1[i] -= P.lr * (m / P.c1) / (sqrt(v / P.c2) + P.eps);
}

// ---- gather: out1[oc + r·N + c] = in1[oa + idx·N + c] with idx = in2[ob + r] (a float holding an integer)
@compute @workgroup_size(64)
fn gather(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) n: vec3u) {
  let e = flat(g, n);
  if (e >= P.M * P.N) { return; }
  let r = e / P.N;
  let c = e % P.N;
  let idx = u32(in2[P.ob + r]);
  out1[P.oc + e] = in1[P.oa + idx * P.N + c];
}

// ---- stat: out1[oc] = scale · Σ f(in1[oa + i]) over count values, f = identity or σ (P.act: ACT_NONE or
// ACT_SIGMOID, through activate). One workgroup.
@compute @workgroup_size(64)
fn stat(@builtin(local_invocation_id) lid: vec3u) {
  let l = lid.x;
  var s = 0.0;
  for (var i = l; i < P.count; i += 64u) { s += activate(in1[P.oa + i], P.act, 0.0); }
  partial[l] = s;
  sum_partial(l);
  if (l == 0u) { out1[P.oc] = P.scale * partial[0]; }
}

// ---- add: out1[oc + i] = in1[oa + i] + in2[ob + i] (a residual or a time embedding joining a layer's output;
// also how the tape sums two gradients of one value)
@compute @workgroup_size(64)
fn add(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) n: vec3u) {
  let i = flat(g, n);
  if (i >= P.count) { return; }
  out1[P.oc + i] = in1[P.oa + i] + in2[P.ob + i];
}

// ---- mix: out1[oc + r·N + j] = a·in1[oa + r·N + j] + b·in2[ob + r·N + j] + c, with (a, b, c) = in3[obias + 3r ..]:
// per-row coefficients (a diffusion model's noising x_t = √ᾱ·x₀ + √(1−ᾱ)·ε, a DDIM step, rescaling)
@compute @workgroup_size(64)
fn mix(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) n: vec3u) {
  let e = flat(g, n);
  if (e >= P.M * P.N) { return; }
  let r = e / P.N;
  let k = P.obias + 3u * r;
  out1[P.oc + e] = in3[k] * in1[P.oa + e] + in3[k + 1u] * in2[P.ob + e] + in3[k + 2u];
}

// ---- sinusoid: a sinusoidal embedding of N values (N even) per row of positions or time steps in1[oa + r]:
// out1[r, j] = sin(t·ω_j) and out1[r, N/2 + j] = cos(t·ω_j), ω_j = scale^(−j/(N/2)) (scale: the longest period)
@compute @workgroup_size(64)
fn sinusoid(@builtin(global_invocation_id) g: vec3u, @builtin(num_workgroups) n: vec3u) {
  let e = flat(g, n);
  let half = P.N / 2u;
  if (e >= P.M * half) { return; }
  let r = e / half;
  let j = e % half;
  let a = in1[P.oa + r] * exp(-log(P.scale) * f32(j) / f32(half));
  out1[P.oc + r * P.N + j] = sin(a);
  out1[P.oc + r * P.N + half + j] = cos(a);
}
