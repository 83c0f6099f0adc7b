/** `--listen` values: `0.0.0.0:8443`, `[::]:8443`, `127.0.0.1:8443`; a bare `8443` or `:8443` listens on 127.0.0.1 (safe default). */
import { UsageError } from '../errors.js';

export const DEFAULT_LISTEN = '127.0.0.1:8443';

export function parseListen(value: string | { host?: string; port: number }): { host: string; port: number } {
  if (typeof value !== 'string') return { host: value.host ?? '127.0.0.1', port: checkPort(value.port, String(value.port)) };
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]*)):(\d+)$/.exec(value.trim()) ?? /^()()(\d+)$/.exec(value.trim());
  if (!m) throw new UsageError(`--listen must be HOST:PORT (e.g. 0.0.0.0:8443 or 127.0.0.1:8443), got \`${value}\``);
  const host = m[1] || m[2] || '127.0.0.1';
  return { host, port: checkPort(Number(m[3]), m[3]!) };
}

function checkPort(port: number, text: string): number {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--listen port must be 0-65535, got \`${text}\``);
  return port;
}

/** A URL to reach a server listening on host:port from this machine. */
export function localUrl(protocol: 'http' | 'https', host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
  return `${protocol}://${reachable}:${port}`;
}
