// Fails when a function or method in src/ (tests aside) is longer than MAX lines, blank lines not counted.
// Biome's noExcessiveLinesPerFunction covers functions and arrows but not class methods; this covers all of them.
import { readdirSync, readFileSync } from 'node:fs';
import ts from 'typescript';

const MAX = Number(process.env.MAX_FUNCTION_LINES ?? 80);
const files = readdirSync('src', { recursive: true })
  .map((f) => `src/${f}`)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
const long = [];
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const visit = (node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const body = text.slice(node.body.getStart(source), node.body.getEnd());
      const lines = body.split('\n').filter((l) => l.trim() !== '').length;
      if (lines > MAX) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
        const name = node.name?.getText(source) ?? '(anonymous)';
        long.push({ where: `${file}:${line + 1}`, name, lines });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}
long.sort((a, b) => b.lines - a.lines);
for (const f of long) console.log(`${f.where}  ${f.name}: ${f.lines} lines (max ${MAX})`);
if (long.length) {
  console.error(`${long.length} function(s) over ${MAX} lines: split them into named steps.`);
  process.exit(1);
}
console.log(`every function in src/ is at most ${MAX} lines (${files.length} files)`);
