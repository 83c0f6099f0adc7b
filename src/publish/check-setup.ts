/**
 * `gzh doctor`: one line per check (✓/✗ and the fix): Node version, config, credentials, token fetch (40164 →
 * the IP WeChat saw, to whitelist), material and draft counts.
 */
import { loadConfig } from '../config/load-config.js';
import type { ResolvedConfig } from '../config/schema.js';
import { isGzhError } from '../errors.js';
import { envValue } from '../project/load-project.js';
import { createWechatClient, ipFromErrmsg, isWechatApiError, resolveApiBase, stripCredentials, type WechatClient } from '../wechat/index.js';
import { relayFromEnv } from '../wechat/relay-mode.js';
import { lockfilePath } from '../project/paths.js';
import { accountLockfilePath, accountNames, accountProject, namedAccount, parseAccountFlag } from './accounts.js';
import { checkAccount } from './check-account.js';

export interface DoctorCheck {
  id: 'node' | 'config' | 'account' | 'credentials' | 'token' | 'materials' | 'drafts' | 'relay' | 'relay-token' | 'relay-upstream';
  status: 'ok' | 'fail' | 'skip';
  detail: string;
  fix?: string;
  /** With config `accounts:`: the account this line is about. */
  account?: string;
}

const MIN_NODE = [20, 19] as const;

function checkNode(version: string): DoctorCheck {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const ok = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
  return ok
    ? { id: 'node', status: 'ok', detail: `Node.js ${version}` }
    : { id: 'node', status: 'fail', detail: `Node.js ${version} is too old`, fix: `install Node.js ${MIN_NODE.join('.')} or newer` };
}

async function checkConfig(cwd: string, file: string | undefined): Promise<{ check: DoctorCheck; config?: ResolvedConfig }> {
  try {
    const { config, errors } = await loadConfig(cwd, file);
    const first = errors[0];
    if (first) {
      const where = first.where ? `${first.where}: ` : '';
      return { check: { id: 'config', status: 'fail', detail: `${where}${first.message}`, fix: first.hint ?? 'fix the config file (every key is documented in the schema)' } };
    }
    const detail = config.configFile ? `config ${config.configFile} is valid` : 'no config file: using the defaults';
    return { check: { id: 'config', status: 'ok', detail }, config };
  } catch (error) {
    return { check: { id: 'config', status: 'fail', detail: `config could not be loaded: ${(error as Error).message}`, fix: 'fix the config file' } };
  }
}

function describeFailure(error: unknown): { detail: string; fix?: string } {
  if (isWechatApiError(error, 40164)) {
    const ip = ipFromErrmsg(error.errmsg);
    // the IP once, in the detail; the fix says where it goes
    return { detail: `WeChat sees this machine as ${ip ?? 'an IP it did not name'}, which is not in the IP whitelist (40164)`, fix: 'add that IP in 设置与开发 → 基本配置 → IP白名单, or publish through a fixed-IP relay (gzh relay; --api-base)' };
  }
  if (isGzhError(error)) return { detail: error.message, fix: error.hint };
  return { detail: String((error as Error)?.message ?? error) };
}

export interface SetupOptions {
  configFile?: string;
  /** `--account main,tech`: only those of config `accounts:` (default: all). */
  account?: string;
  apiBase?: string;
  env?: NodeJS.ProcessEnv;
}

/** `gzh doctor`: one result per check, never a throw (a broken config is a failed check, not a crash). */
export async function checkSetup(cwd: string, options: SetupOptions = {}): Promise<DoctorCheck[]> {
  const env = options.env ?? process.env;
  const checks: DoctorCheck[] = [checkNode(process.versions.node)];
  const { check: configCheck, config } = await checkConfig(cwd, options.configFile || undefined);
  checks.push(configCheck);
  const names = config ? accountNames(config) : [];
  if (!config || names.length === 0) {
    checks.push(...(await checkOneAccount(config, env, { idEnv: 'WECHAT_APP_ID', secretEnv: 'WECHAT_APP_SECRET', lockfile: config ? lockfilePath(config.root) : undefined }, options.apiBase)));
    return checks;
  }
  // several accounts (config `accounts:`): every one (or those of --account), each with its own lines
  let wanted: string[];
  try {
    wanted = parseAccountFlag(config, options.account) ?? names;
  } catch (error) {
    checks.push({ id: 'config', status: 'fail', ...describeFailure(error) });
    return checks;
  }
  const project = { config, env };
  const results = await Promise.all(
    wanted.map(async (name) => {
      const account = namedAccount(config, name);
      const scoped = accountProject(project, name);
      const lines = await checkOneAccount(scoped.config, scoped.env, { idEnv: account.appIdEnv, secretEnv: account.appSecretEnv, lockfile: accountLockfilePath(config.root, name), relayAccount: name }, options.apiBase);
      return lines.map((c) => ({ ...c, account: name }));
    }),
  );
  checks.push(...results.flat());
  return checks;
}

