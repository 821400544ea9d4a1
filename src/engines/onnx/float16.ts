// The shipped .onnx files store their large weights as float16 behind a Cast node each (training/float16.py),
// which halves the download and keeps them standard ONNX files that stock onnxruntime opens as they are. Our
// own engines read weights through the ONNX reader, which widens float16 tensors here (`widenHalves`) and
// folds each widening Cast. Every half is exactly a float32, so the widened weights are the very values that
// training/float16.py rounded to (src/engines/onnx/float16.test.ts checks them bit for bit against the same
// file widened by onnx in Python).

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
