// Manifest parsing and SHA-256 verification against the real, committed model files.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { fileFor, parseManifest } from './manifest';
import { fetchModelFile, loadManifest, type Progress, sha256Hex, verifyFile } from './model-files';
import { ModelLoadError } from './errors';
import { inflate } from './inflate';

const MODELS = new URL('../../../public/models/', import.meta.url);
const manifestJson = JSON.parse(await readFile(new URL('manifest.json', MODELS), 'utf8'));

/** fetch() over the public/models folder, optionally with one file's bytes replaced. */
function folderFetch(replace?: { path: string; bytes: Uint8Array } | { path: string; status: number }): typeof fetch {
  return (async (input: RequestInfo | URL) => {
    const url = new URL(String(input));
    const path = url.pathname.replace(/^\/models\//, '');
    if (replace && replace.path === path) {
      if ('status' in replace) return new Response('nope', { status: replace.status });
      return new Response(replace.bytes as Uint8Array<ArrayBuffer>);
    }
    return new Response(await readFile(new URL(path, MODELS)));
  }) as typeof fetch;
}

describe('manifest', () => {
  it('parses the committed manifest and finds the VAE files by role', () => {
    const m = parseManifest(manifestJson);
    const vae = m.models.vae;
    expect(fileFor(vae, 'decoder').path).toBe('vae/decoder.onnx');
    expect(vae.dataset.licence).toBe('MIT');
    expect(vae.params.total).toBeGreaterThan(10_000);
  });

  it('rejects broken manifests with a message naming the problem', () => {
    expect(() => parseManifest(null)).toThrow(/not a JSON object/);
    expect(() => parseManifest({ version: 1, models: { x: { files: [] } } })).toThrow(/lists no files/);
    const bad = structuredClone(manifestJson);
    bad.models.vae.files[0].sha256 = 'xyz';
    expect(() => parseManifest(bad)).toThrow(/valid sha256/);
    const outside = structuredClone(manifestJson);
    outside.models.vae.files[0].path = '../../etc/passwd';
    expect(() => parseManifest(outside)).toThrow(/bad file path/);
    const brotli = structuredClone(manifestJson);
    brotli.models.vae.files[0].wire = { path: 'vae/decoder.onnx.br', bytes: 10, encoding: 'br' };
    expect(() => parseManifest(brotli)).toThrow(/encoding "br"; use one of: deflate/);
  });
});

describe('files that travel compressed (wire copies)', () => {
  const manifest = parseManifest(manifestJson);
  const wired = Object.values(manifest.models).flatMap((m) => m.files.filter((f) => f.wire));
  const field = fileFor(manifest.models.nerf, 'field');
  const occupancy = fileFor(manifest.models.nerf, 'occupancy');

  it('every wire copy has its listed size and inflates to exactly the file (its bytes and SHA-256)', async () => {
    expect(wired.map((f) => f.path)).toContain('nerf/field.onnx');
    for (const file of wired) {
      const sent = new Uint8Array(await readFile(new URL(file.wire!.path, MODELS)));
      expect(sent.byteLength, file.wire!.path).toBe(file.wire!.bytes);
      const inflated = await inflate(sent, file.wire!.encoding);
      expect(inflated.byteLength, file.path).toBe(file.bytes);
      expect(await sha256Hex(inflated), file.path).toBe(file.sha256);
      expect(file.wire!.bytes / file.bytes, `${file.path} travels compressed only where that saves 10 %`).toBeLessThanOrEqual(0.9);
    }
  });

  it('downloads the copy only, with progress in the bytes that travel, and returns the verified file', async () => {
    const asked: string[] = [];
    const seen: Progress[] = [];
    const fetchImpl = folderFetch();
    const watched = ((input: RequestInfo | URL) => {
      asked.push(new URL(String(input)).pathname);
      return fetchImpl(input);
    }) as typeof fetch;
    const bytes = await fetchModelFile('http://x/models/', field, (p) => seen.push(p), watched);
    expect(asked).toEqual(['/models/nerf/field.onnx.z']);
    expect(seen.at(-1)).toEqual({ file: 'nerf/field.onnx', loaded: field.wire!.bytes, total: field.wire!.bytes });
    expect(bytes.byteLength).toBe(field.bytes);
    expect(await sha256Hex(bytes)).toBe(field.sha256);
  });

  it('a damaged copy is a damaged file, as the visitor is told today (load.hash, named by the file)', async () => {
    const sent = new Uint8Array(await readFile(new URL(occupancy.wire!.path, MODELS)));
    sent[sent.length >> 1] ^= 0xff;
    const err = await fetchModelFile(
      'http://x/models/',
      occupancy,
      undefined,
      folderFetch({ path: occupancy.wire!.path, bytes: sent }),
    ).catch((e) => e);
    expect(err).toBeInstanceOf(ModelLoadError);
    expect(err).toMatchObject({ key: 'load.hash', params: { file: 'nerf/occupancy.bin', want: occupancy.sha256.slice(0, 12) } });
  });

  it('a truncated copy is load.size, a missing one load.http', async () => {
    const sent = new Uint8Array(await readFile(new URL(occupancy.wire!.path, MODELS))).slice(0, 100);
    const short = await fetchModelFile(
      'http://x/models/',
      occupancy,
      undefined,
      folderFetch({ path: occupancy.wire!.path, bytes: sent }),
    ).catch((e) => e);
    expect(short).toMatchObject({ key: 'load.size', params: { file: 'nerf/occupancy.bin', got: 100, want: occupancy.wire!.bytes } });
    const gone = await fetchModelFile(
      'http://x/models/',
      occupancy,
      undefined,
      folderFetch({ path: occupancy.wire!.path, status: 404 }),
    ).catch((e) => e);
    expect(gone).toMatchObject({ key: 'load.http', params: { status: 404 } });
  });
});

describe('model file verification', () => {
  const decoder = fileFor(parseManifest(manifestJson).models.vae, 'decoder');

  it('accepts the real file and reports progress up to its size', async () => {
    const seen: number[] = [];
    const bytes = await fetchModelFile('http://x/models/', decoder, (p) => seen.push(p.loaded), folderFetch());
    expect(bytes.byteLength).toBe(decoder.bytes);
    expect(await sha256Hex(bytes)).toBe(decoder.sha256);
    expect(seen.at(-1)).toBe(decoder.bytes);
  });

  it('rejects a file with one flipped byte as damaged', async () => {
    const bytes = new Uint8Array(await readFile(new URL(decoder.path, MODELS)));
    bytes[bytes.length >> 1] ^= 0xff;
    const err = await fetchModelFile('http://x/models/', decoder, undefined, folderFetch({ path: decoder.path, bytes })).catch((e) => e);
    expect(err).toBeInstanceOf(ModelLoadError);
    expect(err.key).toBe('load.hash');
    expect(err.params.want).toBe(decoder.sha256.slice(0, 12));
  });

  it('rejects a truncated file by its size before hashing', async () => {
    const bytes = new Uint8Array(await readFile(new URL(decoder.path, MODELS))).slice(0, 1000);
    await expect(verifyFile(decoder, bytes)).rejects.toMatchObject({ key: 'load.size' });
  });

  it('turns HTTP errors into load.http with the status', async () => {
    const err = await fetchModelFile('http://x/models/', decoder, undefined, folderFetch({ path: decoder.path, status: 404 })).catch(
      (e) => e,
    );
    expect(err).toMatchObject({ key: 'load.http', params: { status: 404, file: 'vae/decoder.onnx' } });
  });

  it('reports an unreadable manifest as load.manifest', async () => {
    const err = await loadManifest(
      'http://x/models/',
      folderFetch({ path: 'manifest.json', bytes: new TextEncoder().encode('{oops') }),
    ).catch((e) => e);
    expect(err).toMatchObject({ key: 'load.manifest' });
  });
});
