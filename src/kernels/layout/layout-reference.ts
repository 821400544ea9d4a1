// CPU references of layout.wgsl (upsampling, channel concatenation, transpose) and embedding.wgsl. No DOM.

export function upsampleNearestRef(x: Float32Array, batch: number, channels: number, h: number, w: number, f: number): Float32Array {
  const y = new Float32Array(batch * channels * h * w * f * f);
  for (let nc = 0; nc < batch * channels; nc++) {
    for (let oy = 0; oy < h * f; oy++) {
      for (let ox = 0; ox < w * f; ox++) y[(nc * h * f + oy) * w * f + ox] = x[(nc * h + Math.floor(oy / f)) * w + Math.floor(ox / f)];
    }
  }
  return y;
}

/** Concatenation along channels of tensors [N, C_i, S]. */
export function concatChannelsRef(parts: { x: Float32Array; channels: number }[], batch: number, spatial: number): Float32Array {
  const total = parts.reduce((s, p) => s + p.channels, 0);
  const y = new Float32Array(batch * total * spatial);
  for (let n = 0; n < batch; n++) {
    let offset = 0;
    for (const p of parts) {
      y.set(p.x.subarray(n * p.channels * spatial, (n + 1) * p.channels * spatial), (n * total + offset) * spatial);
      offset += p.channels;
    }
  }
  return y;
}

/** x [B, H, W] → [B, W, H]. */
export function transposeRef(x: Float32Array, B: number, H: number, W: number): Float32Array {
  const y = new Float32Array(B * H * W);
  for (let b = 0; b < B; b++) for (let r = 0; r < H; r++) for (let c = 0; c < W; c++) y[(b * W + c) * H + r] = x[(b * H + r) * W + c];
  return y;
}

export function embeddingRef(ids: ArrayLike<number>, tok: Float32Array, pos: Float32Array, E: number, first: number): Float32Array {
  const x = new Float32Array(ids.length * E);
  for (let t = 0; t < ids.length; t++) {
    for (let e = 0; e < E; e++) x[t * E + e] = tok[ids[t] * E + e] + pos[(first + t) * E + e];
  }
  return x;
}
