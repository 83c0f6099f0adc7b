/**
 * Which account a publish talks to, and through what: WeChat itself (credentials from the environment, the API
 * base from --api-base / WECHAT_API_BASE / config), a running `gzh sandbox` of this project, or a sandbox started
 * for this one run. A dry run connects to nothing.
 */
import path from 'node:path';
import { UsageError } from '../errors.js';
import { envValue, type Project } from '../project/load-project.js';
import { lockfilePath, sandboxDataDir, sandboxLockfilePath } from '../project/paths.js';
import { createWechatClient, resolveApiBase, stripCredentials, type WechatClient, type WechatClientOptions } from '../wechat/index.js';
import { relayFromEnv, type RelayTarget } from '../wechat/relay-mode.js';
import { accountLockfilePath, accountSandboxCredentials, accountSandboxDir, type NamedAccount } from './accounts.js';
import type { Lockfile } from './lockfile.js';

export interface PublishTarget {
  appId: string;
  appSecret: string;
  /** Where requests go (may carry relay credentials: never stored or shown). */
  apiBase: string;
  /** The account's API base as recorded in gzh.lock and shown: 'sandbox' or the base without credentials. */
  recordedBase: string;
  lockfile: string;
  /** The sandbox web view, when publishing to one. */
  sandboxUrl?: string;
  /** The sandbox was started for this run and stops with it. */
  startedSandbox: boolean;
  /** A note for the terminal (publishing through a running sandbox or a relay). */
  note?: string;
  /** Publishing through `gzh relay` (GZH_RELAY): no secret here; the relay holds it. */
  relay?: RelayTarget;
  close(): Promise<void>;
}

export interface TargetOptions {
  sandbox?: boolean;
  apiBase?: string;
  dryRun?: boolean;
  /** One of config `accounts:` (its credentials' env vars, its own state file); absent: the unnamed account. */
  account?: NamedAccount;
}

export function targetLockfilePath(project: Project, options: TargetOptions): string {
  if (options.account) return options.sandbox ? path.join(accountSandboxDir(project.root, options.account.name), 'gzh.lock') : accountLockfilePath(project.root, options.account.name);
  return options.sandbox ? sandboxLockfilePath(project.root) : lockfilePath(project.root);
}

/** Credentials are checked before anything else is done: a missing secret is one clear error (exit 2). */
export function requireCredentials(project: Project, options: TargetOptions): { appId?: string; appSecret?: string; relay?: RelayTarget } {
  const idEnv = options.account?.appIdEnv ?? 'WECHAT_APP_ID';
  const secretEnv = options.account?.appSecretEnv ?? 'WECHAT_APP_SECRET';
  const appId = envValue(project.env, idEnv);
  const appSecret = envValue(project.env, secretEnv);
  if (options.sandbox && options.apiBase) throw new UsageError('--sandbox and --api-base do not go together');
  const fromEnv = options.sandbox ? undefined : relayFromEnv(project.env);
  // through a relay, a named account is the relay's account of that name (gzh relay --accounts main,tech)
  const relay = fromEnv && options.account ? { ...fromEnv, account: options.account.name } : fromEnv;
  if (relay && options.apiBase) throw new UsageError('--api-base and GZH_RELAY do not go together', { hint: 'a relay has its own upstream: unset GZH_RELAY to call an API base directly' });
  if (relay) return { relay };
  if (!options.sandbox && !options.dryRun && (!appId || !appSecret)) {
    throw new UsageError(`Missing WeChat credentials${options.account ? ` of account ${options.account.name}` : ''}: ${[!appId && idEnv, !appSecret && secretEnv].filter(Boolean).join(' and ')} not set`, {
      hint: 'Find them in the WeChat platform under 设置与开发 → 基本配置 and export them (in CI: repository secrets). To try gzh without an account: gzh publish <article> --sandbox',
    });
  }
  // resolved now so a bad --api-base is a usage error before any article is compiled
  if (!options.sandbox) resolveApiBase(options.apiBase, project.env.WECHAT_API_BASE, project.config.wechat.apiBase);
  return { appId, appSecret };
}

