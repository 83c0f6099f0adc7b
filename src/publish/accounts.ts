/**
 * Several accounts (config `accounts:`): which ones a run talks to, each one's project (the config with the
 * account's overrides: author, theme, header/footer, sourceUrl, type, API base), its credentials' env var
 * names and its own state file, gzh.lock.d/<name>.json, so parallel CI jobs (one per account) never race on
 * one file. Without `accounts:` there is one unnamed account (WECHAT_APP_ID / WECHAT_APP_SECRET, gzh.lock).
 */
import path from 'node:path';
import { envSuffix, type ResolvedConfig } from '../config/schema.js';

export { envSuffix };
import { checkArticleAccounts, nearestAccount } from '../check/article-accounts.js';
import { UsageError, type Message } from '../errors.js';
import { envValue, type Project } from '../project/load-project.js';
import { sandboxDataDir } from '../project/paths.js';

export const ACCOUNT_LOCK_DIR = 'gzh.lock.d';

export interface NamedAccount {
  name: string;
  /** Env vars holding the credentials (never the values). */
  appIdEnv: string;
  appSecretEnv: string;
  /** Env var that overrides this account's API base. */
  apiBaseEnv: string;
}

export function accountNames(config: ResolvedConfig): string[] {
  return Object.keys(config.accounts);
}

export function namedAccount(config: ResolvedConfig, name: string): NamedAccount {
  const entry = config.accounts[name];
  if (!entry) throw unknownAccount(config, name);
  const suffix = envSuffix(name);
  return { name, appIdEnv: entry.appIdEnv ?? `WECHAT_APP_ID_${suffix}`, appSecretEnv: entry.appSecretEnv ?? `WECHAT_APP_SECRET_${suffix}`, apiBaseEnv: `WECHAT_API_BASE_${suffix}` };
}

/** An account's state: gzh.lock.d/<name>.json (the sandbox's: .gzh/sandbox/<name>/gzh.lock). */
export function accountLockfilePath(root: string, name: string): string {
  return path.join(root, ACCOUNT_LOCK_DIR, `${name}.json`);
}

export function accountSandboxDir(root: string, name: string): string {
  return path.join(sandboxDataDir(root), name);
}

/** A named account's own account in the sandbox (its own app id: its own uploads, drafts and quota). */
export function accountSandboxCredentials(name: string): { appId: string; appSecret: string } {
  return { appId: `wxsandbox_${name}`.slice(0, 32), appSecret: `sandbox-secret-${name}` };
}

/**
 * The project as one account sees it: its overrides over the top-level config. The env's WECHAT_API_BASE gives
 * way to the account's own (WECHAT_API_BASE_<NAME>, then `accounts.<name>.apiBase`), so one relay setting does
 * not send every account through the same place.
 */
export function accountProject<P extends Pick<Project, 'config' | 'env'>>(project: P, name: string): P {
  const { config } = project;
  const a = config.accounts[name];
  if (!a) throw unknownAccount(config, name);
  const { apiBaseEnv } = namedAccount(config, name);
  const apiBase = envValue(project.env, apiBaseEnv) ?? a.apiBase;
  const env = apiBase ? { ...project.env, WECHAT_API_BASE: '' } : project.env;
  const merged: ResolvedConfig = {
    ...config,
    ...(a.author !== undefined ? { author: a.author } : {}),
    ...(a.accountName !== undefined ? { accountName: a.accountName } : {}),
    ...(a.header !== undefined ? { header: a.header } : {}),
    ...(a.footer !== undefined ? { footer: a.footer } : {}),
    ...(a.theme !== undefined ? { theme: a.theme } : {}),
    ...(a.sourceUrl !== undefined ? { sourceUrl: a.sourceUrl } : {}),
    ...(a.reviewers !== undefined ? { reviewers: a.reviewers } : {}),
    wechat: { ...config.wechat, ...(apiBase ? { apiBase } : {}) },
    account: { type: a.type ?? config.account.type, verified: a.verified ?? config.account.verified },
  };
  return { ...project, config: merged, env };
}

/**
 * `--account main,tech` (or `all`): the accounts this run may talk to. undefined: the flag was not given (each
 * article's front matter `accounts:` decides, or the only account). Without `accounts:` in the config the flag
 * is an error: there is nothing to pick from.
 */
export function parseAccountFlag(config: ResolvedConfig, value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const names = accountNames(config);
  const wanted = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (wanted.length === 0) throw new UsageError('--account needs an account name', { hint: names.length ? `configured: ${names.join(', ')} (or all)` : 'add `accounts:` to gzh.config.* first' });
  if (names.length === 0) {
    throw new UsageError(`--account ${value}: gzh.config has no \`accounts:\``, { hint: 'without `accounts:` gzh publishes to the one account of WECHAT_APP_ID / WECHAT_APP_SECRET; list several under `accounts:` (see README, Several accounts)' });
  }
  if (wanted.includes('all')) return names;
  for (const name of wanted) if (!config.accounts[name]) throw unknownAccount(config, name);
  return [...new Set(wanted)];
}

/** Where one draft goes: its articles' front matter `accounts:` (all of them must agree), within the --account selection. */
export interface DraftRoute {
  accounts: string[];
  /** Why a draft goes nowhere in this run (shown, not an error), or an error with its place. */
  skipped?: string;
  messages: Message[];
}

export interface RoutedArticle {
  file: string;
  accounts?: readonly string[];
  accountsLine?: number;
}

export function routeDraft(config: ResolvedConfig, articles: readonly RoutedArticle[], selected: readonly string[] | undefined): DraftRoute {
  const names = accountNames(config);
  const messages: Message[] = [];
  const error = (a: RoutedArticle, message: string): DraftRoute => {
    messages.push({ ruleId: 'front-matter/accounts', severity: 'error', message, file: a.file, line: a.accountsLine ?? 1, column: 1, source: 'gzh-publish' });
    return { accounts: [], messages };
  };
  const listed = articles.filter((a) => a.accounts !== undefined);
  for (const a of listed) {
    const wrong = checkArticleAccounts(a.accounts, { file: a.file, line: a.accountsLine }, config);
    if (wrong.length > 0) return { accounts: [], messages: wrong };
  }
  if (names.length === 0) return { accounts: [], messages };
  const first = listed[0];
  if (first && (listed.length !== articles.length || listed.some((a) => a.accounts!.join() !== first.accounts!.join()))) {
    return error(first, 'The articles of one draft go to different accounts (`accounts:`): give them the same list, or publish them as drafts of their own (--each)');
  }
  if (first) {
    const to = selected ? first.accounts!.filter((n) => selected.includes(n)) : [...first.accounts!];
    return to.length > 0 ? { accounts: to, messages } : { accounts: [], skipped: `for ${first.accounts!.join(', ')} only`, messages };
  }
  if (selected) return { accounts: [...selected], messages };
  if (names.length === 1) return { accounts: names, messages };
  const a = articles[0]!;
  return error(a, `Which accounts? gzh.config has ${names.length} (${names.join(', ')}): add \`accounts: [${names[0]}]\` to the front matter, or run with --account ${names[0]} (or --account all)`);
}

function unknownAccount(config: ResolvedConfig, name: string): UsageError {
  const names = accountNames(config);
  return new UsageError(`No account \`${name}\` in gzh.config${suggest(names, name)}`, { hint: names.length ? `configured: ${names.join(', ')}` : 'list accounts under `accounts:` in gzh.config.* (see README, Several accounts)' });
}

function suggest(names: readonly string[], name: string): string {
  const close = nearestAccount(names, name);
  return close ? ` (did you mean \`${close}\`?)` : '';
}
