/**
 * `gzh doctor`'s relay checks, from the client side: the relay answers, accepts the client token for the
 * account, has an access token, and WeChat takes a real call from it (a cached token proves nothing about the
 * IP whitelist). When WeChat refuses the relay's IP (40164) the IP it saw is reported: that is the one to whitelist.
 */
import type { Dispatcher } from 'undici';
import { undici } from '../native-deps.js';
import { createWechatClient, ipFromErrmsg, isWechatApiError } from '../wechat/index.js';
import { RELAY_ACCOUNT_ENDPOINT, RELAY_ACCOUNT_HEADER, checkRelayTarget, type RelayTarget } from '../wechat/relay-mode.js';
import { RELAY_ERRCODES } from './relay-answers.js';

export interface RelayCheck {
  id: 'relay' | 'relay-token' | 'relay-upstream';
  status: 'ok' | 'fail' | 'skip';
  detail: string;
  fix?: string;
}

export interface RelayCheckResult {
  ok: boolean;
  checks: RelayCheck[];
  /** The account the relay serves this client, its app id and the relay's upstream (for gzh.lock's account key). */
  account?: string;
  appId?: string;
  apiBase?: string;
  /** The relay's public IP as WeChat saw it, when WeChat refused it (40164). */
  publicIp?: string;
}

const LABELS: Record<RelayCheck['id'], string> = { relay: 'relay', 'relay-token': 'relay token', 'relay-upstream': 'WeChat through the relay' };
const WHITELIST = '设置与开发 → 基本配置 → IP白名单';

async function getJson(dispatcher: Dispatcher, url: string, headers: Record<string, string>, timeoutMs: number): Promise<{ status: number; body: Record<string, unknown> | undefined }> {
  const res = await undici().request(url, { method: 'GET', headers, dispatcher, signal: AbortSignal.timeout(timeoutMs) });
  const text = await res.body.text();
  try {
    const body = JSON.parse(text) as unknown;
    return { status: res.statusCode, body: body && typeof body === 'object' ? (body as Record<string, unknown>) : undefined };
  } catch {
    return { status: res.statusCode, body: undefined };
  }
}

