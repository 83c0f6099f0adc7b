/** What every apply step works with: the project, the client, gzh.lock and the account in it, Ctrl-C, progress. */
import type { Project } from '../project/load-project.js';
import type { WechatClient } from '../wechat/index.js';
import type { ResolvedAudience } from './apply-broadcast.js';
import type { Lockfile } from './lockfile.js';

export type PublishEvent = { type: 'step'; message: string } | { type: 'progress'; label: string; done: number; total: number };

export interface ApplyContext {
  project: Project;
  client: WechatClient;
  lockfile: Lockfile;
  /** The account's key in gzh.lock. */
  key: string;
  /** The ledger scope: uploads count only for this account on this API base. */
  scope: { appId: string; apiBase: string };
  signal?: AbortSignal;
  emit(event: PublishEvent): void;
  /** How long --submit waits for a final status, ms; first poll delay (grows ×1.5 up to 10 s). */
  submitTimeoutMs: number;
  pollIntervalMs: number;
  /** Wait before resending the same push (45066). */
  pushRetryMs: number;
  /** --broadcast: the audience, its tag resolved. */
  audience?: ResolvedAudience;
  /** Counted as they happen, so an interrupted run can say what it did. */
  progress: { uploads: number; drafts: string[] };
}
