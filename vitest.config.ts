import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // compile's grammar and MathJax loaders, as src/index.ts provides them (tests import src/compile directly)
    setupFiles: ['src/project/compile-loaders.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // sharp and chromium tests are heavy; 2 cores here.
    maxWorkers: 2,
  },
});
