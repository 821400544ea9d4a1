// Data movement of the image models: nearest-neighbour upsampling by an integer factor; concatenation along
// channels (each input copied into its channel range of the output) and its inverse, a channel slice; rows
// of a table picked by index (an embedding); a batched 2-D transpose. NCHW. CPU reference: layout-reference.ts.
// `Params` is prepended from LAYOUT_PARAMS (layout.ts).
@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;

fn flat(gid: vec3<u32>, groups: vec3<u32>) -> u32 {
  return gid.x + gid.y * groups.x * 64u;
}

// One thread per output element: y[n, c, oy, ox] = x[n, c, oy / f, ox / f].
@compute @workgroup_size(64)
fn upsample_nearest(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flat(gid, groups);
  if (i >= p.count) { return; }
  let ow = p.w * p.factor;
  let oh = p.h * p.factor;
  let ox = i % ow;
  let oy = (i / ow) % oh;
  let nc = i / (ow * oh);
  y[i] = x[(nc * p.h + oy / p.factor) * p.w + ox / p.factor];
}

/** Where element i of a [batch, channels, h·w] tensor sits inside the one with out_channels channels,
 * starting at channel_offset (concat writes there, split reads from there). */
fn wide_index(i: u32) -> u32 {
  let hw = p.h * p.w;
  let c = (i / hw) % p.channels;
  let n = i / (hw * p.channels);
  return (n * p.out_channels + p.channel_offset + c) * hw + i % hw;
}

// One thread per input element: y[n, channel_offset + c, …] = x[n, c, …].
@compute @workgroup_size(64)
fn concat_channels(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flat(gid, groups);
  if (i >= p.count) { return; }
  y[wide_index(i)] = x[i];
}

// One thread per output element: y[n, c, …] = x[n, channel_offset + c, …] (x has out_channels channels).
@compute @workgroup_size(64)
fn split_channels(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flat(gid, groups);
  if (i >= p.count) { return; }
  y[i] = x[wide_index(i)];
}

// Rows by index: y[r, j] = x[ids[r] · w + j] for r < batch, j < w; the ids come first in x (as floats),
// the table starts at element channel_offset.
@compute @workgroup_size(64)
fn gather_rows(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flat(gid, groups);
  if (i >= p.count) { return; }
  let r = i / p.w;
  let j = i % p.w;
  let id = u32(x[r]);
  y[i] = x[p.channel_offset + id * p.w + j];
}

// y[b, c, r] = x[b, r, c] for x [batch, h, w] (h rows, w columns).
@compute @workgroup_size(64)
fn transpose(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let i = flat(gid, groups);
  if (i >= p.count) { return; }
  let r = i % p.h;
  let c = (i / p.h) % p.w;
  let b = i / (p.h * p.w);
  y[i] = x[(b * p.h + r) * p.w + c];
}