interface AccountNames {
  idEnv: string;
  secretEnv: string;
  /** Its state file (pushes used this period). */
  lockfile?: string;
  /** Through a relay: the relay's account of this name. */
  relayAccount?: string;
}

/** One account's lines: its profile, credentials (or relay), token, whitelist, material and draft counts. */
async function checkOneAccount(config: ResolvedConfig | undefined, env: NodeJS.ProcessEnv, names: AccountNames, apiBaseFlag: string | undefined): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  if (config) checks.push(checkAccount(config, envValue(env, names.idEnv), new Date(), names.lockfile));

  // through a relay the secret and the token are the relay's: check the relay instead
  let relay;
  try {
    relay = relayFromEnv(env);
  } catch (error) {
    checks.push({ id: 'relay', status: 'fail', ...describeFailure(error) });
    return checks;
  }
  if (relay) {
    const { checkRelay } = await import('../relay/check-relay.js');
    checks.push(...(await checkRelay(names.relayAccount ? { ...relay, account: names.relayAccount } : relay, { env })).checks);
    return checks;
  }

  const appId = envValue(env, names.idEnv);
  const appSecret = envValue(env, names.secretEnv);
  const missing = [!appId && names.idEnv, !appSecret && names.secretEnv].filter(Boolean);
  if (missing.length) {
    checks.push({ id: 'credentials', status: 'fail', detail: `${missing.join(' and ')} not set`, fix: `export ${names.idEnv} and ${names.secretEnv} (设置与开发 → 基本配置); in CI use repository secrets` });
  } else {
    checks.push({ id: 'credentials', status: 'ok', detail: `${names.idEnv} ${appId} and ${names.secretEnv} are set` });
  }

  let apiBase: string;
  try {
    apiBase = resolveApiBase(apiBaseFlag, env.WECHAT_API_BASE, config?.wechat.apiBase);
  } catch (error) {
    checks.push({ id: 'token', status: 'fail', ...describeFailure(error) });
    return checks;
  }
  const skip = (id: DoctorCheck['id'], why: string) => checks.push({ id, status: 'skip', detail: why });
  if (!appId || !appSecret) {
    for (const [id, what] of [['token', 'access token'], ['materials', 'material count'], ['drafts', 'draft count']] as const) skip(id, `${what}: skipped (no credentials)`);
    return checks;
  }

  let client: WechatClient | undefined;
  try {
    client = createWechatClient({
      appId,
      appSecret,
      apiBase,
      env,
      tokenMode: config?.wechat.token ?? 'stable',
      timeoutMs: Math.min(config?.wechat.timeoutMs ?? 15_000, 15_000),
      retry: { retries: 1 },
    });
    const mode = config?.wechat.token === 'classic' ? '/token' : 'stable_token';
    try {
      await client.getAccessToken();
    } catch (error) {
      checks.push({ id: 'token', status: 'fail', ...describeFailure(error) });
      skip('materials', 'material count: skipped (no access token)');
      skip('drafts', 'draft count: skipped (no access token)');
      return checks;
    }
    try {
      // The token may come from the cache: a real call proves the IP whitelist too.
      const materials = await client.getMaterialCount();
      checks.push({ id: 'token', status: 'ok', detail: `access token (${mode}) from ${stripCredentials(client.apiBase)}, and this machine's IP is whitelisted` });
      checks.push({ id: 'materials', status: 'ok', detail: `${materials.image_count} image materials (of 100,000)` });
    } catch (error) {
      // 40164 here: the cached token is fine, the IP is not; anything else is the material count's own problem
      if (isWechatApiError(error, 40164)) {
        checks.push({ id: 'token', status: 'fail', ...describeFailure(error) });
        skip('materials', 'material count: skipped (IP not whitelisted)');
        skip('drafts', 'draft count: skipped (IP not whitelisted)');
        return checks;
      }
      checks.push({ id: 'token', status: 'ok', detail: `access token (${mode}) from ${stripCredentials(client.apiBase)}` });
      checks.push({ id: 'materials', status: 'fail', ...describeFailure(error) });
    }
    try {
      const drafts = await client.countDrafts();
      checks.push({ id: 'drafts', status: 'ok', detail: `${drafts.total_count} drafts in the draft box` });
    } catch (error) {
      checks.push({ id: 'drafts', status: 'fail', ...describeFailure(error) });
    }
  } finally {
    await client?.close();
  }
  return checks;
}

