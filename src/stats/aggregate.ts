/** Rows of a period → totals per article, the account's totals and follower growth. Pure: no I/O. */
import { daysBetween } from './dates.js';
import type { ArticleDay, ArticleTotals, FollowerDay, StatsReport } from './types.js';

export function aggregateStats(rows: readonly ArticleDay[], followerDays: readonly FollowerDay[], period: { since: string; until: string }, only?: ReadonlySet<string>): StatsReport {
  const days = daysBetween(period.since, period.until);
  const dayIndex = new Map(days.map((d, i) => [d, i]));
  const byMsg = new Map<string, ArticleTotals>();
  for (const r of rows) {
    const i = dayIndex.get(r.date);
    if (i === undefined) continue;
    if (only && !(r.file && only.has(r.file))) continue;
    let t = byMsg.get(r.msgid);
    if (!t) {
      t = { msgid: r.msgid, title: r.title, file: r.file, firstDate: r.date, reads: 0, readsFromFollowers: 0, readsFromShares: 0, readers: 0, shares: 0, favourites: 0, daily: new Array<number>(days.length).fill(0) };
      byMsg.set(r.msgid, t);
    }
    if (r.date < t.firstDate) t.firstDate = r.date;
    if (r.file) t.file = r.file;
    t.reads += r.reads;
    t.readsFromFollowers += r.readsFromFollowers;
    t.readsFromShares += r.readsFromShares;
    t.readers += r.readers;
    t.shares += r.shares;
    t.favourites += r.favourites;
    t.daily[i]! += r.reads;
  }
  const all = [...byMsg.values()].sort((a, b) => b.reads - a.reads || a.msgid.localeCompare(b.msgid));
  const articles = all.filter((a) => a.file);
  const totals = { reads: 0, readsFromFollowers: 0, readsFromShares: 0, readers: 0, shares: 0, favourites: 0 };
  for (const a of articles) for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += a[k];
  const daily = followerDays.filter((f) => dayIndex.has(f.date)).sort((a, b) => a.date.localeCompare(b.date));
  const newFollowers = daily.reduce((s, f) => s + f.newFollowers, 0);
  const cancelledFollowers = daily.reduce((s, f) => s + f.cancelledFollowers, 0);
  return {
    since: period.since,
    until: period.until,
    days,
    articles,
    notFromRepo: only ? [] : all.filter((a) => !a.file),
    totals,
    followers: { newFollowers, cancelledFollowers, net: newFollowers - cancelledFollowers, cumulative: daily.at(-1)?.cumulativeFollowers ?? null, daily },
  };
}
