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

/**
 * The `Host` values a server listening on `listenHost:port` answers to: that address, and when it is a
 * loopback address, the other names of this machine's loopback too. Anything else is another site's name
 * pointed at us (DNS rebinding) or a request meant for another server.
 */
export function ownHosts(listenHost: string, port: number): ReadonlySet<string> {
  const bracket = (name: string) => (name.includes(':') && !name.startsWith('[') ? `[${name}]` : name);
  const names = new Set([bracket(listenHost.toLowerCase())]);
  if (LOOPBACK_HOSTS.has(bracket(listenHost.toLowerCase()))) for (const name of LOOPBACK_HOSTS) names.add(name);
  const hosts = new Set<string>();
  for (const name of names) {
    hosts.add(`${name}:${port}`);
    if (port === 80) hosts.add(name);
  }
  return hosts;
}

export function isOwnHost(host: string | undefined, own: ReadonlySet<string>): boolean {
  return host !== undefined && own.has(host.toLowerCase());
}

/** No Origin (curl, undici, a same-origin GET) is ours; `null` (a sandboxed frame, a file: page) is not. */
export function isOwnOrigin(origin: string | undefined, own: ReadonlySet<string>): boolean {
  if (origin === undefined) return true;
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' && own.has(url.host);
  } catch {
    return false;
  }
}
