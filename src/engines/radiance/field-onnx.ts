// A radiance field trained on #/train-nerf as the files the shipped one comes in: nerf-field.onnx with the
// shipped field.onnx's inputs and outputs (points, unit directions → rgb, sigma per world unit; 0 outside the
// box), the same initializer names the demo reads (`density`, `features`, `mlp.*`), and the occupancy bits in
// nerf-occupancy.bin. The graph computes what training/nerf.py's FieldExport computes and fieldRef checks:
//
//   u = (points − box_min) / extent;   inside = all(0 ≤ u ≤ 1)
//   sigma = softplus(trilinear(density, u)) / voxel · inside
//   rgb = sigmoid(MLP([trilinear(features, u), basis(dirs)]))   basis: 1, x, y, z, xy, yz, xz, x² − y², 3z² − 1
//
// trilinear: grid coordinates clamped to [0, dims − 1 − 1e-4], the eight corners gathered by flat index
// (x fastest) and weighted by their fractional distances. Float32 throughout. No DOM.
import { GraphBuilder, writeModel } from '../onnx/onnx-writer';
import { readField } from '../nerf/nerf-field';
import { EXPORT_FORMAT, type ExportedModel, exportMetadata, type FieldExportInfo } from '../training/export-info';
import type { Vec3 } from '../../kernels/volume/volume-reference';
import type { TrainedField } from './radiance-export';

/** Trilinear interpolation of `table` [nx·ny·nz, channels] at u ∈ [0, 1]³ (`u` [N, 3]): [N, channels]. */
function trilinear(g: GraphBuilder, name: string, dims: Vec3, u: string): string {
  const scaled = g.op('Mul', [
    u,
    g.floats(
      `${name}.cells`,
      dims.map((d) => d - 1),
    ),
  ]);
  const clamped = g.op('Min', [
    g.op('Max', [scaled, g.floats(`${name}.low`, [0, 0, 0])]),
    g.floats(
      `${name}.high`,
      dims.map((d) => d - 1 - 1e-4),
    ),
  ]);
  const base = g.op('Floor', [clamped]);
  const f = g.op('Sub', [clamped, base]);
  const rest = g.op('Sub', [g.floats(`${name}.one`, [1], []), f]);
  const strides = g.floats(`${name}.strides`, [1, dims[0], dims[0] * dims[1]]);
  const flat = g.op('Cast', [g.op('ReduceSum', [g.op('Mul', [base, strides]), g.ints(`${name}.axis`, [1])], { keepdims: 0 })], { to: 7 });
  const weights = [0, 1, 2].map((a) => {
    const index = g.ints(`${name}.axis.${a}`, [a]);
    return [rest, f].map((t) => g.op('Gather', [t, index], { axis: 1 })); // [N, 1]: 1 − f and f along axis a
  });
  let sum: string | undefined;
  for (let k = 0; k < 8; k++) {
    const o = [k & 1, (k >> 1) & 1, k >> 2];
    const w = g.op('Mul', [g.op('Mul', [weights[0]![o[0]!]!, weights[1]![o[1]!]!]), weights[2]![o[2]!]!]);
    const offset = g.ints(`${name}.corner.${k}`, [o[0]! + dims[0] * (o[1]! + dims[1] * o[2]!)], []);
    const value = g.op('Gather', [name, g.op('Add', [flat, offset])], { axis: 0 });
    const term = g.op('Mul', [w, value]);
    sum = sum === undefined ? term : g.op('Add', [sum, term]);
  }
  return sum!;
}

/** The degree-2 polynomial of the direction the colour MLP reads: [N, 9]. */
function directionBasis(g: GraphBuilder): string {
  const [x, y, z] = [0, 1, 2].map((a) => g.op('Gather', ['dirs', g.ints(`dirs.axis.${a}`, [a])], { axis: 1 }));
  const ones = g.op('Expand', [g.floats('basis.one', [1], [1, 1]), g.op('Shape', [x!])]);
  const mul = (a: string, b: string) => g.op('Mul', [a, b]);
  const zz = g.op('Sub', [mul(g.floats('basis.three', [3], []), mul(z!, z!)), g.floats('basis.unit', [1], [])]);
  const terms = [ones, x!, y!, z!, mul(x!, y!), mul(y!, z!), mul(x!, z!), g.op('Sub', [mul(x!, x!), mul(y!, y!)]), zz];
  return g.op('Concat', terms, { axis: 1 });
}

