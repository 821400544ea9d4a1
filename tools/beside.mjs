// Runs one npm script in the background while others run one after another, then waits for it:
//
//     node tools/beside.mjs test:train -- test:unit test:kernels build
//
// `npm test` uses it to run the training smoke run (Python, mostly one thread) beside the browser-free checks
// and the build, instead of after them. The background script's output is kept in a file and printed when it
// ends, so the two logs do not interleave. Exits non-zero if any script failed, naming which.
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const args = process.argv.slice(2);
const cut = args.indexOf('--');
if (cut !== 1 || args.length < 3) {
  console.error('usage: node tools/beside.mjs <background script> -- <script> [<script> ...]');
  process.exit(2);
}
const [background, foreground] = [args[0], args.slice(2)];
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const logFile = join(mkdtempSync(join(tmpdir(), 'beside-')), `${background.replace(/\W/g, '-')}.log`);
const log = openSync(logFile, 'w');

/** Resolves with the exit code of `npm run <script>`. */
const run = (script, stdio) =>
  new Promise((resolve) => {
    const child = spawn(npm, ['run', script], { stdio, shell: process.platform === 'win32' });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', () => resolve(1));
  });

const started = Date.now();
console.log(`▶ npm run ${background} runs beside the next steps (its output comes when it ends)`);
const behind = run(background, ['ignore', log, log]);
const failed = [];
for (const script of foreground) {
  if ((await run(script, 'inherit')) !== 0) {
    failed.push(script);
    break; // the rest would only repeat the failure's cost; the background one still gets to finish
  }
}
const code = await behind;
console.log(`\n▶ output of npm run ${background} (${Math.round((Date.now() - started) / 1000)} s since it started):`);
closeSync(log);
process.stdout.write(readFileSync(logFile, 'utf8'));
rmSync(dirname(logFile), { recursive: true, force: true });
if (code !== 0) failed.push(background);
if (failed.length) {
  console.error(`\n✖ failed: ${failed.map((s) => `npm run ${s}`).join(', ')}`);
  process.exit(1);
}
