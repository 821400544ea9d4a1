import { defineConfig } from 'vitest/config';

// Plain Node unit tests: numerics, parsing, the worker bridge. Browser tests (WGSL kernels) join as a
// second project when the first kernel lands; the e2e suite (Playwright) covers the built site.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['src/**/*.test.ts', 'training/**/*.test.ts'], exclude: ['src/**/*.browser.test.ts'], environment: 'node' } },
    ],
  },
});
