/**
 * The relay's access tokens, one per account, through the WeChat client's token provider: fetched on first use
 * (stable_token by default), shared by every client, refreshed before expiry, refetched once when WeChat
 * refuses one (40001/42001; concurrent refusals share that one refetch). Also the scrubber that keeps the
 * secrets and tokens out of everything a client sees.
 */
import { createWechatClient, type WechatClient } from '../wechat/index.js';
import type { RelayAccount, RelayLogEntry } from './types.js';

export class UpstreamTokens {
  private readonly clients = new Map<string, WechatClient>();
  /** AppSecrets and every access token handed out so far (≥ 4 characters: shorter ones would shred answers). */
  private readonly secrets = new Set<string>();

  constructor(
    accounts: Readonly<Record<string, RelayAccount>>,
    options: { apiBase: string; tokenMode: 'stable' | 'classic'; tokenCacheDir: string | false; env: NodeJS.ProcessEnv; log: (entry: RelayLogEntry) => void },
  ) {
    for (const [name, account] of Object.entries(accounts)) {
      this.remember(account.appSecret);
      const client = createWechatClient({
        appId: account.appId,
        appSecret: account.appSecret,
        apiBase: options.apiBase,
        tokenMode: options.tokenMode,
        tokenCacheDir: options.tokenCacheDir,
        env: options.env,
        // token fetches are idempotent: the client's retries apply to them (never to forwarded calls)
        retry: { retries: 2, baseDelayMs: 300, maxDelayMs: 2000, minuteQuotaWaitMs: 2000 },
        log: (e) => {
          if (e.type === 'token') options.log({ type: 'token', time: new Date().toISOString(), account: name, source: e.source });
        },
      });
      this.clients.set(name, client);
    }
  }

  private remember(secret: string): void {
    if (secret.length >= 4) this.secrets.add(secret);
  }

  /** The current access token of `account` (fetched when needed). Throws the client's WechatApiError/WechatNetworkError. */
  async get(account: string): Promise<string> {
    const token = await this.client(account).getAccessToken();
    this.remember(token);
    return token;
  }

  /** WeChat refused `rejected`: a fresh token, shared with concurrent refusals of the same one. */
  async refresh(account: string, rejected: string): Promise<string> {
    const token = await this.client(account).refreshAccessToken(rejected);
    this.remember(token);
    return token;
  }

  /** `text` with every known secret and token replaced by `***`. */
  scrub(text: string): string {
    let out = text;
    for (const s of this.secrets) if (out.includes(s)) out = out.split(s).join('***');
    return out;
  }

  private client(account: string): WechatClient {
    const c = this.clients.get(account);
    if (!c) throw new Error(`no relay account \`${account}\``);
    return c;
  }

  async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map((c) => c.close()));
  }
}
