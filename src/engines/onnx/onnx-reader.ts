// Reads the weights (graph initializers) and the graph (nodes, attributes, inputs, outputs) out of an .onnx
// file: a minimal protobuf decoder for the few fields that hold them. No DOM, no dependencies. (protobufjs
// plus the ONNX schema would do the same in ~100 KB more of site; we need nine message fields.)
//
// ModelProto.graph = 7. GraphProto: node = 1, initializer = 5, input = 11, output = 12. NodeProto: input = 1,
// output = 2, name = 3, op_type = 4, attribute = 5. AttributeProto: name = 1, f = 2, i = 3, s = 4, t = 5,
// floats = 7, ints = 8. TensorProto: dims = 1, data_type = 2, float_data = 4, int32_data = 5, int64_data = 7,
// name = 8, raw_data = 9, data_location = 14 (1 = external data, not supported here). ValueInfoProto:
// name = 1, type = 2 → TypeProto.tensor_type = 1 → elem_type = 1, shape = 2 → dim = 1 → dim_value = 1,
// dim_param = 2.
import { widenHalves } from './float16';
import { OnnxFormatError, Reader } from './protobuf';

export { OnnxFormatError };

/** A weight the graph reads: stored float16 tensors come widened, under the name of the Cast that widens them. */
export interface Initializer {
  name: string;
  dims: number[];
  /** ONNX TensorProto.DataType: 1 = float32, 7 = int64, … */
  dataType: number;
  /** float32 values (dataType 1, or 10 = float16 widened to float32); undefined for other types. */
  data?: Float32Array;
  /** Integer values (dataType 6 = int32, 7 = int64), e.g. the target shape of a Reshape. */
  ints?: number[];
}

function readTensor(bytes: Uint8Array, start: number, stop: number): Initializer {
  const r = new Reader(bytes, stop);
  r.pos = start;
  const t: Initializer = { name: '', dims: [], dataType: 0 };
  let raw: Uint8Array | undefined;
  let packedFloats: Uint8Array | undefined;
  let external = false;
  const listed: number[] = [];
  while (r.pos < stop) {
    const f = r.field();
    if ((f.no === 5 || f.no === 7) && (f.wire === 0 || f.wire === 2)) for (const v of ints(bytes, f)) listed.push(v);
    if (f.no === 1 && f.wire === 0) t.dims.push(f.value);
    else if (f.no === 1 && f.wire === 2) {
      const inner = new Reader(bytes, f.stop);
      inner.pos = f.start;
      while (inner.pos < f.stop) t.dims.push(inner.varint());
    } else if (f.no === 2) t.dataType = f.value;
    else if (f.no === 4 && f.wire === 2) packedFloats = bytes.subarray(f.start, f.stop);
    else if (f.no === 8) t.name = new TextDecoder().decode(bytes.subarray(f.start, f.stop));
    else if (f.no === 9) raw = bytes.subarray(f.start, f.stop);
    else if (f.no === 14 && f.value === 1) external = true;
  }
  if (external) throw new OnnxFormatError(`initializer ${t.name} keeps its data in an external file (not supported)`);
  if (t.dataType === 1) {
    const src = raw ?? packedFloats ?? new Uint8Array(0);
    const count = t.dims.reduce((a, b) => a * b, 1);
    if (src.byteLength !== count * 4) throw new OnnxFormatError(`initializer ${t.name}: ${src.byteLength} bytes for ${count} floats`);
    // Copy: the source may not be 4-byte aligned inside the file.
    t.data = new Float32Array(new Uint8Array(src).buffer);
  } else if (t.dataType === 6 || t.dataType === 7) {
    if (raw) {
      const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      const size = t.dataType === 7 ? 8 : 4;
      t.ints = Array.from({ length: raw.byteLength / size }, (_, i) =>
        size === 8 ? Number(view.getBigInt64(i * 8, true)) : view.getInt32(i * 4, true),
      );
    } else t.ints = listed;
  } else if (t.dataType === 10) {
    // float16 (training/float16.py stores weights so): raw little-endian halves, or one per int32_data entry
    const count = t.dims.reduce((a, b) => a * b, 1);
    const halves = raw ? new Uint16Array(new Uint8Array(raw).buffer, 0, raw.byteLength >> 1) : Uint16Array.from(listed);
    if (halves.length !== count || (raw && raw.byteLength !== count * 2))
      throw new OnnxFormatError(`initializer ${t.name}: ${raw?.byteLength ?? listed.length * 2} bytes for ${count} halves`);
    t.data = widenHalves(halves);
  }
  return t;
}

