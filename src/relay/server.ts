/**
 * `gzh relay`: the fixed-IP forwarder. Clients call it like WeChat (`/cgi-bin/...`) with a bearer token instead
 * of an access token; the relay checks the token (constant time), the account (X-Gzh-Account), the endpoint
 * (allow-list) and the token's rate, then forwards once with its own access token. `/healthz` answers without
 * a token. One log entry per request: time, token id, account, endpoint, status, errcode, duration.
 */
import http from 'node:http';
import https from 'node:https';
import { DEFAULT_API_BASE, WechatApiError, WechatNetworkError, ipFromErrmsg } from '../wechat/index.js';
import { createDispatcher } from '../wechat/http-transport.js';
import { RELAY_ACCOUNT_ENDPOINT, RELAY_ACCOUNT_HEADER } from '../wechat/relay-mode.js';
import { TOKEN_ERRCODES } from '../wechat/retry-policy.js';
import { FORWARDED_ENDPOINTS, isForwarded, isWellFormedEndpoint } from './allow-list.js';
import { allowsAccount, findClientToken } from './client-tokens.js';
import { forwardRequest } from './forward-request.js';
import { localUrl, parseListen } from './listen-address.js';
import { RateLimiter } from './rate-limit.js';
import { RELAY_ERRCODES, gatewayFailure, refuse, sendAnswer, type RelayAnswer } from './relay-answers.js';
import type { Relay, RelayClientToken, RelayLogEntry, RelayOptions } from './types.js';
import { UpstreamTokens } from './upstream-tokens.js';

export const DEFAULT_PER_MINUTE = 600;
export const DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024 + 64 * 1024;
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
export const DEFAULT_RELAY_TIMEOUT_MS = 30_000;

type RequestEntry = Extract<RelayLogEntry, { type: 'request' }>;

/** An endpoint as it may appear in a log line: a path from a client is untrusted text. */
function loggable(path: string): string {
  return path.replace(/[^\w/.%-]/g, '?').slice(0, 120);
}

