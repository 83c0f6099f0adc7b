/**
 * `gzh relay` as a command (in process, real HTTP on 127.0.0.1), over TLS, the doctor's relay check, and the
 * deploy files: docker can't run here, so their command lines are checked against the command's own options.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveRelayCommand, run } from '../../src/cli/commands/relay.js';
import { createProgram } from '../../src/cli/program.js';
import { checkRelay, hashToken, parseTokenList, parseTokensFile } from '../../src/relay/index.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { createWechatClient } from '../../src/wechat/index.js';
import { captureContext } from '../helpers/cli.js';
import { REPO } from '../publish/helpers.js';
import { APP_ID, SECRET, startPair } from './helpers.js';

const TOKEN = 'ci-token-for-the-command-test-0123456789';
let tmp: string;
let sandbox: Sandbox;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'gzh-relay-cmd-'));
  sandbox = await startSandbox({ appId: APP_ID, appSecret: SECRET });
});
afterAll(async () => {
  await sandbox.close();
  await rm(tmp, { recursive: true, force: true });
});

const relayEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ WECHAT_APP_ID: APP_ID, WECHAT_APP_SECRET: SECRET, WECHAT_API_BASE: sandbox.apiBase, GZH_RELAY_TOKENS: `ci:${TOKEN}`, ...extra });

/** Start `gzh relay` in process; resolves once it prints its address. */
async function startCommand(options: Record<string, unknown>, env: NodeJS.ProcessEnv) {
  const controller = new AbortController();
  const c = captureContext(tmp, env, controller.signal);
  const done = run([], { listen: '127.0.0.1:0', ...options }, c.ctx);
  let url = '';
  await expect.poll(() => (url = /listening on (https?:\/\/127\.0\.0\.1:\d+)/.exec(c.out())?.[1] ?? ''), { timeout: 5000 }).not.toBe('');
  // the start-up token check is printed after the address: wait for it too
  await expect.poll(() => /access token|refuses|no access token/.test(c.out() + c.err()), { timeout: 5000 }).toBe(true);
  return { url, out: c.out, err: c.err, stop: async () => (controller.abort(), done) };
}

describe('gzh relay (command)', () => {
  it('serves until the signal, prints what it serves but no secret or token, logs each request on stderr', async () => {
    const relay = await startCommand({ rateLimit: 100 }, relayEnv());
    const client = createWechatClient({ appId: '', appSecret: '', relay: { url: relay.url, token: TOKEN }, tokenCacheDir: false, env: {} });
    await expect(client.countDrafts()).resolves.toMatchObject({ total_count: expect.any(Number) });
    await client.close();
    expect(await relay.stop()).toBe(0);
    const out = relay.out();
    expect(out).toContain(`→ ${sandbox.apiBase}`);
    expect(out).toMatch(/accounts: +default \(wxrelaytest00000001, from WECHAT_APP_ID\)/);
    expect(out).toMatch(/tokens: +ci → all accounts/);
    expect(out).toContain('100 requests per minute per token');
    expect(out).toContain('✓ default: WeChat issued an access token');
    expect(relay.err()).toMatch(/^time=\S+ token=ci account=default method=GET endpoint=draft\/count status=200 errcode=0 ms=\d+$/m);
    expect(relay.err()).toContain('relay stopped');
    for (const text of [out, relay.err()]) for (const secret of [SECRET, TOKEN]) expect(text).not.toContain(secret);
  });

  it('at start-up, a refused IP is printed with the IP to whitelist', async () => {
    sandbox.setFaults({ ipNotWhitelisted: '203.0.113.7' });
    try {
      const relay = await startCommand({}, relayEnv());
      await relay.stop();
      expect(relay.err()).toContain("✗ default: WeChat refuses this server's IP 203.0.113.7 (40164) → whitelist it in 设置与开发 → 基本配置 → IP白名单");
    } finally {
      sandbox.setFaults({ ipNotWhitelisted: null });
    }
  });

  it('--new-token prints a token the relay accepts, and its sha256', async () => {
    const c = captureContext(tmp, {});
    expect(await run([], { newToken: true }, c.ctx)).toBe(0);
    const token = c.out().trim();
    expect(parseTokenList(`x:${token}`)).toHaveLength(1);
    expect(c.err()).toContain(hashToken(token).toString('hex'));
  });

  it('refuses bad flags and setups before listening', async () => {
    const ctx = { cwd: tmp, env: relayEnv() };
    await expect(resolveRelayCommand({ tlsCert: 'cert.pem' }, ctx)).rejects.toThrow(/--tls-cert and --tls-key go together/);
    await expect(resolveRelayCommand({ listen: 'nowhere' }, ctx)).rejects.toThrow(/HOST:PORT/);
    await expect(resolveRelayCommand({ rateLimit: -1 }, ctx)).rejects.toThrow(/--rate-limit must be a number ≥ 0/);
    await expect(resolveRelayCommand({ timeout: 0 }, ctx)).rejects.toThrow(/--timeout must be a positive number/);
    await expect(resolveRelayCommand({ apiBase: 'api.weixin.qq.com' }, ctx)).rejects.toThrow(/http\(s\) URL/);
    await expect(resolveRelayCommand({}, { cwd: tmp, env: relayEnv({ GZH_RELAY_TOKENS: '' }) })).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('no client tokens') });
    const resolved = await resolveRelayCommand({ maxUpload: 2, timeout: 5, rateLimit: 0 }, ctx);
    expect(resolved.relayOptions).toMatchObject({ maxUploadBytes: 2 * 1024 * 1024 + 64 * 1024, timeoutMs: 5000, perMinute: 0, apiBase: sandbox.apiBase });
  });

  it('--tls-cert/--tls-key: HTTPS, and the token works over it', async () => {
    const key = path.join(tmp, 'key.pem');
    const cert = path.join(tmp, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const relay = await startCommand({ tlsCert: cert, tlsKey: key }, relayEnv());
    const dispatcher = new Agent({ connect: { ca: readFileSync(cert) } });
    try {
      expect(relay.url).toMatch(/^https:/);
      const health = await request(`${relay.url}/healthz`, { dispatcher });
      expect(await health.body.json()).toEqual({ ok: true, service: 'gzh-relay' });
      const count = await request(`${relay.url}/cgi-bin/draft/count`, { dispatcher, headers: { authorization: `Bearer ${TOKEN}` } });
      expect(count.statusCode).toBe(200);
      expect(await count.body.json()).toMatchObject({ total_count: expect.any(Number) });
      // plain HTTP to the TLS port gets nothing useful
      await expect(request(`${relay.url.replace('https:', 'http:')}/healthz`).then((r) => r.statusCode)).rejects.toThrow();
    } finally {
      await dispatcher.close();
      await relay.stop();
    }
  });
});