/** Every initializer of the model's main graph, by name. */
export function readInitializers(bytes: Uint8Array): Map<string, Initializer> {
  return readGraph(bytes).initializers;
}

/** The integers of a repeated int field (packed or one by one), signed 64-bit. */
function ints(bytes: Uint8Array, f: { wire: number; start: number; stop: number }): number[] {
  const r = new Reader(bytes, f.stop);
  r.pos = f.start;
  if (f.wire === 0) return [r.int64()];
  const out: number[] = [];
  while (r.pos < f.stop) out.push(r.int64());
  return out;
}

export type AttributeValue = number | number[] | string | Initializer;

export interface GraphNode {
  name: string;
  op: string;
  inputs: string[];
  outputs: string[];
  attributes: Record<string, AttributeValue>;
}

export interface GraphValue {
  name: string;
  /** Dimensions; a symbolic one (e.g. "batch") as its name. */
  shape: (number | string)[];
}

export interface OnnxGraph {
  nodes: GraphNode[];
  initializers: Map<string, Initializer>;
  inputs: GraphValue[];
  outputs: GraphValue[];
}

const text = (bytes: Uint8Array, f: { start: number; stop: number }) => new TextDecoder().decode(bytes.subarray(f.start, f.stop));

function readAttribute(bytes: Uint8Array, start: number, stop: number): [string, AttributeValue] {
  const r = new Reader(bytes, stop);
  r.pos = start;
  let name = '';
  let value: AttributeValue = 0;
  const list: number[] = [];
  let isList = false;
  while (r.pos < stop) {
    const f = r.field();
    if (f.no === 1) name = text(bytes, f);
    else if (f.no === 2 && f.wire === 5) value = new DataView(bytes.buffer, bytes.byteOffset + f.start, 4).getFloat32(0, true);
    else if (f.no === 3 && f.wire === 0) value = ints(bytes, f)[0];
    else if (f.no === 4) value = text(bytes, f);
    else if (f.no === 5) value = readTensor(bytes, f.start, f.stop);
    else if (f.no === 7) {
      isList = true;
      const at = (i: number) => new DataView(bytes.buffer, bytes.byteOffset + i, 4).getFloat32(0, true);
      if (f.wire === 5) list.push(at(f.start));
      else for (let i = f.start; i < f.stop; i += 4) list.push(at(i));
    } else if (f.no === 8) {
      isList = true;
      list.push(...ints(bytes, f));
    }
  }
  return [name, isList ? list : value];
}

function readNode(bytes: Uint8Array, start: number, stop: number): GraphNode {
  const r = new Reader(bytes, stop);
  r.pos = start;
  const node: GraphNode = { name: '', op: '', inputs: [], outputs: [], attributes: {} };
  while (r.pos < stop) {
    const f = r.field();
    if (f.no === 1) node.inputs.push(text(bytes, f));
    else if (f.no === 2) node.outputs.push(text(bytes, f));
    else if (f.no === 3) node.name = text(bytes, f);
    else if (f.no === 4) node.op = text(bytes, f);
    else if (f.no === 5 && f.wire === 2) {
      const [k, v] = readAttribute(bytes, f.start, f.stop);
      node.attributes[k] = v;
    }
  }
  return node;
}

