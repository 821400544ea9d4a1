import { describe, expect, it } from 'vitest';
import { ISOLATION_HEADERS, withIsolation } from './isolation';

describe('withIsolation', () => {
  it('adds COOP, COEP and CORP and keeps status, other headers and body', async () => {
    const original = new Response('shell', { status: 200, statusText: 'OK', headers: { 'Content-Type': 'text/html', ETag: '"abc"' } });
    const out = withIsolation(original);
    for (const [name, value] of Object.entries(ISOLATION_HEADERS)) expect(out.headers.get(name)).toBe(value);
    expect(out.headers.get('Content-Type')).toBe('text/html');
    expect(out.headers.get('ETag')).toBe('"abc"');
    expect(out.status).toBe(200);
    expect(await out.text()).toBe('shell');
  });

  it('overrides weaker values a host sent and keeps error statuses', () => {
    const out = withIsolation(new Response(null, { status: 404, headers: { 'Cross-Origin-Embedder-Policy': 'unsafe-none' } }));
    expect(out.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
    expect(out.status).toBe(404);
  });

  it('leaves opaque responses alone (their headers cannot be read or rewritten)', () => {
    const opaque = Response.error();
    expect(withIsolation(opaque)).toBe(opaque);
  });
});
