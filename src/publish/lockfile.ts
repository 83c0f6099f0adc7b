/**
 * gzh.lock: what has been uploaded and saved, per account (API base + app id), committed next to the
 * content like a package lock. It makes `gzh publish` idempotent and resumable. Every change is written at
 * once, atomically (temp file + rename), so a crash at any moment leaves the last complete state.
 */
import { existsSync, readFileSync } from 'node:fs';
import writeFileAtomic from 'write-file-atomic';
import { GzhError } from '../errors.js';
import type { LedgerEntry, MediaLedger } from '../images/index.js';

export const LOCKFILE_VERSION = 1;

export interface LockedArticle {
  /** Article path relative to the project root (posix separators). */
  path: string;
  /** sha256 of the exact article payload sent (title, content, cover, ...). */
  hash: string;
}

export interface LockedDraft {
  media_id: string;
  /** Articles in draft order (index = position). */
  articles: LockedArticle[];
  created: string;
  updated: string;
  /** Set once the draft was published (it then leaves the draft box). */
  published?: string;
}

/** Written just before `draft/add`, so a rerun after a crash can find the draft instead of adding a second. */
export interface PendingDraft {
  started: string;
  titles: string[];
  /** Hashes of the articles being added, recorded if the draft is adopted. */
  hashes?: string[];
}

export interface LockedPublish {
  draft: string;
  media_id: string;
  status: string;
  time: string;
  urls?: string[];
}

export interface AccountState {
  media: Record<string, LedgerEntry>;
  drafts: Record<string, LockedDraft>;
  pending: Record<string, PendingDraft>;
  publishes: Record<string, LockedPublish>;
}

export interface LockfileData {
  version: number;
  /** Keyed by `<appId>@<apiBase>`: a sandbox run never mixes with the real account. */
  accounts: Record<string, AccountState>;
}

export function accountKey(appId: string, apiBase: string): string {
  return `${appId}@${apiBase}`;
}

function emptyAccount(): AccountState {
  return { media: {}, drafts: {}, pending: {}, publishes: {} };
}

export class Lockfile {
  readonly path: string;
  private data: LockfileData;
  private writing: Promise<void> = Promise.resolve();

  private constructor(path: string, data: LockfileData) {
    this.path = path;
    this.data = data;
  }

  static read(path: string, shown = path): Lockfile {
    if (!existsSync(path)) return new Lockfile(path, { version: LOCKFILE_VERSION, accounts: {} });
    let data: LockfileData;
    try {
      data = JSON.parse(readFileSync(path, 'utf8')) as LockfileData;
    } catch (error) {
      throw new GzhError('lockfile/corrupt', `${shown} is not valid JSON: ${(error as Error).message}`, {
        file: shown,
        hint: 'Restore it from git (`git checkout -- gzh.lock`); deleting it makes the next publish upload everything again and create a new draft',
      });
    }
    if (data.version !== LOCKFILE_VERSION || typeof data.accounts !== 'object') {
      throw new GzhError('lockfile/version', `${shown} has version ${String(data.version)}; this gzh reads version ${LOCKFILE_VERSION}`, { file: shown, hint: 'Update gzh' });
    }
    for (const account of Object.values(data.accounts)) {
      account.media ??= {};
      account.drafts ??= {};
      account.pending ??= {};
      account.publishes ??= {};
    }
    return new Lockfile(path, data);
  }

  /** Keys of the accounts this lockfile holds state for. */
  accountKeys(): string[] {
    return Object.keys(this.data.accounts);
  }

  account(key: string): AccountState {
    return (this.data.accounts[key] ??= emptyAccount());
  }

  /** Queue an atomic write of the current state; resolves when it is on disk. */
  save(): Promise<void> {
    const snapshot = JSON.stringify(sortKeys(this.data), null, 2) + '\n';
    this.writing = this.writing.then(() => writeFileAtomic(this.path, snapshot));
    return this.writing;
  }

  /** A MediaLedger over one account's media, saving after every upload. */
  ledger(key: string): MediaLedger {
    const media = this.account(key).media;
    return {
      get: (k) => media[k],
      set: (k, entry) => {
        media[k] = entry;
        return this.save();
      },
    };
  }
}

/** Stable key order keeps gzh.lock diffs small and reviewable. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}
