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
    // One module graph per worker, not per file: importing src/ (remark, hast, zod, undici, sharp…) was more
    // than half the suite's wall time, paid again by every file. Safe because no test file mutates
    // process.env, globals or cwd, or mocks modules (commands get env/cwd through their CommandContext);
    // a file that must do so restores it in afterAll. `npx vitest run --sequence.shuffle` checks the order
    // does not matter.
    isolate: false,
  },
});
