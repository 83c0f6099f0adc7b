/**
 * What this repo sent, as analytics sees it: one entry per msg_data_id with the files in article order. Datacube
 * rows carry `msgid` = `<msg_data_id>_<index>`, so this is all matching needs. Reads every gzh.lock entry that
 * has a msg_data_id (freepublish submits today; pushes when the lock records them): add a source here.
 */
import type { AccountState } from '../publish/lockfile-schema.js';

export interface SentMessage {
  msg_data_id: string;
  /** Project-relative files, index 1 first. */
  paths: string[];
  /** When it was sent (ISO). */
  time: string;
  kind: 'publish' | 'push';
}

interface LockEntryWithMessage {
  msg_data_id?: string;
  draft?: string;
  time?: string;
  status?: string;
}

export function sentMessages(account: AccountState): SentMessage[] {
  const out: SentMessage[] = [];
  const add = (entry: LockEntryWithMessage, kind: SentMessage['kind']) => {
    if (!entry.msg_data_id || !entry.draft) return;
    const draft = account.drafts[entry.draft];
    out.push({ msg_data_id: entry.msg_data_id, paths: draft?.articles.map((a) => a.path) ?? [], time: entry.time ?? '', kind });
  };
  for (const p of Object.values(account.publishes)) add(p, 'publish');
  // pushes (群发), once gzh.lock records them under `pushes` with the same fields
  const pushes = (account as { pushes?: Record<string, LockEntryWithMessage> }).pushes;
  if (pushes && typeof pushes === 'object') for (const p of Object.values(pushes)) add(p, 'push');
  return out;
}

/** msgid → the file it came from, for every article of every sent message. */
export function articleIndex(messages: readonly SentMessage[]): Map<string, { path: string; sent: string }> {
  const map = new Map<string, { path: string; sent: string }>();
  for (const m of messages) m.paths.forEach((p, i) => map.set(`${m.msg_data_id}_${i + 1}`, { path: p, sent: m.time }));
  return map;
}
