/**
 * Everything a real publish holds while it runs: this project's publish lock (one publish at a time), gzh.lock,
 * the target account and a WeChat client that stops on Ctrl-C. `close()` releases all of it. A dry run takes no
 * lock and makes no client: it only reads gzh.lock.
 */
import type { Project } from '../project/load-project.js';
import type { ClientLogEvent, WechatClient } from '../wechat/index.js';
import { accountKey, Lockfile } from './lockfile.js';
import { existsSync } from 'node:fs';
import { lockfilePath } from '../project/paths.js';
import { acquirePublishLock } from './process-lock.js';
import { clientFor, connectTarget, shownPath, targetLockfilePath, type PublishTarget, type TargetOptions } from './target.js';

export interface PublishSession {
  lockfile: Lockfile;
  target: PublishTarget;
  /** Absent in dry runs. */
  client?: WechatClient;
  /** How gzh.lock knows this account. */
  account: { appId: string; apiBase: string; key: string };
  /** Set when this account's state was moved out of gzh.lock into its own file in this run. */
  moved?: string;
  /** Aborts on Ctrl-C, and when another publish took this project's lock over. */
  signal: AbortSignal;
  close(): Promise<void>;
}

export interface SessionOptions extends TargetOptions {
  signal?: AbortSignal;
  log?: (event: ClientLogEvent) => void;
  /** Called when the publish lock was taken over by another process. */
  onLockLost?: () => void;
}

export async function openPublishSession(project: Project, options: SessionOptions): Promise<PublishSession> {
  const file = targetLockfilePath(project, options);
  const shown = shownPath(project, file);
  const lost = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, lost.signal]) : lost.signal;
  // before the sandbox starts: a second publish must not load the sandbox state while the first changes it
  const release = options.dryRun
    ? undefined
    : await acquirePublishLock(file, shown, {
        onCompromised: () => {
          options.onLockLost?.();
          lost.abort();
        },
      });
  try {
    const lockfile = Lockfile.read(file, shown);
    const target = await connectTarget(project, lockfile, options);
    const client = options.dryRun
      ? undefined
      : clientFor(project, target, { sandbox: options.sandbox, signal, log: options.log });
    const account = { appId: target.appId, apiBase: target.recordedBase, key: accountKey(target.appId, target.recordedBase) };
    const moved = options.account && !options.sandbox ? await moveFromSharedLockfile(project, lockfile, account.key, options.dryRun === true) : undefined;
    return {
      lockfile,
      target,
      client,
      account,
      signal,
      ...(moved ? { moved } : {}),
      async close() {
        await client?.close();
        await target.close();
        await release?.();
      },
    };
  } catch (error) {
    await release?.();
    throw error;
  }
}

/**
 * A project that named its accounts after publishing with the unnamed one: that account's state in gzh.lock moves
 * to gzh.lock.d/<name>.json (matched by app id and API base) the first time the account publishes, so nothing is
 * uploaded or created twice. The new file is written first, then gzh.lock without it: stopped between the two,
 * both hold it and the next run reads only the new file. A dry run reads it without writing either file.
 */
async function moveFromSharedLockfile(project: Project, lockfile: Lockfile, key: string, dryRun: boolean): Promise<string | undefined> {
  const file = lockfilePath(project.root);
  if (lockfile.existed || !existsSync(file)) return undefined;
  const shown = shownPath(project, file);
  // gzh.lock's own publish lock: accounts moving out at the same time (parallel runs) each remove only their part
  const release = dryRun ? undefined : await acquirePublishLock(file, shown);
  try {
    const shared = Lockfile.read(file, shown);
    if (!shared.accountKeys().includes(key)) return undefined;
    lockfile.adopt(key, shared.account(key));
    if (dryRun) return `${shown} (read only: a dry run moves nothing)`;
    await lockfile.save();
    shared.remove(key);
    await shared.save();
    return shown;
  } finally {
    await release?.();
  }
}
