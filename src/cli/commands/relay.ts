/**
 * `gzh relay --listen ADDR`: run the fixed-IP forwarder until Ctrl-C/SIGTERM. Credentials and client tokens
 * come from the environment (or a tokens file); nothing secret is printed. One log line per request on stderr.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  DEFAULT_LISTEN,
  DEFAULT_PER_MINUTE,
  GzhError,
  UsageError,
  accountEnvNames,
  formatRelayLog,
  generateRelayToken,
  hashRelayToken,
  loadRelaySetup,
  parseListen,
  startRelay,
  type Relay,
  type RelayOptions,
  type RelaySetup,
} from '../../index.js';
import type { CommandContext } from '../context.js';

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined);

function positive(value: unknown, flag: string, fallback: number, { allowZero = false } = {}): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || (!allowZero && n === 0)) throw new UsageError(`${flag} must be a ${allowZero ? 'number ≥ 0' : 'positive number'}, got \`${String(value)}\``);
  return n;
}

function readPem(file: string, flag: string, cwd: string): Buffer {
  try {
    return readFileSync(path.resolve(cwd, file));
  } catch (error) {
    throw new UsageError(`${flag} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function describeSetup(setup: RelaySetup, perMinute: number): string[] {
  const accounts = Object.entries(setup.accounts).map(([name, a]) => {
    const { appIdEnv } = accountEnvNames(name);
    return `${name} (${a.appId}, from ${appIdEnv})`;
  });
  const tokens = setup.tokens.map((t) => `${t.id} → ${t.accounts === '*' ? 'all accounts' : t.accounts.join('+')}${t.perMinute !== undefined ? `, ${t.perMinute || 'unlimited'}/min` : ''}`);
  return [`  accounts:  ${accounts.join(', ')}`, `  tokens:    ${tokens.join('; ')}`, `  limit:     ${perMinute ? `${perMinute} requests per minute per token` : 'none'}`];
}

/** Everything `gzh relay` would start with, checked (bad flags, missing credentials or tokens throw), without listening. */
export async function resolveRelayCommand(options: Record<string, unknown>, ctx: Pick<CommandContext, 'cwd' | 'env'>) {
  const { env } = ctx;
  const listen = parseListen(text(options.listen) ?? DEFAULT_LISTEN);
  const apiBase = text(options.apiBase) ?? (env.WECHAT_API_BASE?.trim() || undefined);
  if (apiBase && !/^https?:\/\//.test(apiBase)) throw new UsageError(`--api-base must be an http(s) URL, got \`${apiBase}\``);
  const perMinute = positive(options.rateLimit, '--rate-limit', DEFAULT_PER_MINUTE, { allowZero: true });
  const maxUploadBytes = Math.round(positive(options.maxUpload, '--max-upload', 10) * 1024 * 1024) + 64 * 1024;
  const timeoutMs = Math.round(positive(options.timeout, '--timeout', 30) * 1000);
  const certFile = text(options.tlsCert);
  const keyFile = text(options.tlsKey);
  if (Boolean(certFile) !== Boolean(keyFile)) throw new UsageError('--tls-cert and --tls-key go together');
  const tls = certFile && keyFile ? { cert: readPem(certFile, '--tls-cert', ctx.cwd), key: readPem(keyFile, '--tls-key', ctx.cwd) } : undefined;
  const accountList = text(options.accounts)?.split(',').map((s) => s.trim()).filter(Boolean);
  const tokensFile = text(options.tokensFile);
  const setup = await loadRelaySetup({ env, ...(accountList ? { accounts: accountList } : {}), ...(tokensFile ? { tokensFile: path.resolve(ctx.cwd, tokensFile) } : {}) });

  const relayOptions: RelayOptions = { listen, apiBase, accounts: setup.accounts, tokens: setup.tokens, tls, perMinute, maxUploadBytes, timeoutMs, env };
  return { setup, relayOptions, listen, tls, apiBase, perMinute };
}

export async function run(_args: string[], options: Record<string, unknown>, ctx: CommandContext): Promise<number> {
  const { output } = ctx;
  const c = output.colors;
  if (options.newToken) {
    const token = generateRelayToken();
    output.out(token);
    output.err(c.dim(`sha256 (for a tokens file): ${hashRelayToken(token).toString('hex')}`));
    output.err(c.dim('give it to one client as GZH_RELAY_TOKEN; on the relay: GZH_RELAY_TOKENS=<id>:<token>[:account+account]'));
    return 0;
  }

  const { setup, relayOptions, listen, tls, apiBase, perMinute } = await resolveRelayCommand(options, ctx);

  let relay: Relay;
  try {
    relay = await startRelay({ ...relayOptions, log: (entry) => output.err(formatRelayLog(entry)) });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new GzhError('relay/port-in-use', `${listen.host}:${listen.port} is already in use`, { exitCode: 2, hint: 'pick another --listen port, or stop the process using it' });
    if (code === 'EACCES') throw new GzhError('relay/port-denied', `Not allowed to listen on ${listen.host}:${listen.port}`, { exitCode: 2, hint: 'use a port above 1024 (and a reverse proxy on 443)' });
    if (code === 'EADDRNOTAVAIL') throw new GzhError('relay/bad-address', `${listen.host} is not an address of this machine`, { exitCode: 2, hint: 'use 0.0.0.0 (every interface) or 127.0.0.1 (behind a reverse proxy)' });
    throw error;
  }

  output.out(`${c.green('✓')} gzh relay listening on ${c.bold(`${tls ? 'https' : 'http'}://${listen.host.includes(':') ? `[${listen.host}]` : listen.host}:${relay.port}`)} → ${apiBase ?? 'https://api.weixin.qq.com'}`);
  for (const line of describeSetup(setup, perMinute)) output.out(line);
  output.out(`  health:    ${relay.url}/healthz`);
  if (!tls && listen.host !== '127.0.0.1' && listen.host !== 'localhost') output.err(`${c.yellow('!')} plain HTTP on ${listen.host}: put TLS in front (Caddy) or pass --tls-cert/--tls-key; client tokens travel with every request`);
  // the access tokens now, so a refused IP shows up at start-up (with the IP to whitelist), not at the first publish
  for (const check of await relay.checkUpstream()) {
    if (check.ok) output.out(`${c.green('✓')} ${check.account}: WeChat issued an access token`);
    else if (check.ip) output.err(`${c.red('✗')} ${check.account}: WeChat refuses this server's IP ${c.bold(check.ip)} (40164) → whitelist it in 设置与开发 → 基本配置 → IP白名单`);
    else output.err(`${c.red('✗')} ${check.account}: no access token yet: ${check.detail ?? 'unknown error'}`);
  }

  await new Promise<void>((resolve) => {
    if (ctx.signal.aborted) resolve();
    else ctx.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  output.err('relay stopping: finishing the requests in flight');
  await relay.close();
  output.err('relay stopped');
  return 0;
}
