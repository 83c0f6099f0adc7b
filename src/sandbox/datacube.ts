/**
 * The sandbox's analytics (datacube/*): deterministic, plausible numbers for what was published (and, once the
 * sandbox records them, pushed) in it: reads start on the send day and decay by half-ish every day after, a
 * fixed share of them from followers' chats, Moments and forwards. The same rules as WeChat: YYYY-MM-DD dates
 * (61500), up to yesterday, about a year back, at most each endpoint's span (61501), all on the sandbox clock.
 */
import type { SandboxClock } from './clock.js';
import { beijingDay } from '../beijing-time.js';

/** The span of each endpoint, as WECHAT.md lists them (apart from src/stats/endpoints.ts on purpose: a wrong span in the client must fail here). */
export const SANDBOX_DATACUBE_SPANS: Readonly<Record<string, number>> = Object.freeze({
  getarticlesummary: 1,
  getarticletotal: 1,
  getuserread: 3,
  getusershare: 7,
  getusersummary: 7,
  getusercumulate: 7,
});

/** One article as analytics knows it. */
export interface SentArticle {
  msgid: string;
  title: string;
  /** Send time, ms. */
  sentAt: number;
}

const DAY_MS = 86_400_000;
const HISTORY_DAYS = 365;
/** Followers before the first day the sandbox counts. */
const BASE_FOLLOWERS = 1000;
const FOLLOWERS_FROM = '2025-01-01';

const dayNumber = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / DAY_MS;
const dayText = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** FNV-1a: the same numbers for the same article every run. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** The counts of one article on one day (all zero before its send day). Exported: tests compare against these. */
export function articleDayNumbers(msgid: string, sentAt: number, day: string) {
  const k = dayNumber(day) - dayNumber(beijingDay(sentAt));
  const base = 300 + (hash(msgid) % 900);
  const reads = k < 0 ? 0 : Math.floor(base * 0.55 ** k);
  const session = Math.floor(reads * 0.55);
  const friends = Math.floor(reads * 0.2);
  const feed = Math.floor(reads * 0.1);
  const hist = Math.floor(reads * 0.05);
  const shares = Math.floor(reads * 0.06);
  const favs = Math.floor(reads * 0.02);
  return {
    int_page_read_user: Math.ceil(reads * 0.8),
    int_page_read_count: reads,
    ori_page_read_user: Math.floor(reads * 0.02),
    ori_page_read_count: Math.floor(reads * 0.03),
    share_user: Math.ceil(shares * 0.8),
    share_count: shares,
    add_to_fav_user: favs,
    add_to_fav_count: favs,
    int_page_from_session_read_user: Math.ceil(session * 0.8),
    int_page_from_session_read_count: session,
    int_page_from_hist_msg_read_user: Math.ceil(hist * 0.8),
    int_page_from_hist_msg_read_count: hist,
    int_page_from_feed_read_user: Math.ceil(feed * 0.8),
    int_page_from_feed_read_count: feed,
    int_page_from_friends_read_user: Math.ceil(friends * 0.8),
    int_page_from_friends_read_count: friends,
    int_page_from_other_read_user: Math.ceil((reads - session - friends - feed - hist) * 0.8),
    int_page_from_other_read_count: reads - session - friends - feed - hist,
  };
}

type Counts = ReturnType<typeof articleDayNumbers>;
const SUMMARY_FIELDS = ['int_page_read_user', 'int_page_read_count', 'ori_page_read_user', 'ori_page_read_count', 'share_user', 'share_count', 'add_to_fav_user', 'add_to_fav_count'] as const;
const pick = (c: Counts) => Object.fromEntries(SUMMARY_FIELDS.map((f) => [f, c[f]]));

export type DatacubeAnswer = { list: Record<string, unknown>[] } | { errcode: number };

export class SandboxDatacube {
  private readonly followerCache = new Map<string, { newUser: number; cancelUser: number }>();

  constructor(
    private readonly sent: () => SentArticle[],
    private readonly clock: SandboxClock,
  ) {}

