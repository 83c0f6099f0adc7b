/** Ledger keys and an in-memory ledger: what makes a second publish upload nothing. */
import { createHash } from 'node:crypto';
import type { ImagePurpose, LedgerEntry, LedgerScope, MediaLedger } from './types.js';

/** Bump when the optimisation changes output, so old entries stop matching. */
export const PIPELINE_VERSION = 1;

export interface KeyOptions {
  purpose: ImagePurpose;
  maxWidth: number;
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** sha256 of (processing options + purpose + source bytes). */
export function computeLedgerKey(sourceBytes: Uint8Array, opts: KeyOptions): string {
  return createHash('sha256')
    .update(`gzh-image\0v${PIPELINE_VERSION}\0${opts.purpose}\0w${opts.maxWidth}\0`)
    .update(sourceBytes)
    .digest('hex');
}

/**
 * Key recorded next to the content key for remote images, so a dry run can tell "uploaded before"
 * without downloading. Publishing itself always downloads and uses the content key (the remote
 * image may have changed).
 */
export function computeUrlKey(url: string, opts: KeyOptions): string {
  return sha256Hex(`gzh-image-url\0v${PIPELINE_VERSION}\0${opts.purpose}\0w${opts.maxWidth}\0${url}`);
}

/** An entry counts only for the account and API base it was uploaded to. */
export function isEntryInScope(entry: LedgerEntry | undefined, scope: LedgerScope): entry is LedgerEntry {
  return entry !== undefined && entry.apiBase === scope.apiBase && entry.appId === scope.appId;
}

/** Ledger kept in memory (tests, `--no-lock` runs). */
export class MemoryLedger implements MediaLedger {
  readonly entries = new Map<string, LedgerEntry>();

  get(key: string): LedgerEntry | undefined {
    return this.entries.get(key);
  }

  set(key: string, entry: LedgerEntry): void {
    this.entries.set(key, entry);
  }
}
