// Title linter throughput: lint 10,000 realistic titles (the labelled sets, cycled with varied
// suffixes) with the default config, after one warm-up pass. Run `npm run build` first.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { lintArticle, lintTitle } from '../dist/lint/index.js';

const COUNT = 10_000;
const ROUNDS = 5;

function readTitles(name) {
  const text = readFileSync(new URL(`../test/fixtures/titles/${name}`, import.meta.url), 'utf8');
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#') && !line.startsWith('label\t'))
    .map((line) => line.split('\t')[2].replace(/\\u\{([0-9a-fA-F]+)\}/g, (_, hex) => String.fromCodePoint(parseInt(hex, 16))));
}

const base = [...readTitles('labeled.tsv'), ...readTitles('holdout.tsv')];
const suffixes = ['', '（上）', ' | 第2期', '：附完整代码', ' 2025 版'];
const titles = Array.from({ length: COUNT }, (_, i) => base[i % base.length] + suffixes[Math.floor(i / base.length) % suffixes.length]);

const coldStart = performance.now();
lintTitle('震惊！冷启动');
const cold = performance.now() - coldStart;

let messages = 0;
for (const title of titles) messages += lintTitle(title).length; // warm-up

const times = [];
for (let round = 0; round < ROUNDS; round++) {
  const start = performance.now();
  for (const title of titles) lintTitle(title);
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];

const articleStart = performance.now();
for (let i = 0; i < titles.length; i++) {
  lintArticle({ title: titles[i], hasCover: true, digest: '摘要', author: '作者', otherTitles: [titles[(i + 1) % titles.length]] });
}
const articles = performance.now() - articleStart;

console.log(`lint: first call (builds matchers) ${cold.toFixed(1)} ms`);
console.log(`lint: ${COUNT} titles in ${median.toFixed(1)} ms (median of ${ROUNDS}; best ${times[0].toFixed(1)} ms) = ${Math.round((COUNT / median) * 1000).toLocaleString('en-US')} titles/s`);
console.log(`lint: ${COUNT} articles (title + fields) in ${articles.toFixed(1)} ms = ${Math.round((COUNT / articles) * 1000).toLocaleString('en-US')} articles/s`);
console.log(`lint: ${messages} messages over ${COUNT} titles; 10,000 titles ${median < 1000 ? 'under' : 'OVER'} 1 s`);