describe('checkRelay (gzh doctor)', () => {
  it('up, token accepted, WeChat answers: account, app id and upstream for gzh.lock', async () => {
    const pair = await startPair();
    try {
      const r = await checkRelay({ url: pair.relay.url, token: pair.token }, { env: {} });
      expect(r.checks.map((c) => [c.id, c.status])).toEqual([['relay', 'ok'], ['relay-token', 'ok'], ['relay-upstream', 'ok']]);
      expect(r).toMatchObject({ ok: true, account: 'main', appId: APP_ID, apiBase: pair.sandbox.apiBase });
      expect(r.publicIp).toBeUndefined();
    } finally {
      await pair.close();
    }
  });

  it('a wrong token, a wrong URL, nothing listening', async () => {
    const pair = await startPair();
    try {
      const wrong = await checkRelay({ url: pair.relay.url, token: 'w'.repeat(40) }, { env: {} });
      expect(wrong.checks.map((c) => [c.id, c.status])).toEqual([['relay', 'ok'], ['relay-token', 'fail'], ['relay-upstream', 'skip']]);
      expect(wrong.checks[1]!.detail).toBe('the relay does not accept GZH_RELAY_TOKEN');
      // the sandbox is not a relay: it answers /healthz with a web page
      const notRelay = await checkRelay({ url: pair.sandbox.url, token: pair.token }, { env: {} });
      expect(notRelay.checks[0]).toMatchObject({ id: 'relay', status: 'fail', detail: expect.stringContaining('not as a gzh relay (HTTP 404') });
      const port = pair.relay.port;
      await pair.relay.close({ drainMs: 0 });
      const down = await checkRelay({ url: `http://127.0.0.1:${port}`, token: pair.token }, { env: {}, timeoutMs: 2000 });
      expect(down.checks[0]).toMatchObject({ id: 'relay', status: 'fail', detail: `cannot reach the relay http://127.0.0.1:${port} (ECONNREFUSED)` });
      expect(down.ok).toBe(false);
    } finally {
      await pair.close();
    }
  });

  it('WeChat refuses the relay\'s IP: the IP it saw is the one to whitelist', async () => {
    const pair = await startPair({ sandbox: { faults: { ipNotWhitelisted: '198.51.100.23' } } });
    try {
      const r = await checkRelay({ url: pair.relay.url, token: pair.token }, { env: {} });
      expect(r.publicIp).toBe('198.51.100.23');
      expect(r.checks[1]).toMatchObject({ id: 'relay-token', status: 'ok' });
      expect(r.checks[2]).toMatchObject({ id: 'relay-upstream', status: 'fail', detail: "WeChat refuses the relay's IP 198.51.100.23 (40164)", fix: expect.stringContaining('add 198.51.100.23 in 设置与开发 → 基本配置 → IP白名单') });
      // and a publish through it fails with the same code, not with a network error
      const error = await pair.client().getAccessToken().catch((e: unknown) => e);
      expect(error).toMatchObject({ errcode: 40164 });
    } finally {
      await pair.close();
    }
  });
});

