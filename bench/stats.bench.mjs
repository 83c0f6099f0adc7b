// gzh stats aggregation: 1,000 articles × 365 days (365,000 article-days, every article read every day, the worst
// case) into totals per article, follower growth and sparkline series; then the history CSV written and read
// back (what stats.store costs a rerun), and the terminal sparklines. Run `npm run build` first.
import { performance } from 'node:perf_hooks';
import { aggregateStats, sparkline, statsToCsv } from '../dist/index.js';
import { csvToStats } from '../dist/stats/csv.js';
import { daysBetween } from '../dist/stats/dates.js';

const ARTICLES = 1000;
const ROUNDS = 5;
const days = daysBetween('2025-12-01', '2026-11-30');
const rows = [];
for (let a = 0; a < ARTICLES; a++) {
  const base = 200 + ((a * 7919) % 900);
  for (let d = 0; d < days.length; d++) {
    const reads = Math.max(1, Math.floor(base * 0.97 ** d));
    rows.push({ date: days[d], msgid: `${2247480000 + a}_1`, title: `第 ${a} 篇：一个标题，有逗号`, file: `content/${a}.md`, reads, readers: Math.ceil(reads * 0.8), readsFromFollowers: Math.floor(reads * 0.55), readsFromShares: Math.floor(reads * 0.3), shares: Math.floor(reads * 0.06), sharers: Math.floor(reads * 0.05), favourites: Math.floor(reads * 0.02) });
  }
}
const followers = days.map((date, i) => ({ date, newFollowers: 10 + (i % 7), cancelledFollowers: 2, cumulativeFollowers: 1000 + i * 12 }));
const period = { since: days[0], until: days.at(-1) };

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (fn) => {
  fn(); // warm-up
  const times = [];
  let out;
  for (let i = 0; i < ROUNDS; i++) {
    globalThis.gc?.();
    const t = performance.now();
    out = fn();
    times.push(performance.now() - t);
  }
  return { ms: median(times), best: Math.min(...times), out };
};

const agg = time(() => aggregateStats(rows, followers, period));
const spark = time(() => agg.out.articles.map((a) => sparkline(a.daily)).length);
const write = time(() => statsToCsv(rows, followers));
const read = time(() => csvToStats(write.out, 'bench.csv'));
const mb = (Buffer.byteLength(write.out) / 1e6).toFixed(1);

console.log(`stats: ${ARTICLES} articles × ${days.length} days = ${rows.length.toLocaleString('en-US')} article-days`);
console.log(`stats: aggregate in ${agg.ms.toFixed(1)} ms (median of ${ROUNDS}; best ${agg.best.toFixed(1)} ms); ${agg.out.articles.length} articles, ${agg.out.totals.reads.toLocaleString('en-US')} reads`);
console.log(`stats: ${ARTICLES} sparklines of ${days.length} days in ${spark.ms.toFixed(1)} ms`);
console.log(`stats: history CSV (${mb} MB) written in ${write.ms.toFixed(0)} ms, read back in ${read.ms.toFixed(0)} ms (${read.out.rows.length.toLocaleString('en-US')} rows)`);
