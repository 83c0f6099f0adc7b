/**
 * One `gzh publish` at a time per project: a second one waits (up to ~45 s) for the first, then fails
 * clearly. proper-lockfile makes the lock folder atomically (mkdir) and treats it as stale once its mtime is
 * 15 s old; we also write the owner's pid into it, so a rerun right after a killed publish (kill -9, a crash,
 * a cancelled CI job) takes over at once instead of waiting for the mtime to go stale.
 */
import { mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import lockfile from 'proper-lockfile';
import { GzhError } from '../errors.js';

const STALE_MS = 15_000;
const WAIT_MS = 45_000;

export interface PublishLockOptions {
  /**
   * Called when another process took the lock over (this one was stopped or starved past the stale time): the
   * caller must stop sending. Without it proper-lockfile throws from a timer and the process dies mid-publish.
   */
  onCompromised?: (error: Error) => void;
  /** How long to wait for another publish. Default 45 s. */
  waitMs?: number;
  /** A lock folder this old with no live owner known is taken over. Default 15 s (min 2 s). */
  staleMs?: number;
}

export async function acquirePublishLock(file: string, shown: string, options: PublishLockOptions = {}): Promise<() => Promise<void>> {
  mkdirSync(path.dirname(file), { recursive: true });
  const lockDir = `${file}.lock`;
  const ownerFile = path.join(lockDir, 'owner.json');
  const deadline = Date.now() + (options.waitMs ?? WAIT_MS);
  for (let attempt = 0; ; attempt++) {
    try {
      const stale = Math.max(2_000, options.staleMs ?? STALE_MS);
      let compromised = false;
      const release = await lockfile.lock(file, {
        realpath: false,
        lockfilePath: lockDir,
        stale,
        update: stale / 3,
        retries: 0,
        onCompromised: (error) => {
          compromised = true;
          options.onCompromised?.(error);
        },
      });
      // proper-lockfile checks the folder's mtime is still its own: writing into it must not change it
      const { atime, mtime } = statSync(lockDir);
      writeFileSync(ownerFile, JSON.stringify({ pid: process.pid, host: os.hostname() }));
      utimesSync(lockDir, atime, mtime);
      return async () => {
        // the lock is someone else's now: leave their folder alone
        if (compromised) return;
        // proper-lockfile removes the folder with rmdir: it must be empty
        rmSync(ownerFile, { force: true });
        await release().catch(() => {});
      };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // ENOTEMPTY: proper-lockfile found the folder stale (mtime) but could not rmdir it because of owner.json
      if (code === 'ENOTEMPTY' || (code === 'ELOCKED' && isOwnerGone(ownerFile))) {
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (code !== 'ELOCKED') throw error;
      if (Date.now() >= deadline) {
        throw new GzhError('publish/locked', `Another gzh publish is running in this project (${shown} is locked)`, {
          hint: `Wait for it to finish. If no other publish runs, remove the stale ${shown}.lock folder`,
        });
      }
      await sleep(Math.min(200 * 1.2 ** attempt, 2_000));
    }
  }
}

/** True only when the lock's owner is known to be dead: a process of this machine that no longer exists. */
function isOwnerGone(ownerFile: string): boolean {
  let owner: { pid?: unknown; host?: unknown };
  try {
    owner = JSON.parse(readFileSync(ownerFile, 'utf8')) as typeof owner;
  } catch {
    return false; // not written yet (the lock is seconds old) or foreign: leave it to the mtime check
  }
  if (owner.host !== os.hostname() || typeof owner.pid !== 'number' || owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
