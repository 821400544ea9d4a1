// Runs a module of the training package with the Python that has torch and onnx:
//   node training/run-python.mjs -m training.vae --smoke --out /tmp/vae-smoke
// Debian's packages install them for /usr/bin/python3, which is often not the `python3` first on PATH.
// The repository root goes on PYTHONPATH, so `-m training.<module>` is found from any working directory, and a
// path the scripts had before they became a package (training/vae.py) runs as its module (-m training.vae).
import { spawnSync } from 'node:child_process';
import { delimiter, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const candidates = [process.env.PYTHON, '/usr/bin/python3', 'python3'].filter(Boolean);
const probe = 'import torch, onnx, numpy';
const python = candidates.find((p) => spawnSync(p, ['-c', probe], { stdio: 'ignore' }).status === 0);
if (!python) {
  console.error(
    'No Python with torch, onnx and numpy found (tried: ' +
      candidates.join(', ') +
      ').\n' +
      'On Debian: apt-get install python3-torch python3-onnx python3-numpy python3-pil libopenblas0-pthread\n' +
      'Elsewhere: pip install torch onnx numpy pillow, then set PYTHON=/path/to/python.',
  );
  process.exit(1);
}
const args = process.argv.slice(2);
const script = /^(?:\.\/)?training\/(\w+)\.py$/.exec(args[0] ?? '');
if (script) args.splice(0, 1, '-m', `training.${script[1]}`);
const pythonPath = [root, process.env.PYTHONPATH].filter(Boolean).join(delimiter);
const env = { ...process.env, PYTHONUNBUFFERED: '1', PYTHONPATH: pythonPath };
const result = spawnSync(python, args, { stdio: 'inherit', env });
process.exit(result.status ?? 1);
