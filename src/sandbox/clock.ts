/**
 * The sandbox's time: real time plus an offset tests can move (`Sandbox.setClock`, POST /__sandbox/clock), so a
 * day's push quota, a month's, analytics "up to yesterday" and scheduled posts can be tested without waiting.
 * Everything the sandbox dates (tokens, uploads, drafts, publishes) reads it.
 */
import { beijingDay } from '../beijing-time.js';

export class SandboxClock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  seconds(): number {
    return Math.floor(this.now() / 1000);
  }

  /** The calendar day in Beijing time (WeChat's quotas and analytics count days there), `YYYY-MM-DD`. */
  beijingDay(at = this.now()): string {
    return beijingDay(at);
  }

  /** Jump to this moment (ISO text or ms), or back to real time with `undefined`. */
  set(at: string | number | undefined): void {
    if (at === undefined) {
      this.offsetMs = 0;
      return;
    }
    const target = typeof at === 'number' ? at : Date.parse(at);
    if (!Number.isFinite(target)) throw new Error(`not a time: ${String(at)}`);
    this.offsetMs = target - Date.now();
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
