/**
 * Per-client-token rate limit: a token bucket of `perMinute` requests, refilled continuously, so a publish's
 * burst of uploads passes and a runaway loop is slowed to the configured rate.
 */

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Take one request for `key`; `undefined` when allowed, else the ms until one is available. */
  take(key: string, perMinute: number): number | undefined {
    if (perMinute <= 0) return undefined;
    const t = this.now();
    const perMs = perMinute / 60_000;
    const b = this.buckets.get(key) ?? { tokens: perMinute, at: t };
    b.tokens = Math.min(perMinute, b.tokens + (t - b.at) * perMs);
    b.at = t;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return undefined;
    }
    return Math.ceil((1 - b.tokens) / perMs);
  }
}
