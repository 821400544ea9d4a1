// Every message a module shows must be registered by a strings file the module imports (directly or through its
// imports): pages load lazily, so a key defined only in another page's strings file would show as a raw key
// when that other page was not visited first. Reads the source as text: static imports, `t('key')` literals
// and `t(\`prefix.${x}\`)` templates.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(__dirname, '../..');
const files = readdirSync(SRC, { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => path.join(SRC, f));
const text = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));

/** Static imports (not `import()`), resolved to files. */
function imports(file: string): string[] {
  const out: string[] = [];
  for (const m of text.get(file)!.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'(\.[^']+)'|^\s*import\s+'(\.[^']+)'/gm)) {
    const spec = m[1] ?? m[2];
    if (/^import\s+type\s/.test(m[0].trim())) continue;
    const base = path.resolve(path.dirname(file), spec);
    const hit = [base, `${base}.ts`, path.join(base, 'index.ts')].find((c) => text.has(c));
    if (hit) out.push(hit);
  }
  return out;
}

function closure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const f of imports(file)) closure(f, seen);
  return seen;
}

/** The keys each strings file defines. */
const defined = new Map<string, Set<string>>();
for (const [f, s] of text) if (f.endsWith('.strings.ts')) defined.set(f, new Set([...s.matchAll(/^\s*'([\w.-]+)':/gm)].map((m) => m[1])));

/** What a module asks t() for: exact keys and patterns (from templates). */
function used(file: string): { key?: string; pattern?: RegExp; shown: string }[] {
  const s = text.get(file)!;
  const exact = [...s.matchAll(/\bt\(\s*'([\w.-]+)'/g)].map((m) => ({ key: m[1], shown: m[1] }));
  const templated = [...s.matchAll(/\bt\(\s*`([^`]+)`/g)].map((m) => ({
    pattern: new RegExp(`^${m[1].replace(/\./g, '\\.').replace(/\$\{[^}]*\}/g, '[\\w.-]+')}$`),
    shown: m[1],
  }));
  return [...exact, ...templated];
}

describe('strings a module shows are registered by what it imports', () => {
  it('holds for every module of src/', () => {
    const missing: string[] = [];
    for (const file of files) {
      const uses = used(file);
      if (!uses.length) continue;
      const reach = [...closure(file)].filter((f) => defined.has(f));
      const keys = new Set(reach.flatMap((f) => [...defined.get(f)!]));
      for (const u of uses) {
        const ok = u.key ? keys.has(u.key) : [...keys].some((k) => u.pattern!.test(k));
        if (!ok) missing.push(`${path.relative(SRC, file)}: ${u.shown}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
