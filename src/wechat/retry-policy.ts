/**
 * Which failures are retried, and how long to wait. Defaults: 4 retries (5 attempts), delays 500 ms · 2^n capped
 * at 10 s with "equal jitter" (half fixed, half random), so at most ~7.5 s of waiting for the default budget.
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

export interface ResolvedRetry {
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export function resolveRetry(options: RetryOptions = {}): ResolvedRetry {
  return {
    retries: Math.max(0, options.retries ?? DEFAULT_RETRIES),
    baseDelayMs: Math.max(0, options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS),
    maxDelayMs: Math.max(0, options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS),
  };
}

/** Delay before retry number `retry` (1-based). */
export function backoffDelay(retry: number, policy: ResolvedRetry, random: () => number = Math.random): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}

export function isRetryableStatus(status: number): boolean {
  return status >= 500 && status <= 599;
}