/** The colour MLP's weights as field.onnx names them (torch's Sequential: layers 0, 2 and 4). */
function mlpTensors(g: GraphBuilder, mlp: Float32Array, inputs: number, hidden: number): void {
  const shapes: [string, number[]][] = [
    ['mlp.0.weight', [hidden, inputs]],
    ['mlp.0.bias', [hidden]],
    ['mlp.2.weight', [hidden, hidden]],
    ['mlp.2.bias', [hidden]],
    ['mlp.4.weight', [3, hidden]],
    ['mlp.4.bias', [3]],
  ];
  let at = 0;
  for (const [name, dims] of shapes) {
    const n = dims.reduce((a, b) => a * b, 1);
    g.floats(name, mlp.subarray(at, at + n), dims);
    at += n;
  }
  if (at !== mlp.length) throw new Error(`the colour MLP has ${mlp.length} numbers, its sizes want ${at}`);
}

/** The field as the bytes of an .onnx file (`metadata`: key → value pairs stored in it). */
export function fieldGraph({ meta, field }: TrainedField, metadata: Record<string, string>): Uint8Array {
  const g = new GraphBuilder();
  g.floats('density', field.density, [field.density.length, 1]);
  g.floats('features', field.features, [field.features.length / field.channels, field.channels]);
  const inputs = field.channels + 9;
  mlpTensors(g, field.mlp, inputs, field.hidden);
  const extent = field.cells.map((c) => c * field.cell);
  const u = g.op('Div', [g.op('Sub', ['points', g.floats('box.min', field.boxMin)]), g.floats('box.extent', extent)]);
  const within = g.op('And', [g.op('GreaterOrEqual', [u, g.floats('zero', [0], [])]), g.op('LessOrEqual', [u, g.floats('one', [1], [])])]);
  const inside = g.op('ReduceMin', [g.op('Cast', [within], { to: 1 })], { axes: { ints: [1] }, keepdims: 1 }); // [N, 1]
  const softplus = g.op('Softplus', [trilinear(g, 'density', field.densityDims, u)]);
  g.op('Mul', [g.op('Div', [softplus, g.floats('voxel', [field.voxel], [])]), inside], undefined, 'sigma');
  const x = g.op('Concat', [trilinear(g, 'features', field.featureDims, u), directionBasis(g)], { axis: 1 });
  const layer = (v: string, i: number) => g.op('Gemm', [v, `mlp.${i}.weight`, `mlp.${i}.bias`], { transB: 1 });
  const h = g.op('Relu', [layer(g.op('Relu', [layer(x, 0)]), 2)]);
  g.op('Sigmoid', [layer(h, 4)], undefined, 'rgb');
  return writeModel({
    name: `radiance field (trained in the Generative Models Playground; box ${meta.box_min} to ${meta.box_max})`,
    nodes: g.nodes,
    initializers: g.initializers,
    inputs: [
      { name: 'points', shape: ['batch', 3] },
      { name: 'dirs', shape: ['batch', 3] },
    ],
    outputs: [
      { name: 'rgb', shape: ['batch', 3] },
      { name: 'sigma', shape: ['batch', 1] },
    ],
    metadata,
  });
}

/** The trained field's files (the graph, and the occupancy bits the renderer skips empty space by). */
export function exportFieldModel(
  trained: TrainedField,
  about: Pick<FieldExportInfo, 'step' | 'data' | 'figures' | 'settings' | 'photos'>,
): ExportedModel<FieldExportInfo> {
  const f = trained.field;
  const info: FieldExportInfo = {
    format: EXPORT_FORMAT,
    model: 'nerf',
    ...about,
    sizes: { grid: [...f.densityDims], channels: f.channels, hidden: f.hidden },
    scene: trained.meta,
    exportedAt: new Date().toISOString(),
  };
  const occupancy = new Uint8Array(f.occupancy.buffer, f.occupancy.byteOffset, f.occupancy.byteLength).slice();
  return {
    files: [
      { part: 'field', name: 'nerf-field.onnx', bytes: fieldGraph(trained, exportMetadata(info)) },
      { part: 'occupancy', name: 'nerf-occupancy.bin', bytes: occupancy },
    ],
    info,
  };
}

/** A field read back from its exported files, as the demo shows it. */
export function importedField(files: { field?: Uint8Array; occupancy?: Uint8Array }, info: FieldExportInfo): TrainedField {
  if (!files.field || !files.occupancy) throw new Error('the field needs both nerf-field.onnx and nerf-occupancy.bin');
  return { meta: info.scene, field: readField(info.scene, files.field, files.occupancy) };
}
