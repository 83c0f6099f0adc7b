/**
 * Fetching a period from WeChat: the requests are planned first (data: which endpoint, which days), each within
 * its endpoint's span and never for today; then sent one by one through the WeChat client, which retries and
 * waits out the minute quota like every other call. Raw rows become ArticleDay / FollowerDay rows here.
 */
import { GzhError, InterruptedError } from '../errors.js';
import { WechatApiError } from '../wechat/errors.js';
import type { WechatClient } from '../wechat/types.js';
import { addDays, beijingDay, dayNumber, daysBetween, runsOf, splitPeriod, type Period } from './dates.js';
import { DATACUBE_SPANS, type ArticleSummaryRow, type ArticleTotalRow, type DatacubeEndpoint, type UserCumulateRow, type UserSummaryRow } from './endpoints.js';
import type { SentMessage } from './sent-messages.js';
import type { ArticleDay, FollowerDay } from './types.js';

export interface StatsRequest {
  endpoint: DatacubeEndpoint;
  begin_date: string;
  end_date: string;
}

/** How many days after the send getarticletotal details cover (the send day and 6 more). */
const DETAIL_DAYS = 7;

/**
 * The requests for these days (any set, e.g. the days not stored yet), week by week: the follower numbers (7
 * days per request), getarticletotal for every day a known article was sent whose 7 days of detail touch the
 * week (the only source of "from followers / from shares"), then getarticlesummary day by day. So a day is
 * complete with its summary, and a fetch cut short (daily quota, Ctrl-C) keeps every day up to there.
 */
export function planStatsRequests(days: readonly string[], sent: readonly SentMessage[], yesterday: string): StatsRequest[] {
  const out: StatsRequest[] = [];
  const push = (endpoint: DatacubeEndpoint, p: Period) => out.push({ endpoint, begin_date: p.since, end_date: p.until });
  const sendDays = sent.flatMap((m) => {
    const t = Date.parse(m.time);
    const s = Number.isFinite(t) ? beijingDay(t) : undefined;
    return s && dayNumber(s)! <= dayNumber(yesterday)! ? [s] : [];
  });
  const asked = new Set<string>();
  for (const run of runsOf(days)) {
    for (const week of splitPeriod(run, 7)) {
      const inWeek = (d: string) => dayNumber(d)! >= dayNumber(week.since)! && dayNumber(d)! <= dayNumber(week.until)!;
      for (const endpoint of ['getusersummary', 'getusercumulate'] as const) for (const p of splitPeriod(week, DATACUBE_SPANS[endpoint])) push(endpoint, p);
      for (const s of [...new Set(sendDays)].sort()) {
        if (asked.has(s) || !Array.from({ length: DETAIL_DAYS }, (_, i) => addDays(s, i)).some(inWeek)) continue;
        asked.add(s);
        push('getarticletotal', { since: s, until: s });
      }
      for (const p of splitPeriod(week, DATACUBE_SPANS.getarticlesummary)) push('getarticlesummary', p);
    }
  }
  return out;
}

export interface FetchedStats {
  rows: ArticleDay[];
  followers: FollowerDay[];
  /** Days whose every request answered (safe to store). */
  days: string[];
}

/** A fetch cut short: the error, and the complete days fetched before it (stats.store keeps them). */
export class StatsFetchError extends Error {
  constructor(
    override readonly cause: unknown,
    readonly partial: FetchedStats,
  ) {
    super((cause as Error)?.message ?? String(cause));
  }
}

const num = (v: unknown) => (typeof v === 'number' ? v : Number(v) || 0);

