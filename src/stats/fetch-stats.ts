/**
 * Fetching a period from WeChat: the requests are planned first (data: which endpoint, which days), each within
 * its endpoint's span and never for today; then sent one by one through the WeChat client, which retries and
 * waits out the minute quota like every other call. Raw rows become ArticleDay / FollowerDay rows here.
 */
import { GzhError, InterruptedError } from '../errors.js';
import { WechatApiError } from '../wechat/errors.js';
import type { WechatClient } from '../wechat/types.js';
import { addDays, beijingDay, dayNumber, runsOf, splitPeriod, type Period } from './dates.js';
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
 * The requests for these days (any set, e.g. the days not stored yet): getarticlesummary per day, follower numbers
 * per 7 days, and getarticletotal for each day a known article was sent whose 7 days of detail touch them (the
 * only source of "from followers / from shares").
 */
export function planStatsRequests(days: readonly string[], sent: readonly SentMessage[], yesterday: string): StatsRequest[] {
  const runs = runsOf(days);
  const out: StatsRequest[] = [];
  const push = (endpoint: DatacubeEndpoint, p: Period) => out.push({ endpoint, begin_date: p.since, end_date: p.until });
  for (const run of runs) for (const p of splitPeriod(run, DATACUBE_SPANS.getarticlesummary)) push('getarticlesummary', p);
  const wanted = new Set(days);
  const sendDays = new Set<string>();
  for (const m of sent) {
    const t = Date.parse(m.time);
    if (!Number.isFinite(t)) continue;
    const s = beijingDay(t);
    if (dayNumber(s)! > dayNumber(yesterday)!) continue;
    for (let i = 0; i < DETAIL_DAYS; i++) if (wanted.has(addDays(s, i))) sendDays.add(s);
  }
  for (const s of [...sendDays].sort()) push('getarticletotal', { since: s, until: s });
  for (const endpoint of ['getusersummary', 'getusercumulate'] as const) for (const run of runs) for (const p of splitPeriod(run, DATACUBE_SPANS[endpoint])) push(endpoint, p);
  return out;
}

export interface FetchedStats {
  rows: ArticleDay[];
  followers: FollowerDay[];
  /** Days whose every request answered (safe to store). */
  days: string[];
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
  for (const r of requests) {
    let list: Record<string, unknown>[];
    try {
      list = await client.datacube(r.endpoint, r.begin_date, r.end_date);
    } catch (error) {
      throw explainFailure(error, r);
    }
    if (r.endpoint === 'getarticlesummary') summaries.push(...(list as unknown as ArticleSummaryRow[]));
    else if (r.endpoint === 'getarticletotal') totals.push(...(list as unknown as ArticleTotalRow[]));
    else if (r.endpoint === 'getusersummary') users.push(...(list as unknown as UserSummaryRow[]));
    else if (r.endpoint === 'getusercumulate') cumulates.push(...(list as unknown as UserCumulateRow[]));
    onProgress?.(++done, requests.length, r);
  }

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
      hint: 'Try again tomorrow (the quota counts Beijing days), or ask for a shorter period',
      exitCode: 1,
    });
  }
  return error;
}
