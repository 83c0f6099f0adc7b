/**
 * `gzh stats` as a library call: the period, the account, what gzh.lock says this repo sent, the days still to
 * fetch (all of them, or those not in stats/<account>.csv), the requests (planned, then sent), the report.
 */
import path from 'node:path';
import { UsageError } from '../errors.js';
import { envValue, type Project } from '../project/load-project.js';
import { accountNames, accountProject, envSuffix, namedAccount, type NamedAccount } from '../publish/accounts.js';
import { Lockfile, accountKey } from '../publish/lockfile.js';
import { clientFor, connectTarget, shownPath, targetLockfilePath } from '../publish/target.js';
import type { ClientLogEvent, RetryOptions } from '../wechat/index.js';
import { aggregateStats } from './aggregate.js';
import { HISTORY_DAYS, addDays, beijingDay, daysBetween, dayNumber, resolvePeriod } from './dates.js';
import { StatsFetchError, fetchStats, planStatsRequests, type StatsRequest } from './fetch-stats.js';
import { historyFile, readHistory, writeHistory } from './history-store.js';
import { articleIndex, sentMessages } from './sent-messages.js';
import type { ArticleDay, FollowerDay, StatsReport } from './types.js';

export interface StatsOptions {
  paths?: string[];
  since?: string;
  until?: string;
  /** Credentials from WECHAT_APP_ID_<NAME>/WECHAT_APP_SECRET_<NAME>; names stats/<NAME>.csv. */
  account?: string;
  sandbox?: boolean;
  apiBase?: string;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, request: StatsRequest) => void;
  /** The client's retry policy and log (tests shorten the minute-quota wait). */
  retry?: RetryOptions;
  log?: (event: ClientLogEvent) => void;
}

export interface StatsResult {
  report: StatsReport;
  /** Every article-day and follower-day of the period (stored and fetched). */
  rows: ArticleDay[];
  followers: FollowerDay[];
  /** The requests sent (none when everything was stored). */
  requests: StatsRequest[];
  account: string;
  /** stats/<account>.csv when stats.store is on. */
  historyFile?: string;
  /** Days of the period WeChat no longer has and the history does not hold. */
  missingDays: string[];
}

export async function collectStats(project: Project, options: StatsOptions = {}): Promise<StatsResult> {
  const named = configuredAccount(project, options.account);
  const account = named?.name ?? (options.account?.trim() || (options.sandbox ? 'sandbox' : 'default'));
  if (!/^[\p{L}\p{N}._-]+$/u.test(account)) throw new UsageError(`--account ${JSON.stringify(options.account)} is not a name`, { hint: 'Use letters, digits, ".", "_" or "-"' });
  // a configured account (config `accounts:`): its own credentials, API base and state file, as gzh publish uses them
  const scoped: Project = named ? accountProject(project, named.name) : { ...project, env: accountEnv(project.env, options.account, options.sandbox === true) };
  const env = scoped.env;
  const store = project.config.stats.store;
  const only = options.paths?.length ? selectFiles(project, options.paths) : undefined;

  const targetOptions = { sandbox: options.sandbox, apiBase: options.apiBase, ...(named ? { account: named } : {}) };
  const lockFile = targetLockfilePath(scoped, targetOptions);
  const lockfile = Lockfile.read(lockFile, shownPath(project, lockFile));
  const target = await connectTarget(scoped, lockfile, targetOptions);
  try {
    // a sandbox has a clock tests move: "yesterday" is its yesterday
    const now = target.sandboxUrl ? await sandboxNow(target.sandboxUrl, project.now().getTime()) : project.now().getTime();
    const period = resolvePeriod({ since: options.since, until: options.until }, now, 7, store);
    const yesterday = addDays(beijingDay(now), -1);
    const earliest = addDays(yesterday, -(HISTORY_DAYS - 1));
    const sent = sentMessages(lockfile.account(accountKey(target.appId, target.recordedBase)));
    const index = articleIndex(sent);
    const fileOf = (msgid: string) => index.get(msgid)?.path ?? '';

    const shown = store ? historyFile(project.root, account) : undefined;
    const stored = shown ? readHistory(shown, shownPath(project, shown)) : undefined;
    const days = daysBetween(period.since, period.until);
    const missingDays = days.filter((d) => !stored?.days.has(d) && dayNumber(d)! < dayNumber(earliest)!);
    const toFetch = days.filter((d) => !stored?.days.has(d) && dayNumber(d)! >= dayNumber(earliest)!);
    const requests = planStatsRequests(toFetch, sent, yesterday);

    const client = requests.length
      ? clientFor(project, target, { sandbox: options.sandbox, env, signal: options.signal, retry: options.retry, log: options.log })
      : undefined;
    let fetched: { rows: ArticleDay[]; followers: FollowerDay[] } = { rows: [], followers: [] };
    try {
      if (client) fetched = await fetchStats(client, requests, toFetch, fileOf, options.onProgress);
    } catch (error) {
      if (!(error instanceof StatsFetchError)) throw error;
      // cut short (quota, Ctrl-C, network): keep the complete days, so the rerun asks only for the rest
      if (stored && error.partial.days.length) await writeHistory(stored, error.partial.rows, error.partial.followers);
      throw error.cause;
    } finally {
      await client?.close();
    }
    if (stored) await writeHistory(stored, fetched.rows, fetched.followers);

    const inPeriod = new Set(days);
    // stored rows get today's file for their msgid (an article moved since); unknown to gzh.lock keeps what was stored
    const rows = [...(stored?.rows ?? []).map((r) => ({ ...r, file: fileOf(r.msgid) || r.file })), ...(stored ? [] : fetched.rows)].filter((r) => inPeriod.has(r.date));
    const followers = [...(stored?.followers ?? fetched.followers)].filter((f) => inPeriod.has(f.date));
    const report = aggregateStats(rows, followers, period, only);
    return { report, rows, followers, requests, account, ...(shown ? { historyFile: shownPath(project, shown) } : {}), missingDays };
  } finally {
    await target.close();
  }
}

