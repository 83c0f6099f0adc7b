/**
 * gzh.lock: what has been uploaded and saved, per account (API base + app id), committed next to the content
 * like a package lock. It makes `gzh publish` idempotent and resumable. Every change is written at once,
 * atomically (temp file + rename), so a crash at any moment leaves the last complete state; a request with an
 * effect that must not happen twice is journaled here before it is sent (see journal.ts). A write that fails
 * (disk full) breaks the file for this run: every later save fails too, so nothing more is sent unrecorded.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { z } from 'zod';
import { GzhError } from '../errors.js';
import type { LedgerEntry, MediaLedger } from '../images/index.js';
import { lockfileSchema, type AccountState, type Intent, type LockfileData } from './lockfile-schema.js';

export type { AccountState, Intent, LockedDraft, LockedPublish, LockedPush, LockfileData } from './lockfile-schema.js';

export const LOCKFILE_VERSION = 1;

export interface LockfileOptions {
  /** How a snapshot reaches the disk (default: write-file-atomic, temp file + rename). Tests make it fail. */
  write?: (path: string, text: string) => Promise<void>;
}

export function accountKey(appId: string, apiBase: string): string {
  return `${appId}@${apiBase}`;
}

function emptyAccount(): AccountState {
  return { media: {}, drafts: {}, publishes: {}, journal: {}, pushes: {}, previews: {} };
}

const RESTORE_HINT = 'Restore it from git (`git checkout -- gzh.lock`) or fix that field; deleting gzh.lock makes the next publish upload every image again and create new drafts';

export class Lockfile {
  readonly path: string;
  readonly shown: string;
  private data: LockfileData;
  private writing: Promise<void> = Promise.resolve();
  private broken: GzhError | undefined;
  /** Writes queued by this process (0: the file on disk is as it was read). */
  saves = 0;
  /** The file was there when read (false: a first run, or an account's file not yet made). */
  readonly existed: boolean;

  private readonly write: (path: string, text: string) => Promise<void>;

  private constructor(path: string, shown: string, data: LockfileData, options: LockfileOptions, existed: boolean) {
    this.existed = existed;
    this.path = path;
    this.shown = shown;
    this.data = data;
    // gzh.lock.d/<account>.json: the folder is made on the first write
    this.write = options.write ?? (async (file, text) => {
      await mkdir(dirname(file), { recursive: true });
      await writeFileAtomic(file, text);
    });
  }

  static read(path: string, shown = path, options: LockfileOptions = {}): Lockfile {
    if (!existsSync(path)) return new Lockfile(path, shown, { version: LOCKFILE_VERSION, accounts: {} }, options, false);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new GzhError('lockfile/corrupt', `${shown} is not valid JSON: ${(error as Error).message}`, { file: shown, hint: RESTORE_HINT });
    }
    const version = (raw as { version?: unknown } | null)?.version;
    if (typeof version === 'number' && version > LOCKFILE_VERSION) {
      throw new GzhError('lockfile/version', `${shown} was written by a newer gzh (version ${version}; this one reads ${LOCKFILE_VERSION})`, { file: shown, hint: 'Update gzh' });
    }
    const parsed = lockfileSchema.safeParse(raw);
    if (!parsed.success) throw invalidLockfile(shown, parsed.error, raw);
    for (const account of Object.values(parsed.data.accounts)) migratePending(account);
    return new Lockfile(path, shown, parsed.data, options, true);
  }

  /** Keys of the accounts this lockfile holds state for. */
  accountKeys(): string[] {
    return Object.keys(this.data.accounts);
  }

  account(key: string): AccountState {
    return (this.data.accounts[key] ??= emptyAccount());
  }

  /** Take over one account's state from another file (gzh.lock → gzh.lock.d/<name>.json); not saved yet. */
  adopt(key: string, state: AccountState): void {
    this.data.accounts[key] = structuredClone(state);
  }

  /** Forget one account's state (it moved to a file of its own); not saved yet. */
  remove(key: string): void {
    delete this.data.accounts[key];
  }

  /** Queue an atomic write of the current state; resolves when it is on disk, rejects (for good) if it can't be. */
  save(): Promise<void> {
    if (this.broken) return Promise.reject(this.broken);
    this.saves++;
    const snapshot = JSON.stringify(sortKeys(this.data), null, 2) + '\n';
    this.writing = this.writing.then(async () => {
      if (this.broken) throw this.broken;
      try {
        await this.write(this.path, snapshot);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        this.broken = new GzhError('lockfile/write', `Cannot write ${this.shown} (${code}): stopped before sending anything else`, {
          file: this.shown,
          hint: code === 'ENOSPC' ? 'Free some disk space and rerun: what was recorded before is kept' : 'Check that the folder is writable and rerun',
        });
        throw this.broken;
      }
    });
    return this.writing;
  }

  /** Record what is about to be sent (saved before it is). */
  async intend(key: string, id: string, intent: Intent): Promise<void> {
    this.account(key).journal[id] = intent;
    await this.save();
  }

  /** The request's result is recorded (or it is known not to have happened): forget its intent. */
  async settle(key: string, id: string): Promise<void> {
    delete this.account(key).journal[id];
    await this.save();
  }

  /** A MediaLedger over one account's media, saving after every upload (with the upload's intent gone in the same write). */
  ledger(key: string): MediaLedger {
    const account = this.account(key);
    return {
      get: (k) => account.media[k] as LedgerEntry | undefined,
      set: (k, entry) => {
        account.media[k] = entry as AccountState['media'][string];
        delete account.journal[materialIntentId(k)];
        return this.save();
      },
    };
  }
}

export const materialIntentId = (ledgerKey: string) => `material:${ledgerKey}`;
export const draftIntentId = (draftKey: string) => `draft:${draftKey}`;
export const submitIntentId = (draftKey: string) => `submit:${draftKey}`;
export const pushIntentId = (draftKey: string) => `push:${draftKey}`;

/** gzh ≤ 0.1's `pending` draft marks become draft/add intents (the field goes on the next save). */
function migratePending(account: AccountState): void {
  for (const [draftKey, p] of Object.entries(account.pending ?? {})) {
    account.journal[draftIntentId(draftKey)] ??= { op: 'draft/add', draft: draftKey, titles: p.titles, thumbs: [], hashes: p.hashes ?? [], paths: [], started: p.started };
  }
  delete account.pending;
}

function invalidLockfile(shown: string, error: z.ZodError, raw: unknown): GzhError {
  const issue = error.issues[0]!;
  const at = issue.path.map(String);
  const where = at.length ? `\`${at.join('.')}\`` : 'the top level';
  let found: unknown = raw;
  for (const p of issue.path) found = found !== null && typeof found === 'object' ? (found as Record<PropertyKey, unknown>)[p as PropertyKey] : undefined;
  const kind = found === null ? 'null' : Array.isArray(found) ? 'a list' : typeof found === 'object' ? 'an object' : found === undefined ? 'nothing' : `a ${typeof found}`;
  return new GzhError('lockfile/invalid', `${shown} is damaged at ${where}: ${issue.message.replace(/^Invalid input: /, '')} (found ${kind})`, { file: shown, hint: RESTORE_HINT });
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
