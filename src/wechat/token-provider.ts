/**
 * Access tokens: memory → private cache file → fetch (stable_token by default, /token optionally).
 * Concurrent callers share one fetch. Tokens are refreshed before they expire.
 */
import type { TokenFileCache } from './token-cache.js';
import type { ClientLogEvent } from './types.js';

export interface TokenAnswer {
  access_token: string;
  expires_in: number;
}

export interface TokenProviderDeps {
  mode: 'stable' | 'classic';
  /** Calls the token endpoint (with retries). `force` = stable_token force_refresh. */
  fetchToken(force: boolean): Promise<TokenAnswer>;
  fileCache?: TokenFileCache;
  log(event: ClientLogEvent): void;
  /** Register a token for redaction. */
  onToken(token: string): void;
}

/** Refresh 5 minutes before expiry (or at half-life for short-lived tokens). */
export function refreshAtFor(expiresInSeconds: number, fetchedAt = Date.now()): number {
  const lifetime = Math.max(0, expiresInSeconds) * 1000;
  return fetchedAt + lifetime - Math.min(300_000, lifetime / 2);
}

export class TokenProvider {
  private current?: { token: string; refreshAt: number };
  private inflight?: Promise<string>;

  constructor(private readonly deps: TokenProviderDeps) {}

  async get(): Promise<string> {
    if (this.current && this.current.refreshAt > Date.now()) return this.current.token;
    return (this.inflight ??= this.load().finally(() => (this.inflight = undefined)));
  }

  /**
   * A call was refused with 40001/42001 using `rejected`: get a fresh token. If another caller already replaced it,
   * use that one. A stable_token that comes back unchanged is force-refreshed.
   */
  async refresh(rejected: string): Promise<string> {
    if (this.inflight) {
      const token = await this.inflight.catch(() => undefined);
      if (token && token !== rejected) return token;
    }
    if (this.current && this.current.token !== rejected && this.current.refreshAt > Date.now()) return this.current.token;
    this.current = undefined;
    // `inflight` is set before the first await: a get() meanwhile must wait for this fetch, not read the
    // cache file that still holds the refused token (and hand it back to this refresh)
    return (this.inflight ??= this.refetch(rejected).finally(() => (this.inflight = undefined)));
  }

  private async refetch(rejected: string): Promise<string> {
    await this.deps.fileCache?.clear().catch(() => {});
    const token = await this.fetch(false);
    return token === rejected && this.deps.mode === 'stable' ? this.fetch(true) : token;
  }

  private async load(): Promise<string> {
    const cached = await this.deps.fileCache?.read();
    if (cached && cached.refreshAt > Date.now()) {
      this.deps.onToken(cached.token);
      this.current = cached;
      this.deps.log({ type: 'token', source: 'file', mode: this.deps.mode });
      return cached.token;
    }
    return this.fetch(false);
  }

  private async fetch(force: boolean): Promise<string> {
    const answer = await this.deps.fetchToken(force);
    this.deps.onToken(answer.access_token);
    this.current = { token: answer.access_token, refreshAt: refreshAtFor(answer.expires_in) };
    this.deps.log({ type: 'token', source: 'fetch', mode: this.deps.mode });
    // A cache that cannot be written only costs a token fetch next run.
    await this.deps.fileCache?.write(this.current).catch(() => {});
    return answer.access_token;
  }
}
