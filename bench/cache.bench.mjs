// The compile cache (src/project/compile-cache.ts): `gzh build --jobs 2` over 200 generated 20 KB Chinese
// articles, whole process: cold (empty .gzh/cache), warm with nothing changed, and warm after editing one
// article, as a CI run restoring .gzh/cache does. The articles' images are missing (each reports it): the
// same work cold and warm, and no image step to dilute the compile.
import { execFileSync } from 'node:child_process';
import { appendFileSync, closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeArticle } from './make-article.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.env.GZH_BENCH_CACHE_ARTICLES ?? 200);
const dir = mkdtempSync(path.join(tmpdir(), 'gzh-cache-bench-'));
try {
  writeFileSync(path.join(dir, 'package.json'), '{"name":"bench","private":true}');
  mkdirSync(path.join(dir, 'content'));
  for (let i = 0; i < N; i++) writeFileSync(path.join(dir, 'content', `a${String(i).padStart(4, '0')}.md`), makeArticle(20, i + 1));
  const build = (...extra) => {
    const t = performance.now();
    // to a file, not a pipe: the CLI's exit cuts a large --json short on a pipe
    const out = openSync(path.join(dir, 'out.json'), 'w');
    try {
      execFileSync(process.execPath, [path.join(root, 'bin/gzh.js'), 'build', 'content', '--jobs', '2', '--json', ...extra], { cwd: dir, env: { ...process.env, CI: 'true' }, stdio: ['ignore', out, 'ignore'] });
    } catch (error) {
      if (error.status !== 1) throw error; // 1: the missing images
    } finally {
      closeSync(out);
    }
    const { compiled, cached } = JSON.parse(readFileSync(path.join(dir, 'out.json'), 'utf8'));
    return { ms: performance.now() - t, compiled, cached };
  };
  const cold = build();
  const warm = build();
  appendFileSync(path.join(dir, 'content', 'a0007.md'), '\n\n改了一个字。\n');
  const edited = build();
  const off = build('--no-cache');
  const pct = (x) => `${((x / cold.ms) * 100).toFixed(1)}%`;
  console.log(`compile cache, ${N} × 20 KB articles, gzh build --jobs 2 (whole process):`);
  console.log(`  cold ${cold.ms.toFixed(0)} ms (compiled ${cold.compiled}); --no-cache ${off.ms.toFixed(0)} ms (compiled ${off.compiled})`);
  console.log(`  warm, nothing changed: ${warm.ms.toFixed(0)} ms = ${pct(warm.ms)} of cold (compiled ${warm.compiled}, cached ${warm.cached})`);
  console.log(`  warm, one article edited: ${edited.ms.toFixed(0)} ms = ${pct(edited.ms)} of cold (compiled ${edited.compiled}, cached ${edited.cached})  (target ≤ 3%)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
