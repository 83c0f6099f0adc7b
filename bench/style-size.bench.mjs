// Issue 13 §1: HTML characters and markup/text ratio per built-in theme on real long Chinese articles
// (test/corpus/zh, see its LICENSES.md), compact inline styles (the default) vs `compactStyles: false` (every
// matched declaration on every element, the output before compaction), against WeChat's 20,000-character
// content limit. Targets: a ~9,000-character newsletter-like article < 20,000 characters in default,
// ratio ≤ 2.0 there and ≤ 2.5 in every other theme. Also the time compaction costs per compile.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import '../dist/project/compile-loaders.js';
import { compileArticle } from '../dist/compile/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = path.join(root, 'test/corpus/zh');
const LIMIT = 20_000;
const codeThemeCss = readFileSync(path.join(root, 'node_modules/highlight.js/styles/github.css'), 'utf8');
const themes = readdirSync(path.join(root, 'themes')).filter((f) => f.endsWith('.css')).sort().map((f) => ({ name: f.slice(0, -4), css: readFileSync(path.join(root, 'themes', f), 'utf8') }));
const articles = readdirSync(corpus).filter((f) => f.endsWith('.md') && f !== 'LICENSES.md').sort().map((f) => ({ name: f.slice(0, -3), markdown: readFileSync(path.join(corpus, f), 'utf8') }));

const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
console.log(`HTML characters (full → compact) and compact HTML / visible text, per theme; * = over WeChat's ${LIMIT} limit`);
console.log(`${pad('article', 46)}${lpad('text', 6)}${lpad('links', 6)}  ${themes.map((t) => pad(t.name, 24)).join('')}`);
const totals = new Map(themes.map((t) => [t.name, { full: 0, compact: 0, text: 0 }]));
for (const a of articles) {
  const links = (a.markdown.match(/\]\(https?:/g) ?? []).length;
  let textLength = 0;
  const cells = themes.map((t) => {
    const full = compileArticle(a.markdown, { themeCss: t.css, codeThemeCss, compactStyles: false });
    const compact = compileArticle(a.markdown, { themeCss: t.css, codeThemeCss });
    textLength = compact.textLength;
    const total = totals.get(t.name);
    total.full += full.html.length;
    total.compact += compact.html.length;
    total.text += compact.textLength;
    const over = compact.html.length >= LIMIT ? '*' : ' ';
    return pad(`${full.html.length} → ${compact.html.length}${over} ${(compact.html.length / compact.textLength).toFixed(2)}×`, 24);
  });
  console.log(`${pad(a.name, 46)}${lpad(textLength, 6)}${lpad(links, 6)}  ${cells.join('')}`);
}
console.log(`${pad('all', 58)}  ${themes.map((t) => { const x = totals.get(t.name); return pad(`${(x.full / x.text).toFixed(2)}× → ${(x.compact / x.text).toFixed(2)}×`, 24); }).join('')}`);

// what compaction costs: compile time with and without it on the same articles (medians of alternating passes)
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const theme = themes.find((t) => t.name === 'default');
const pass = (compact) => {
  const t = performance.now();
  for (const a of articles) compileArticle(a.markdown, { themeCss: theme.css, codeThemeCss, compactStyles: compact });
  return performance.now() - t;
};
for (let i = 0; i < 2; i++) pass(true), pass(false);
const on = [];
const off = [];
for (let i = 0; i < 9; i++) off.push(pass(false)), on.push(pass(true));
const kb = articles.reduce((s, a) => s + Buffer.byteLength(a.markdown), 0) / 1024;
console.log(`compile, default theme, ${kb.toFixed(0)} KB: compact ${(kb / (median(on) / 1000)).toFixed(0)} KB/s, full ${(kb / (median(off) / 1000)).toFixed(0)} KB/s (medians of 9 alternating passes)`);