/** Sends the planned requests; `onProgress(done, total)` after each. Rows of days not asked for are dropped. */
export async function fetchStats(
  client: WechatClient,
  requests: readonly StatsRequest[],
  days: readonly string[],
  fileOf: (msgid: string) => string,
  onProgress?: (done: number, total: number, request: StatsRequest) => void,
): Promise<FetchedStats> {
  const wanted = new Set(days);
  const summaries: ArticleSummaryRow[] = [];
  const totals: ArticleTotalRow[] = [];
  const users: UserSummaryRow[] = [];
  const cumulates: UserCumulateRow[] = [];
  let done = 0;
  // a day is complete with its getarticlesummary (its follower numbers and sources were asked for before)
  const complete = new Set<string>();
  for (const r of requests) {
    let list: Record<string, unknown>[];
    try {
      list = await client.datacube(r.endpoint, r.begin_date, r.end_date);
    } catch (error) {
      const partial = rowsOf([...complete], summaries, totals, users, cumulates, fileOf);
      throw new StatsFetchError(explainFailure(error, r), partial);
    }
    if (r.endpoint === 'getarticlesummary') for (const d of daysBetween(r.begin_date, r.end_date)) if (wanted.has(d)) complete.add(d);
    if (r.endpoint === 'getarticlesummary') summaries.push(...(list as unknown as ArticleSummaryRow[]));
    else if (r.endpoint === 'getarticletotal') totals.push(...(list as unknown as ArticleTotalRow[]));
    else if (r.endpoint === 'getusersummary') users.push(...(list as unknown as UserSummaryRow[]));
    else if (r.endpoint === 'getusercumulate') cumulates.push(...(list as unknown as UserCumulateRow[]));
    onProgress?.(++done, requests.length, r);
  }
  return rowsOf(days, summaries, totals, users, cumulates, fileOf);
}

/** Raw rows of these days → ArticleDay / FollowerDay rows. */
function rowsOf(days: readonly string[], summaries: ArticleSummaryRow[], totals: ArticleTotalRow[], users: UserSummaryRow[], cumulates: UserCumulateRow[], fileOf: (msgid: string) => string): FetchedStats {
  const wanted = new Set(days);

  // per-day sources from the cumulative details of getarticletotal: day D = detail(D) − detail(D−1)
  const sources = new Map<string, { followers: number; shares: number }>();
  for (const t of totals) {
    const details = [...(t.details ?? [])].sort((a, b) => a.stat_date.localeCompare(b.stat_date));
    let prevF = 0;
    let prevS = 0;
    for (const d of details) {
      const f = num(d.int_page_from_session_read_count);
      const s = num(d.int_page_from_feed_read_count) + num(d.int_page_from_friends_read_count);
      sources.set(`${t.msgid}|${d.stat_date}`, { followers: f - prevF, shares: s - prevS });
      prevF = f;
      prevS = s;
    }
  }
  const rows: ArticleDay[] = summaries
    .filter((s) => wanted.has(s.ref_date))
    .map((s) => {
      const src = sources.get(`${s.msgid}|${s.ref_date}`);
      return {
        date: s.ref_date,
        msgid: String(s.msgid),
        title: String(s.title ?? ''),
        file: fileOf(String(s.msgid)),
        reads: num(s.int_page_read_count),
        readers: num(s.int_page_read_user),
        readsFromFollowers: src?.followers ?? 0,
        readsFromShares: src?.shares ?? 0,
        shares: num(s.share_count),
        sharers: num(s.share_user),
        favourites: num(s.add_to_fav_count),
      };
    });
  const byDay = new Map<string, FollowerDay>();
  const day = (date: string) => {
    let f = byDay.get(date);
    if (!f) byDay.set(date, (f = { date, newFollowers: 0, cancelledFollowers: 0, cumulativeFollowers: 0 }));
    return f;
  };
  for (const d of days) day(d);
  for (const u of users) if (wanted.has(u.ref_date)) {
    const f = day(u.ref_date);
    f.newFollowers += num(u.new_user);
    f.cancelledFollowers += num(u.cancel_user);
  }
  for (const c of cumulates) if (wanted.has(c.ref_date)) day(c.ref_date).cumulativeFollowers = num(c.cumulate_user);
  return { rows, followers: [...byDay.values()].sort((a, b) => a.date.localeCompare(b.date)), days: [...wanted].sort() };
}

/** 48001 is one line (the account has no analytics), not a stack of errors; the rest keep WeChat's text and hint. */
function explainFailure(error: unknown, r: StatsRequest): unknown {
  if (error instanceof InterruptedError) return error;
  if (error instanceof WechatApiError && error.errcode === 48001) {
    return new GzhError('stats/unauthorized', 'This account may not read analytics (WeChat error 48001 on datacube)', {
      hint: 'Analytics (数据统计) need a verified account with the permission: check 设置与开发 → 接口权限 on mp.weixin.qq.com',
      exitCode: 1,
    });
  }
  if (error instanceof WechatApiError && error.errcode === 45009) {
    return new GzhError('stats/quota', `The daily quota of datacube/${r.endpoint} is used up (WeChat error 45009, at ${r.begin_date})`, {
      hint: 'Try again tomorrow (the quota counts Beijing days); with stats.store: true the days fetched so far are kept and not asked for again',
      exitCode: 1,
    });
  }
  return error;
}
