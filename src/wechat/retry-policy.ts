/**
 * Which failures are retried, and how long to wait. Defaults: 4 retries (5 attempts), delays 500 ms · 2^n capped
 * at 10 s with "equal jitter" (half fixed, half random), so at most ~7.5 s of waiting for the default budget.
 * The minute quota (45011) resets when the minute ends: that retry waits for the next minute (up to 61 s).
 */
import type { RetryOptions } from './types.js';

export const DEFAULT_RETRIES = 4;
export const DEFAULT_BASE_DELAY_MS = 500;
export const DEFAULT_MAX_DELAY_MS = 10_000;
export const DEFAULT_TIMEOUT_MS = 30_000;

/** System busy and minute quota: transient. */
export const RETRYABLE_ERRCODES: ReadonlySet<number> = new Set([-1, 45011]);
/** Token invalid / expired: refetch the token once, retry once. */
export const TOKEN_ERRCODES: ReadonlySet<number> = new Set([40001, 42001]);

export const DEFAULT_MINUTE_QUOTA_WAIT_MS = 61_000;

export interface ResolvedRetry {
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  minuteQuotaWaitMs: number;
}

export function resolveRetry(options: RetryOptions = {}): ResolvedRetry {
  return {
    retries: Math.max(0, options.retries ?? DEFAULT_RETRIES),
    baseDelayMs: Math.max(0, options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS),
    maxDelayMs: Math.max(0, options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS),
    minuteQuotaWaitMs: Math.max(0, options.minuteQuotaWaitMs ?? DEFAULT_MINUTE_QUOTA_WAIT_MS),
  };
}

/** Delay before retrying after 45011: into the next minute (plus up to 1.5 s of jitter), at most minuteQuotaWaitMs. */
export function minuteQuotaDelay(policy: ResolvedRetry, now = Date.now(), random: () => number = Math.random): number {
  const untilNextMinute = 60_000 - (now % 60_000);
  return Math.min(policy.minuteQuotaWaitMs, Math.round(untilNextMinute + 500 + random() * 1000));
}

/** Delay before retry number `retry` (1-based). */
export function backoffDelay(retry: number, policy: ResolvedRetry, random: () => number = Math.random): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}

export function isRetryableStatus(status: number): boolean {
  return status >= 500 && status <= 599;
}
