// Compile throughput: the full gzh pipeline vs a bare unified parse → stringify on the same articles,
// and a cold `gzh build` of one article. Targets (issue 2): full ≥ 250 KB/s, ≥ 70% of bare, cold < 400 ms.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { compileArticle } from '../dist/compile/index.js';
import { makeArticle } from './make-article.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const themeCss = readFileSync(path.join(root, 'themes/default.css'), 'utf8');
const codeThemeCss = readFileSync(path.join(root, 'node_modules/highlight.js/styles/github.css'), 'utf8');
const articles = [20, 20, 50, 50, 100].map((kb, i) => makeArticle(kb, i + 1));
const totalKB = articles.reduce((s, a) => s + Buffer.byteLength(a), 0) / 1024;
const bare = unified().use(remarkParse).use(remarkGfm).use(remarkRehype).use(rehypeStringify).freeze();

function measure(fn, minMs = 3000) {
  for (let i = 0; i < 3; i++) for (const a of articles) fn(a); // warm up
  const times = [];
  const start = performance.now();
  while (performance.now() - start < minMs) {
    const t = performance.now();
    for (const a of articles) fn(a);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

// interleave rounds so machine noise hits both sides alike
const bareRuns = [];
const fullRuns = [];
for (let round = 0; round < 3; round++) {
  bareRuns.push(measure((a) => String(bare.processSync(a)), 1500));
  fullRuns.push(measure((a) => compileArticle(a, { themeCss, codeThemeCss }), 1500));
}
const bareMs = Math.min(...bareRuns);
const fullMs = Math.min(...fullRuns);
const kbps = (ms) => totalKB / (ms / 1000);
console.log(`compile: ${articles.length} articles, ${totalKB.toFixed(0)} KB of Markdown`);
console.log(`  bare unified (parse+gfm → rehype → stringify): ${kbps(bareMs).toFixed(0)} KB/s`);
console.log(`  full gzh pipeline (transforms + highlighting + theme inlining): ${kbps(fullMs).toFixed(0)} KB/s  (target ≥ 250)`);
console.log(`  ratio full/bare: ${((bareMs / fullMs) * 100).toFixed(0)}%  (target ≥ 70%)`);

// cold: a fresh process building one article, as a user runs it
const out = mkdtempSync(path.join(os.tmpdir(), 'gzh-bench-'));
const cold = [];
for (let i = 0; i < 7; i++) {
  const t = performance.now();
  execFileSync(process.execPath, [path.join(root, 'bin/gzh.js'), 'build', path.join(root, 'content/hello.md'), '--out', out], { cwd: root, stdio: 'ignore', env: { ...process.env, CI: 'true' } });
  cold.push(performance.now() - t);
}
rmSync(out, { recursive: true, force: true });
cold.sort((a, b) => a - b);
console.log(`  cold \`gzh build content/hello.md\`: median ${cold[3].toFixed(0)} ms, min ${cold[0].toFixed(0)} ms  (target < 400)`);
