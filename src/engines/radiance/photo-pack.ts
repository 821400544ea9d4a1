// The shipped NeRF scene's photos in one file (models/nerf/scene/photos.pack, written by the build from the
// PNGs in public/models/nerf/scene): #/train-nerf fetches one file instead of 120, whose requests alone held
// its worker for a quarter of a second and its start for about one. The PNGs travel as they are, one after
// another, behind an index:
//   bytes 0-3   the index's length n (uint32, little-endian)
//   bytes 4…    the index, n bytes of UTF-8 JSON: { "photos": [{ "file": "nerf/scene/train/r_0.png", "bytes": 2811 }, …] }
//   then        each photo's bytes, in the index's order
// No DOM.

/** A file in the pack: its path under models/ and its bytes. */
export interface PackedPhoto {
  file: string;
  bytes: Uint8Array;
}

/** Why a pack cannot be read (said to the visitor as a damaged download). */
export class PhotoPackError extends Error {}

const HEAD = 4;

/** Where the pack lies under models/. */
export const PHOTO_PACK = 'nerf/scene/photos.pack';

/** A held-out frame's photo under models/, from its transforms_test.json `file_path` ("./test/r_0"). */
export const heldOutPhoto = (filePath: string) => `nerf/scene/${filePath.replace(/^\.\//, '')}.png`;

/**
 * The shipped scene's photos under models/ in camera-table order: nerf.json's training views, then
 * transforms_test.json's held-out frames (the order the pack holds them in).
 */
export function shippedPhotoFiles(meta: { train_views: { file: string }[] }, test: { frames: { file_path: string }[] }): string[] {
  return [...meta.train_views.map((v) => v.file), ...test.frames.map((f) => heldOutPhoto(f.file_path))];
}

/** The photos as one pack, in the order given. */
export function packPhotos(photos: readonly PackedPhoto[]): Uint8Array {
  const index = new TextEncoder().encode(JSON.stringify({ photos: photos.map((p) => ({ file: p.file, bytes: p.bytes.byteLength })) }));
  const total = HEAD + index.byteLength + photos.reduce((n, p) => n + p.bytes.byteLength, 0);
  const out = new Uint8Array(total);
  new DataView(out.buffer).setUint32(0, index.byteLength, true);
  out.set(index, HEAD);
  let at = HEAD + index.byteLength;
  for (const p of photos) {
    out.set(p.bytes, at);
    at += p.bytes.byteLength;
  }
  return out;
}

/** The pack's photos by file, each a view into `pack` (no copy); throws PhotoPackError where it does not add up. */
export function unpackPhotos(pack: Uint8Array): Map<string, Uint8Array> {
  if (pack.byteLength < HEAD) throw new PhotoPackError(`the photo pack is ${pack.byteLength} bytes: too short to hold its index`);
  const n = new DataView(pack.buffer, pack.byteOffset, pack.byteLength).getUint32(0, true);
  if (HEAD + n > pack.byteLength) throw new PhotoPackError(`the photo pack's index says ${n} bytes, more than the file holds`);
  let index: unknown;
  try {
    index = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(pack.subarray(HEAD, HEAD + n)));
  } catch {
    throw new PhotoPackError("the photo pack's index is not readable");
  }
  const list = (index as { photos?: unknown } | null)?.photos;
  if (!Array.isArray(list)) throw new PhotoPackError("the photo pack's index lists no photos");
  const out = new Map<string, Uint8Array>();
  let at = HEAD + n;
  for (const entry of list as { file?: unknown; bytes?: unknown }[]) {
    const { file, bytes } = entry ?? {};
    if (typeof file !== 'string' || !Number.isInteger(bytes) || (bytes as number) < 0)
      throw new PhotoPackError("the photo pack's index has an entry without a file name and size");
    const end = at + (bytes as number);
    if (end > pack.byteLength) throw new PhotoPackError(`the photo pack ends inside ${file}`);
    out.set(file, pack.subarray(at, end));
    at = end;
  }
  if (at !== pack.byteLength) throw new PhotoPackError(`the photo pack holds ${pack.byteLength - at} bytes its index does not list`);
  return out;
}
