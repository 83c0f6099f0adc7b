/**
 * `gzh stats [paths] [--since] [--until] [--account] [--csv FILE] [--html FILE] [--json]`: WeChat's analytics per
 * article of this repo: a table with a sparkline of reads per day, totals and follower growth; rows no gzh.lock
 * entry knows are listed as not from this repo.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { collectStats, sparkline, statsToCsv, writeStatsReport, type ArticleTotals, type StatsResult } from '../../index.js';
import type { CommandContext } from '../context.js';
import { projectOf } from '../project.js';
import { displayWidth } from '../display-width.js';

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

export async function run(args: string[], options: Record<string, unknown>, ctx: CommandContext): Promise<number> {
  const project = await projectOf(ctx, options);
  const { output } = ctx;
  const result = await collectStats(project, {
    paths: args,
    since: str(options.since),
    until: str(options.until),
    account: str(options.account),
    sandbox: options.sandbox === true,
    apiBase: str(options.apiBase),
    signal: ctx.signal,
    // progress only when it takes a while (more than a week of requests)
    onProgress: (done, total) => total > 10 && output.progress('Fetching analytics', done, total),
  });
  const written: string[] = [];
  const csv = str(options.csv);
  if (csv) {
    const file = path.resolve(ctx.cwd, csv);
    mkdirSync(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, statsToCsv(result.rows, result.followers));
    written.push(path.relative(ctx.cwd, file) || file);
  }
  const html = str(options.html);
  if (html) {
    const file = path.resolve(ctx.cwd, html);
    await writeStatsReport(result.report, file);
    written.push(path.relative(ctx.cwd, file) || file);
  }
  if (options.json === true) {
    output.out(JSON.stringify({ ...result.report, account: result.account, requests: result.requests.length, missingDays: result.missingDays, ...(result.historyFile ? { historyFile: result.historyFile } : {}), written }, null, 2));
    return 0;
  }
  printTable(result, ctx);
  for (const w of written) output.err(`${output.colors.green('✓')} wrote ${w}`);
  return 0;
}


function fit(text: string, max: number): string {
  if (displayWidth(text) <= max) return text + ' '.repeat(max - displayWidth(text));
  let out = '';
  for (const ch of text) {
    if (displayWidth(out + ch) > max - 1) break;
    out += ch;
  }
  return out + '…' + ' '.repeat(Math.max(0, max - 1 - displayWidth(out)));
}

function printTable(result: StatsResult, ctx: CommandContext): void {
  const { output } = ctx;
  const c = output.colors;
  const r = result.report;
  output.out(c.bold(`${r.since} – ${r.until}`) + c.dim(` · account ${result.account} · ${result.requests.length} requests${result.historyFile ? ` · history ${result.historyFile}` : ''}`));
  if (result.missingDays.length) output.out(c.yellow(`${result.missingDays.length} days are older than WeChat keeps and not in the history: counted as nothing`));
  const numbers = (a: Pick<ArticleTotals, 'reads' | 'readsFromFollowers' | 'readsFromShares' | 'readers' | 'shares' | 'favourites'>) =>
    [a.reads, a.readsFromFollowers, a.readsFromShares, a.readers, a.shares, a.favourites].map((n) => String(n).padStart(7)).join('');
  const head = `${fit('title', 26)} ${fit('file', 24)} ${'date'.padEnd(10)}${['reads', 'follow', 'shared', 'readers', 'shares', 'favs'].map((h) => h.padStart(7)).join('')}  reads/day`;
  const line = (a: ArticleTotals) => `${fit(a.title, 26)} ${fit(a.file || '—', 24)} ${a.firstDate}${numbers(a)}  ${c.cyan(sparkline(a.daily))}`;
  if (r.articles.length === 0) output.out(c.dim('No reads of articles from this repo in the period.'));
  else {
    output.out(c.dim(head));
    for (const a of r.articles) output.out(line(a));
    output.out(c.bold(`${fit('total', 26)} ${fit(`${r.articles.length} articles`, 24)} ${' '.repeat(10)}${numbers(r.totals)}`));
  }
  const f = r.followers;
  output.out(`Followers: +${f.newFollowers} new, −${f.cancelledFollowers} cancelled, net ${f.net >= 0 ? '+' : ''}${f.net}${f.cumulative !== null ? `, ${f.cumulative} in all on ${r.until}` : ''}  ${c.cyan(sparkline(f.daily.map((d) => d.newFollowers)))}`);
  if (r.notFromRepo.length) {
    output.out(c.dim(`\nNot from this repo (no gzh.lock entry for their msgid):`));
    for (const a of r.notFromRepo) output.out(c.dim(`  ${fit(a.title, 40)} ${a.msgid}  ${a.reads} reads`));
  }
  output.out(c.dim('follow = reads from followers\' chats, shared = reads from Moments and forwards (WeChat details these for 7 days after the send)'));
}
