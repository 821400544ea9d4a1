// The site's Content-Security-Policy: everything from our own origin, WebAssembly compiled from our own
// files ('wasm-unsafe-eval' allows that and nothing else: no eval, no inline event handlers), and the two
// inline blocks of index.html (the theme set before the first paint, the colour tokens) allowed by their
// SHA-256, so no other inline script or <style> can run. Styles of our Lit elements are constructed style
// sheets and inline style bindings go through the CSSOM (inline-style.ts), neither of which needs 'unsafe-inline'.
// The build writes it into index.html as a meta tag; `vite preview` and public/_headers hosts also send it
// as a header, which covers the workers too and can say frame-ancestors.

const BASE: Record<string, string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'style-src': ["'self'"],
  'img-src': ["'self'"],
  'connect-src': ["'self'"],
  'worker-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'none'"],
};

/** Directives a meta tag may not carry (the browser ignores them there, with a console error). */
const HEADER_ONLY: Record<string, string[]> = { 'frame-ancestors': ["'self'"] };

export interface InlineHashes {
  scripts: string[];
  styles: string[];
}

/** The policy for a page whose inline blocks have these hashes (`'sha256-…'` sources); `header` adds header-only directives. */
export function contentSecurityPolicy(hashes: InlineHashes, header = false): string {
  const directives: Record<string, string[]> = {
    ...BASE,
    'script-src': [...BASE['script-src'], ...hashes.scripts],
    'style-src': [...BASE['style-src'], ...hashes.styles],
    ...(header ? HEADER_ONLY : {}),
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

async function sha256Source(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return `'sha256-${btoa(String.fromCharCode(...digest))}'`;
}

/** The hash sources of every inline <script> (without src) and <style> in `html`, as the browser hashes them. */
export async function inlineHashes(html: string): Promise<InlineHashes> {
  const scripts = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map((m) => m[1]);
  const styles = [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/gi)].map((m) => m[1]);
  return { scripts: await Promise.all(scripts.map(sha256Source)), styles: await Promise.all(styles.map(sha256Source)) };
}

/** `html` with the policy as a meta tag right after the charset (before any script it governs). */
export async function withCspMeta(html: string): Promise<string> {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(await inlineHashes(html))}" />`;
  const charset = /<meta charset=[^>]*>/i;
  return charset.test(html) ? html.replace(charset, (m) => `${m}\n    ${meta}`) : html.replace(/<head>/i, `<head>\n    ${meta}`);
}