  answer(name: string, body: Record<string, unknown>): DatacubeAnswer {
    const span = SANDBOX_DATACUBE_SPANS[name];
    if (span === undefined) return { errcode: 40066 };
    const { begin_date: begin, end_date: end } = body;
    const isDay = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && dayText(dayNumber(v)) === v;
    if (!isDay(begin) || !isDay(end)) return { errcode: 61500 };
    const today = dayNumber(this.clock.beijingDay());
    const [a, b] = [dayNumber(begin), dayNumber(end)];
    if (b < a || b - a + 1 > span || b >= today || a < today - HISTORY_DAYS) return { errcode: 61501 };
    const days: string[] = [];
    for (let n = a; n <= b; n++) days.push(dayText(n));
    const sent = this.sent();
    const yesterday = dayText(today - 1);
    switch (name) {
      case 'getarticlesummary':
        return { list: days.flatMap((d) => sent.map((s) => ({ s, c: articleDayNumbers(s.msgid, s.sentAt, d) })).filter(({ c }) => c.int_page_read_count > 0).map(({ s, c }) => ({ ref_date: d, msgid: s.msgid, title: s.title, ...pick(c) }))) };
      case 'getarticletotal':
        return { list: days.flatMap((d) => sent.filter((s) => beijingDay(s.sentAt) === d).map((s) => ({ ref_date: d, msgid: s.msgid, title: s.title, details: this.details(s, d, yesterday) }))) };
      case 'getuserread':
        return { list: days.map((d) => ({ ref_date: d, user_source: 0, ...this.sumOver(sent, d) })) };
      case 'getusershare':
        return { list: days.map((d) => { const c = this.sumOver(sent, d); return { ref_date: d, share_scene: 1, share_count: c.share_count, share_user: c.share_user }; }) };
      case 'getusersummary':
        return {
          list: days.flatMap((d) => {
            const { newUser, cancelUser } = this.followers(d, sent);
            const scanned = Math.floor(newUser / 3);
            return [{ ref_date: d, user_source: 0, new_user: newUser - scanned, cancel_user: cancelUser }, { ref_date: d, user_source: 30, new_user: scanned, cancel_user: 0 }];
          }),
        };
      default:
        return { list: days.map((d) => ({ ref_date: d, cumulate_user: this.cumulative(d, sent) })) };
    }
  }

  /** getarticletotal details: cumulative counts from the send day, one per day, 7 days at most, up to yesterday. */
  private details(s: SentArticle, sendDay: string, yesterday: string): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    const sum: Record<string, number> = {};
    const start = dayNumber(sendDay);
    for (let n = start; n < start + 7 && n <= dayNumber(yesterday); n++) {
      const c = articleDayNumbers(s.msgid, s.sentAt, dayText(n));
      for (const [k, v] of Object.entries(c)) sum[k] = (sum[k] ?? 0) + v;
      out.push({ stat_date: dayText(n), target_user: this.cumulative(sendDay, this.sent()), ...sum });
    }
    return out;
  }

  private sumOver(sent: SentArticle[], day: string): Record<string, number> {
    const sum: Record<string, number> = Object.fromEntries(SUMMARY_FIELDS.map((f) => [f, 0]));
    for (const s of sent) {
      const c = articleDayNumbers(s.msgid, s.sentAt, day);
      for (const f of SUMMARY_FIELDS) sum[f]! += c[f];
    }
    return sum;
  }

  /** New followers: a steady trickle plus 1 in 100 reads of the day; a few leave. */
  private followers(day: string, sent: SentArticle[]): { newUser: number; cancelUser: number } {
    const key = `${day}|${sent.length}`;
    let f = this.followerCache.get(key);
    if (!f) {
      const reads = sent.reduce((s, a) => s + articleDayNumbers(a.msgid, a.sentAt, day).int_page_read_count, 0);
      f = { newUser: 3 + (hash(day) % 12) + Math.floor(reads / 100), cancelUser: hash(`${day}-`) % 4 };
      this.followerCache.set(key, f);
    }
    return f;
  }

  private cumulative(day: string, sent: SentArticle[]): number {
    let total = BASE_FOLLOWERS;
    for (let n = dayNumber(FOLLOWERS_FROM); n <= dayNumber(day); n++) {
      const f = this.followers(dayText(n), sent);
      total += f.newUser - f.cancelUser;
    }
    return total;
  }
}
