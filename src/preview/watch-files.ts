/**
 * File watching for `gzh dev`: chokidar events per path, reported once per burst with the time of the first
 * event. A plain `change` of a non-empty file (the usual save) is reported at once: waiting costs every save
 * the whole debounce. Anything else is debounced: a rename-save (unlink + add), a file truncated before it is
 * written (size 0), or a second event while one is pending. awaitWriteFinish is off (it adds 2 s); chokidar's
 * own atomic-save delay (100 ms) is off too: the debounce merges unlink + add, and the handler checks what
 * is on disk.
 *
 * chokidar drops (not defers) a second `change` of the same path within 50 ms, so a second quick save
 * could go unseen: after each report the file is stat'ed again once that window has passed, and reported
 * again if it changed.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';

export interface FileWatcher {
  /** Start watching more folders, without their subfolders (where the images an article uses live). */
  addFolders(folders: string[]): void;
  ready: Promise<void>;
  close(): Promise<void>;
}

export interface WatchFilesOptions {
  debounceMs?: number;
  /** Project root: dot folders and node_modules below it are ignored. */
  root: string;
  /** Called once per burst of events on one path; `firstEventAt` is Date.now() of the burst's first event. */
  onSettled(file: string, firstEventAt: number): void;
  onError(error: unknown): void;
}

/** chokidar's change throttle is 50 ms; look again just after it. */
const RECHECK_MS = 60;

export interface WatchTargets {
  /** Folders (or files) watched with everything below them. */
  recursive: string[];
  /**
   * Folders watched one level deep. A single file is watched through its folder: a watch on the file itself
   * misses it being deleted and created again.
   */
  shallow: string[];
}

export function watchFiles(targets: WatchTargets, options: WatchFilesOptions): FileWatcher {
  const debounceMs = options.debounceMs ?? 12;
  const pending = new Map<string, { timer: NodeJS.Timeout; firstAt: number }>();
  const rechecks = new Map<string, NodeJS.Timeout>();
  const shallow = new Set(targets.shallow.map((p) => path.resolve(p)));
  let closed = false;

  const watchOptions = {
    ignoreInitial: true,
    atomic: false,
    awaitWriteFinish: false,
    // dot folders (.git, editors' swap files) and dependencies are never content
    ignored: (file: string) => isIgnored(path.relative(options.root, file)),
  };
  const watchers: FSWatcher[] = [watch(targets.recursive.map((p) => path.resolve(p)), watchOptions), watch([...shallow], { ...watchOptions, depth: 0 })];

  const settle = (file: string) => {
    const entry = pending.get(file);
    pending.delete(file);
    if (!entry || closed) return;
    const before = stat(file).catch(() => undefined);
    options.onSettled(file, entry.firstAt);
    clearTimeout(rechecks.get(file));
    rechecks.set(
      file,
      setTimeout(() => {
        rechecks.delete(file);
        void Promise.all([before, stat(file).catch(() => undefined)]).then(([a, b]) => {
          if (closed || pending.has(file)) return;
          const same = a && b ? a.mtimeMs === b.mtimeMs && a.size === b.size && a.ino === b.ino : a === b;
          if (!same) onEvent(file);
        });
      }, RECHECK_MS),
    );
  };

  const onEvent = (file: string, size?: number) => {
    if (closed) return;
    const absolute = path.resolve(file);
    const entry = pending.get(absolute);
    if (entry) clearTimeout(entry.timer);
    // a first, in-place change of a file with content: nothing more is coming, report it on the next turn
    const wait = !entry && size !== undefined && size > 0 ? 0 : debounceMs;
    pending.set(absolute, { firstAt: entry?.firstAt ?? Date.now(), timer: setTimeout(() => settle(absolute), wait) });
  };

  for (const watcher of watchers) {
    watcher.on('change', (file, stats) => onEvent(file, stats?.size));
    for (const event of ['add', 'unlink'] as const) watcher.on(event, (file) => onEvent(file));
    watcher.on('error', (error) => options.onError(error));
  }
  const ready = Promise.all(watchers.map((w) => new Promise<void>((resolve) => w.once('ready', () => resolve())))).then(() => undefined);

  return {
    ready,
    addFolders(folders) {
      const fresh = folders.map((p) => path.resolve(p)).filter((p) => !shallow.has(p));
      for (const p of fresh) shallow.add(p);
      if (fresh.length > 0 && !closed) watchers[1]!.add(fresh);
    },
    async close() {
      closed = true;
      for (const { timer } of pending.values()) clearTimeout(timer);
      for (const timer of rechecks.values()) clearTimeout(timer);
      pending.clear();
      rechecks.clear();
      await Promise.all(watchers.map((w) => w.close()));
    },
  };
}

function isIgnored(relative: string): boolean {
  return relative.split(path.sep).some((part) => (part.startsWith('.') && part !== '.' && part !== '..') || part === 'node_modules');
}
