/**
 * The push (群发) guard, decided from gzh.lock before any request: the hard quota of the account type
 * (subscription: 1 per Beijing calendar day; service: 4 per Beijing calendar month), corrected by a 45028 WeChat
 * gave in this period, and the cadence (a push soon after the last one irritates followers and costs reach).
 */
import type { ResolvedConfig } from '../config/schema.js';
import type { AccountState, LockedPush } from './lockfile.js';
import { BEIJING_OFFSET_MS, beijingDay, beijingTime } from '../beijing-time.js';

export type AccountProfile = ResolvedConfig['account'];

export const PUSH_QUOTA = { subscription: { count: 1, per: 'day' }, service: { count: 4, per: 'month' } } as const;
export const DEFAULT_CADENCE_HOURS = { subscription: 20, service: 120 } as const;


export { beijingDay, beijingTime };

/** The quota period a moment falls in: its Beijing day (subscription) or Beijing month (service). */
export function pushPeriod(type: AccountProfile['type'], at: Date | number): string {
  const day = beijingDay(at);
  return PUSH_QUOTA[type].per === 'day' ? day : day.slice(0, 7);
}

/** When the period after the one `at` falls in starts (Beijing midnight), as a Date. */
export function nextPeriodStart(type: AccountProfile['type'], at: Date | number): Date {
  const b = new Date(+at + BEIJING_OFFSET_MS);
  const next = PUSH_QUOTA[type].per === 'day' ? Date.UTC(b.getUTCFullYear(), b.getUTCMonth(), b.getUTCDate() + 1) : Date.UTC(b.getUTCFullYear(), b.getUTCMonth() + 1, 1);
  return new Date(next - BEIJING_OFFSET_MS);
}


export interface PushSummary {
  msg_id: string;
  time: string;
  titles: string[];
  status: string;
}

export interface QuotaCheck {
  type: AccountProfile['type'];
  limit: { count: number; per: 'day' | 'month' };
  /** The current period: `2026-12-03` or `2026-12`. */
  period: string;
  /** Pushes counted in this period (from gzh.lock; the limit when WeChat said 45028 in it). */
  used: number;
  /** Pushes this run would make. */
  wanted: number;
  allowed: boolean;
  /** The pushes of this period, newest first. */
  pushes: PushSummary[];
  /** When the next period starts (ISO), shown when refused. */
  nextSlot: string;
  /** WeChat answered 45028 in this period. */
  spentOnServer?: string;
}

const counts = (p: LockedPush) => p.status !== 'SEND_FAIL';
const summary = ([msg_id, p]: [string, LockedPush]): PushSummary => ({ msg_id, time: p.time, titles: p.articles.map((a) => a.title), status: p.status });

export function checkPushQuota(account: AccountState, profile: AccountProfile, now: Date, wanted: number): QuotaCheck {
  const limit = PUSH_QUOTA[profile.type];
  const period = pushPeriod(profile.type, now);
  const inPeriod = Object.entries(account.pushes)
    .filter(([, p]) => counts(p) && pushPeriod(profile.type, Date.parse(p.time)) === period)
    .sort((a, b) => Date.parse(b[1].time) - Date.parse(a[1].time));
  const spent = account.pushQuotaSpent?.period === period ? account.pushQuotaSpent.at : undefined;
  const used = spent ? Math.max(limit.count, inPeriod.length) : inPeriod.length;
  return {
    type: profile.type,
    limit: { ...limit },
    period,
    used,
    wanted,
    allowed: wanted === 0 || used + wanted <= limit.count,
    pushes: inPeriod.map(summary),
    nextSlot: nextPeriodStart(profile.type, now).toISOString(),
    ...(spent ? { spentOnServer: spent } : {}),
  };
}

/** Why the quota refuses, naming the last pushes and when the next slot opens. */
export function describeRefusal(q: QuotaCheck): { message: string; hint: string } {
  const per = q.limit.per === 'day' ? 'a day (Beijing time)' : 'a calendar month (Beijing time)';
  const kind = q.type === 'subscription' ? 'A subscription account (订阅号)' : 'A service account (服务号)';
  const last = q.pushes.slice(0, 4).map((p) => `${beijingTime(p.time)} 《${p.titles[0] ?? ''}》${p.titles.length > 1 ? ` +${p.titles.length - 1}` : ''}`);
  const server = q.spentOnServer ? ` WeChat said so itself (45028) at ${beijingTime(q.spentOnServer)}: pushes made on the platform count too.` : '';
  return {
    message: `${kind} may push ${q.limit.count} time${q.limit.count > 1 ? 's' : ''} ${per}: ${q.used} used in ${q.period}${q.wanted > 1 ? `, and this run would push ${q.wanted}` : ''}.${server}${last.length ? ` Last: ${last.join('; ')}.` : ''}`,
    hint: `The next slot opens ${beijingTime(q.nextSlot)}. Nothing was sent; until then the draft can be saved (without --broadcast) or previewed (gzh preview)`,
  };
}

export interface CadenceCheck {
  minHours: number;
  strict: boolean;
  last?: PushSummary;
  /** Hours since the last push (one decimal). */
  hoursSince?: number;
  /** The push comes too soon after the last one. */
  tooSoon: boolean;
}

export function checkCadence(account: AccountState, config: Pick<ResolvedConfig, 'account' | 'cadence'>, now: Date): CadenceCheck {
  const minHours = config.cadence.minHours ?? DEFAULT_CADENCE_HOURS[config.account.type];
  const last = Object.entries(account.pushes)
    .filter(([, p]) => counts(p))
    .sort((a, b) => Date.parse(b[1].time) - Date.parse(a[1].time))[0];
  if (!last) return { minHours, strict: config.cadence.strict, tooSoon: false };
  const hoursSince = Math.round(((now.getTime() - Date.parse(last[1].time)) / 3600_000) * 10) / 10;
  return { minHours, strict: config.cadence.strict, last: summary(last), hoursSince, tooSoon: hoursSince < minHours };
}

export function describeCadence(c: CadenceCheck): string {
  return `The last push was ${c.hoursSince} h ago (${beijingTime(c.last!.time)} 《${c.last!.titles[0] ?? ''}》); cadence.minHours is ${c.minHours}: pushes close together irritate followers and cost reach${c.strict ? ' (cadence.strict: refused)' : ''}`;
}
