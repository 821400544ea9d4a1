// A saved training run as one file (download it, open it in another browser): the header "GMP-RUN 1\n", the
// length of a JSON part (uint32, little-endian), the JSON (the run with every typed array replaced by where
// its bytes lie), then the arrays' bytes, each starting on a multiple of 8. No DOM.

const MAGIC = 'GMP-RUN 1\n';
const TYPES = { Float32Array, Float64Array, Int32Array, Uint8Array, Uint16Array, Uint32Array } as const;
type TypeName = keyof typeof TYPES;

/** Why a file is not a run this site can open. */
export class RunFileError extends Error {}

interface ArrayRef {
  $typed: TypeName;
  at: number;
  length: number;
}

/** `run` (plain data: objects, arrays, numbers, strings, typed arrays) as the bytes of a run file. */
export function encodeRunFile(run: unknown): Uint8Array {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const json = JSON.stringify(run, (_, v: unknown) => {
    if (!ArrayBuffer.isView(v) || v instanceof DataView) return v;
    const name = v.constructor.name as TypeName;
    if (!(name in TYPES)) throw new Error(`cannot store a ${name}`);
    const at = size;
    const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    chunks.push(bytes);
    size += Math.ceil(bytes.byteLength / 8) * 8;
    return { $typed: name, at, length: (v as unknown as { length: number }).length } satisfies ArrayRef;
  });
  const text = new TextEncoder().encode(json);
  const head = new TextEncoder().encode(MAGIC);
  const start = Math.ceil((head.length + 4 + text.length) / 8) * 8;
  const out = new Uint8Array(start + size);
  out.set(head);
  new DataView(out.buffer).setUint32(head.length, text.length, true);
  out.set(text, head.length + 4);
  let at = start;
  for (const c of chunks) {
    out.set(c, at);
    at += Math.ceil(c.byteLength / 8) * 8;
  }
  return out;
}

/** The run a run file holds; throws RunFileError for anything else or a damaged one. */
export function decodeRunFile(bytes: Uint8Array): unknown {
  const head = new TextEncoder().encode(MAGIC);
  if (bytes.length < head.length + 4 || new TextDecoder().decode(bytes.subarray(0, head.length)) !== MAGIC)
    throw new RunFileError('it does not start as a saved run of this site does');
  const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(head.length, true);
  const start = Math.ceil((head.length + 4 + length) / 8) * 8;
  if (head.length + 4 + length > bytes.length) throw new RunFileError('it is cut short');
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(head.length + 4, head.length + 4 + length)), (_, v: unknown) => {
      const ref = v as Partial<ArrayRef> | null;
      if (!ref || typeof ref !== 'object' || typeof ref.$typed !== 'string') return v;
      const Type = Object.hasOwn(TYPES, ref.$typed) ? TYPES[ref.$typed as TypeName] : undefined;
      if (!Type || !Number.isInteger(ref.at) || !Number.isInteger(ref.length) || ref.at! < 0 || ref.length! < 0)
        throw new RunFileError('an array in it is described wrongly');
      const from = start + ref.at!;
      const byteLength = ref.length! * Type.BYTES_PER_ELEMENT;
      if (from + byteLength > bytes.length) throw new RunFileError('it is cut short');
      return new Type(bytes.slice(from, from + byteLength).buffer);
    });
  } catch (e) {
    throw e instanceof RunFileError ? e : new RunFileError('its description is damaged');
  }
  return parsed;
}
