/**
 * Scheduled publishing: front matter `publish_at` says when an article goes out. WeChat's API has no scheduling
 * (only the web editor's 定时群发), so `gzh publish --due`, run often (the workflow's cron), publishes what is due.
 * The schedule is read from the front matter alone (no compile): a cron run over the whole content folder must not
 * fail on an unfinished article that is due next month.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseFrontMatter } from '../compile/index.js';
import { parsePublishAt } from '../compile/publish-at.js';
import type { ResolvedConfig } from '../config/schema.js';
import type { Message } from '../errors.js';
import { toProjectPath, type PublishInputs } from './inputs.js';
import type { AccountState } from './lockfile.js';
import { beijingTime } from './push-quota.js';

export interface ScheduledArticle {
  /** As shown to the user (relative to cwd). */
  file: string;
  absolutePath: string;
  projectPath: string;
  /** Front matter title (the heading title needs a compile; the file name stands in). */
  title: string;
  type: 'news' | 'newspic';
  /** Front matter `push: true`: pushed (群发) to followers, not only published. */
  push: boolean;
  /** When it is due, when it says (and validly). */
  publishAt?: Date;
  /** The line of `publish_at`. */
  line?: number;
  /** Front matter `accounts:`: the configured accounts it goes to, and the key's line. */
  accounts?: string[];
  accountsLine?: number;
  /** A bad `publish_at` or `accounts` (or front matter that can't be read): errors with file:line. */
  messages: Message[];
}

export type DueState = 'due' | 'later' | 'published' | 'failed' | 'unscheduled' | 'invalid';

export interface DueDraft {
  draftKey: string;
  files: string[];
  state: DueState;
  /** When the draft is due: the latest `publish_at` of its articles (all of them must be due). */
  at?: Date;
  /** What the run says about it: "due in 3 h (due in 3 h, 2026-12-24 08:00 (UTC+8))", "published 2026-12-24 08:15". */
  note: string;
}

const FENCE = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

/** The front matter of one article, validated by the same schema compile uses (so the same errors, same lines). */
export function readScheduledArticle(absolutePath: string, config: ResolvedConfig, cwd: string): ScheduledArticle {
  const file = path.relative(cwd, absolutePath) || absolutePath;
  const base = { file, absolutePath, projectPath: toProjectPath(config.root, absolutePath), title: path.basename(absolutePath, path.extname(absolutePath)), type: 'news' as const, push: false, messages: [] as Message[] };
  let source: string;
  try {
    source = readFileSync(absolutePath, 'utf8');
  } catch (error) {
    return { ...base, messages: [{ ruleId: 'article/read', severity: 'error', message: `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, file, line: 1, column: 1, source: 'gzh-publish' }] };
  }
  const m = FENCE.exec(source);
  if (!m) return base;
  const { meta, lines, messages } = parseFrontMatter(m[1]!, 2, file);
  const own = messages.filter((msg) => msg.severity === 'error' && (msg.ruleId === 'front-matter/yaml' || msg.ruleId === 'front-matter/shape' || msg.message.includes('`publish_at`') || msg.message.includes('`accounts`')));
  const at = meta.publish_at !== undefined ? parsePublishAt(meta.publish_at) : undefined;
  return {
    ...base,
    title: meta.title ?? base.title,
    type: meta.type ?? meta.article_type ?? 'news',
    push: meta.push === true,
    ...(at !== undefined ? { publishAt: new Date(at) } : {}),
    ...(lines.publish_at ? { line: lines.publish_at } : {}),
    ...(meta.accounts ? { accounts: meta.accounts, accountsLine: lines.accounts } : {}),
    messages: own,
  };
}

/**
 * Which drafts `--due` sends now: every article of the draft has a `publish_at` that has come (articles without
 * one follow the others), and the draft was not published before (then nothing is sent, even if it changed since).
 */
export function decideDue(drafts: readonly PublishInputs[], articles: ReadonlyMap<string, ScheduledArticle>, now: Date, account: AccountState | undefined): DueDraft[] {
  return drafts.map((draft) => {
    const scheduled = draft.files.map((f) => articles.get(f)!);
    const files = scheduled.map((a) => a.file);
    const base = { draftKey: draft.draftKey, files };
    if (scheduled.some((a) => a.messages.length > 0)) return { ...base, state: 'invalid', note: 'publish_at can\'t be read (error above)' };
    const times = scheduled.flatMap((a) => (a.publishAt ? [a.publishAt.getTime()] : []));
    if (times.length === 0) return { ...base, state: 'unscheduled', note: 'no publish_at: --due leaves it alone' };
    const at = new Date(Math.max(...times));
    const published = account ? publishedRecord(account, draft.draftKey) : undefined;
    if (published) return { ...base, state: 'published', at, note: `published ${beijingTime(new Date(published.time))}: nothing to send` };
    // pushed (群发, which publishes too) by --due or by hand: not pushed or published again
    const pushed = account ? pushedRecord(account, draft.draftKey) : undefined;
    if (pushed) return { ...base, state: 'published', at, note: `pushed ${beijingTime(new Date(pushed.time))}: nothing to send` };
    // a refused publication is not retried every 15 minutes: someone has to look at it first
    const failed = account ? failedRecord(account, draft.draftKey) : undefined;
    if (failed) return { ...base, state: 'failed', at, note: `publishing failed (${failed.status}) ${beijingTime(new Date(failed.time))}: --due does not submit it again; fix it, then \`gzh publish ${files.join(' ')} --submit\`` };
    if (at.getTime() > now.getTime()) return { ...base, state: 'later', at, note: `due ${relative(at.getTime() - now.getTime())}, ${beijingTime(at)}` };
    return { ...base, state: 'due', at, note: `due since ${beijingTime(at)}` };
  });
}

/** The successful publish recorded for this draft key. */
function publishedRecord(account: AccountState, draftKey: string): { time: string } | undefined {
  const id = account.drafts[draftKey]?.published;
  if (id && account.publishes[id]) return account.publishes[id];
  return Object.values(account.publishes).find((p) => p.draft === draftKey && p.status === 'published');
}

/** A push of this draft key that went out or is going out (a failed one may be sent again). */
function pushedRecord(account: AccountState, draftKey: string): { time: string } | undefined {
  return Object.values(account.pushes).find((p) => p.draft === draftKey && p.status !== 'SEND_FAIL');
}

/** The last publish of this draft key, when it ended in a failure (not published, not still running). */
function failedRecord(account: AccountState, draftKey: string): { time: string; status: string } | undefined {
  const mine = Object.values(account.publishes).filter((p) => p.draft === draftKey).sort((a, b) => a.time.localeCompare(b.time));
  const last = mine[mine.length - 1];
  return last && last.status !== 'published' && last.status !== 'publishing' ? last : undefined;
}

/** "in 25 min", "in 3 h", "in 4 days". */
function relative(ms: number): string {
  const minutes = Math.ceil(ms / 60_000);
  if (minutes < 60) return `in ${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `in ${hours} h`;
  return `in ${Math.round(hours / 24)} days`;
}
