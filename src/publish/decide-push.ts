/**
 * Whether a draft is pushed (群发), given gzh.lock: the plan asks with the content it can know, the apply step
 * with the saved draft's; the same rule twice. Pushed content that is unchanged is never pushed again.
 */
import { createHash } from 'node:crypto';
import type { AccountState, LockedPush } from './lockfile.js';
import { pushIntentId } from './lockfile.js';

export interface PushDecision {
  /** send: a new push · resend: an interrupted push, resent with its clientmsgid (WeChat answers 45065 if it went out) · await: pushed, still SENDING · done: pushed, unchanged. */
  kind: 'send' | 'resend' | 'await' | 'done';
  push?: { msg_id: string; record: LockedPush };
  /** An earlier push of this draft with other content: this one is a new push. */
  changedSince?: { msg_id: string; record: LockedPush };
  clientmsgid?: string;
}

/** One hash for the articles as pushed (paths and article hashes); undefined while a hash is unknown. */
export function pushContent(articles: readonly { path: string; hash?: string }[]): string | undefined {
  if (articles.some((a) => !a.hash)) return undefined;
  return createHash('sha256').update(JSON.stringify(articles.map((a) => [a.path, a.hash]))).digest('hex').slice(0, 32);
}

/**
 * The idempotency key WeChat dedupes pushes by for 24 h: the same account, draft and content give the same id,
 * so a rerun after a crash or a lost answer is answered 45065 instead of pushing twice. ≤ 64 bytes.
 */
export function pushClientMsgId(accountKey: string, draftKey: string, content: string): string {
  return `gzh-${createHash('sha256').update(`${accountKey}\n${draftKey}\n${content}`).digest('hex').slice(0, 40)}`;
}

export function decidePush(account: AccountState, draftKey: string, content: string | undefined): PushDecision {
  const intent = account.journal[pushIntentId(draftKey)];
  if (intent?.op === 'message/mass/sendall') return { kind: 'resend', clientmsgid: intent.clientmsgid };
  const pushes = Object.entries(account.pushes)
    .filter(([, p]) => p.draft === draftKey)
    .sort((a, b) => Date.parse(b[1].time) - Date.parse(a[1].time));
  const same = content ? pushes.find(([, p]) => p.content === content) : undefined;
  if (same) return { kind: same[1].status === 'SENDING' ? 'await' : 'done', push: { msg_id: same[0], record: same[1] } };
  const last = pushes[0];
  return { kind: 'send', ...(last ? { changedSince: { msg_id: last[0], record: last[1] } } : {}) };
}
