// Worst-case compile time over pathological input (issue 12): every input from bench/pathological-inputs.mjs
// and input built right at each limit of src/compile/input-limits.ts (the slowest ones that still compile).
// Target: every input ≤ 1 MB compiles or is refused in ≤ 5 s. Prints wall and CPU ms per input (the machine
// is shared: CPU time is what an idle machine's wall time would be), the worst of each, and peak RSS.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import '../dist/project/compile-loaders.js';
import { compileArticle } from '../dist/compile/index.js';
import { INPUT_LIMITS as L } from '../dist/compile/input-limits.js';
import { makeArticle } from './make-article.mjs';
import { pathologicalInputs } from './pathological-inputs.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const themeCss = readFileSync(path.join(root, 'themes/default.css'), 'utf8');
const codeThemeCss = readFileSync(path.join(root, 'node_modules/highlight.js/styles/github.css'), 'utf8');

/** The bench article, cut to its first `lines` lines. */
function longArticle(lines) {
  return makeArticle(L.maxBytes / 1024, 3).split('\n').slice(0, lines).join('\n');
}

const atLimit = [
  { name: `limit: ${L.maxEmphasisMarkers} \`*a\` in one paragraph`, source: () => '*a'.repeat(L.maxEmphasisMarkers) },
  { name: `limit: ${L.maxBrackets} \`a]\` in one paragraph`, source: () => 'a] '.repeat(L.maxBrackets) },
  { name: `limit: ${L.maxBrackets} links`, source: () => '[a](https://example.com) '.repeat(L.maxBrackets) },
  { name: `limit: ${L.maxListItems} list items`, source: () => '- **a** b\n'.repeat(L.maxListItems) },
  { name: `limit: ${L.maxTableCells} table cells`, source: () => `|${' a |'.repeat(10)}\n|${' - |'.repeat(10)}\n` + `|${' a |'.repeat(10)}\n`.repeat(L.maxTableCells / 10 - 1) },
  { name: `limit: ${L.maxHtmlTags / 2} <span> pairs`, source: () => '<span>a</span>'.repeat(L.maxHtmlTags / 2) },
  { name: `limit: ${L.maxFormulas} formulas`, source: () => 'a $x^2+y_1$ b\n\n'.repeat(L.maxFormulas) },
  { name: `limit: ${L.maxTexLength / 1000}k TeX characters`, source: () => `$$\n${'x^2 + '.repeat(L.maxFormulaLength / 6 - 1)}y\n$$\n\n`.repeat(4) },
  { name: `limit: a ${L.maxCodeBlock / 1024} KB highlighted code block`, source: () => '```js\n' + 'const a = 1; // x\n'.repeat(L.maxCodeBlock / 18 - 1) + '```\n' },
  { name: `limit: quotes nested ${L.maxContainerDepth} deep, ${L.maxLines} lines`, source: () => `${'> '.repeat(L.maxContainerDepth)}a\n`.repeat(L.maxLines - 1) },
  { name: `limit: ${L.maxLines / 2} headings`, source: () => '# a\n\n'.repeat(L.maxLines / 2 - 1) },
  { name: `limit: ${L.maxLines / 2} paragraphs`, source: () => 'a\n\n'.repeat(L.maxLines / 2 - 1) },
  { name: `limit: ${L.maxBytes / 1024} KB of \\* escapes`, source: () => '\\*'.repeat(L.maxBytes / 2 - 1) },
  { name: `limit: a long article of ${L.maxLines} lines`, source: () => longArticle(L.maxLines) },
  {
    name: 'limit: all of the above in one article',
    source: () =>
      [
        '*a'.repeat(L.maxEmphasisMarkers - 2000),
        'a] '.repeat(L.maxBrackets),
        '- b\n'.repeat(L.maxListItems - 1),
        `|${' a |'.repeat(10)}\n|${' - |'.repeat(10)}\n` + `|${' a |'.repeat(10)}\n`.repeat(L.maxTableCells / 10 - 1),
        '<span>a</span>'.repeat(L.maxHtmlTags / 2 - 10),
        'a $x^2+y_1$ b\n\n'.repeat(L.maxFormulas),
        '```js\n' + 'const a = 1; // x\n'.repeat(L.maxCodeBlock / 18 - 1) + '```',
      ].join('\n\n'),
  },
];

compileArticle(makeArticle(20, 1), { themeCss, codeThemeCss }); // warm up
let peakRss = process.memoryUsage().rss;
const rows = [];
for (const input of [...pathologicalInputs, ...atLimit]) {
  const source = input.source();
  const cpu = process.cpuUsage();
  const t = performance.now();
  const result = compileArticle(source, { file: 'input.md', themeCss, codeThemeCss });
  const wall = performance.now() - t;
  const { user, system } = process.cpuUsage(cpu);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const refusal = result.messages.find((m) => m.ruleId.startsWith('compile/too-'));
  rows.push({ name: input.name, kb: Buffer.byteLength(source) / 1024, wall, cpu: (user + system) / 1000, outcome: refusal ? `refused ${refusal.ruleId}:${refusal.line}` : `compiled (${(result.html.length / 1024).toFixed(0)} KB html)` });
  globalThis.gc?.();
}
const width = Math.max(...rows.map((r) => r.name.length));
console.log(`${'input'.padEnd(width)}  ${'KB'.padStart(7)}  ${'wall ms'.padStart(8)}  ${'cpu ms'.padStart(8)}  outcome`);
for (const r of rows) console.log(`${r.name.padEnd(width)}  ${r.kb.toFixed(0).padStart(7)}  ${r.wall.toFixed(0).padStart(8)}  ${r.cpu.toFixed(0).padStart(8)}  ${r.outcome}`);
const worst = rows.reduce((a, b) => (b.wall > a.wall ? b : a));
const worstCpu = rows.reduce((a, b) => (b.cpu > a.cpu ? b : a));
console.log(`\nworst-case compile: ${worst.wall.toFixed(0)} ms wall (${worst.name}), ${worstCpu.cpu.toFixed(0)} ms CPU (${worstCpu.name})  (target ≤ 5000)`);
console.log(`peak RSS: ${(peakRss / 1024 / 1024).toFixed(0)} MB`);
