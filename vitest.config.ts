import { readFileSync } from 'node:fs';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';

// Two projects: `unit` — plain Node tests (numerics, parsing, the worker bridge); `kernels` — our WGSL
// kernels against their CPU references in real Chromium on WebGPU (SwiftShader here, flags shared with e2e).
const args: string[] = JSON.parse(readFileSync(new URL('./e2e/chromium-args.json', import.meta.url), 'utf8')).swiftshader;

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'training/**/*.test.ts'],
          exclude: ['src/**/*.browser.test.ts'],
          environment: 'node',
        },
      },
      {
        // onnxruntime-web is found only when a test imports it; listing it up front spares Vite a mid-run reload
        optimizeDeps: { include: ['onnxruntime-web'] },
        test: {
          name: 'kernels',
          include: ['src/**/*.browser.test.ts'],
          testTimeout: 120_000,
          browser: {
            enabled: true,
            headless: true,
            instances: [{ browser: 'chromium' }],
            provider: playwright({ launchOptions: { executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args } }),
          },
        },
      },
    ],
  },
});
