/** Errors of WeChat calls, with hints, and the redaction that keeps tokens and secrets out of them. */
import { GzhError } from '../errors.js';
import { describeWechatError } from './errors-catalog.js';

/** WeChat answered an errcode. */
export class WechatApiError extends GzhError {
  readonly endpoint: string;
  readonly errcode: number;
  /** errmsg without the ` rid: ...` suffix. */
  readonly errmsg: string;
  readonly rid?: string;

  constructor(init: { endpoint: string; errcode: number; errmsg: string; rid?: string; hint?: string }) {
    super(`wechat/${init.errcode}`, `WeChat ${init.endpoint} failed: errcode ${init.errcode} ${init.errmsg}${init.rid ? ` (rid ${init.rid})` : ''}`, {
      hint: init.hint,
    });
    this.name = 'WechatApiError';
    this.endpoint = init.endpoint;
    this.errcode = init.errcode;
    this.errmsg = init.errmsg;
    this.rid = init.rid;
  }
}

export type NetworkFailureReason = 'timeout' | 'reset' | 'connect' | 'http' | 'invalid-response' | 'interrupted' | 'other';

/** No usable answer: timeouts, resets, HTTP errors, non-JSON bodies (after retries). */
export class WechatNetworkError extends GzhError {
  readonly endpoint: string;
  readonly reason: NetworkFailureReason;
  readonly status?: number;
  readonly attempts: number;

  constructor(init: { endpoint: string; reason: NetworkFailureReason; detail: string; status?: number; attempts: number; hint?: string }) {
    super(`wechat/${init.reason}`, `WeChat ${init.endpoint} failed after ${init.attempts} attempt${init.attempts === 1 ? '' : 's'}: ${init.detail}`, {
      hint: init.hint ?? 'check the network connection and the API base (--api-base / WECHAT_API_BASE)',
    });
    this.name = 'WechatNetworkError';
    this.endpoint = init.endpoint;
    this.reason = init.reason;
    this.status = init.status;
    this.attempts = init.attempts;
  }
}

export function isWechatApiError(error: unknown, errcode?: number): error is WechatApiError {
  return error instanceof WechatApiError && (errcode === undefined || error.errcode === errcode);
}

/** Split `... rid: xxxx` off an errmsg. */
export function splitRid(errmsg: string): { errmsg: string; rid?: string } {
  const m = /\s*rid:\s*([0-9a-zA-Z-]+)\s*$/.exec(errmsg);
  if (!m) return { errmsg: errmsg.trim() };
  return { errmsg: errmsg.slice(0, m.index).trim(), rid: m[1] };
}

/** Hint for an errcode; 40164 names the IP WeChat saw. */
export function hintFor(errcode: number, errmsg: string): string | undefined {
  const hint = describeWechatError(errcode).hint;
  if (!hint) return undefined;
  if (errcode === 40164) {
    const ip = /invalid ip ([0-9a-fA-F.:]+)/.exec(errmsg)?.[1];
    return hint.replace('{ip}', ip ?? '(unknown: see the errmsg)');
  }
  return hint;
}

/** The IP WeChat reported in a 40164 errmsg. */
export function ipFromErrmsg(errmsg: string): string | undefined {
  return /invalid ip ([0-9a-fA-F.:]+)/.exec(errmsg)?.[1];
}

/** Replaces known secrets (app secret, tokens) and credential-looking query/JSON fields with `***`. */
export class Redactor {
  private readonly secrets = new Set<string>();

  add(secret: string | undefined): void {
    if (secret && secret.length >= 4) this.secrets.add(secret);
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.secrets) out = out.split(s).join('***');
    return out
      .replace(/((?:access_token|secret|appsecret)=)[^&\s"']+/gi, '$1***')
      .replace(/("(?:access_token|secret|appsecret)"\s*:\s*")[^"]*"/gi, '$1***"');
  }
}
