import { defineConfig } from '@playwright/test';
import chromiumFlags from './e2e/chromium-args.json' with { type: 'json' };

// Runs against the built site (`npm run build`) served by `vite preview --mode test-hooks`: dist/ and, for what
// dist/ lacks, the test hooks' build dist-test/ (vite.config.ts); in Debian's Chromium with SwiftShader's WebGPU
// (no GPU needed). Set CHROME_PATH to use another Chrome.
export default defineConfig({
  testDir: 'e2e',
  // local one-off scripts (screenshots for a closing note) are named *.tmp.spec.ts and never run in the suite
  testIgnore: '**/*.tmp.*',
  timeout: 120_000,
  expect: { timeout: 60_000 },
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: 'http://127.0.0.1:4173/',
    launchOptions: { executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: chromiumFlags.swiftshader },
    // a failed test keeps its trace (actions, DOM snapshots, console, network) without the screencast of every
    // frame: the vae and theme specs took 2.2 and 2.5 min with it, 2.0 min without (1.9 min with no trace); the
    // whole suite in a fresh-clone CI 25.0 min, against 25.3-25.8 min in the three runs before
    trace: { mode: 'retain-on-failure', screenshots: false, snapshots: true, sources: true },
    // The service worker stays out of the way of tests that watch or change what the network serves
    // (page.route sees no request a service worker handles); the specs about it allow it (static-host).
    serviceWorkers: 'block',
  },
  webServer: {
    command: 'npx vite preview --mode test-hooks --host 127.0.0.1 --port 4173 --strictPort',
    url: 'http://127.0.0.1:4173/',
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
