/**
 * Where API calls go: `--api-base`, env WECHAT_API_BASE, config `wechat.apiBase`, else WeChat itself. An empty
 * value counts as unset (a CI secret that is not set arrives as ""). A base may carry credentials for a relay
 * (`https://user:pass@relay/...`): they are used for requests, never stored or printed.
 */
import { UsageError } from '../errors.js';

export const DEFAULT_API_BASE = 'https://api.weixin.qq.com';

/** The first non-empty of the candidates (in order of precedence), checked and without a trailing slash. */
export function resolveApiBase(...candidates: (string | undefined)[]): string {
  const chosen = candidates.map((c) => c?.trim()).find((c) => c) ?? DEFAULT_API_BASE;
  let url: URL;
  try {
    url = new URL(chosen);
  } catch {
    throw new UsageError(`The API base \`${stripCredentials(chosen)}\` is not a URL`, { hint: 'Use an http(s) URL such as https://relay.example.com (from --api-base, WECHAT_API_BASE or wechat.apiBase)' });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`The API base must be an http(s) URL, got \`${url.protocol}\``);
  return chosen.replace(/\/+$/, '');
}

/** The base as it may be shown and stored: no user:password, no query (relays take tokens there), no fragment. */
export function stripCredentials(base: string): string {
  try {
    const url = new URL(base);
    url.username = '';
    url.password = '';
    url.search = '';
    url.hash = '';
    return url.href.replace(/\/+$/, '');
  } catch {
    return base.replace(/\/\/[^/@]*@/, '//').replace(/[?#].*$/, '');
  }
}
