/**
 * Analytics dates: WeChat's datacube counts calendar days in Beijing time (`YYYY-MM-DD`), answers only up to
 * yesterday and about a year back, and each endpoint takes at most a few days per request.
 */
import { UsageError } from '../errors.js';
import { beijingDay } from '../beijing-time.js';

const DAY_MS = 86_400_000;
/** How far back WeChat keeps analytics (about a year). */
export const HISTORY_DAYS = 365;

/** Days since 1970-01-01 of a `YYYY-MM-DD` text, or undefined when it is not a real date. */
export function dayNumber(day: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return undefined;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const n = t / DAY_MS;
  return dayText(n) === day ? n : undefined;
}

export { beijingDay };

export function dayText(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export const addDays = (day: string, n: number): string => dayText(dayNumber(day)! + n);


/** Every day from `since` to `until`, both included. */
export function daysBetween(since: string, until: string): string[] {
  const a = dayNumber(since)!;
  const b = dayNumber(until)!;
  const out: string[] = [];
  for (let n = a; n <= b; n++) out.push(dayText(n));
  return out;
}

export interface Period {
  since: string;
  until: string;
}

/**
 * `--since`/`--until` as typed (a date, `yesterday`, `today`, or `-7` / `7d` for days back) → a checked period
 * that WeChat answers: never today or later, at most HISTORY_DAYS back. A bad period is a usage error before
 * any request is sent. With a history (stats.store) older days are allowed: they come from the history.
 */
export function resolvePeriod(input: { since?: string; until?: string }, now: number, defaultDays = 7, keepsHistory = false): Period {
  const today = beijingDay(now);
  const yesterday = addDays(today, -1);
  const parse = (text: string, flag: string): string => {
    const t = text.trim();
    if (t === 'yesterday') return yesterday;
    if (t === 'today') return today;
    const back = /^-?(\d+)d?$/.exec(t);
    if (back && !/^\d{4}$/.test(t)) return addDays(today, -Number(back[1]));
    if (dayNumber(t) === undefined) throw new UsageError(`${flag} ${JSON.stringify(text)} is not a date`, { hint: 'Use YYYY-MM-DD (Beijing time), "yesterday", or a number of days back such as 30d' });
    return t;
  };
  const until = input.until ? parse(input.until, '--until') : yesterday;
  const since = input.since ? parse(input.since, '--since') : addDays(until, -(defaultDays - 1));
  if (dayNumber(until)! > dayNumber(yesterday)!) {
    throw new UsageError(`--until ${until} is not over yet: WeChat's analytics go up to yesterday (${yesterday}, Beijing time)`, { hint: 'Leave --until out (yesterday) or give an earlier day' });
  }
  if (dayNumber(since)! > dayNumber(until)!) throw new UsageError(`--since ${since} is after --until ${until}`, { hint: 'Swap them' });
  const earliest = addDays(yesterday, -(HISTORY_DAYS - 1));
  if (!keepsHistory && dayNumber(since)! < dayNumber(earliest)!) {
    throw new UsageError(`--since ${since} is older than WeChat keeps analytics (about a year: ${earliest} at the earliest)`, {
      hint: 'Older numbers are only available from stats/<account>.csv when stats.store was on at the time',
    });
  }
  return { since, until };
}

/** The period cut into requests of at most `span` days each, in order. */
export function splitPeriod(period: Period, span: number): Period[] {
  const out: Period[] = [];
  const end = dayNumber(period.until)!;
  for (let n = dayNumber(period.since)!; n <= end; n += span) out.push({ since: dayText(n), until: dayText(Math.min(n + span - 1, end)) });
  return out;
}

/** Consecutive runs of the given days (sorted, deduplicated) as periods: the days still to fetch. */
export function runsOf(days: Iterable<string>): Period[] {
  const nums = [...new Set(days)].map((d) => dayNumber(d)!).sort((a, b) => a - b);
  const out: Period[] = [];
  for (const n of nums) {
    const last = out[out.length - 1];
    if (last && dayNumber(last.until)! + 1 === n) last.until = dayText(n);
    else out.push({ since: dayText(n), until: dayText(n) });
  }
  return out;
}
