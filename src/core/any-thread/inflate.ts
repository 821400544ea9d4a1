// The one inflate of the site: files we ship compressed (model files on the wire, the training images, the
// texts) are zlib streams (RFC 1950, what Python's zlib.compress writes), which the platform's
// DecompressionStream reads as 'deflate' in pages, workers and Node alike.

/** How a shipped file is compressed: the manifest's `wire.encoding` (only zlib so far). */
export type Encoding = 'deflate';

/** The bytes `compressed` holds; throws an Error saying they do not decompress when they are damaged or truncated. */
export async function inflate(compressed: Uint8Array, encoding: Encoding = 'deflate'): Promise<Uint8Array> {
  const stream = new Blob([compressed as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream(encoding));
  try {
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (e) {
    throw new Error(`the data does not decompress (${e instanceof Error ? e.message : String(e)})`);
  }
}