function whyUnreachable(error: unknown): string {
  const e = error as { name?: string; code?: string; cause?: { code?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'no answer in time';
  return e.code ?? e.cause?.code ?? e.name ?? 'unknown error';
}

export interface CheckRelayOptions {
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  /** Also make a real call through it (doctor: the whitelist today); publish skips it, its own calls tell. Default true. */
  probe?: boolean;
}

export async function checkRelay(target: RelayTarget, options: CheckRelayOptions = {}): Promise<RelayCheckResult> {
  const relay = checkRelayTarget(target);
  // its own connections, closed at the end: a pooled socket the relay closed meanwhile would fail the next check
  const dispatcher = new (undici().Agent)({ keepAliveTimeout: 1000 });
  try {
    return await runChecks(relay, dispatcher, options);
  } finally {
    await dispatcher.close();
  }
}

async function runChecks(relay: RelayTarget, dispatcher: Dispatcher, options: CheckRelayOptions): Promise<RelayCheckResult> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const checks: RelayCheck[] = [];
  const result: RelayCheckResult = { ok: false, checks };
  const skipRest = (from: RelayCheck['id'][], why: string) => {
    for (const id of from) checks.push({ id, status: 'skip', detail: `${LABELS[id]}: skipped (${why})` });
    return result;
  };

  // 1. it answers, and it is a gzh relay (a wrong URL often answers too: a web page, a 404)
  try {
    const health = await getJson(dispatcher, `${relay.url}/healthz`, {}, timeoutMs);
    if (health.status !== 200 || health.body?.service !== 'gzh-relay') {
      checks.push({ id: 'relay', status: 'fail', detail: `${relay.url} answers, but not as a gzh relay (HTTP ${health.status} on /healthz)`, fix: 'check GZH_RELAY: the relay\'s base URL, without /cgi-bin' });
      return skipRest(['relay-token', 'relay-upstream'], 'not a relay');
    }
    checks.push({ id: 'relay', status: 'ok', detail: `relay ${relay.url} is up` });
  } catch (error) {
    checks.push({ id: 'relay', status: 'fail', detail: `cannot reach the relay ${relay.url} (${whyUnreachable(error)})`, fix: 'is `gzh relay` running there, and is the port open (and TLS set up, for https://)?' });
    return skipRest(['relay-token', 'relay-upstream'], 'relay unreachable');
  }

  // 2. the token and the account; the relay gets (or has) its access token for the account
  const headers: Record<string, string> = { authorization: `Bearer ${relay.token}`, ...(relay.account ? { [RELAY_ACCOUNT_HEADER]: relay.account } : {}) };
  let account: { status: number; body: Record<string, unknown> | undefined };
  try {
    account = await getJson(dispatcher, `${relay.url}/cgi-bin/${RELAY_ACCOUNT_ENDPOINT}`, headers, timeoutMs);
  } catch (error) {
    checks.push({ id: 'relay-token', status: 'fail', detail: `the relay did not answer the token check (${whyUnreachable(error)})` });
    return skipRest(['relay-upstream'], 'no answer');
  }
  const errcode = Number(account.body?.errcode ?? NaN);
  const errmsg = String(account.body?.errmsg ?? `HTTP ${account.status}`);
  if (errcode === RELAY_ERRCODES.unauthorized) {
    checks.push({ id: 'relay-token', status: 'fail', detail: 'the relay does not accept GZH_RELAY_TOKEN', fix: 'use a token listed in the relay\'s GZH_RELAY_TOKENS (or tokens file); tokens are compared whole, without spaces' });
    return skipRest(['relay-upstream'], 'token refused');
  }
  if (errcode === RELAY_ERRCODES.forbidden) {
    checks.push({ id: 'relay-token', status: 'fail', detail: errmsg.replace(/^gzh relay: /, 'the relay refused the account: '), fix: 'set GZH_RELAY_ACCOUNT (or --account) to an account this token may use' });
    return skipRest(['relay-upstream'], 'account refused');
  }
  if (errcode !== 0) {
    // the client token passed (the relay checks it first): this is WeChat refusing the relay's token request
    checks.push({ id: 'relay-token', status: 'ok', detail: 'the relay accepts the client token' });
    const ip = errcode === 40164 ? ipFromErrmsg(errmsg) : undefined;
    if (ip) result.publicIp = ip;
    const detail = ip
      ? `WeChat refuses the relay's IP ${ip} (40164)`
      : Number.isFinite(errcode)
        ? `the relay cannot get an access token: errcode ${errcode} ${errmsg}`
        : `the relay cannot get an access token (${errmsg})`;
    const fix = ip ? `add ${ip} in ${WHITELIST} (on the relay's account)` : errcode === 40125 || errcode === 40013 ? 'check WECHAT_APP_ID / WECHAT_APP_SECRET on the relay server' : undefined;
    checks.push({ id: 'relay-upstream', status: 'fail', detail, ...(fix ? { fix } : {}) });
    return result;
  }
  result.account = String(account.body?.account ?? '');
  result.appId = String(account.body?.appid ?? '');
  result.apiBase = String(account.body?.api_base ?? '');
  checks.push({ id: 'relay-token', status: 'ok', detail: `the relay accepts the client token (id ${String(account.body?.token_id ?? '?')}) for account ${result.account} (${result.appId})` });

  if (options.probe === false) {
    result.ok = true;
    return result;
  }
  // 3. a real call: a cached access token says nothing about the whitelist today
  const client = createWechatClient({ appId: '', appSecret: '', relay, timeoutMs, retry: { retries: 0 }, tokenCacheDir: false, env: options.env ?? process.env });
  try {
    const count = await client.getMaterialCount();
    checks.push({ id: 'relay-upstream', status: 'ok', detail: `WeChat answers the relay (${result.apiBase}): ${count.image_count} image materials` });
    result.ok = true;
  } catch (error) {
    const ip = isWechatApiError(error, 40164) ? ipFromErrmsg(error.errmsg) : undefined;
    if (ip) result.publicIp = ip;
    const detail = ip ? `WeChat refuses the relay's IP ${ip} (40164)` : `a call through the relay failed: ${(error as Error).message}`;
    checks.push({ id: 'relay-upstream', status: 'fail', detail, ...(ip ? { fix: `add ${ip} in ${WHITELIST} (on the relay's account)` } : {}) });
  } finally {
    await client.close();
  }
  return result;
}
