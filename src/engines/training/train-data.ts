// The training page's Fashion-MNIST subset (public/models/train/fmnist-10k.bin, written by
// training/train_subset.py): zlib-compressed "GMPT", u32 count, width, height (little-endian), one label byte
// per image, then 4-bit grey levels, two per byte, the high nibble first (level q stands for q / 15).
// Every prefix of a multiple of ten images is class-balanced. No DOM.
import { inflate } from '../../core/any-thread/inflate';

export interface TrainImages {
  count: number;
  width: number;
  height: number;
  labels: Uint8Array;
  /** the 4-bit grey levels as stored, two pixels a byte */
  packed: Uint8Array;
  /** count × width × height floats in [0, 1] (unpacked when first read: the page unpacks only the images it picks) */
  readonly pixels: Float32Array;
}

/** `n` pixels from `packed`, starting at pixel `from` (even), as floats in [0, 1]. */
function unpack(packed: Uint8Array, from: number, n: number, out = new Float32Array(n), at = 0): Float32Array {
  for (let i = 0; i < n; i++) {
    const p = from + i;
    out[at + i] = (p % 2 === 0 ? packed[p >> 1]! >> 4 : packed[p >> 1]! & 15) / 15;
  }
  return out;
}

export class TrainDataError extends Error {
  override name = 'TrainDataError';
}

/** Reads the file's bytes after decompression; `limit` keeps the first images only. */
export function parseTrainImages(raw: Uint8Array, limit = Number.POSITIVE_INFINITY): TrainImages {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  if (raw.length < 16 || String.fromCharCode(...raw.subarray(0, 4)) !== 'GMPT')
    throw new TrainDataError('not a training image file (no GMPT header)');
  const [all, width, height] = [view.getUint32(4, true), view.getUint32(8, true), view.getUint32(12, true)];
  const size = width * height;
  if (size % 2 || raw.length !== 16 + all + (all * size) / 2) {
    throw new TrainDataError(
      `the training image file is cut short or too long (${raw.length} bytes for ${all} images of ${width}×${height})`,
    );
  }
  const count = Math.min(all, limit);
  const packed = raw.subarray(16 + all, 16 + all + (count * size) / 2);
  let pixels: Float32Array | undefined;
  return {
    count,
    width,
    height,
    labels: raw.slice(16, 16 + count),
    packed,
    get pixels() {
      pixels ??= unpack(packed, 0, count * size);
      return pixels;
    },
  };
}

/** Decompresses the file's bytes (zlib: core's inflate) and parses them. */
export async function decodeTrainImages(compressed: Uint8Array, limit?: number): Promise<TrainImages> {
  let raw: Uint8Array;
  try {
    raw = await inflate(compressed);
  } catch {
    throw new TrainDataError('the training image file is damaged (it does not decompress)');
  }
  return parseTrainImages(raw, limit);
}

/**
 * The images a visitor picked: the first `count` of the chosen classes (balanced, as every prefix of the
 * file is), as floats. Fewer when the file holds fewer; throws when no class is chosen.
 */
export function pickImages(images: TrainImages, count: number, classes: readonly number[]): { pixels: Float32Array; labels: Uint8Array } {
  const wanted = new Set(classes);
  if (wanted.size === 0) throw new TrainDataError('choose at least one class to train on');
  const size = images.width * images.height;
  const rows: number[] = [];
  for (let i = 0; i < images.count && rows.length < count; i++) if (wanted.has(images.labels[i]!)) rows.push(i);
  const pixels = new Float32Array(rows.length * size);
  for (const [k, r] of rows.entries()) unpack(images.packed, r * size, size, pixels, k * size);
  return { pixels, labels: Uint8Array.from(rows, (r) => images.labels[r]!) };
}
