/** What the relay serves (accounts, client tokens) and how a client finds it (GZH_RELAY): parsing and its errors. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRelayToken, hashToken, isForwarded, loadRelaySetup, parseListen, parseTokenList, parseTokensFile } from '../../src/relay/index.js';
import { findClientToken } from '../../src/relay/client-tokens.js';
import { RateLimiter } from '../../src/relay/rate-limit.js';
import { relayFromEnv } from '../../src/wechat/relay-mode.js';

const T1 = 'a'.repeat(31) + '1';
const T2 = 'b'.repeat(31) + '2';
let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'gzh-relay-setup-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe('client tokens', () => {
  it('GZH_RELAY_TOKENS: TOKEN, ID:TOKEN, ID:TOKEN:ACCOUNTS; only hashes are kept', () => {
    const tokens = parseTokenList(` ${T1} , ci:${T2}:main+tech, any:${'c'.repeat(40)}:*`);
    expect(tokens.map((t) => [t.id, t.accounts])).toEqual([
      [`token-${hashToken(T1).toString('hex').slice(0, 8)}`, '*'],
      ['ci', ['main', 'tech']],
      ['any', '*'],
    ]);
    expect(JSON.stringify(tokens)).not.toContain(T1);
    expect(findClientToken(tokens, T2)?.id).toBe('ci');
    expect(findClientToken(tokens, T2.slice(0, -1))).toBeUndefined();
    expect(findClientToken(tokens, `${T2}x`)).toBeUndefined();
    expect(findClientToken(tokens, '')).toBeUndefined();
  });

  it.each([
    [`ci:short`, /at least 32/],
    [`ci:${T1}:main:extra`, /4 parts/],
    [`c i:${T1}`, /token id `c i`/],
    [`ci:${T1.slice(0, 31)}é`, /only letters, digits/],
  ])('GZH_RELAY_TOKENS=%s is refused', (text, message) => {
    expect(() => parseTokenList(text)).toThrow(message);
  });

  it('a tokens file: token, tokenEnv or sha256, per-token accounts and rate', () => {
    const yaml = `tokens:\n  - { id: ci, sha256: ${hashToken(T1).toString('hex')}, accounts: [main] }\n  - { id: laptop, tokenEnv: LAPTOP_TOKEN, perMinute: 5 }\n  - { id: json, token: ${T2} }\n`;
    const tokens = parseTokensFile(yaml, 'tokens.yaml', { LAPTOP_TOKEN: 'd'.repeat(32) });
    expect(tokens.map((t) => [t.id, t.accounts, t.perMinute])).toEqual([
      ['ci', ['main'], undefined],
      ['laptop', '*', 5],
      ['json', '*', undefined],
    ]);
    expect(findClientToken(tokens, T1)?.id).toBe('ci');
    expect(findClientToken(tokens, 'd'.repeat(32))?.id).toBe('laptop');
    expect(() => parseTokensFile('tokens:\n  - { id: x, token: a, sha256: b }\n', 'f.yaml')).toThrow(/exactly one of/);
    expect(() => parseTokensFile('tokens:\n  - { id: x, tokenEnv: NOPE }\n', 'f.yaml', {})).toThrow(/NOPE is not set/);
    expect(() => parseTokensFile('tokens:\n  - { id: x, sha256: abc }\n', 'f.yaml')).toThrow(/64 hex digits/);
    expect(() => parseTokensFile(`tokens:\n  - { id: x, token: ${T1}, acounts: [main] }\n`, 'f.yaml')).toThrow(/unknown key `acounts`/);
    expect(() => parseTokensFile('nothing: here\n', 'f.yaml')).toThrow(/expected a `tokens:` list/);
  });

  it('generated tokens are long enough and distinct', () => {
    const a = generateRelayToken();
    expect(a.length).toBeGreaterThanOrEqual(32);
    expect(parseTokenList(`x:${a}`)).toHaveLength(1);
    expect(generateRelayToken()).not.toBe(a);
  });
});

describe('loadRelaySetup', () => {
  it('one account `default` from WECHAT_APP_ID/SECRET; named accounts from WECHAT_APP_ID_<NAME>', async () => {
    const one = await loadRelaySetup({ env: { WECHAT_APP_ID: 'wx1', WECHAT_APP_SECRET: 's1', GZH_RELAY_TOKENS: `ci:${T1}` } });
    expect(one.accounts).toEqual({ default: { appId: 'wx1', appSecret: 's1' } });
    const env = { GZH_RELAY_ACCOUNTS: 'main, tech-news', WECHAT_APP_ID_MAIN: 'wxm', WECHAT_APP_SECRET_MAIN: 'sm', WECHAT_APP_ID_TECH_NEWS: 'wxt', WECHAT_APP_SECRET_TECH_NEWS: 'st', GZH_RELAY_TOKENS: `ci:${T1}:main+tech-news` };
    const two = await loadRelaySetup({ env });
    expect(Object.keys(two.accounts)).toEqual(['main', 'tech-news']);
    expect(two.accounts['tech-news']).toEqual({ appId: 'wxt', appSecret: 'st' });
    // the flag wins over the variable
    const flag = await loadRelaySetup({ env: { ...env, GZH_RELAY_TOKENS: `ci:${T1}` }, accounts: ['main'] });
    expect(Object.keys(flag.accounts)).toEqual(['main']);
  });

  it('refuses a relay anyone could use, missing credentials, unknown accounts, shared tokens', async () => {
    const creds = { WECHAT_APP_ID: 'wx1', WECHAT_APP_SECRET: 's1' };
    await expect(loadRelaySetup({ env: creds })).rejects.toThrow(/no client tokens/);
    await expect(loadRelaySetup({ env: { ...creds, GZH_RELAY_TOKENS: '' } })).rejects.toThrow(/no client tokens/);
    await expect(loadRelaySetup({ env: { WECHAT_APP_ID: 'wx1', WECHAT_APP_SECRET: ' ', GZH_RELAY_TOKENS: `ci:${T1}` } })).rejects.toThrow(/WECHAT_APP_SECRET not set/);
    await expect(loadRelaySetup({ env: { ...creds, GZH_RELAY_TOKENS: `ci:${T1}:main` } })).rejects.toThrow(/unknown account main/);
    await expect(loadRelaySetup({ env: { ...creds, GZH_RELAY_TOKENS: `a:${T1},b:${T1}` } })).rejects.toThrow(/same token/);
    await expect(loadRelaySetup({ env: { ...creds, GZH_RELAY_TOKENS: `a:${T1},a:${T2}` } })).rejects.toThrow(/used twice/);
    await expect(loadRelaySetup({ env: { ...creds, GZH_RELAY_TOKENS: `a:${T1}` }, accounts: ['Main'] })).rejects.toThrow(/lower-case/);
  });

  it('adds a tokens file (flag or GZH_RELAY_TOKENS_FILE) to GZH_RELAY_TOKENS', async () => {
    const file = path.join(tmp, 'tokens.yaml');
    await writeFile(file, `tokens:\n  - id: laptop\n    token: ${T2}\n`);
    const env = { WECHAT_APP_ID: 'wx1', WECHAT_APP_SECRET: 's1', GZH_RELAY_TOKENS: `ci:${T1}` };
    expect((await loadRelaySetup({ env, tokensFile: file })).tokens.map((t) => t.id)).toEqual(['ci', 'laptop']);
    expect((await loadRelaySetup({ env: { ...env, GZH_RELAY_TOKENS_FILE: file } })).tokens.map((t) => t.id)).toEqual(['ci', 'laptop']);
    await expect(loadRelaySetup({ env, tokensFile: path.join(tmp, 'missing.yaml') })).rejects.toThrow(/Cannot read the tokens file .*ENOENT/);
  });
});

describe('allow-list, listen address, rate limit', () => {
  it.each([
    ['media/uploadimg', true],
    ['material/add_material', true],
    ['draft/add', true],
    ['freepublish/submit', true],
    ['message/mass/sendall', true],
    ['datacube/getarticlesummary', true],
    ['get_api_domain_ip', true],
    ['token', false],
    ['stable_token', false],
    ['clear_quota', false],
    ['media/upload', false],
    ['message/custom/send', false],
    ['draft/add/x', false],
    ['draft/', false],
    ['draft/./add', false],
    ['material', false],
  ])('%s forwarded: %s', (endpoint, forwarded) => {
    expect(isForwarded(endpoint)).toBe(forwarded);
  });

  it('parses listen addresses', () => {
    expect(parseListen('0.0.0.0:8443')).toEqual({ host: '0.0.0.0', port: 8443 });
    expect(parseListen('[::]:443')).toEqual({ host: '::', port: 443 });
    expect(parseListen('8443')).toEqual({ host: '127.0.0.1', port: 8443 });
    expect(parseListen(':0')).toEqual({ host: '127.0.0.1', port: 0 });
    expect(() => parseListen('0.0.0.0:99999')).toThrow(/0-65535/);
    expect(() => parseListen('relay.example.com')).toThrow(/HOST:PORT/);
  });

  it('a token bucket of perMinute requests, refilled continuously', () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    const taken = Array.from({ length: 4 }, () => limiter.take('a', 3));
    expect(taken.slice(0, 3)).toEqual([undefined, undefined, undefined]);
    expect(taken[3]).toBe(20_000); // one request per 20 s at 3/min
    expect(limiter.take('b', 3)).toBeUndefined();
    now = 20_000;
    expect(limiter.take('a', 3)).toBeUndefined();
    expect(limiter.take('a', 3)).toBe(20_000);
    expect(limiter.take('a', 0)).toBeUndefined();
  });
});

describe('GZH_RELAY on the client', () => {
  it('empty values are unset; a relay needs its token; https unless loopback', () => {
    expect(relayFromEnv({})).toBeUndefined();
    expect(relayFromEnv({ GZH_RELAY: '', GZH_RELAY_TOKEN: 'x' })).toBeUndefined();
    expect(relayFromEnv({ GZH_RELAY: '  ' })).toBeUndefined();
    expect(relayFromEnv({ GZH_RELAY: 'https://relay.example.com/', GZH_RELAY_TOKEN: ' tok ', GZH_RELAY_ACCOUNT: '' })).toEqual({ url: 'https://relay.example.com', token: 'tok' });
    expect(relayFromEnv({ GZH_RELAY: 'http://127.0.0.1:8443', GZH_RELAY_TOKEN: 't', GZH_RELAY_ACCOUNT: 'tech' })).toEqual({ url: 'http://127.0.0.1:8443', token: 't', account: 'tech' });
    expect(() => relayFromEnv({ GZH_RELAY: 'https://relay.example.com', GZH_RELAY_TOKEN: '' })).toThrow(/GZH_RELAY_TOKEN is not/);
    expect(() => relayFromEnv({ GZH_RELAY: 'http://relay.example.com', GZH_RELAY_TOKEN: 't' })).toThrow(/must be https/);
    expect(() => relayFromEnv({ GZH_RELAY: 'relay.example.com', GZH_RELAY_TOKEN: 't' })).toThrow(/not a URL/);
  });
});
