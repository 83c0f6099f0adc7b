import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The slowest files, slowest first (seconds of a 2-core run). On a fresh clone (CI) vitest has no timings and
 * runs the largest files first, which put these small ones last: the run then ended on one of them alone.
 */
const SLOW = ['ci/pack-install', 'compile/compact-render', 'publish/crash', 'project/compile-cache', 'publish/publish', 'ci/workflows', 'publish/process', 'publish/lock-state', 'project/build-parallel', 'publish/due', 'images/optimise', 'ci/accounts-workflow', 'compile/block-cache', 'cli/commands', 'publish/accounts'];

class SlowFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = SLOW.findIndex((name) => f.moduleId.endsWith(`/test/${name}.test.ts`));
      return i < 0 ? SLOW.length : i;
    };
    return sorted.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map(({ f }) => f);
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // compile's grammar and MathJax loaders, as src/index.ts provides them (tests import src/compile directly)
    setupFiles: ['src/project/compile-loaders.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // 2 cores here, but with 2 files at a time they sat a third idle while process, lock and Chromium tests
    // waited on their children; a third file fills that time (fresh clone: 137 s → 117–121 s; 4 gave 117 s).
    maxWorkers: 3,
    // One module graph per worker, not per file: importing src/ (remark, hast, zod, undici, sharp…) was more
    // than half the suite's wall time, paid again by every file. Safe because no test file mutates
    // process.env, globals or cwd, or mocks modules (commands get env/cwd through their CommandContext);
    // a file that must do so restores it in afterAll. `npx vitest run --sequence.shuffle` checks the order
    // does not matter.
    isolate: false,
    sequence: { sequencer: SlowFirst },
  },
});
