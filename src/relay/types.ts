/** Shapes of `gzh relay`: its options, client tokens, accounts and log entries. */

/** One WeChat account the relay serves (credentials resolved from the environment by the caller). */
export interface RelayAccount {
  appId: string;
  appSecret: string;
}

/** A client token: who may call, with which accounts, how often. Only the SHA-256 of the token is kept. */
export interface RelayClientToken {
  /** Shown in logs instead of the token. */
  id: string;
  /** SHA-256 of the token (32 bytes). */
  sha256: Buffer;
  /** Account names this token may use; `'*'` = all. */
  accounts: readonly string[] | '*';
  /** Requests per minute (token bucket of this size, refilled continuously); 0 = unlimited. */
  perMinute?: number;
}

export interface RelayOptions {
  /** `host:port` (`0.0.0.0:8443`, `[::]:8443`, `:8443`) or parts. Port 0 = any free port. */
  listen: string | { host?: string; port: number };
  /** Upstream API base. Default https://api.weixin.qq.com. */
  apiBase?: string;
  /** Accounts by name; a client picks one with the X-Gzh-Account header. */
  accounts: Readonly<Record<string, RelayAccount>>;
  tokens: readonly RelayClientToken[];
  /** PEM certificate chain and key: serve HTTPS (node:https) instead of HTTP. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Default requests per minute per client token (tokens may set their own). Default 600; 0 = unlimited. */
  perMinute?: number;
  /** Largest multipart upload accepted (bytes, whole body). Default 10 MB + 64 KB (WeChat's image material cap). */
  maxUploadBytes?: number;
  /** Largest other request body (JSON). Default 16 MB (8 articles of < 1 MB each, with room for escaping). */
  maxBodyBytes?: number;
  /** Largest answer from WeChat held to read its errcode and scrub it. Default 64 MB. */
  maxResponseBytes?: number;
  /** Timeout of one forwarded request, from the first byte sent to the last byte of the answer. Default 30,000 ms. */
  timeoutMs?: number;
  /** stable_token (default: other machines using the account keep working) or the classic /token. */
  tokenMode?: 'stable' | 'classic';
  /** Where to cache access tokens between runs (encrypted); false = memory only (default). */
  tokenCacheDir?: string | false;
  /** One call per request and per token fetch. */
  log?: (entry: RelayLogEntry) => void;
  /** For proxies (HTTPS_PROXY ...) of the relay's own token requests. Default process.env. */
  env?: NodeJS.ProcessEnv;
}

export type RelayLogEntry =
  /** One client request, once it is answered (or the client went away). */
  | {
      type: 'request';
      /** ISO time the request arrived. */
      time: string;
      /** Client token id, `-` before a token was accepted. */
      token: string;
      account: string;
      method: string;
      /** Path after /cgi-bin/ (or the path for anything else), never the query. */
      endpoint: string;
      /** HTTP status sent; 499 = the client went away first. */
      status: number;
      /** errcode answered (0 = success), null when the answer had none. */
      errcode: number | null;
      ms: number;
      /** Why the relay answered itself (unauthorized, forbidden, rate-limited, upstream-timeout, ...). */
      reason?: string;
    }
  /** The relay got an access token for an account (at first use, before expiry, or after 40001/42001). */
  | { type: 'token'; time: string; account: string; source: 'fetch' | 'file' };

export interface Relay {
  /** http(s)://host:port, with 127.0.0.1 for a wildcard host. */
  url: string;
  host: string;
  port: number;
  /** Get each account's access token now (the CLI does at start-up): what WeChat says, and the IP it refused (40164). */
  checkUpstream(): Promise<{ account: string; appId: string; ok: boolean; errcode?: number; detail?: string; ip?: string }[]>;
  /** Stop accepting, let requests in flight finish (up to `drainMs`, default 10 s), release connections. */
  close(options?: { drainMs?: number }): Promise<void>;
}
