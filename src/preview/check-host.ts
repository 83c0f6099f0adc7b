/**
 * DNS rebinding guard: a page on evil.example whose name re-resolves to 127.0.0.1 reaches this server with
 * `Host: evil.example`. Only loopback names are answered.
 */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d*$/, '');
  return LOOPBACK_HOSTS.has(name.toLowerCase());
}

/** Browsers send Origin on POST; a page from another origin must not drive the preview. */
export function isLoopbackOrigin(origin: string | undefined): boolean {
  if (origin === undefined) return true;
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' && isLoopbackHost(url.host);
  } catch {
    return false;
  }
}