export async function connectTarget(project: Project, lockfile: Lockfile, options: TargetOptions): Promise<PublishTarget> {
  const lock = targetLockfilePath(project, options);
  const none = async () => {};
  if (options.sandbox) {
    const { DEFAULT_APP_ID, findRunningSandbox, startSandbox } = await import('../sandbox/index.js');
    const dataDir = options.account ? accountSandboxDir(project.root, options.account.name) : sandboxDataDir(project.root);
    // each named account is an account of its own in the sandbox too (its own app id, uploads and drafts)
    const ids: { appId?: string; appSecret?: string } = options.account ? accountSandboxCredentials(options.account.name) : {};
    // a dry run sends nothing, not even to the local sandbox: plan against its state in gzh.lock
    if (options.dryRun) return { appId: ids.appId ?? DEFAULT_APP_ID, appSecret: '', apiBase: 'sandbox', recordedBase: 'sandbox', lockfile: lock, startedSandbox: false, close: none };
    // a `gzh sandbox` already serving this project's state: publish through it (a second one would overwrite it)
    const running = await findRunningSandbox(dataDir);
    if (running) {
      return { appId: running.appId, appSecret: running.appSecret, apiBase: running.url, recordedBase: 'sandbox', lockfile: lock, sandboxUrl: running.url, startedSandbox: false, note: `Publishing through the running gzh sandbox at ${running.url} (pid ${running.pid})`, close: none };
    }
    // 8787 when free, so the printed page matches `gzh sandbox`; else any port (the state is on disk anyway)
    const sb = await startSandbox({ ...ids, port: 8787, dataDir, limits: project.config.limits, account: project.config.account }).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') return startSandbox({ ...ids, port: 0, dataDir, limits: project.config.limits, account: project.config.account });
      throw error;
    });
    return { appId: sb.appId, appSecret: sb.appSecret, apiBase: sb.apiBase, recordedBase: 'sandbox', lockfile: lock, sandboxUrl: sb.url, startedSandbox: true, close: () => sb.close() };
  }
  const { appId, appSecret, relay } = requireCredentials(project, options);
  if (relay) return connectRelay(lockfile, relay, lock, options);
  const apiBase = resolveApiBase(options.apiBase, project.env.WECHAT_API_BASE, project.config.wechat.apiBase);
  const recordedBase = stripCredentials(apiBase);
  // a dry run without credentials plans against the one account gzh.lock knows for this API base
  return { appId: appId ?? knownAppId(lockfile, recordedBase) ?? 'no-credentials', appSecret: appSecret ?? '', apiBase, recordedBase, lockfile: lock, startedSandbox: false, close: none };
}

/**
 * Through a relay the account is the relay's: its app id and upstream key gzh.lock, so publishing directly and
 * through the relay share one ledger (keyed by the relay URL, switching would upload everything again).
 */
async function connectRelay(lockfile: Lockfile, relay: RelayTarget, lock: string, options: TargetOptions): Promise<PublishTarget> {
  const none = async () => {};
  const note = `Publishing through the relay at ${stripCredentials(relay.url)}${relay.account ? ` (account ${relay.account})` : ''}`;
  if (options.dryRun) {
    // a dry run asks nobody: the one account gzh.lock knows, if it knows one
    const keys = lockfile.accountKeys().filter((k) => !k.endsWith('@sandbox'));
    const [appId, apiBase] = keys.length === 1 ? [keys[0]!.slice(0, keys[0]!.indexOf('@')), keys[0]!.slice(keys[0]!.indexOf('@') + 1)] : ['relay', stripCredentials(relay.url)];
    return { appId, appSecret: '', apiBase: relay.url, recordedBase: apiBase, lockfile: lock, startedSandbox: false, relay, note, close: none };
  }
  const { checkRelay } = await import('../relay/check-relay.js');
  const checked = await checkRelay(relay, { probe: false });
  if (!checked.ok || !checked.appId || !checked.apiBase) {
    const failed = checked.checks.find((c) => c.status === 'fail');
    throw new UsageError(`The relay at ${stripCredentials(relay.url)} can't publish: ${failed?.detail ?? 'no account'}`, { hint: failed?.fix ?? 'run gzh doctor' });
  }
  return { appId: checked.appId, appSecret: '', apiBase: relay.url, recordedBase: stripCredentials(checked.apiBase), lockfile: lock, startedSandbox: false, relay, note, close: none };
}

function knownAppId(lockfile: Lockfile, apiBase: string): string | undefined {
  const ids = lockfile.accountKeys().filter((k) => k.endsWith(`@${apiBase}`)).map((k) => k.slice(0, k.length - apiBase.length - 1));
  return ids.length === 1 ? ids[0] : undefined;
}

/** The lockfile path as shown to the user. */
/**
 * The WeChat client for a connected target, with the project's token mode and timeout (publish and stats use
 * the same one). The sandbox's tokens are not cached on disk: each sandbox run starts its own server.
 */
export function clientFor(
  project: Project,
  target: PublishTarget,
  options: { sandbox?: boolean; env?: NodeJS.ProcessEnv } & Pick<WechatClientOptions, 'signal' | 'retry' | 'log'>,
): WechatClient {
  return createWechatClient({
    appId: target.appId,
    appSecret: target.appSecret,
    apiBase: target.apiBase,
    tokenMode: project.config.wechat.token,
    timeoutMs: project.config.wechat.timeoutMs,
    tokenCacheDir: options.sandbox ? false : undefined,
    env: options.env ?? project.env,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.log ? { log: options.log } : {}),
    ...(target.relay ? { relay: target.relay } : {}),
  });
}

export function shownPath(project: Project, file: string): string {
  return path.relative(project.cwd, file) || file;
}