function readValueInfo(bytes: Uint8Array, start: number, stop: number): GraphValue {
  const value: GraphValue = { name: '', shape: [] };
  const walk = (s: number, e: number, path: number[]) => {
    const r = new Reader(bytes, e);
    r.pos = s;
    while (r.pos < e) {
      const f = r.field();
      const at = [...path, f.no];
      const key = at.join('.');
      if (key === '1' && f.wire === 2) value.name = text(bytes, f);
      else if (key === '2.1.2.1.1' && f.wire === 0) value.shape.push(f.value);
      else if (key === '2.1.2.1.2') value.shape.push(text(bytes, f));
      else if (f.wire === 2 && ['2', '2.1', '2.1.2', '2.1.2.1'].includes(key)) walk(f.start, f.stop, at);
    }
  };
  walk(start, stop, []);
  return value;
}

/** The main graph of an ONNX model: nodes in file order (ONNX keeps them topologically sorted), weights, I/O. */
export function readGraph(bytes: Uint8Array): OnnxGraph {
  const model = new Reader(bytes);
  const graph: OnnxGraph = { nodes: [], initializers: new Map(), inputs: [], outputs: [] };
  let sawGraph = false;
  while (model.pos < bytes.length) {
    const f = model.field();
    if (f.no !== 7 || f.wire !== 2) continue;
    sawGraph = true;
    const g = new Reader(bytes, f.stop);
    g.pos = f.start;
    while (g.pos < f.stop) {
      const e = g.field();
      if (e.wire !== 2) continue;
      if (e.no === 1) graph.nodes.push(readNode(bytes, e.start, e.stop));
      else if (e.no === 5) {
        const t = readTensor(bytes, e.start, e.stop);
        graph.initializers.set(t.name, t);
      } else if (e.no === 11) graph.inputs.push(readValueInfo(bytes, e.start, e.stop));
      else if (e.no === 12) graph.outputs.push(readValueInfo(bytes, e.start, e.stop));
    }
  }
  if (!sawGraph) throw new OnnxFormatError('no graph in this file: is it an ONNX model?');
  graph.inputs = graph.inputs.filter((i) => !graph.initializers.has(i.name));
  foldWideningCasts(graph);
  return graph;
}

const FLOAT = 1;

/**
 * Folds each Cast of a float initializer to float32 into a float32 initializer under the Cast's output name,
 * in place. The shipped files store their large weights as float16 behind such a Cast (training/float16.py),
 * so our engines see every weight under the name the graph's ops read, already widened (readTensor widens
 * float16 exactly). A stored tensor that nothing else reads goes with its Cast.
 */
function foldWideningCasts(graph: OnnxGraph): void {
  const folded = new Set<string>();
  graph.nodes = graph.nodes.filter((n) => {
    const source = n.op === 'Cast' && n.inputs.length === 1 ? graph.initializers.get(n.inputs[0]) : undefined;
    if (!source?.data || n.attributes.to !== FLOAT) return true;
    graph.initializers.set(n.outputs[0], { name: n.outputs[0], dims: source.dims, dataType: FLOAT, data: source.data });
    folded.add(source.name);
    return false;
  });
  const stillRead = new Set(graph.nodes.flatMap((n) => n.inputs));
  for (const name of folded) if (!stillRead.has(name)) graph.initializers.delete(name);
}

/** The model's metadata_props (ModelProto field 14: key = 1, value = 2), by key. */
export function readMetadata(bytes: Uint8Array): Map<string, string> {
  const out = new Map<string, string>();
  const model = new Reader(bytes);
  while (model.pos < bytes.length) {
    const f = model.field();
    if (f.no !== 14 || f.wire !== 2) continue;
    const entry = new Reader(bytes, f.stop);
    entry.pos = f.start;
    let [k, v] = ['', ''];
    while (entry.pos < f.stop) {
      const e = entry.field();
      if (e.no === 1 && e.wire === 2) k = text(bytes, e);
      else if (e.no === 2 && e.wire === 2) v = text(bytes, e);
    }
    out.set(k, v);
  }
  return out;
}
