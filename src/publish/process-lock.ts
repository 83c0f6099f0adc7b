/**
 * One `gzh publish` at a time per project: a second one waits (up to ~30 s) for the first, then fails
 * clearly. proper-lockfile uses an atomic mkdir and detects stale locks of killed processes (mtime).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { GzhError } from '../errors.js';

export async function acquirePublishLock(file: string, shown: string): Promise<() => Promise<void>> {
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    return await lockfile.lock(file, {
      realpath: false,
      stale: 15_000,
      update: 5_000,
      retries: { retries: 30, factor: 1.2, minTimeout: 200, maxTimeout: 2_000 },
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') {
      throw new GzhError('publish/locked', `Another gzh publish is running in this project (${shown} is locked)`, {
        hint: `Wait for it to finish. If no other publish runs, remove the stale ${shown}.lock folder`,
      });
    }
    throw error;
  }
}
