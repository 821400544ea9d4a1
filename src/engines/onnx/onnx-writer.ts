// Writes a small ONNX model (opset 17, IR version 8) from nodes and float32/int64 tensors: the inverse of the
// reader for the fields a model trained in the tab needs. What it writes is a standard file: onnx's checker
// passes on it and stock onnxruntime opens it (src/engines/training/model-export.test.ts).
//
// ModelProto: ir_version = 1, producer_name = 2, producer_version = 3, doc_string = 6, graph = 7,
// opset_import = 8 (domain = 1, version = 2), metadata_props = 14 (key = 1, value = 2). GraphProto: node = 1,
// name = 2, initializer = 5, input = 11, output = 12. NodeProto: input = 1, output = 2, name = 3,
// op_type = 4, attribute = 5. AttributeProto: name = 1, f = 2, i = 3, s = 4, floats = 7, ints = 8, type = 20
// (1 FLOAT, 2 INT, 3 STRING, 6 FLOATS, 7 INTS). TensorProto: dims = 1, data_type = 2 (1 float32, 7 int64),
// name = 8, raw_data = 9. ValueInfoProto: name = 1, type = 2 → tensor_type = 1 → elem_type = 1, shape = 2 →
// dim = 1 → dim_value = 1 | dim_param = 2.
import { concat, lengthDelimited, varintBytes } from './protobuf';

export type AttributeInput = number | string | { ints: number[] } | { floats: number[] } | { float: number };

export interface NodeInput {
  op: string;
  inputs: string[];
  outputs: string[];
  /** integers as INT, strings as STRING; wrap floats and lists to say which they are */
  attributes?: Record<string, AttributeInput>;
}

export interface TensorInput {
  name: string;
  dims: number[];
  data: Float32Array | BigInt64Array;
}

export interface ValueInput {
  name: string;
  /** 1 float32 (default), 7 int64 */
  type?: 1 | 7;
  /** a symbolic dimension (e.g. "batch") as its name */
  shape: (number | string)[];
}

export interface ModelInput {
  name: string;
  nodes: NodeInput[];
  initializers: TensorInput[];
  inputs: ValueInput[];
  outputs: ValueInput[];
  /** key → value pairs stored in the file's metadata_props (what it is, how it was trained) */
  metadata?: Record<string, string>;
  doc?: string;
}

const utf8 = (s: string) => new TextEncoder().encode(s);
const key = (no: number, wire: number) => varintBytes(no * 8 + wire);

/** A signed 64-bit integer as a varint (negative numbers take ten bytes, two's complement). */
export function int64Bytes(n: number): Uint8Array {
  if (n >= 0) return varintBytes(n);
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return Uint8Array.from(out);
}

const intField = (no: number, n: number) => [key(no, 0), int64Bytes(n)];
const textField = (no: number, s: string) => lengthDelimited(no, [utf8(s)]);

function tensor(t: TensorInput): Uint8Array[] {
  const count = t.dims.reduce((a, b) => a * b, 1);
  if (t.data.length !== count) throw new Error(`tensor ${t.name}: ${t.data.length} values for dims [${t.dims}]`);
  const raw = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength).slice();
  return [
    ...t.dims.flatMap((d) => intField(1, d)),
    ...intField(2, t.data instanceof BigInt64Array ? 7 : 1),
    ...textField(8, t.name),
    ...lengthDelimited(9, [raw]),
  ];
}

function attribute(name: string, a: AttributeInput): Uint8Array[] {
  const parts = textField(1, name);
  if (typeof a === 'number') {
    if (!Number.isInteger(a)) throw new Error(`attribute ${name}: ${a} is not an integer (wrap floats as { float })`);
    return [...parts, ...intField(3, a), ...intField(20, 2)];
  }
  if (typeof a === 'string') return [...parts, ...textField(4, a), ...intField(20, 3)];
  if ('float' in a) {
    const f = new Uint8Array(Float32Array.of(a.float).buffer);
    return [...parts, key(2, 5), f, ...intField(20, 1)];
  }
  if ('ints' in a) return [...parts, ...lengthDelimited(8, a.ints.map(int64Bytes)), ...intField(20, 7)];
  return [...parts, ...lengthDelimited(7, [new Uint8Array(Float32Array.from(a.floats).buffer)]), ...intField(20, 6)];
}

function node(n: NodeInput, index: number): Uint8Array[] {
  return [
    ...n.inputs.flatMap((i) => textField(1, i)),
    ...n.outputs.flatMap((o) => textField(2, o)),
    ...textField(3, `${n.op}_${index}`),
    ...textField(4, n.op),
    ...Object.entries(n.attributes ?? {}).flatMap(([k, v]) => lengthDelimited(5, attribute(k, v))),
  ];
}

function valueInfo(v: ValueInput): Uint8Array[] {
  const dims = v.shape.map((d) => concat(lengthDelimited(1, typeof d === 'number' ? intField(1, d) : textField(2, d))));
  const tensorType = [...intField(1, v.type ?? 1), ...lengthDelimited(2, dims)];
  return [...textField(1, v.name), ...lengthDelimited(2, lengthDelimited(1, tensorType))];
}

/** The model as the bytes of an .onnx file. */
export function writeModel(m: ModelInput): Uint8Array {
  const graph = [
    ...m.nodes.flatMap((n, i) => lengthDelimited(1, node(n, i))),
    ...textField(2, m.name),
    ...m.initializers.flatMap((t) => lengthDelimited(5, tensor(t))),
    ...m.inputs.flatMap((v) => lengthDelimited(11, valueInfo(v))),
    ...m.outputs.flatMap((v) => lengthDelimited(12, valueInfo(v))),
  ];
  return concat([
    ...intField(1, 8),
    ...textField(2, 'Generative Models Playground'),
    ...textField(3, '1'),
    ...(m.doc ? textField(6, m.doc) : []),
    ...lengthDelimited(7, graph),
    ...lengthDelimited(8, [...textField(1, ''), ...intField(2, 17)]),
    ...Object.entries(m.metadata ?? {}).flatMap(([k, v]) => lengthDelimited(14, [...textField(1, k), ...textField(2, v)])),
  ]);
}

/**
 * Nodes and constants of a graph written op by op: each `op` returns its output's name (given, or made up
 * from the op and a counter), so a forward pass reads as the computation it is.
 */
export class GraphBuilder {
  readonly nodes: NodeInput[] = [];
  readonly initializers: TensorInput[] = [];
  private count = 0;

  op(op: string, inputs: string[], attributes?: Record<string, AttributeInput>, output?: string): string {
    const out = output ?? `${op.toLowerCase()}.${this.count++}`;
    this.nodes.push({ op, inputs, outputs: [out], ...(attributes && { attributes }) });
    return out;
  }

  /** A float32 constant (`dims` [] for a scalar). */
  floats(name: string, values: ArrayLike<number>, dims: number[] = [values.length]): string {
    return this.constant({ name, dims, data: Float32Array.from(values) });
  }

  /** An int64 constant (`dims` [] for a scalar). */
  ints(name: string, values: readonly number[], dims: number[] = [values.length]): string {
    return this.constant({ name, dims, data: BigInt64Array.from(values.map(BigInt)) });
  }

  /** A named tensor of the graph (names are unique in a graph: a second one of the same name is a mistake). */
  constant(t: TensorInput): string {
    if (this.initializers.some((i) => i.name === t.name)) throw new Error(`the graph has a tensor named ${t.name} already`);
    this.initializers.push(t);
    return t.name;
  }
}
