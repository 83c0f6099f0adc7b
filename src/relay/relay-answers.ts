/**
 * What the relay answers itself. Refusals are in WeChat's shape `{errcode, errmsg}` with codes of the relay's own
 * (99xxx: WeChat uses none), so a gzh client reports them like any API error and does not retry them. The rate
 * limit answers 45011, WeChat's minute quota, which clients already wait out. Gateway failures (WeChat did not
 * answer) carry no errcode and a 5xx status: exactly what a client treats as "may have happened, look, then retry".
 */
import type http from 'node:http';

export const RELAY_ERRCODES = {
  unauthorized: 99401,
  forbidden: 99403,
  notFound: 99404,
  method: 99405,
  tooLarge: 99413,
  rateLimited: 45011,
} as const;

export type RelayReason =
  | 'unauthorized'
  | 'forbidden-endpoint'
  | 'forbidden-account'
  | 'not-found'
  | 'method'
  | 'too-large'
  | 'rate-limited'
  | 'upstream-timeout'
  | 'upstream-unreachable'
  | 'upstream-reset'
  | 'upstream-too-large'
  | 'token-failed'
  | 'client-closed'
  | 'internal';

export interface RelayAnswer {
  status: number;
  json: Record<string, unknown>;
  headers?: Record<string, string>;
  /** Why the relay answered itself; absent for its own successful answers. */
  reason?: RelayReason;
}

export function refuse(status: number, errcode: number, errmsg: string, reason: RelayReason, headers?: Record<string, string>): RelayAnswer {
  return { status, json: { errcode, errmsg: `gzh relay: ${errmsg}` }, reason, ...(headers ? { headers } : {}) };
}

/** WeChat did not answer usably: no errcode, so the client's recovery runs. */
export function gatewayFailure(status: 502 | 504, errmsg: string, reason: RelayReason): RelayAnswer {
  return { status, json: { relay_error: reason, errmsg: `gzh relay: ${errmsg}` }, reason };
}

/**
 * Send an answer. Refusals close the connection: a body the relay will not read (an unauthorized 10 MB upload)
 * is not drained for keep-alive.
 */
export function sendAnswer(res: http.ServerResponse, answer: RelayAnswer, close: boolean): void {
  const text = JSON.stringify(answer.json);
  res.writeHead(answer.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...(close ? { connection: 'close' } : {}),
    ...answer.headers,
  });
  res.end(text);
}
