/**
 * The relay's gate, over real HTTP in front of the sandbox: who may call (bearer tokens), what is forwarded
 * (the allow-list), which account, how often, how big; and that the relay's secrets never leave it.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RELAY_ERRCODES } from '../../src/relay/index.js';
import { isWechatApiError } from '../../src/wechat/index.js';
import { APP_ID, SECRET, clientToken, raw, startPair, type Pair } from './helpers.js';

let pair: Pair;
const LIMITED = 'limited-token-0123456789abcdefghijklmnop';
const MAIN_ONLY = 'main-only-token-0123456789abcdefghijklmno';

beforeAll(async () => {
  pair = await startPair({
    relay: { accounts: { main: { appId: APP_ID, appSecret: SECRET }, tech: { appId: 'wxothertechaccount01', appSecret: 'tech-Secret-abcdef' } } },
    extraTokens: [clientToken('limited', LIMITED, ['main'], 3), clientToken('laptop', MAIN_ONLY, ['main'])],
  });
});
afterAll(() => pair.close());

/** GET with the path exactly as given (no URL normalisation on the way). */
function rawPath(base: string, path: string, headers: Record<string, string>): Promise<{ status: number; json: Record<string, unknown> | undefined }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, path, headers }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as Record<string, unknown> }));
    });
    req.on('error', reject);
    req.end();
  });
}

const bearer = (token: string, account?: string) => ({ authorization: `Bearer ${token}`, ...(account ? { 'x-gzh-account': account } : {}) });

