// The built site on `vite preview` for a benchmark script: started, waited for, stopped when the script ends.
import { spawn } from 'node:child_process';

/** Serves dist/ (with `mode` 'test-hooks', dist-test/ beside it) on 127.0.0.1:`port`; resolves with its URL once it answers. */
export async function startPreview(port, mode) {
  const base = `http://127.0.0.1:${port}/`;
  const modeArgs = mode ? ['--mode', mode] : [];
  // its own process group: npx starts vite as a child, and stopping must reach that one too
  const args = ['vite', 'preview', ...modeArgs, '--host', '127.0.0.1', '--port', String(port), '--strictPort'];
  const server = spawn('npx', args, { stdio: 'pipe', detached: true });
  const stop = () => {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      /* gone already */
    }
  };
  process.on('exit', stop);
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(base)).ok) return { base, stop };
    } catch {
      /* not up yet */
    }
    if (i > 100) throw new Error('vite preview did not start; run `npm run build` first');
    await new Promise((r) => setTimeout(r, 200));
  }
}
