/**
 * One client request forwarded to WeChat, once: the body streams through with a byte cap (an upload is never
 * held whole), the answer is read (capped) to learn its errcode and scrub secrets, then sent back with WeChat's
 * status. Nothing is retried here: a request whose answer was lost may have created a draft or sent a push, and
 * only the client knows how to look for that (its recoverLostAttempt), so a lost answer becomes a 5xx without
 * errcode, which is what makes the client look before it retries.
 */
import type http from 'node:http';
import { Transform, pipeline, type TransformCallback } from 'node:stream';
import type { Dispatcher } from 'undici';
import { undici } from '../native-deps.js';
import { gatewayFailure, refuse, RELAY_ERRCODES, type RelayAnswer, type RelayReason } from './relay-answers.js';

export interface ForwardInput {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  /** Upstream URL without the access token. */
  url: URL;
  accessToken: string;
  dispatcher: Dispatcher;
  maxUploadBytes: number;
  maxBodyBytes: number;
  maxResponseBytes: number;
  timeoutMs: number;
  scrub(text: string): string;
}

export interface ForwardOutcome {
  status: number;
  errcode: number | null;
  reason?: RelayReason;
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

class TooLarge extends Error {}
class TimedOut extends Error {}
class ClientGone extends Error {}

/** Passes bytes through until `limit`, then fails (which aborts the upstream request). */
function capBytes(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      seen += chunk.length;
      if (seen > limit) done(new TooLarge());
      else done(null, chunk);
    },
  });
}

/** errcode of a WeChat answer: small answers are parsed, big ones (draft/get with content) read from the start. */
function errcodeOf(text: string): number | null {
  if (text.length <= 65_536) {
    try {
      const body = JSON.parse(text) as { errcode?: unknown } | null;
      if (!body || typeof body !== 'object') return null;
      return body.errcode === undefined ? 0 : Number(body.errcode);
    } catch {
      return null;
    }
  }
  const m = /^\s*\{\s*"errcode"\s*:\s*(-?\d+)/.exec(text.slice(0, 200));
  return m ? Number(m[1]) : text.trimStart().startsWith('{') ? 0 : null;
}

/**
 * Forward and answer. Returns what was answered; `beforeAnswer` sees the errcode before the answer is sent (the
 * relay refreshes a refused access token there, so the client's one retry already finds the new one).
 */
export async function forwardRequest(input: ForwardInput, beforeAnswer: (errcode: number | null) => Promise<void>): Promise<ForwardOutcome & { answer?: RelayAnswer }> {
  const { req, res } = input;
  const method = req.method === 'POST' ? 'POST' : 'GET';
  const contentType = req.headers['content-type'];
  const multipart = typeof contentType === 'string' && /^multipart\//i.test(contentType);
  const limit = multipart ? input.maxUploadBytes : input.maxBodyBytes;
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > limit) return tooLarge(limit, multipart);

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new TimedOut()), input.timeoutMs);
  const onClose = () => {
    if (!res.writableFinished) controller.abort(new ClientGone());
  };
  res.on('close', onClose);

  const headers: Record<string, string> = {};
  if (typeof contentType === 'string') headers['content-type'] = contentType;
  if (Number.isFinite(declared)) headers['content-length'] = String(declared);
  let body: Transform | undefined;
  let bodyError: unknown;
  if (method === 'POST') {
    body = capBytes(limit);
    // errors of either side end here (a client that disconnects mid-upload must not crash the relay)
    pipeline(req, body, (error) => {
      if (error) {
        bodyError = error;
        if (!(error instanceof TooLarge)) controller.abort(new ClientGone());
      }
    });
  }

  const url = new URL(input.url);
  url.searchParams.set('access_token', input.accessToken);
  try {
    const upstream = await undici().request(url, { method, headers, body, dispatcher: input.dispatcher, signal: controller.signal });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of upstream.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > input.maxResponseBytes) {
        upstream.body.destroy();
        return { status: 502, errcode: null, reason: 'upstream-too-large', answer: gatewayFailure(502, `WeChat's answer is larger than ${input.maxResponseBytes} bytes`, 'upstream-too-large') };
      }
      chunks.push(chunk);
    }
    const raw = Buffer.concat(chunks).toString('utf8');
    const text = input.scrub(raw);
    const errcode = errcodeOf(text);
    await beforeAnswer(errcode);
    const out = Buffer.from(text, 'utf8');
    const type = upstream.headers['content-type'];
    res.writeHead(upstream.statusCode, { 'content-type': typeof type === 'string' ? type : 'application/json; charset=utf-8', 'content-length': String(out.length) });
    res.end(out);
    return { status: upstream.statusCode, errcode };
  } catch (error) {
    const why = controller.signal.aborted ? controller.signal.reason : bodyError instanceof TooLarge ? bodyError : error;
    if (why instanceof ClientGone || res.destroyed) return { status: 499, errcode: null, reason: 'client-closed' };
    if (why instanceof TooLarge) return tooLarge(limit, multipart);
    if (why instanceof TimedOut) return failed(gatewayFailure(504, `WeChat did not answer within ${input.timeoutMs} ms (the request may have been carried out)`, 'upstream-timeout'));
    const e = why as { code?: string; cause?: { code?: string } };
    const code = e.code ?? e.cause?.code ?? '';
    if (UNREACHABLE.has(code)) return failed(gatewayFailure(502, `cannot reach WeChat (${code})`, 'upstream-unreachable'));
    // only the code: undici messages may carry the URL, and with it the access token
    return failed(gatewayFailure(502, `the connection to WeChat failed (${code || 'no answer'}; the request may have been carried out)`, 'upstream-reset'));
  } finally {
    clearTimeout(timer);
    res.off('close', onClose);
  }
}

function failed(answer: RelayAnswer): ForwardOutcome & { answer: RelayAnswer } {
  return { status: answer.status, errcode: null, reason: answer.reason, answer };
}

function tooLarge(limit: number, multipart: boolean): ForwardOutcome & { answer: RelayAnswer } {
  const what = multipart ? 'upload' : 'request body';
  const answer = refuse(413, RELAY_ERRCODES.tooLarge, `the ${what} is larger than the relay accepts (${limit} bytes)`, 'too-large');
  return { status: 413, errcode: RELAY_ERRCODES.tooLarge, reason: 'too-large', answer };
}
