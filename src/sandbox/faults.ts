/** Fault injection: which fault (if any) applies to an API request, consuming counts as it goes. */
import { NO_FAULTS, type Faults } from './types.js';

export type InjectedFault =
  | { kind: 'drop-connection' }
  | { kind: 'http500' }
  | { kind: 'errcode'; errcode: number; errmsg?: string };

export class FaultState {
  faults: Faults;
  /** Matching API calls seen since systemErrorEvery was set. */
  private calls = 0;

  constructor(initial: Partial<Faults> = {}) {
    this.faults = { ...NO_FAULTS };
    this.set(initial);
  }

  set(partial: Partial<Faults>): void {
    const clean = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)) as Partial<Faults>;
    this.faults = { ...this.faults, ...clean };
    if (clean.systemErrorEvery !== undefined) this.calls = 0;
  }

  applies(endpoint: string): boolean {
    const only = this.faults.endpoints;
    if (!only) return true;
    const name = endpoint.replace(/^\/cgi-bin\//, '');
    return only.some((e) => e.replace(/^\/?cgi-bin\//, '').replace(/^\//, '') === name);
  }

  /** Delay for this request (consumes delayCount). */
  takeDelay(endpoint: string): number {
    const f = this.faults;
    if (f.delayMs <= 0 || !this.applies(endpoint)) return 0;
    if (f.delayCount === null) return f.delayMs;
    if (f.delayCount <= 0) return 0;
    f.delayCount--;
    return f.delayMs;
  }

  /** The fault to answer instead of handling the request, if any. */
  take(endpoint: string): InjectedFault | undefined {
    const f = this.faults;
    if (!this.applies(endpoint)) return undefined;
    if (f.dropConnections > 0) {
      f.dropConnections--;
      return { kind: 'drop-connection' };
    }
    if (f.http500 > 0) {
      f.http500--;
      return { kind: 'http500' };
    }
    if (f.ipNotWhitelisted) {
      const ip = f.ipNotWhitelisted;
      return { kind: 'errcode', errcode: 40164, errmsg: `invalid ip ${ip} ipv6 ::ffff:${ip}, not in whitelist` };
    }
    if (f.dailyQuota) return { kind: 'errcode', errcode: 45009 };
    if (f.errcode && f.errcode.count > 0) {
      const { errcode, errmsg } = f.errcode;
      f.errcode = f.errcode.count > 1 ? { ...f.errcode, count: f.errcode.count - 1 } : null;
      return { kind: 'errcode', errcode, ...(errmsg ? { errmsg } : {}) };
    }
    if (f.minuteQuota > 0) {
      f.minuteQuota--;
      return { kind: 'errcode', errcode: 45011 };
    }
    if (f.systemErrorEvery > 0) {
      this.calls++;
      if (this.calls % f.systemErrorEvery === 0) return { kind: 'errcode', errcode: -1 };
    }
    return undefined;
  }

  /** After the request was handled: should the answer be dropped? */
  takeDropResponse(endpoint: string): boolean {
    if (this.faults.dropResponses <= 0 || !this.applies(endpoint)) return false;
    this.faults.dropResponses--;
    return true;
  }

  /** Count one authenticated call; true when tokens must now be invalidated. */
  countAuthenticatedCall(): boolean {
    const n = this.faults.invalidateTokenAfter;
    if (n === null) return false;
    if (n <= 1) {
      this.faults.invalidateTokenAfter = null;
      return true;
    }
    this.faults.invalidateTokenAfter = n - 1;
    return false;
  }
}
