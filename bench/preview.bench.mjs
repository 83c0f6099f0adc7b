// gzh dev: save-to-updated-DOM latency in real headless Chromium, for a 20 KB Chinese article with code, and
// how fast the server answers while a slow article (seconds of compile) compiles on a worker.
// Run `npm run build` first. Prints p50 / p95 over 20 edits and the split:
//   detect   file written → first watcher event
//   debounce event → compile start (the 12 ms quiet window)
//   compile  read + compile (+ lint, dark mode)
//   push     payload ready → received by the page (SSE)
//   patch    received → DOM patched (JSON parse + block diff)
//   paint    patched → two animation frames later
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { defaultConfig } from '../dist/config/schema.js';
import { startDevServer } from '../dist/preview/index.js';

const EDITS = 20;
const WARMUP = 3;

function makeArticle(edit) {
  let md = `---\ntitle: 性能测试：一篇两万字节的中文文章\nauthor: 基准\n---\n\n`;
  for (let i = 0; Buffer.byteLength(md) < 20_000; i++) {
    md += `## 第 ${i + 1} 节：实时预览的延迟\n\n`;
    md += `写作者把 gzh dev 开在编辑器旁边，每次保存都希望立刻看到结果。这一段是第 ${i + 1} 段，包含**加粗**、*强调*、\`行内代码\` 和[一个链接](https://example.com/${i})，用来模拟真实文章的排版密度。\n\n`;
    if (i === 2) md += `> 第 ${edit} 次编辑：这一行每次都会改变。\n\n`;
    if (i % 3 === 0) md += '```ts\nexport function greet(name: string): string {\n  const text = `你好，${name}`;\n  console.log(text);\n  return text;\n}\n```\n\n';
    if (i % 4 === 1) md += `- 列表项一：说明文字\n- 列表项二：更多说明\n- 列表项三：最后一项\n\n`;
  }
  return md;
}

const pct = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const fmt = (n) => n.toFixed(1).padStart(7);

const base = mkdtempSync(path.join(tmpdir(), 'gzh-preview-bench-'));
const root = path.join(base, 'blog');
mkdirSync(path.join(root, 'content'), { recursive: true });
const file = path.join(root, 'content', 'bench.md');
writeFileSync(file, makeArticle(0));
// within the input limits, but seconds of compile: 16-deep quotes on 10,000 lines
writeFileSync(path.join(root, 'content', 'slow.md'), `${'> '.repeat(16)}慢\n`.repeat(9_999));

const server = await startDevServer({ root, config: defaultConfig(root), paths: [], port: 0, cwd: root });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking'] });
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 960 } });
  await page.goto(`${server.url}#content%2Fbench.md`);
  await page.waitForFunction(() => window.__gzh?.updates > 0);
  console.log(`article: ${(Buffer.byteLength(makeArticle(1)) / 1024).toFixed(1)} KB Markdown, ${(await page.evaluate(() => document.querySelector('#content').innerHTML.length / 1024)).toFixed(0)} KB HTML`);

  const rows = [];
  for (let edit = 1; edit <= WARMUP + EDITS; edit++) {
    const before = await page.evaluate(() => window.__gzh.updates);
    await new Promise((resolve) => setTimeout(resolve, 150)); // let the watcher's recheck window pass
    const t0 = Date.now();
    writeFileSync(file, makeArticle(edit));
    await page.waitForFunction((n) => window.__gzh.updates > n, before, { polling: 'raf', timeout: 10_000 });
    const last = await page.evaluate(() => window.__gzh.last);
    const ok = await page.evaluate((e) => document.querySelector('#content').textContent.includes(`第 ${e} 次编辑`), edit);
    if (!ok) throw new Error(`edit ${edit} not shown`);
    if (edit <= WARMUP) continue;
    const s = last.server;
    const work = s.readMs + s.compileMs + s.lintMs + s.darkMs;
    rows.push({
      total: last.paintedAt - t0,
      detect: s.changedAt - t0,
      debounce: s.readyAt - work - s.changedAt,
      compile: s.readMs + s.compileMs,
      lintDark: s.lintMs + s.darkMs,
      push: last.receivedAt - s.readyAt,
      patch: last.patchedAt - last.receivedAt,
      paint: last.paintedAt - last.patchedAt,
    });
  }

  console.log(`\nsave → updated DOM, ${EDITS} edits (after ${WARMUP} warm-up), ms`);
  console.log('              p50      p95');
  for (const key of ['total', 'detect', 'debounce', 'compile', 'lintDark', 'push', 'patch', 'paint']) {
    const values = rows.map((r) => r[key]);
    console.log(`${key.padEnd(10)}${fmt(pct(values, 50))}  ${fmt(pct(values, 95))}`);
  }
  const p50 = pct(rows.map((r) => r.total), 50);
  console.log(`\ntarget p50 < 80 ms: ${p50 < 80 ? 'met' : 'NOT met'} (${p50.toFixed(1)} ms)`);

  // the event loop while content/slow.md compiles, seen from the page (another process): /__gzh/state
  // round trips, one after another, until the slow article's page is answered
  const seen = await page.evaluate(async () => {
    await fetch('/__gzh/theme', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ theme: 'default' }) });
    const start = performance.now();
    let done = 0;
    const slow = fetch('/__gzh/article?id=content/slow.md').then(async (r) => {
      await r.text();
      done = performance.now();
    });
    const latencies = [];
    while (!done) {
      const t = performance.now();
      await (await fetch('/__gzh/state')).text();
      latencies.push(performance.now() - t);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await slow;
    return { compileMs: done - start, latencies };
  });
  console.log(`\nwhile a ${(seen.compileMs / 1000).toFixed(1)} s compile runs: /__gzh/state answers in p50 ${fmt(pct(seen.latencies, 50)).trim()} ms, max ${fmt(Math.max(...seen.latencies)).trim()} ms (${seen.latencies.length} requests)`);
} finally {
  await browser.close();
  await server.close();
  rmSync(base, { recursive: true, force: true });
}
