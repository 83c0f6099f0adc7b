/**
 * `stats/<account>.csv` (opt-in, `stats.store: true`): the days fetched so far, committed with the repo, so numbers
 * older than WeChat keeps stay available and a rerun asks only for days not stored yet. A day is stored when all
 * its requests answered; its follower row (empty msgid) marks it as fetched even when nothing was read.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { GzhError } from '../errors.js';
import { csvToStats, statsToCsv } from './csv.js';
import type { ArticleDay, FollowerDay } from './types.js';

export interface StoredStats {
  file: string;
  rows: ArticleDay[];
  followers: FollowerDay[];
  days: Set<string>;
}

/** A file name for the account: letters, digits, `.`, `_`, `-` (anything else becomes `_`). */
export function historyFile(root: string, account: string): string {
  return path.join(root, 'stats', `${account.replace(/[^\p{L}\p{N}._-]/gu, '_') || 'default'}.csv`);
}

export function readHistory(file: string, shown: string): StoredStats {
  if (!existsSync(file)) return { file, rows: [], followers: [], days: new Set() };
  let parsed: ReturnType<typeof csvToStats>;
  try {
    parsed = csvToStats(readFileSync(file, 'utf8'), shown);
  } catch (error) {
    throw new GzhError('stats/history', (error as Error).message, { file: shown, hint: 'Restore it from git, or delete it to fetch again what WeChat still has (about a year)' });
  }
  return { file, ...parsed, days: new Set(parsed.followers.map((f) => f.date)) };
}

/** The stored days plus the fetched ones, written at once (temp file + rename): never half a file. */
export async function writeHistory(stored: StoredStats, rows: readonly ArticleDay[], followers: readonly FollowerDay[]): Promise<void> {
  const fetched = new Set(followers.map((f) => f.date));
  const keep = (d: string) => !fetched.has(d);
  const allRows = [...stored.rows.filter((r) => keep(r.date)), ...rows];
  const allFollowers = [...stored.followers.filter((f) => keep(f.date)), ...followers];
  mkdirSync(path.dirname(stored.file), { recursive: true });
  await writeFileAtomic(stored.file, statsToCsv(allRows, allFollowers));
  stored.rows = allRows;
  stored.followers = allFollowers;
  for (const d of fetched) stored.days.add(d);
}