describe('deploy files (docker cannot run here: their command lines and references are checked)', () => {
  const dir = path.join(REPO, 'deploy', 'relay');
  const read = (name: string) => readFileSync(path.join(dir, name), 'utf8');
  /** argv after `gzh.js relay`, parsed by the CLI's own program (unknown flags and extra words are errors there). */
  async function parseRelayArgv(argv: string[]): Promise<Record<string, unknown>> {
    let options: Record<string, unknown> | undefined;
    const program = createProgram('test', (name, _paths, opts) => void (options = name === 'relay' ? opts : undefined), { writeOut: () => {}, writeErr: () => {} });
    await program.parseAsync(['relay', ...argv], { from: 'user' });
    return options!;
  }
  /** The example environment file, as systemd/compose would read it. */
  const exampleEnv = () => Object.fromEntries(read('relay.env.example').split('\n').filter((l) => /^[A-Z_]+=/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));

  it('the Dockerfile CMD is a valid gzh relay command line on the port it exposes and health-checks', async () => {
    const dockerfile = read('Dockerfile');
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)![1]!) as string[];
    expect(cmd.slice(0, 3)).toEqual(['node', 'bin/gzh.js', 'relay']);
    const resolved = await resolveRelayCommand(await parseRelayArgv(cmd.slice(3)), { cwd: tmp, env: exampleEnv() });
    expect(resolved.listen).toEqual({ host: '0.0.0.0', port: 8443 });
    expect(dockerfile).toMatch(/^EXPOSE 8443$/m);
    expect(dockerfile).toContain("fetch('http://127.0.0.1:8443/healthz')");
    // what it copies exists, and what it runs is a script of this package
    for (const [, src] of dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) for (const f of src!.split(' ')) expect(existsSync(path.join(REPO, f)), f).toBe(true);
    expect(JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).scripts.build).toBeTruthy();
    for (const [line] of dockerfile.matchAll(/^RUN .*$/gm)) expect(line).not.toContain('--omit=optional');
  });

  it('the example environment is one the relay starts with', async () => {
    const setup = await resolveRelayCommand({}, { cwd: tmp, env: exampleEnv() });
    expect(Object.keys(setup.setup.accounts)).toEqual(['default']);
    expect(setup.setup.tokens.map((t) => t.id)).toEqual(['ci', 'laptop']);
  });

  it('compose builds that Dockerfile from the repo root, with the env file, behind Caddy on the CMD port', () => {
    const compose = read('compose.yaml');
    expect(compose).toContain('context: ../..');
    expect(compose).toContain('dockerfile: deploy/relay/Dockerfile');
    expect(compose).toContain('env_file: relay.env');
    expect(compose).toContain('RELAY_UPSTREAM: relay:8443');
    expect(read('.gitignore')).toMatch(/^relay\.env$/m);
    expect(read('Caddyfile')).toContain('reverse_proxy {$RELAY_UPSTREAM:127.0.0.1:8443}');
  });

  it('the systemd unit runs a valid gzh relay command line on the port the Caddyfile proxies to', async () => {
    const unit = read('gzh-relay.service');
    const exec = /^ExecStart=(.+)$/m.exec(unit)![1]!.split(/\s+/);
    expect(exec[0]).toBe('/usr/bin/node');
    expect(exec[1]).toMatch(/\/bin\/gzh\.js$/);
    expect(exec[2]).toBe('relay');
    const resolved = await resolveRelayCommand(await parseRelayArgv(exec.slice(3)), { cwd: tmp, env: exampleEnv() });
    expect(resolved.listen).toEqual({ host: '127.0.0.1', port: 8443 });
    expect(unit).toContain('EnvironmentFile=/etc/gzh-relay/relay.env');
  });

  it('the tokens example parses', () => {
    const tokens = parseTokensFile(read('tokens.example.yaml'), 'tokens.example.yaml', { GZH_TOKEN_LAPTOP: 'l'.repeat(40) });
    expect(tokens.map((t) => [t.id, t.accounts, t.perMinute])).toEqual([['ci', ['main', 'tech'], undefined], ['laptop', ['main'], 120]]);
  });
});
