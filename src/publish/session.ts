/**
 * Everything a real publish holds while it runs: this project's publish lock (one publish at a time), gzh.lock,
 * the target account and a WeChat client that stops on Ctrl-C. `close()` releases all of it. A dry run takes no
 * lock and makes no client: it only reads gzh.lock.
 */
import type { Project } from '../project/load-project.js';
import type { ClientLogEvent, WechatClient } from '../wechat/index.js';
import { accountKey, Lockfile } from './lockfile.js';
import { acquirePublishLock } from './process-lock.js';
import { clientFor, connectTarget, shownPath, targetLockfilePath, type PublishTarget, type TargetOptions } from './target.js';

export interface PublishSession {
  lockfile: Lockfile;
  target: PublishTarget;
  /** Absent in dry runs. */
  client?: WechatClient;
  /** How gzh.lock knows this account. */
  account: { appId: string; apiBase: string; key: string };
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
    return {
      lockfile,
      target,
      client,
      account,
      signal,
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
