// A trained grid as the NeRF demo reads a field: nerf.json's sizes and the tables readField makes of field.onnx
// (density grid, feature grid, colour MLP, occupancy bits). Our grid has the density and the colour logits at
// the same vertices, so the density and feature grids share their sizes, and the MLP only passes the three
// logits through: ReLU(x) − ReLU(−x) = x, hidden width 6, the direction's inputs weighted 0. The demo then
// renders, orbits and inspects the field that was trained (its renderer gives no colour to samples of weight
// below WEIGHT_THRESHOLD, which training composites: far below what a pixel shows). No DOM.
import { CH, type RadianceGrid, type RadianceState } from '../../kernels/radiance/radiance-reference';
import type { FieldData } from '../../kernels/volume/volume-renderer';
import type { NerfMeta } from '../nerf/nerf-field';

/** Hidden width of the pass-through MLP: a + and a − unit per colour channel. */
const HIDDEN = 6;
const CHANNELS = 3;
/** The demo's renderer colours samples of at least this weight (the shipped field's 1e-3 would darken thin haze). */
const WEIGHT_THRESHOLD = 1e-6;

/** The pass-through MLP in field.onnx's layout (torch Linear: weight [out, in], then bias; three layers). */
export function passThroughMlp(): Float32Array {
  const inputs = CHANNELS + 9;
  const w0 = new Float32Array(HIDDEN * inputs);
  const w1 = new Float32Array(HIDDEN * HIDDEN);
  const w2 = new Float32Array(3 * HIDDEN);
  for (let c = 0; c < CHANNELS; c++) {
    w0[2 * c * inputs + c] = 1;
    w0[(2 * c + 1) * inputs + c] = -1;
    w2[c * HIDDEN + 2 * c] = 1;
    w2[c * HIDDEN + 2 * c + 1] = -1;
  }
  for (let k = 0; k < HIDDEN; k++) w1[k * HIDDEN + k] = 1;
  const parts = [w0, new Float32Array(HIDDEN), w1, new Float32Array(HIDDEN), w2, new Float32Array(3)];
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** What the demo needs to show a trained field: its nerf.json and its tables. */
export interface TrainedField {
  meta: NerfMeta;
  field: FieldData;
}

/**
 * The field of `st` on grid `g`, described like the shipped one (`shipped` gives the camera and the rules the
 * demo reads; `views` the training photos used, for its nearest-photo panel: none for a scene of your own).
 */
export function exportField(g: RadianceGrid, st: RadianceState, shipped: NerfMeta, views: NerfMeta['train_views']): TrainedField {
  const n = g.dims[0] * g.dims[1] * g.dims[2];
  const density = new Float32Array(n);
  const features = new Float32Array(n * CHANNELS);
  for (let v = 0; v < n; v++) {
    density[v] = st.params[v * CH];
    for (let c = 0; c < CHANNELS; c++) features[v * CHANNELS + c] = st.params[v * CH + 1 + c];
  }
  const meta: NerfMeta = {
    ...shipped,
    box_min: g.boxMin,
    box_max: [0, 1, 2].map((a) => g.boxMin[a] + g.extent[a]) as NerfMeta['box_max'],
    cell: g.occCell,
    cells: g.occCells,
    density_dims: g.dims,
    feature_dims: g.dims,
    voxel: g.voxel,
    channels: CHANNELS,
    hidden: HIDDEN,
    step_ratio: g.stepRatio,
    weight_threshold: WEIGHT_THRESHOLD,
    stop_transmittance: g.stopTransmittance,
    background: g.background,
    train_views: [...views],
  };
  const field: FieldData = {
    boxMin: g.boxMin,
    cell: g.occCell,
    cells: g.occCells,
    voxel: g.voxel,
    stepRatio: g.stepRatio,
    occupancy: st.occupancy.slice(),
    densityDims: g.dims,
    featureDims: g.dims,
    channels: CHANNELS,
    hidden: HIDDEN,
    weightThreshold: WEIGHT_THRESHOLD,
    stopTransmittance: g.stopTransmittance,
    background: g.background,
    density,
    features,
    mlp: passThroughMlp(),
  };
  return { meta, field };
}
