// The shipped .onnx files store their large weights as float16 (training/float16.py), which halves the
// download; everything that runs them wants float32. Two choke points widen them here: OrtModel.create
// hands onnxruntime a re-encoded float32 file (`widenFloat16`), and the ONNX reader, which our own engines
// read weights through, decodes float16 tensors with `widenHalves`. Every half is exactly a float32, so the
// widened file holds the very values that training/float16.py rounded to (src/engines/onnx/float16.test.ts
// checks it byte for byte against the same file widened by onnx in Python).
//
// Fields (onnx.proto): ModelProto.graph = 7; GraphProto.initializer = 5; TensorProto: data_type = 2
// (1 = FLOAT, 10 = FLOAT16), int32_data = 5 (one half per entry), raw_data = 9, data_location = 14
// (1 = EXTERNAL). Every other field is copied as stored.
import { concat, type Field, fieldsOf, lengthDelimited, OnnxFormatError, Reader, varintBytes } from './protobuf';

const FLOAT = 1;
const FLOAT16 = 10;

/** The float32 bit pattern of an IEEE 754 binary16 value (keeps the sign of zero and the NaN payload). */
export function halfBitsToFloatBits(h: number): number {
  const sign = (h & 0x8000) << 16;
  const exp = (h >> 10) & 0x1f;
  let frac = h & 0x3ff;
  if (exp === 31) return (sign | 0x7f800000 | (frac << 13)) >>> 0; // infinity, NaN
  if (exp !== 0) return (sign | ((exp + 112) << 23) | (frac << 13)) >>> 0; // normal: rebias 15 → 127
  if (frac === 0) return sign >>> 0; // ±0
  // subnormal: frac · 2^-24; shift the leading 1 up to the implicit bit, one exponent step per shift
  let e = 113;
  while (!(frac & 0x400)) {
    frac <<= 1;
    e--;
  }
  return (sign | (e << 23) | ((frac & 0x3ff) << 13)) >>> 0;
}

let table: Uint32Array | undefined;

/** float16 bit patterns to float32 values, exactly (one table lookup per value). */
export function widenHalves(halves: Uint16Array): Float32Array {
  if (!table) {
    table = new Uint32Array(65536);
    for (let h = 0; h < 65536; h++) table[h] = halfBitsToFloatBits(h);
  }
  const bits = new Uint32Array(halves.length);
  for (let i = 0; i < halves.length; i++) bits[i] = table[halves[i]];
  return new Float32Array(bits.buffer);
}

/** A float16 value (its uint16 bit pattern) as a number. */
export function halfToFloat(h: number): number {
  return widenHalves(Uint16Array.of(h))[0];
}

const dataTypeOf = (bytes: Uint8Array, tensor: Field) =>
  fieldsOf(bytes, tensor.start, tensor.stop).find((f) => f.no === 2 && f.wire === 0)?.value ?? 0;

/** The graph field of the model and its float16 initializers (none: nothing to widen). */
function float16Initializers(bytes: Uint8Array): { graph?: Field; halves: Set<number> } {
  const graph = fieldsOf(bytes, 0, bytes.length).find((f) => f.no === 7 && f.wire === 2);
  const halves = new Set<number>();
  if (!graph) return { halves };
  for (const f of fieldsOf(bytes, graph.start, graph.stop))
    if (f.no === 5 && f.wire === 2 && dataTypeOf(bytes, f) === FLOAT16) halves.add(f.keyStart);
  return { graph, halves };
}

/** A float16 TensorProto re-encoded as float32: data_type 1, the values as raw_data where the data was. */
function widenTensor(bytes: Uint8Array, tensor: Field): Uint8Array[] {
  const parts: Uint8Array[] = [];
  const values: number[] = [];
  let raw: Uint8Array | undefined;
  let dataAt = -1;
  for (const f of fieldsOf(bytes, tensor.start, tensor.stop)) {
    if (f.no === 14 && f.wire === 0 && f.value === 1)
      throw new OnnxFormatError('a float16 initializer keeps its data in an external file (not supported)');
    if (f.no === 2 && f.wire === 0) parts.push(varintBytes(2 * 8), varintBytes(FLOAT));
    else if (f.no === 9 || f.no === 5) {
      if (dataAt < 0) dataAt = parts.length;
      if (f.no === 9) raw = bytes.subarray(f.start, f.stop);
      else for (const v of int32s(bytes, f)) values.push(v);
    } else parts.push(bytes.subarray(f.keyStart, f.stop));
  }
  const halves = raw ? new Uint16Array(new Uint8Array(raw).buffer, 0, raw.byteLength >> 1) : Uint16Array.from(values);
  const widened = new Uint8Array(widenHalves(halves).buffer);
  parts.splice(dataAt < 0 ? parts.length : dataAt, 0, ...lengthDelimited(9, [widened]));
  return parts;
}

/** int32_data entries: packed (one length-delimited field) or one varint field each. */
function int32s(bytes: Uint8Array, f: Field): number[] {
  if (f.wire === 0) return [f.value];
  const r = new Reader(bytes, f.stop);
  r.pos = f.start;
  const out: number[] = [];
  while (r.pos < f.stop) out.push(r.varint());
  return out;
}

/**
 * The model with every float16 initializer of its main graph widened to float32 (data_type 1, raw_data),
 * every other byte as it was. A file without float16 initializers comes back as the same array, unchanged.
 */
export function widenFloat16(bytes: Uint8Array): Uint8Array {
  const { graph, halves } = float16Initializers(bytes);
  if (!graph || halves.size === 0) return bytes;
  const inner: Uint8Array[] = [];
  for (const f of fieldsOf(bytes, graph.start, graph.stop)) {
    if (halves.has(f.keyStart)) inner.push(...lengthDelimited(5, widenTensor(bytes, f)));
    else inner.push(bytes.subarray(f.keyStart, f.stop));
  }
  const outer: Uint8Array[] = [];
  for (const f of fieldsOf(bytes, 0, bytes.length)) {
    if (f.keyStart === graph.keyStart) outer.push(...lengthDelimited(7, inner));
    else outer.push(bytes.subarray(f.keyStart, f.stop));
  }
  return concat(outer);
}
