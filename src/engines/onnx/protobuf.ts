// The protobuf wire format as ONNX files use it: a reader of fields (number, wire type, byte range) and the
// few writes that float16.ts needs to re-encode a message. https://protobuf.dev/programming-guides/encoding/

export class OnnxFormatError extends Error {
  override name = 'OnnxFormatError';
}

export interface Field {
  no: number;
  /** 0 varint, 1 fixed 64-bit, 2 length-delimited, 5 fixed 32-bit. */
  wire: number;
  /** Where the field's key begins: bytes keyStart…stop are the whole field as stored. */
  keyStart: number;
  /** Length-delimited: the payload's byte range (start…stop); otherwise the bytes after the key. */
  start: number;
  stop: number;
  /** A varint field's value. */
  value: number;
}

/** Reads the fields of one message (the bytes from `pos` to `end`) one by one. */
export class Reader {
  pos = 0;
  constructor(
    readonly bytes: Uint8Array,
    readonly end = bytes.length,
  ) {}

  /** A varint as a signed 64-bit integer (negative axes are ten bytes long), as a number. */
  int64(): number {
    let v = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new OnnxFormatError('the file ends inside a number (truncated?)');
      const b = this.bytes[this.pos++];
      v |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return Number(BigInt.asIntN(64, v));
      shift += 7n;
    }
    throw new OnnxFormatError('a number is longer than 10 bytes');
  }

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

  /** Next field: number, wire type, where its key begins, and for length-delimited fields the byte range. */
  field(): Field {
    const keyStart = this.pos;
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
    return { no, wire, keyStart, start, stop: this.pos, value };
  }
}

/** The fields of the message in bytes[start, stop), in file order. */
export function fieldsOf(bytes: Uint8Array, start: number, stop: number): Field[] {
  const r = new Reader(bytes, stop);
  r.pos = start;
  const out: Field[] = [];
  while (r.pos < stop) out.push(r.field());
  return out;
}

/** `n` (a non-negative integer below 2^53) as a varint. */
export function varintBytes(n: number): Uint8Array {
  const out: number[] = [];
  let v = n;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return Uint8Array.from(out);
}

/** A length-delimited field: key, length, payload (given as parts, joined in order). */
export function lengthDelimited(no: number, parts: Uint8Array[]): Uint8Array[] {
  const length = parts.reduce((n, p) => n + p.byteLength, 0);
  return [varintBytes(no * 8 + 2), varintBytes(length), ...parts];
}

/** The parts joined into one array. */
export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}
