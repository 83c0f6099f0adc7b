/**
 * One HTTP exchange with a timeout, through undici. Proxies from HTTPS_PROXY / HTTP_PROXY / NO_PROXY are honoured
 * (EnvHttpProxyAgent) only when such a variable is set. Failures become `TransportFailure` with a reason and a
 * message that never contains the URL (it carries the token or the secret).
 */
import type { Dispatcher, FormData } from 'undici';
import { undici } from '../native-deps.js';
import type { NetworkFailureReason } from './errors.js';

export interface HttpAnswer {
  status: number;
  text: string;
}

export class TransportFailure extends Error {
  constructor(
    readonly reason: NetworkFailureReason,
    detail: string,
  ) {
    super(detail);
  }
}

const PROXY_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'] as const;

export function createDispatcher(env: NodeJS.ProcessEnv): Dispatcher {
  const httpsProxy = env.HTTPS_PROXY ?? env.https_proxy;
  const httpProxy = env.HTTP_PROXY ?? env.http_proxy;
  if (PROXY_VARS.some((k) => env[k])) {
    return new (undici().EnvHttpProxyAgent)({ httpProxy, httpsProxy, noProxy: env.NO_PROXY ?? env.no_proxy });
  }
  return new (undici().Agent)({ keepAliveTimeout: 4_000, connections: 16 });
}

export async function sendHttp(
  dispatcher: Dispatcher,
  url: string,
  init: { method: 'GET' | 'POST'; body?: string | FormData; headers?: Record<string, string>; timeoutMs: number; signal?: AbortSignal },
): Promise<HttpAnswer> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), init.timeoutMs);
  // Ctrl-C ends the exchange at once (the caller decided this request may be cut off)
  const onInterrupt = () => controller.abort();
  init.signal?.addEventListener('abort', onInterrupt, { once: true });
  if (init.signal?.aborted) controller.abort();
  // a relay behind basic auth (https://user:pass@relay): the credentials go in a header, not the request line
  const target = new URL(url);
  const headers = { ...init.headers };
  if (target.username || target.password) {
    headers.authorization ??= `Basic ${Buffer.from(`${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`).toString('base64')}`;
    target.username = '';
    target.password = '';
  }
  try {
    const res = await undici().request(target, {
      method: init.method,
      body: init.body,
      headers,
      dispatcher,
      signal: controller.signal,
    });
    const text = await res.body.text();
    return { status: res.statusCode, text };
  } catch (error) {
    if (init.signal?.aborted) throw new TransportFailure('interrupted', 'interrupted');
    if (controller.signal.aborted) throw new TransportFailure('timeout', `no answer within ${init.timeoutMs} ms`);
    throw classify(error);
  } finally {
    clearTimeout(timer);
    init.signal?.removeEventListener('abort', onInterrupt);
  }
}

function classify(error: unknown): TransportFailure {
  const e = error as { code?: string; message?: string; cause?: { code?: string } };
  const code = e.code ?? e.cause?.code ?? '';
  if (['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED'].includes(code)) return new TransportFailure('reset', `connection reset (${code})`);
  if (['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT'].includes(code)) return new TransportFailure('timeout', `timed out (${code})`);
  if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code)) return new TransportFailure('connect', `cannot connect (${code})`);
  // Only the error code: undici messages may echo request details.
  return new TransportFailure('other', `request failed (${code || (error as Error)?.name || 'unknown error'})`);
}

/** Transient transport failures worth retrying. Connection refused/DNS failures are retried too (relay restarts). */
export function isRetryableFailure(f: TransportFailure): boolean {
  return f.reason === 'timeout' || f.reason === 'reset' || f.reason === 'connect' || f.reason === 'other';
}
