import { describe, expect, it } from 'vitest';
import { aggregateStats } from '../../src/stats/aggregate.js';
import { csvToStats, statsToCsv, CSV_COLUMNS } from '../../src/stats/csv.js';
import { resolvePeriod, splitPeriod, runsOf } from '../../src/stats/dates.js';
import { planStatsRequests } from '../../src/stats/fetch-stats.js';
import { articleIndex, sentMessages } from '../../src/stats/sent-messages.js';
import { sparkline } from '../../src/stats/sparkline.js';
import type { ArticleDay } from '../../src/stats/types.js';

// 2026-12-03 10:00 Beijing
const NOW = Date.parse('2026-12-03T02:00:00Z');

describe('periods', () => {
  it('defaults to the 7 days up to yesterday (Beijing), and reads day words', () => {
    expect(resolvePeriod({}, NOW)).toEqual({ since: '2026-11-26', until: '2026-12-02' });
    expect(resolvePeriod({ since: '30d' }, NOW)).toEqual({ since: '2026-11-03', until: '2026-12-02' });
    expect(resolvePeriod({ since: '2026-11-01', until: 'yesterday' }, NOW)).toEqual({ since: '2026-11-01', until: '2026-12-02' });
    // 23:30 UTC on Dec 2 is Dec 3 in Beijing: yesterday is still Dec 2
    expect(resolvePeriod({}, Date.parse('2026-12-02T23:30:00Z')).until).toBe('2026-12-02');
  });

  it('never asks for today, the future, a reversed or a too-old period, or a date that does not exist', () => {
    expect(() => resolvePeriod({ until: 'today' }, NOW)).toThrow(/up to yesterday \(2026-12-02/);
    expect(() => resolvePeriod({ since: '2026-12-05', until: '2026-12-06' }, NOW)).toThrow(/not over yet/);
    expect(() => resolvePeriod({ since: '2026-12-01', until: '2026-11-30' }, NOW)).toThrow(/after --until/);
    expect(() => resolvePeriod({ since: '2025-01-01' }, NOW)).toThrow(/older than WeChat keeps/);
    expect(resolvePeriod({ since: '2025-01-01' }, NOW, 7, true).since).toBe('2025-01-01');
    expect(() => resolvePeriod({ since: '2026-02-30' }, NOW)).toThrow(/is not a date/);
    expect(() => resolvePeriod({ since: '' + 'soon' }, NOW)).toThrow(/is not a date/);
  });

  it('splits into spans, the last one shorter', () => {
    expect(splitPeriod({ since: '2026-11-01', until: '2026-11-16' }, 7)).toEqual([
      { since: '2026-11-01', until: '2026-11-07' },
      { since: '2026-11-08', until: '2026-11-14' },
      { since: '2026-11-15', until: '2026-11-16' },
    ]);
    expect(splitPeriod({ since: '2026-02-27', until: '2026-03-01' }, 1).map((p) => p.since)).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
    expect(runsOf(['2026-11-03', '2026-11-01', '2026-11-02', '2026-11-09'])).toEqual([
      { since: '2026-11-01', until: '2026-11-03' },
      { since: '2026-11-09', until: '2026-11-09' },
    ]);
  });
});

describe('matching and planning', () => {
  const account = {
    media: {},
    journal: {},
    drafts: { d1: { media_id: 'm1', articles: [{ path: 'content/a.md', hash: 'x' }, { path: 'content/文章.md', hash: 'y' }], created: '', updated: '' } },
    publishes: {
      p1: { draft: 'd1', media_id: 'm1', status: 'published', time: '2026-11-20T03:00:00Z', msg_data_id: '2247483650' },
      p2: { draft: 'd1', media_id: 'm1', status: 'failed', time: '2026-11-21T03:00:00Z' },
    },
    pushes: { q1: { draft: 'd1', time: '2026-11-28T03:00:00Z', msg_data_id: '99' } },
  };

  it('maps <msg_data_id>_<index> to files, from publishes and pushes alike', () => {
    const sent = sentMessages(account as never);
    expect(sent.map((s) => [s.msg_data_id, s.kind])).toEqual([['2247483650', 'publish'], ['99', 'push']]);
    const index = articleIndex(sent);
    expect(index.get('2247483650_2')?.path).toBe('content/文章.md');
    expect(index.get('99_1')?.path).toBe('content/a.md');
    expect(index.get('2247483650_3')).toBeUndefined();
  });

  it('plans a summary per day, followers per 7 days, article totals only for send days whose week touches the days', () => {
    const sent = sentMessages(account as never);
    const days = ['2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02'];
    const plan = planStatsRequests(days, sent, '2026-12-02');
    expect(plan.filter((r) => r.endpoint === 'getarticlesummary')).toHaveLength(6);
    // sent 11-20 → details to 11-26: outside; sent 11-28 → inside
    expect(plan.filter((r) => r.endpoint === 'getarticletotal').map((r) => r.begin_date)).toEqual(['2026-11-28']);
    expect(plan.filter((r) => r.endpoint === 'getusersummary')).toEqual([{ endpoint: 'getusersummary', begin_date: '2026-11-27', end_date: '2026-12-02' }]);
    for (const r of plan) expect(r.end_date <= '2026-12-02').toBe(true);
  });
});

describe('aggregation, csv, sparkline', () => {
  const row = (date: string, msgid: string, reads: number, file = 'content/a.md'): ArticleDay => ({ date, msgid, title: `t ${msgid}, "q"`, file, reads, readers: reads - 1, readsFromFollowers: Math.floor(reads / 2), readsFromShares: 1, shares: 2, sharers: 1, favourites: 1 });
  const rows = [row('2026-11-01', '1_1', 10), row('2026-11-02', '1_1', 5), row('2026-11-02', '2_1', 30, 'content/b.md'), row('2026-11-01', '9_1', 7, ''), row('2026-10-31', '1_1', 100)];
  const followers = [
    { date: '2026-11-01', newFollowers: 5, cancelledFollowers: 1, cumulativeFollowers: 104 },
    { date: '2026-11-02', newFollowers: 3, cancelledFollowers: 2, cumulativeFollowers: 105 },
  ];

  it('totals per article in the period, most read first; unmatched rows apart', () => {
    const r = aggregateStats(rows, followers, { since: '2026-11-01', until: '2026-11-02' });
    expect(r.articles.map((a) => [a.msgid, a.reads, a.daily])).toEqual([['2_1', 30, [0, 30]], ['1_1', 15, [10, 5]]]);
    expect(r.notFromRepo.map((a) => a.msgid)).toEqual(['9_1']);
    expect(r.totals.reads).toBe(45);
    expect(r.followers).toMatchObject({ newFollowers: 8, cancelledFollowers: 3, net: 5, cumulative: 105 });
    const only = aggregateStats(rows, followers, { since: '2026-11-01', until: '2026-11-02' }, new Set(['content/b.md']));
    expect(only.articles.map((a) => a.msgid)).toEqual(['2_1']);
  });

  it('CSV round-trips, titles with commas and quotes included, with the documented columns', () => {
    const text = statsToCsv(rows, followers);
    expect(text.split('\n')[0]).toBe(CSV_COLUMNS.join(','));
    const back = csvToStats(text, 'x.csv');
    expect(back.followers).toEqual(followers);
    expect(back.rows.sort((a, b) => (a.date + a.msgid).localeCompare(b.date + b.msgid))).toEqual([...rows].sort((a, b) => (a.date + a.msgid).localeCompare(b.date + b.msgid)));
  });

  it('an HTML report of a period without reads: follower charts only, no article chart, titles escaped', async () => {
    const { renderStatsHtml } = await import('../../src/stats/report-html.js');
    const empty = renderStatsHtml(aggregateStats([], followers, { since: '2026-11-01', until: '2026-11-02' }));
    expect(empty.match(/data-chart="([a-z-]+)"/g)).toEqual(['data-chart="follower-growth"', 'data-chart="followers"']);
    const full = renderStatsHtml(aggregateStats([{ ...row('2026-11-01', '1_1', 10), title: '<script>alert(1)</script>' }], followers, { since: '2026-11-01', until: '2026-11-02' }));
    expect(full).not.toContain('<script>');
    expect(full).toContain('&#60;script&#62;');
  });

  it('draws a sparkline scaled to its maximum', () => {
    expect(sparkline([0, 1, 4, 8])).toBe(' ▁▄█');
    expect(sparkline([0, 0])).toBe('  ');
  });
});
