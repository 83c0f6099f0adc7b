/** Where gzh keeps things in a project. `.gzh/` is local state (gitignored); gzh.lock is committed. */
import path from 'node:path';

export const LOCKFILE_NAME = 'gzh.lock';

export function lockfilePath(root: string): string {
  return path.join(root, LOCKFILE_NAME);
}

/** The sandbox's state, shared by `gzh sandbox` and `gzh publish --sandbox`, with its own lock file. */
export function sandboxDataDir(root: string): string {
  return path.join(root, '.gzh', 'sandbox');
}

export function sandboxLockfilePath(root: string): string {
  return path.join(sandboxDataDir(root), LOCKFILE_NAME);
}
