import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js';
import { createWechatClient, type ClientLogEvent, type WechatClient, type WechatClientOptions } from '../../src/wechat/index.js';

export const SECRET = 'S3cret-0f-the-test-account-xyz';
export const APP_ID = 'wx1234567890abcdef';

export interface Harness {
  sandbox: Sandbox;
  client: WechatClient;
  events: ClientLogEvent[];
  cacheDir: string;
  makeClient(extra?: Partial<WechatClientOptions>): WechatClient;
  endpoints(): string[];
  close(): Promise<void>;
}

/** A sandbox on port 0 and a client pointed at it, with fast retries and a private token cache dir. */
export async function setup(options: SandboxOptions = {}, clientOptions: Partial<WechatClientOptions> = {}): Promise<Harness> {
  const sandbox = await startSandbox({ appId: APP_ID, appSecret: SECRET, ...options });
  const cacheDir = await mkdtemp(path.join(os.tmpdir(), 'gzh-token-'));
  const events: ClientLogEvent[] = [];
  const clients: WechatClient[] = [];
  const makeClient = (extra: Partial<WechatClientOptions> = {}) => {
    const c = createWechatClient({
      appId: APP_ID,
      appSecret: SECRET,
      apiBase: sandbox.apiBase,
      tokenCacheDir: cacheDir,
      timeoutMs: 2000,
      retry: { retries: 4, baseDelayMs: 5, maxDelayMs: 20, minuteQuotaWaitMs: 20 },
      log: (e) => events.push(e),
      env: {},
      ...clientOptions,
      ...extra,
    });
    clients.push(c);
    return c;
  };
  const client = makeClient();
  return {
    sandbox,
    client,
    events,
    cacheDir,
    makeClient,
    endpoints: () => sandbox.log.map((e) => `${e.endpoint.replace('/cgi-bin/', '')} ${e.errcode ?? e.status}`),
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await sandbox.close();
      await rm(cacheDir, { recursive: true, force: true });
    },
  };
}

export function png(width = 60, height = 40, color = '#36c'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: color } }).png().toBuffer();
}

export function jpeg(width = 60, height = 40, color = '#c63'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: color } }).jpeg().toBuffer();
}
