/**
 * One relay log entry as one logfmt line (`key=value`, greppable, journald- and docker-friendly). It holds the
 * token id, never the token; the endpoint, never the query.
 */
import type { RelayLogEntry } from './types.js';

export function formatRelayLog(entry: RelayLogEntry): string {
  if (entry.type === 'token') return `time=${entry.time} event=token account=${entry.account} source=${entry.source}`;
  const errcode = entry.errcode === null ? '-' : String(entry.errcode);
  const reason = entry.reason ? ` reason=${entry.reason}` : '';
  return `time=${entry.time} token=${entry.token} account=${entry.account} method=${entry.method} endpoint=${entry.endpoint} status=${entry.status} errcode=${errcode} ms=${entry.ms}${reason}`;
}
