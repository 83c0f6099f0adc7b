/**
 * The stats CSV (`--csv FILE` and the `stats/<account>.csv` history): one row per article per day, plus one row
 * per day with an empty msgid that holds the account's follower numbers (and marks the day as fetched). The
 * column names are stable: the README documents them; new columns are only ever added at the end.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { ArticleDay, FollowerDay } from './types.js';

export const CSV_COLUMNS = [
  'date',
  'msgid',
  'file',
  'title',
  'reads',
  'readers',
  'reads_from_followers',
  'reads_from_shares',
  'shares',
  'sharers',
  'favourites',
  'new_followers',
  'cancelled_followers',
  'cumulative_followers',
] as const;

export function statsToCsv(rows: readonly ArticleDay[], followers: readonly FollowerDay[]): string {
  const records: (string | number)[][] = [];
  const byDate = new Map<string, ArticleDay[]>();
  for (const r of rows) {
    const list = byDate.get(r.date);
    if (list) list.push(r);
    else byDate.set(r.date, [r]);
  }
  const dates = [...new Set([...byDate.keys(), ...followers.map((f) => f.date)])].sort();
  const followerOf = new Map(followers.map((f) => [f.date, f]));
  for (const date of dates) {
    const f = followerOf.get(date);
    if (f) records.push([date, '', '', '', '', '', '', '', '', '', '', f.newFollowers, f.cancelledFollowers, f.cumulativeFollowers]);
    for (const r of (byDate.get(date) ?? []).sort((a, b) => a.msgid.localeCompare(b.msgid))) {
      records.push([date, r.msgid, r.file, r.title, r.reads, r.readers, r.readsFromFollowers, r.readsFromShares, r.shares, r.sharers, r.favourites, '', '', '']);
    }
  }
  return stringify(records, { header: true, columns: [...CSV_COLUMNS], record_delimiter: '\n' });
}

export function csvToStats(text: string, shown: string): { rows: ArticleDay[]; followers: FollowerDay[] } {
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, bom: true }) as Record<string, string>[];
  } catch (error) {
    throw new Error(`${shown} is not a stats CSV: ${(error as Error).message}`);
  }
  const rows: ArticleDay[] = [];
  const followers: FollowerDay[] = [];
  const n = (v: string | undefined) => Number(v ?? 0) || 0;
  for (const r of records) {
    if (!r.date) continue;
    if (!r.msgid) {
      followers.push({ date: r.date, newFollowers: n(r.new_followers), cancelledFollowers: n(r.cancelled_followers), cumulativeFollowers: n(r.cumulative_followers) });
      continue;
    }
    rows.push({
      date: r.date,
      msgid: r.msgid,
      file: r.file ?? '',
      title: r.title ?? '',
      reads: n(r.reads),
      readers: n(r.readers),
      readsFromFollowers: n(r.reads_from_followers),
      readsFromShares: n(r.reads_from_shares),
      shares: n(r.shares),
      sharers: n(r.sharers),
      favourites: n(r.favourites),
    });
  }
  return { rows, followers };
}
