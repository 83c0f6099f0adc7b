/**
 * The endpoints the relay forwards: what gzh calls, nothing that hands out tokens (token, stable_token),
 * resets quotas (clear_quota) or touches users, menus or payments.
 */

/** Paths after /cgi-bin/; a trailing `/*` matches one more path segment. */
export const FORWARDED_ENDPOINTS: readonly string[] = [
  'media/uploadimg',
  'material/*',
  'draft/*',
  'freepublish/*',
  'message/mass/*',
  'tags/get',
  'datacube/*',
  'get_api_domain_ip',
  'openapi/quota/get',
];

/** A WeChat-style endpoint name: segments of letters, digits and `_` (no dots, no encoded slashes, no empties). */
const ENDPOINT = /^[A-Za-z0-9_]+(?:\/[A-Za-z0-9_]+){0,3}$/;

export function isWellFormedEndpoint(endpoint: string): boolean {
  return ENDPOINT.test(endpoint);
}

export function isForwarded(endpoint: string): boolean {
  if (!isWellFormedEndpoint(endpoint)) return false;
  return FORWARDED_ENDPOINTS.some((pattern) => {
    if (!pattern.endsWith('/*')) return endpoint === pattern;
    const prefix = pattern.slice(0, -1);
    return endpoint.startsWith(prefix) && !endpoint.slice(prefix.length).includes('/');
  });
}
