// Runs a training script with the Python that has torch and onnx.
// Debian's packages install them for /usr/bin/python3, which is often not the `python3` first on PATH.
import { spawnSync } from 'node:child_process';

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
const result = spawnSync(python, process.argv.slice(2), { stdio: 'inherit', env: { ...process.env, PYTHONUNBUFFERED: '1' } });
process.exit(result.status ?? 1);
