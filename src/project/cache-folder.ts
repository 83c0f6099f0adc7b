/**
 * The entry folders of `.gzh/cache` (`compile/`, `publish/`): `<2 hex>/<64 hex>.json`, one entry per content key.
 * Every edit adds keys, so without tidying a folder grows for as long as the repo lives (and the CI cache that
 * saves it with it). An entry's mtime says when a run last used it: `refreshUsed` renews it (at most once a
 * day, a stat each), and `pruneUnused`, once a day per folder, removes the entries no run used for 30 days and
 * the temp files a killed process left. A removed entry that is wanted again is made again: a prune only ever
 * costs a compile or a check. Only entry-shaped names in entry-shaped folders are touched.
 */
import { statSync, utimesSync } from 'node:fs';
import { readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const DAY = 24 * 60 * 60 * 1000;
/** An entry no run used for this long is removed. */
export const UNUSED_FOR = 30 * DAY;

const FOLDER = /^[0-9a-f]{2}$/;
const ENTRY = /^[0-9a-f]{64}\.json$/;
/** `<entry>.<pid>.tmp` (publish cache) or `<entry>.<pid>.<hex>.tmp` (replaceFile). */
const TEMP = /^[0-9a-f]{64}\.json\.\d+(?:\.[0-9a-f]+)?\.tmp$/;

/** The same, for one entry, at once (the publish cache refreshes an entry as it serves it). */
export function refreshUsedSync(file: string, now = Date.now()): void {
  try {
    if (now - statSync(file).mtimeMs > DAY) utimesSync(file, now / 1000, now / 1000);
  } catch {
    // only housekeeping: a read-only checkout keeps the old mtime
  }
}

/** Give these entries a fresh mtime, when theirs is over a day old. Missing ones are skipped. */
export async function refreshUsed(files: Iterable<string>, now = Date.now()): Promise<void> {
  await Promise.all([...files].map(async (file) => {
    const s = await stat(file).catch(() => undefined);
    if (s && now - s.mtimeMs > DAY) await utimes(file, now / 1000, now / 1000).catch(() => undefined);
  }));
}

/**
 * Once a day (the marker `<dir>/.tidied` says when it last ran): remove the entries of `dir` unused for 30 days,
 * except those in `keep` (used by this run), and temp files over a day old. Never throws: it is only housekeeping.
 */
export async function pruneUnused(dir: string, keep: ReadonlySet<string> = new Set(), now = Date.now()): Promise<void> {
  const marker = path.join(dir, '.tidied');
  const last = await stat(marker).catch(() => undefined);
  if (last && now - last.mtimeMs < DAY) return;
  const folders = await readdir(dir).catch(() => [] as string[]);
  for (const folder of folders.filter((f) => FOLDER.test(f))) {
    const names = await readdir(path.join(dir, folder)).catch(() => [] as string[]);
    await Promise.all(names.map(async (name) => {
      const entry = ENTRY.test(name);
      if (!entry && !TEMP.test(name)) return;
      const file = path.join(dir, folder, name);
      const s = await stat(file).catch(() => undefined);
      if (s?.isFile() && now - s.mtimeMs > (entry ? UNUSED_FOR : DAY) && !keep.has(file)) await rm(file, { force: true }).catch(() => undefined);
    }));
  }
  await writeFile(marker, '').then(() => utimes(marker, now / 1000, now / 1000)).catch(() => undefined);
}