export async function startRelay(options: RelayOptions): Promise<Relay> {
  const { host, port } = parseListen(options.listen);
  const apiBase = (options.apiBase ?? DEFAULT_API_BASE).replace(/\/+$/, '');
  const accountNames = Object.keys(options.accounts);
  if (accountNames.length === 0) throw new Error('startRelay: `accounts` is empty');
  const env = options.env ?? process.env;
  const log = (entry: RelayLogEntry) => {
    try {
      options.log?.(entry);
    } catch {
      // a broken logger must not break forwarding
    }
  };
  const limits = {
    maxUploadBytes: options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    timeoutMs: options.timeoutMs ?? DEFAULT_RELAY_TIMEOUT_MS,
  };
  const tokens = new UpstreamTokens(options.accounts, { apiBase, tokenMode: options.tokenMode ?? 'stable', tokenCacheDir: options.tokenCacheDir ?? false, env, log });
  const dispatcher = createDispatcher(env);
  const limiter = new RateLimiter();
  const perMinute = options.perMinute ?? DEFAULT_PER_MINUTE;
  let inFlight = 0;
  let drained: (() => void) | undefined;

  /** The account a request uses, or the refusal. */
  function pickAccount(client: RelayClientToken, asked: string | undefined): string | RelayAnswer {
    const allowed = accountNames.filter((a) => allowsAccount(client, a));
    if (asked === undefined) {
      if (allowed.length === 1) return allowed[0]!;
      return refuse(403, RELAY_ERRCODES.forbidden, `choose an account with the ${RELAY_ACCOUNT_HEADER} header (GZH_RELAY_ACCOUNT): this token may use ${allowed.join(', ')}`, 'forbidden-account');
    }
    if (!accountNames.includes(asked) || !allowed.includes(asked)) {
      // the same answer for "no such account" and "not yours": a token learns nothing about other accounts
      return refuse(403, RELAY_ERRCODES.forbidden, `this token may not use account \`${loggable(asked)}\` (it may use ${allowed.join(', ')})`, 'forbidden-account');
    }
    return asked;
  }

  /** A WeChat failure of the relay's own token fetch, as the client should see it. */
  function tokenFailure(error: unknown): RelayAnswer {
    if (error instanceof WechatApiError) {
      const errmsg = tokens.scrub(`${error.errmsg}${error.rid ? ` rid: ${error.rid}` : ''}`);
      return { status: 200, json: { errcode: error.errcode, errmsg }, reason: 'token-failed' };
    }
    const detail = error instanceof WechatNetworkError ? error.reason : 'error';
    return gatewayFailure(502, `the relay could not get an access token from WeChat (${detail})`, 'token-failed');
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, entry: RequestEntry): Promise<void> {
    const answer = (a: RelayAnswer, close = true) => {
      entry.status = a.status;
      entry.errcode = typeof a.json.errcode === 'number' ? a.json.errcode : null;
      entry.reason = a.reason;
      if (!res.headersSent && !res.destroyed) sendAnswer(res, a, close);
    };
    const url = new URL(req.url ?? '/', 'http://relay.invalid');
    entry.endpoint = loggable(url.pathname);
    if (!url.pathname.startsWith('/cgi-bin/')) return answer(refuse(404, RELAY_ERRCODES.notFound, `nothing at ${loggable(url.pathname)}: the API is under /cgi-bin/, health at /healthz`, 'not-found'));
    const endpoint = url.pathname.slice('/cgi-bin/'.length);
    entry.endpoint = loggable(endpoint);

    const auth = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (!auth) return answer(refuse(401, RELAY_ERRCODES.unauthorized, 'no client token: send Authorization: Bearer <token> (GZH_RELAY_TOKEN)', 'unauthorized', { 'www-authenticate': 'Bearer realm="gzh-relay"' }));
    const client = findClientToken(options.tokens, auth[1]!);
    if (!client) return answer(refuse(401, RELAY_ERRCODES.unauthorized, 'the client token is not accepted (check GZH_RELAY_TOKEN against the relay\'s tokens)', 'unauthorized', { 'www-authenticate': 'Bearer realm="gzh-relay", error="invalid_token"' }));
    entry.token = client.id;

    const wait = limiter.take(client.id, client.perMinute ?? perMinute);
    if (wait !== undefined) {
      const seconds = Math.ceil(wait / 1000);
      return answer(refuse(429, RELAY_ERRCODES.rateLimited, `token ${client.id} is over its rate limit (${client.perMinute ?? perMinute} requests per minute); retry in ${seconds} s`, 'rate-limited', { 'retry-after': String(seconds) }));
    }
    const asked = req.headers[RELAY_ACCOUNT_HEADER];
    const account = pickAccount(client, typeof asked === 'string' && asked.trim() ? asked.trim() : undefined);
    if (typeof account !== 'string') return answer(account);
    entry.account = account;

    if (req.method !== 'GET' && req.method !== 'POST') return answer(refuse(405, RELAY_ERRCODES.method, `method ${loggable(req.method ?? '')} is not forwarded (GET and POST only)`, 'method'));
    const own = endpoint === RELAY_ACCOUNT_ENDPOINT;
    if (!own && !isForwarded(endpoint)) {
      const what = isWellFormedEndpoint(endpoint) ? `/cgi-bin/${endpoint}` : 'this path';
      return answer(refuse(403, RELAY_ERRCODES.forbidden, `${what} is not forwarded (the relay holds the access token; it forwards ${FORWARDED_ENDPOINTS.join(', ')})`, 'forbidden-endpoint'));
    }

    let accessToken: string;
    try {
      accessToken = await tokens.get(account);
    } catch (error) {
      return answer(tokenFailure(error), false);
    }
    if (own) {
      const { appId } = options.accounts[account]!;
      const allowed = accountNames.filter((a) => allowsAccount(client, a));
      return answer({ status: 200, json: { errcode: 0, errmsg: 'ok', account, appid: appId, api_base: apiBase, token_id: client.id, accounts: allowed } }, false);
    }

    const target = new URL(`${apiBase}/cgi-bin/${endpoint}`);
    for (const [k, v] of url.searchParams) if (k !== 'access_token') target.searchParams.append(k, v);
    const outcome = await forwardRequest({ req, res, url: target, accessToken, dispatcher, ...limits, scrub: (t) => tokens.scrub(t) }, async (errcode) => {
      // WeChat refused the token: refetch it now (once, shared by every request refused with it); the answer
      // goes to the client unchanged and its single retry finds the new token. Nothing was done upstream.
      if (errcode !== null && TOKEN_ERRCODES.has(errcode)) await tokens.refresh(account, accessToken).catch(() => undefined);
    });
    if (outcome.answer) return answer(outcome.answer);
    entry.status = outcome.status;
    entry.errcode = outcome.errcode;
    if (outcome.reason) entry.reason = outcome.reason;
  }

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    if ((req.url ?? '').split('?')[0] === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
      // not logged: health checks come every few seconds and say nothing about clients
      const text = JSON.stringify({ ok: true, service: 'gzh-relay' });
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : text);
      return;
    }
    inFlight++;
    const started = performance.now();
    const entry: RequestEntry = { type: 'request', time: new Date().toISOString(), token: '-', account: '-', method: loggable(req.method ?? '?'), endpoint: '-', status: 0, errcode: null, ms: 0 };
    handle(req, res, entry)
      .catch(() => {
        entry.status = 502;
        entry.reason = 'internal';
        if (!res.headersSent && !res.destroyed) sendAnswer(res, gatewayFailure(502, 'internal relay error', 'internal'), true);
        else res.destroy();
      })
      .finally(() => {
        if (res.destroyed && !res.writableFinished && entry.status !== 499) {
          entry.status = 499;
          entry.reason = 'client-closed';
        }
        entry.ms = Math.round(performance.now() - started);
        log(entry);
        if (--inFlight === 0) drained?.();
      });
  };

  const server = options.tls ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, onRequest) : http.createServer(onRequest);
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const boundPort = typeof address === 'object' && address ? address.port : port;
  let closing: Promise<void> | undefined;

  return {
    url: localUrl(options.tls ? 'https' : 'http', host, boundPort),
    host,
    port: boundPort,
    checkUpstream: () =>
      Promise.all(
        accountNames.map(async (account) => {
          const { appId } = options.accounts[account]!;
          try {
            await tokens.get(account);
            return { account, appId, ok: true };
          } catch (error) {
            if (!(error instanceof WechatApiError)) return { account, appId, ok: false, detail: tokens.scrub((error as Error).message) };
            const ip = error.errcode === 40164 ? ipFromErrmsg(error.errmsg) : undefined;
            return { account, appId, ok: false, errcode: error.errcode, detail: tokens.scrub(error.message), ...(ip ? { ip } : {}) };
          }
        }),
      ),
    close({ drainMs = 10_000 } = {}) {
      return (closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        if (inFlight > 0) {
          await Promise.race([new Promise<void>((resolve) => (drained = resolve)), new Promise((resolve) => setTimeout(resolve, drainMs).unref())]);
        }
        server.closeAllConnections();
        await stopped;
        await Promise.all([tokens.close(), dispatcher.close()]);
      })());
    },
  };
}
