// The compile pool (src/project/compile-pool.ts): what a worker round trip adds to one article (the same
// 20 KB article compiled in-process and on the pool, back to back, medians), and compileArticles over 12
// articles with 1 and 2 workers (wall time, peak RSS of the process and its workers).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultConfig } from '../dist/config/schema.js';
import { CompilePool, compileArticles } from '../dist/project/compile-pool.js';
import { compileSource } from '../dist/project/load-article.js';
import { makeArticle } from './make-article.mjs';

const dir = mkdtempSync(path.join(tmpdir(), 'gzh-pool-bench-'));
const config = defaultConfig(dir);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
try {
  const source = makeArticle(20, 1);
  const request = { source, file: 'a.md', absolutePath: path.join(dir, 'a.md'), config, cwd: dir };
  const pool = new CompilePool({ jobs: 1 });
  for (let i = 0; i < 5; i++) compileSource(source, 'a.md', request.absolutePath, config), await pool.compile(request);
  const inProcess = [];
  const pooled = [];
  const overhead = [];
  for (let i = 0; i < 30; i++) {
    let t = performance.now();
    compileSource(source, 'a.md', request.absolutePath, config);
    const a = performance.now() - t;
    t = performance.now();
    await pool.compile(request);
    const b = performance.now() - t;
    inProcess.push(a);
    pooled.push(b);
    overhead.push(b - a);
  }
  // the round trip alone, which pair differences bury in this shared machine's noise: an empty task, and
  // copying the request and the result between threads (structured clone, both ways)
  const empty = [];
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    await pool.compile({ ...request, source: '' });
    empty.push(performance.now() - t);
  }
  const article = await pool.compile(request);
  const clones = [];
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    structuredClone(request);
    structuredClone(article);
    clones.push(performance.now() - t);
  }
  await pool.destroy();
  console.log(`worker round trip of an empty article: ${median(empty).toFixed(2)} ms; copying the 20 KB article's request and result: ${median(clones).toFixed(2)} ms (medians of 50)`);
  console.log(`one 20 KB article: in-process ${median(inProcess).toFixed(1)} ms, on the pool ${median(pooled).toFixed(1)} ms: ${median(overhead).toFixed(1)} ms per article for the round trip (median of 30 pairs)`);

  const files = [];
  for (let i = 0; i < 12; i++) {
    const file = path.join(dir, `article-${i}.md`);
    writeFileSync(file, makeArticle(30, i + 1));
    files.push(file);
  }
  let peak = 0;
  const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  for (const jobs of [1, 2]) {
    peak = 0;
    const t = performance.now();
    await compileArticles(files, config, { jobs, cwd: dir });
    console.log(`compileArticles, 12 × 30 KB, --jobs ${jobs}: ${(performance.now() - t).toFixed(0)} ms (workers started cold), peak RSS ${(peak / 1024 / 1024).toFixed(0)} MB`);
  }
  clearInterval(sample);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
