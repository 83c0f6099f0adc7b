/**
 * What `gzh relay` serves, from the environment (credentials never come from files or flags):
 * - accounts: none named → one account `default` from WECHAT_APP_ID / WECHAT_APP_SECRET; names given
 *   (`--accounts main,tech` or GZH_RELAY_ACCOUNTS) → account `main` from WECHAT_APP_ID_MAIN / WECHAT_APP_SECRET_MAIN ...
 * - client tokens: GZH_RELAY_TOKENS and/or a tokens file (GZH_RELAY_TOKENS_FILE or `--tokens-file`).
 */
import { ConfigError } from '../errors.js';
import { parseTokenList, readTokensFile } from './client-tokens.js';
import type { RelayAccount, RelayClientToken } from './types.js';

export const DEFAULT_ACCOUNT = 'default';
const NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/;

export interface RelaySetup {
  accounts: Record<string, RelayAccount>;
  tokens: RelayClientToken[];
}

/** The environment variables holding an account's credentials. */
export function accountEnvNames(name: string): { appIdEnv: string; appSecretEnv: string } {
  if (name === DEFAULT_ACCOUNT) return { appIdEnv: 'WECHAT_APP_ID', appSecretEnv: 'WECHAT_APP_SECRET' };
  const suffix = name.toUpperCase().replace(/-/g, '_');
  return { appIdEnv: `WECHAT_APP_ID_${suffix}`, appSecretEnv: `WECHAT_APP_SECRET_${suffix}` };
}

export function readAccounts(names: readonly string[], env: NodeJS.ProcessEnv): Record<string, RelayAccount> {
  const list = names.length > 0 ? names : [DEFAULT_ACCOUNT];
  const accounts: Record<string, RelayAccount> = {};
  const missing: string[] = [];
  for (const name of list) {
    if (!NAME.test(name)) throw new ConfigError(`Account name \`${name}\` must be lower-case letters, digits, _ or - (up to 32)`);
    if (accounts[name]) throw new ConfigError(`Account \`${name}\` is listed twice`);
    const { appIdEnv, appSecretEnv } = accountEnvNames(name);
    const appId = env[appIdEnv]?.trim();
    const appSecret = env[appSecretEnv]?.trim();
    if (!appId) missing.push(appIdEnv);
    if (!appSecret) missing.push(appSecretEnv);
    accounts[name] = { appId: appId ?? '', appSecret: appSecret ?? '' };
  }
  if (missing.length) {
    throw new ConfigError(`Missing credentials: ${missing.join(', ')} not set`, {
      hint: 'the relay reads each account\'s AppID and AppSecret from the environment (设置与开发 → 基本配置); never put them in a file in the repo',
    });
  }
  return accounts;
}

/** Check the tokens against the accounts: known account names, distinct ids and tokens, at least one token. */
export function checkTokens(tokens: readonly RelayClientToken[], accounts: Readonly<Record<string, RelayAccount>>): void {
  if (tokens.length === 0) {
    throw new ConfigError('The relay has no client tokens: anyone could publish through it', { hint: 'set GZH_RELAY_TOKENS=ci:<token> (make a token with `gzh relay --new-token`) or pass --tokens-file' });
  }
  const ids = new Set<string>();
  const hashes = new Set<string>();
  for (const t of tokens) {
    if (ids.has(t.id)) throw new ConfigError(`Token id \`${t.id}\` is used twice`);
    ids.add(t.id);
    const hex = t.sha256.toString('hex');
    if (hashes.has(hex)) throw new ConfigError(`Token \`${t.id}\` is the same token as another one: give every client its own`);
    hashes.add(hex);
    if (t.accounts === '*') continue;
    const unknown = t.accounts.filter((a) => !(a in accounts));
    if (unknown.length) throw new ConfigError(`Token \`${t.id}\` names unknown account${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`, { hint: `the relay serves: ${Object.keys(accounts).join(', ')}` });
  }
}

export async function loadRelaySetup(input: { env?: NodeJS.ProcessEnv; accounts?: readonly string[]; tokensFile?: string } = {}): Promise<RelaySetup> {
  const env = input.env ?? process.env;
  const names = input.accounts ?? (env.GZH_RELAY_ACCOUNTS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const accounts = readAccounts(names, env);
  const tokens = parseTokenList(env.GZH_RELAY_TOKENS ?? '');
  const file = input.tokensFile ?? (env.GZH_RELAY_TOKENS_FILE?.trim() || undefined);
  if (file) tokens.push(...(await readTokensFile(file, env)));
  checkTokens(tokens, accounts);
  return { accounts, tokens };
}