/** With config `accounts:`, --account names one of them (or, when there is only one, may be left out). */
function configuredAccount(project: Project, flag: string | undefined): NamedAccount | undefined {
  const names = accountNames(project.config);
  if (names.length === 0) return undefined;
  const name = flag?.trim();
  if (!name) {
    if (names.length === 1) return namedAccount(project.config, names[0]!);
    throw new UsageError(`Which account? gzh.config has ${names.length}: ${names.join(', ')}`, { hint: `gzh stats --account ${names[0]}` });
  }
  return namedAccount(project.config, name);
}

/**
 * `--account NAME` without config `accounts:`: that account's credentials (WECHAT_APP_ID_<NAME>, WECHAT_APP_SECRET_<NAME>) stand in for the
 * default ones; missing, it is an error rather than the default account's numbers filed under NAME.
 */
function accountEnv(env: NodeJS.ProcessEnv, account: string | undefined, sandbox: boolean): NodeJS.ProcessEnv {
  if (!account || sandbox) return env;
  const suffix = envSuffix(account);
  const id = envValue(env, `WECHAT_APP_ID_${suffix}`);
  const secret = envValue(env, `WECHAT_APP_SECRET_${suffix}`);
  if (!id || !secret) {
    throw new UsageError(`--account ${account}: ${[!id && `WECHAT_APP_ID_${suffix}`, !secret && `WECHAT_APP_SECRET_${suffix}`].filter(Boolean).join(' and ')} not set`, {
      hint: `Export that account's credentials under those names (or leave --account out for WECHAT_APP_ID / WECHAT_APP_SECRET)`,
    });
  }
  return { ...env, WECHAT_APP_ID: id, WECHAT_APP_SECRET: secret };
}

/** The given files or folders as project-relative paths (the form gzh.lock records). */
function selectFiles(project: Project, paths: string[]): Set<string> & { has(file: string): boolean } {
  const rels = paths.map((p) => path.relative(project.root, path.resolve(project.cwd, p)).split(path.sep).join('/').replace(/\/$/, ''));
  const set = new Set<string>();
  return Object.assign(set, { has: (file: string) => rels.some((r) => r === '' || file === r || file.startsWith(`${r}/`)) });
}

async function sandboxNow(url: string, fallback: number): Promise<number> {
  try {
    const r = await fetch(new URL('/__sandbox/clock', url));
    const t = Date.parse(((await r.json()) as { now?: string }).now ?? '');
    return Number.isFinite(t) ? t : fallback;
  } catch {
    return fallback;
  }
}
