/**
 * Beijing time (UTC+8, no daylight saving): WeChat counts its days, quotas and analytics there, and readers of
 * an account live there, wherever gzh runs. The one place that knows the offset.
 */
export const BEIJING_OFFSET_MS = 8 * 3600_000;

/** `YYYY-MM-DD`: the Beijing calendar day of a moment (ms, or a Date). */
export function beijingDay(at: Date | number): string {
  return new Date(+at + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** `2026-12-03 20:00 (UTC+8)`: a moment as people there read it. */
export function beijingTime(at: Date | number | string): string {
  return `${new Date(+new Date(at) + BEIJING_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ')} (UTC+8)`;
}