describe('relay gate', () => {
  it('/healthz answers without a token and forwards nothing', async () => {
    const from = pair.sandbox.log.length;
    const r = await raw(`${pair.relay.url}/healthz`);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ ok: true, service: 'gzh-relay' });
    expect(pair.sandbox.log.length).toBe(from);
  });

  it('no token or a wrong token: 401 in WeChat\'s shape, and nothing reaches WeChat (not even a token fetch)', async () => {
    const from = pair.sandbox.log.length;
    const none = await raw(`${pair.relay.url}/cgi-bin/draft/count`);
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(none.json).toMatchObject({ errcode: RELAY_ERRCODES.unauthorized, errmsg: expect.stringMatching(/^gzh relay: no client token/) });

    const wrong = await raw(`${pair.relay.url}/cgi-bin/draft/add`, { method: 'POST', headers: { ...bearer(pair.token.slice(0, -1) + (pair.token.endsWith('A') ? 'B' : 'A'), 'main'), 'content-type': 'application/json' }, body: '{"articles":[]}' });
    expect(wrong.status).toBe(401);
    expect(wrong.json).toMatchObject({ errcode: RELAY_ERRCODES.unauthorized, errmsg: expect.stringContaining('not accepted') });
    // another scheme with the right token is no bearer token
    const basic = await raw(`${pair.relay.url}/cgi-bin/draft/count`, { headers: { authorization: `Basic ${pair.token}` } });
    expect(basic.status).toBe(401);

    // a gzh client with a wrong token gets a clear error, not a retry loop
    const client = pair.client({ relayToken: 'x'.repeat(40) });
    const error = await client.countDrafts().catch((e: unknown) => e);
    expect(isWechatApiError(error, RELAY_ERRCODES.unauthorized)).toBe(true);
    expect(pair.sandbox.log.length).toBe(from);
    const logged = pair.requests().filter((e) => e.status === 401);
    expect(logged.length).toBeGreaterThanOrEqual(4);
    for (const e of logged) expect(e.token).toBe('-');
  });

  it('paths outside the allow-list: 403 with an errcode, nothing forwarded; the token endpoints above all', async () => {
    const from = pair.sandbox.log.length;
    for (const path of ['token?grant_type=client_credential', 'stable_token', 'clear_quota', 'user/get', 'menu/create', 'draft%2Fadd', 'draft/..%2F..%2Ftoken', 'media/upload', 'material']) {
      const r = await raw(`${pair.relay.url}/cgi-bin/${path}`, { method: 'POST', headers: { ...bearer(pair.token, 'main'), 'content-type': 'application/json' }, body: '{}' });
      expect([r.status, r.json?.errcode, path]).toEqual([403, RELAY_ERRCODES.forbidden, path]);
    }
    // dot segments sent raw (node:http does not normalise them) are resolved first, then checked
    const dotted = await rawPath(pair.relay.url, '/cgi-bin/draft/../stable_token', bearer(pair.token, 'main'));
    expect([dotted.status, dotted.json?.errcode]).toEqual([403, RELAY_ERRCODES.forbidden]);
    const outside = await raw(`${pair.relay.url}/admin`, { headers: bearer(pair.token, 'main') });
    expect(outside.status).toBe(404);
    expect(outside.json?.errcode).toBe(RELAY_ERRCODES.notFound);
    const put = await raw(`${pair.relay.url}/cgi-bin/draft/count`, { method: 'PUT', headers: bearer(pair.token, 'main') });
    expect(put.status).toBe(405);
    expect(pair.sandbox.log.slice(from)).toEqual([]);
  });

  it('forwards allowed calls with its own access token; a token the client puts in the query is dropped', async () => {
    const from = pair.sandbox.log.length;
    const r = await raw(`${pair.relay.url}/cgi-bin/draft/count?access_token=stolen-or-stale`, { headers: bearer(pair.token, 'main') });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ total_count: expect.any(Number) });
    expect(pair.sandbox.log.slice(from).map((e) => `${e.endpoint} ${e.errcode}`)).toEqual(expect.arrayContaining(['/cgi-bin/draft/count 0']));
    expect(pair.requests().at(-1)).toMatchObject({ token: 'ci', account: 'main', method: 'GET', endpoint: 'draft/count', status: 200, errcode: 0 });
  });

  it('accounts: the client picks one; a token may use only its own; the choice reaches WeChat', async () => {
    // two accounts on this relay and a token for all of them: it must say which
    const unsure = await raw(`${pair.relay.url}/cgi-bin/draft/count`, { headers: bearer(pair.token) });
    expect(unsure.status).toBe(403);
    expect(unsure.json?.errmsg).toMatch(/choose an account .*main, tech/);
    // a token limited to main needs no header, and may not use tech (nor learn whether an account exists)
    const own = pair.client({ relayToken: MAIN_ONLY });
    await expect(own.countDrafts()).resolves.toMatchObject({ total_count: expect.any(Number) });
    for (const account of ['tech', 'nosuch']) {
      const r = await raw(`${pair.relay.url}/cgi-bin/draft/count`, { headers: bearer(MAIN_ONLY, account) });
      expect(r.status).toBe(403);
      expect(r.json?.errmsg).toBe(`gzh relay: this token may not use account \`${account}\` (it may use main)`);
    }
    // tech's credentials are not the sandbox's: WeChat's refusal of them (40013) comes back as WeChat said it
    const tech = pair.client({ account: 'tech' });
    const error = await tech.countDrafts().catch((e: unknown) => e);
    expect(isWechatApiError(error, 40013)).toBe(true);
    // and the relay's own account check names the account and app id
    const info = await raw(`${pair.relay.url}/cgi-bin/gzh_relay/account`, { headers: bearer(pair.token, 'main') });
    expect(info.json).toMatchObject({ errcode: 0, account: 'main', appid: APP_ID, api_base: pair.sandbox.apiBase, token_id: 'ci', accounts: ['main', 'tech'] });
    await expect(pair.client({ account: 'main' }).getAccessToken()).resolves.toBe('');
  });

  it('rate limit per token: 429 + 45011 past the limit, with Retry-After; other tokens unaffected', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await raw(`${pair.relay.url}/cgi-bin/draft/count`, { headers: bearer(LIMITED) })).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const limited = await raw(`${pair.relay.url}/cgi-bin/draft/count`, { headers: bearer(LIMITED) });
    expect(limited.json).toMatchObject({ errcode: 45011, errmsg: expect.stringContaining('token limited is over its rate limit (3 requests per minute)') });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(20);
    expect((await raw(`${pair.relay.url}/cgi-bin/draft/count`, { headers: bearer(MAIN_ONLY) })).status).toBe(200);
  });

  it('never shows the AppSecret or the access token: an answer that echoes them is scrubbed', async () => {
    // the access token the relay holds (stable_token hands out the same one while it is valid)
    const stable = await raw(`${pair.sandbox.apiBase}/cgi-bin/stable_token`, { method: 'POST', body: JSON.stringify({ grant_type: 'client_credential', appid: APP_ID, secret: SECRET }) });
    const accessToken = String(stable.json?.access_token);
    expect(accessToken.length).toBeGreaterThan(20);
    pair.sandbox.setFaults({ errcode: { errcode: 40097, errmsg: `invalid args secret=${SECRET} token ${accessToken}`, count: 1 } });
    const r = await raw(`${pair.relay.url}/cgi-bin/draft/count`, { headers: bearer(pair.token, 'main') });
    expect(r.json?.errcode).toBe(40097);
    expect(r.text).toContain('invalid args secret=*** token ***');
    expect(r.text).not.toContain(SECRET);
    expect(r.text).not.toContain(accessToken);
    for (const line of pair.lines()) {
      expect(line).not.toContain(SECRET);
      expect(line).not.toContain(accessToken);
      expect(line).not.toContain(pair.token);
      expect(line).not.toContain(LIMITED);
    }
  });

  it('bodies: a declared upload over the cap is refused before anything is forwarded', async () => {
    const small = await startPair({ relay: { maxUploadBytes: 1000, maxBodyBytes: 500 } });
    try {
      const headers = { ...bearer(small.token), 'content-type': 'multipart/form-data; boundary=x' };
      const big = await raw(`${small.relay.url}/cgi-bin/media/uploadimg`, { method: 'POST', headers, body: Buffer.alloc(2000, 1) });
      expect(big.status).toBe(413);
      expect(big.json?.errcode).toBe(RELAY_ERRCODES.tooLarge);
      const json = await raw(`${small.relay.url}/cgi-bin/draft/add`, { method: 'POST', headers: { ...bearer(small.token), 'content-type': 'application/json' }, body: JSON.stringify({ articles: [{ title: 'x'.repeat(600) }] }) });
      expect(json.status).toBe(413);
      expect(small.sandbox.log.filter((e) => e.endpoint !== '/cgi-bin/stable_token')).toEqual([]);
    } finally {
      await small.close();
    }
  });

  it('close() lets a request in flight finish, then refuses new connections', async () => {
    const other = await startPair({ sandbox: { faults: { delayMs: 300, delayCount: 1, endpoints: ['draft/count'] } } });
    try {
      const slow = raw(`${other.relay.url}/cgi-bin/draft/count`, { headers: bearer(other.token) });
      await expect.poll(() => other.sandbox.log.some((e) => e.endpoint === '/cgi-bin/draft/count'), { timeout: 2000 }).toBe(true);
      const closed = other.relay.close();
      expect((await slow).status).toBe(200);
      await closed;
      await expect(raw(`${other.relay.url}/healthz`)).rejects.toThrow();
    } finally {
      await other.close();
    }
  });
});
