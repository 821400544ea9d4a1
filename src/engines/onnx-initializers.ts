// Reads the weights (graph initializers) out of an .onnx file: a minimal protobuf decoder for the few
// fields of ModelProto → GraphProto → TensorProto that hold them. No DOM, no dependencies.
//
// ModelProto.graph = field 7; GraphProto.initializer = field 5; TensorProto: dims = 1, data_type = 2,
// float_data = 4, name = 8, raw_data = 9, data_location = 14 (1 = external data, not supported here).

export interface Initializer {
  name: string;
  dims: number[];
  /** ONNX TensorProto.DataType: 1 = float32, 7 = int64, … */
  dataType: number;
  /** float32 values (dataType 1, or 10 = float16 widened to float32); undefined for other types. */
  data?: Float32Array;
}

export class OnnxFormatError extends Error {
  override name = 'OnnxFormatError';
}

class Reader {
  pos = 0;
  constructor(readonly bytes: Uint8Array, readonly end = bytes.length) {}

  varint(): number {
    let result = 0;
    let shift = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new OnnxFormatError('the file ends inside a number (truncated?)');
      const b = this.bytes[this.pos++];
      result += (b & 0x7f) * shift;
      if (b < 0x80) return result;
      shift *= 128;
    }
    throw new OnnxFormatError('a number is longer than 10 bytes');
  }

  /** Next field: number, wire type, and for length-delimited fields the byte range. */
  field(): { no: number; wire: number; start: number; stop: number; value: number } {
    const key = this.varint();
    const no = Math.floor(key / 8);
    const wire = key & 7;
    let value = 0;
    let start = this.pos;
    if (wire === 0) value = this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 5) this.pos += 4;
    else if (wire === 2) {
      const len = this.varint();
      start = this.pos;
      this.pos += len;
    } else throw new OnnxFormatError(`unsupported protobuf wire type ${wire}`);
    if (this.pos > this.end) throw new OnnxFormatError('a field runs past the end of the file (truncated?)');
    return { no, wire, start, stop: this.pos, value };
  }
}

function readTensor(bytes: Uint8Array, start: number, stop: number): Initializer {
  const r = new Reader(bytes, stop);
  r.pos = start;
  const t: Initializer = { name: '', dims: [], dataType: 0 };
  let raw: Uint8Array | undefined;
  let packedFloats: Uint8Array | undefined;
  let external = false;
  while (r.pos < stop) {
    const f = r.field();
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
  } else if (t.dataType === 10) {
    const count = t.dims.reduce((a, b) => a * b, 1);
    if (!raw || raw.byteLength !== count * 2) throw new OnnxFormatError(`initializer ${t.name}: ${raw?.byteLength ?? 0} bytes for ${count} halves`);
    const halves = new Uint16Array(new Uint8Array(raw).buffer);
    t.data = new Float32Array(count);
    for (let i = 0; i < count; i++) t.data[i] = halfToFloat(halves[i]);
  }
  return t;
}

/** IEEE 754 half precision (as stored in a uint16) to a number. */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** Every initializer of the model's main graph, by name. */
export function readInitializers(bytes: Uint8Array): Map<string, Initializer> {
  const model = new Reader(bytes);
  const out = new Map<string, Initializer>();
  let sawGraph = false;
  while (model.pos < bytes.length) {
    const f = model.field();
    if (f.no !== 7 || f.wire !== 2) continue;
    sawGraph = true;
    const graph = new Reader(bytes, f.stop);
    graph.pos = f.start;
    while (graph.pos < f.stop) {
      const g = graph.field();
      if (g.no === 5 && g.wire === 2) {
        const t = readTensor(bytes, g.start, g.stop);
        out.set(t.name, t);
      }
    }
  }
  if (!sawGraph) throw new OnnxFormatError('no graph in this file: is it an ONNX model?');
  return out;
}
