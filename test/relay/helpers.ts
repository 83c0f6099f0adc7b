/** A sandbox with a relay in front of it, over real HTTP on 127.0.0.1, with the relay's log captured. */
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
