/** A sandbox with a relay in front of it, over real HTTP on 127.0.0.1, with the relay's log captured. */
import http from 'node:http';
import { request } from 'undici';
import { formatRelayLog, generateRelayToken, hashToken, startRelay, type Relay, type RelayClientToken, type RelayLogEntry, type RelayOptions } from '../../src/relay/index.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js';
import { createWechatClient, type WechatClient, type WechatClientOptions } from '../../src/wechat/index.js';

export const APP_ID = 'wxrelaytest00000001';
export const SECRET = 'relay-test-Secret-7Hq2Zk';

export interface Pair {
  sandbox: Sandbox;
  relay: Relay;
  /** The client token of id `ci` (all accounts). */
  token: string;
  entries: RelayLogEntry[];
  /** The log as the CLI prints it. */
  lines(): string[];
  requests(): Extract<RelayLogEntry, { type: 'request' }>[];
  /** A client with no secret, talking to the relay. */
  client(extra?: Partial<WechatClientOptions> & { relayToken?: string; account?: string }): WechatClient;
  close(): Promise<void>;
}

export function clientToken(id: string, token: string, accounts: RelayClientToken['accounts'] = '*', perMinute?: number): RelayClientToken {
  return { id, sha256: hashToken(token), accounts, ...(perMinute !== undefined ? { perMinute } : {}) };
}

export async function startPair(options: { sandbox?: SandboxOptions; relay?: Partial<RelayOptions>; extraTokens?: RelayClientToken[] } = {}): Promise<Pair> {
  const sandbox = await startSandbox({ appId: APP_ID, appSecret: SECRET, ...options.sandbox });
  const token = generateRelayToken();
  const entries: RelayLogEntry[] = [];
  const relay = await startRelay({
    listen: '127.0.0.1:0',
    apiBase: sandbox.apiBase,
    accounts: { main: { appId: APP_ID, appSecret: SECRET } },
    tokens: [clientToken('ci', token), ...(options.extraTokens ?? [])],
    log: (e) => entries.push(e),
    env: {},
    ...options.relay,
  });
  const clients: WechatClient[] = [];
  return {
    sandbox,
    relay,
    token,
    entries,
    lines: () => entries.map(formatRelayLog),
    requests: () => entries.filter((e): e is Extract<RelayLogEntry, { type: 'request' }> => e.type === 'request'),
    client({ relayToken, account, ...extra } = {}) {
      const c = createWechatClient({
        appId: '',
        appSecret: '',
        relay: { url: relay.url, token: relayToken ?? token, ...(account ? { account } : {}) },
        tokenCacheDir: false,
        timeoutMs: 5000,
        retry: { retries: 3, baseDelayMs: 5, maxDelayMs: 20, minuteQuotaWaitMs: 20 },
        env: {},
        ...extra,
      });
      clients.push(c);
      return c;
    },
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await relay.close({ drainMs: 0 });
      await sandbox.close();
    },
  };
}

/** A raw request to the relay: status, headers and body text exactly as a client sees them. */
export async function raw(url: string, init: { method?: 'GET' | 'POST' | 'PUT' | 'DELETE'; headers?: Record<string, string>; body?: string | Buffer } = {}) {
  const res = await request(url, { method: init.method ?? 'GET', headers: init.headers, body: init.body });
  const text = await res.body.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers: res.headers, text, json };
}

/** Stored draft titles, each once per draft. */
export function draftTitles(sandbox: Sandbox): string[] {
  return sandbox.state.drafts.map((d) => d.articles.map((a) => a.title).join(' | '));
}

export interface Recorder {
  url: string;
  /** Every answer's status line, headers and body as the client received them. */
  seen(): string;
  close(): Promise<void>;
}

/** A plain HTTP pass-through in front of `target` that records everything that comes back to the client. */
export async function startRecorder(target: string): Promise<Recorder> {
  const { hostname, port } = new URL(target);
  const chunks: string[] = [];
  const server = http.createServer((req, res) => {
    const up = http.request({ host: hostname, port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      chunks.push(`HTTP ${answer.statusCode}\n${JSON.stringify(answer.headers)}\n`);
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.on('data', (d: Buffer) => chunks.push(d.toString('utf8')));
      answer.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    seen: () => chunks.join(''),
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

/** The access token the sandbox's stable_token currently hands out for the test account (the relay's). */
export async function currentAccessToken(sandbox: Sandbox): Promise<string> {
  const r = await raw(`${sandbox.apiBase}/cgi-bin/stable_token`, { method: 'POST', body: JSON.stringify({ grant_type: 'client_credential', appid: APP_ID, secret: SECRET }) });
  return String(r.json?.access_token);
}
