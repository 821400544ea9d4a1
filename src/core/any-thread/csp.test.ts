import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, inlineHashes, withCspMeta } from './csp';

const PAGE = `<!doctype html><html><head><meta charset="UTF-8" />
<script>document.documentElement.dataset.theme = 'dark';</script>
<style>:root{color-scheme:light}</style>
<script type="module" crossorigin src="./assets/index.js"></script>
</head><body></body></html>`;

const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('content security policy', () => {
  it('hashes each inline script and style exactly, and not the external script', async () => {
    const hashes = await inlineHashes(PAGE);
    expect(hashes.scripts).toEqual([sha("document.documentElement.dataset.theme = 'dark';")]);
    expect(hashes.styles).toEqual([sha(':root{color-scheme:light}')]);
  });

  it("allows our origin, WebAssembly and the hashed blocks, never 'unsafe-inline' or 'unsafe-eval'", async () => {
    const policy = contentSecurityPolicy(await inlineHashes(PAGE));
    expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-");
    expect(policy).toContain("object-src 'none'");
    expect(policy).not.toMatch(/unsafe-inline|'unsafe-eval'|\*/);
    expect(policy, 'frame-ancestors is ignored in a meta tag').not.toContain('frame-ancestors');
    expect(contentSecurityPolicy(await inlineHashes(PAGE), true)).toContain("frame-ancestors 'self'");
  });

  it('puts the meta tag after the charset, before every script', async () => {
    const out = await withCspMeta(PAGE);
    expect(out.indexOf('http-equiv="Content-Security-Policy"')).toBeLessThan(out.indexOf('<script'));
    expect(out).toContain(`content="${contentSecurityPolicy(await inlineHashes(PAGE))}"`);
  });
});
