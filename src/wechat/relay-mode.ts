/**
 * Relay mode of the client: every call goes to a `gzh relay`, which holds the AppSecret and the access token.
 * The client sends its relay token (and the account it wants) as headers on every request, through a wrapped
 * dispatcher, so `callApi` keeps one code path for both modes.
 */
import type { Dispatcher } from 'undici';
import { UsageError } from '../errors.js';

export interface RelayTarget {
  /** Base URL of the relay, e.g. `https://relay.example.com` (its API is under /cgi-bin/ like WeChat's). */
  url: string;
  /** The client token the relay was given for this client (GZH_RELAY_TOKEN). Never printed. */
  token: string;
  /** Which of the relay's accounts to use; optional when the token may use only one. */
  account?: string;
}

export const RELAY_ACCOUNT_HEADER = 'x-gzh-account';
/** The relay's own endpoint (not forwarded): checks the token and the account, and that the relay has an access token. */
export const RELAY_ACCOUNT_ENDPOINT = 'gzh_relay/account';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Validate a relay target; `source` names where it came from for the error message. */
export function checkRelayTarget(target: RelayTarget, source = 'the relay URL'): RelayTarget {
  let url: URL;
  try {
    url = new URL(target.url);
  } catch {
    throw new UsageError(`${source} is not a URL: \`${target.url}\``, { hint: 'e.g. GZH_RELAY=https://relay.example.com' });
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw new UsageError(`${source} must be https:// (the client token travels with every request), got \`${target.url}\``, {
      hint: 'put the relay behind TLS (Caddy, or gzh relay --tls-cert/--tls-key); plain http:// is accepted for 127.0.0.1 only',
    });
  }
  if (!target.token) throw new UsageError('The relay token is empty', { hint: 'set GZH_RELAY_TOKEN to a token listed in the relay\'s GZH_RELAY_TOKENS' });
  return { ...target, url: target.url.replace(/\/+$/, '') };
}

/**
 * The relay configured in the environment: GZH_RELAY (URL), GZH_RELAY_TOKEN, optional GZH_RELAY_ACCOUNT.
 * Empty values count as unset (`GZH_RELAY=""` means no relay).
 */
export function relayFromEnv(env: NodeJS.ProcessEnv = process.env): RelayTarget | undefined {
  const url = env.GZH_RELAY?.trim();
  if (!url) return undefined;
  const token = env.GZH_RELAY_TOKEN?.trim();
  if (!token) {
    throw new UsageError('GZH_RELAY is set but GZH_RELAY_TOKEN is not', { hint: 'set GZH_RELAY_TOKEN to the client token the relay gave you (in CI: a repository secret)' });
  }
  const account = env.GZH_RELAY_ACCOUNT?.trim();
  return checkRelayTarget({ url, token, ...(account ? { account } : {}) }, 'GZH_RELAY');
}

/** `dispatcher`, adding the relay token and account to every request. */
export function withRelayHeaders(dispatcher: Dispatcher, target: RelayTarget): Dispatcher {
  const extra: Record<string, string> = { authorization: `Bearer ${target.token}`, ...(target.account ? { [RELAY_ACCOUNT_HEADER]: target.account } : {}) };
  return dispatcher.compose((dispatch) => (opts, handler) => dispatch({ ...opts, headers: addHeaders(opts.headers, extra) }, handler));
}

function addHeaders(headers: Dispatcher.DispatchOptions['headers'], extra: Record<string, string>): Dispatcher.DispatchOptions['headers'] {
  if (!headers) return extra;
  if (Array.isArray(headers)) return [...headers, ...Object.entries(extra).flat()];
  if (typeof (headers as Iterable<unknown>)[Symbol.iterator] === 'function') return [...(headers as Iterable<[string, string]>), ...Object.entries(extra)] as never;
  return { ...(headers as Record<string, string>), ...extra };
}
