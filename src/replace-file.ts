/**
 * Replace a file's contents all at once: written to a temp file beside it, then renamed over it, so a reader
 * (or a crash) sees the old file or the new one, never half of one. No fsync and no realpath, unlike
 * write-file-atomic: for what gzh can make again (build output, caches, the sandbox's state), where a build of
 * 2,000 articles spent seconds of its main thread on both. The user's own state (gzh.lock) keeps its fsync.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';

export async function replaceFile(file: string, data: string | Uint8Array): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, data);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}
