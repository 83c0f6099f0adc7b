/**
 * `gzh stats` over real HTTP against the sandbox: articles published from a project (one from another repo),
 * the sandbox clock moved a month on; the numbers must be the sandbox's own, the requests exactly those
 * planned, a rerun with stats.store asks only for the new days, bad periods never reach the server.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as publish } from '../../src/cli/commands/publish.js';
import { run as stats } from '../../src/cli/commands/stats.js';
import { collectStats, createWechatClient, loadProject, startSandbox, type Sandbox } from '../../src/index.js';
import { articleDayNumbers } from '../../src/sandbox/datacube.js';
import { addDays, beijingDay, daysBetween } from '../../src/stats/dates.js';
import { APP_ID, SECRET, capture, makeProject, sandboxEnv, type Project } from '../publish/helpers.js';

let tmp: string;
let sb: Sandbox;
let project: Project;
let other: Project;
let sendDay: string;
/** A month after the send, 10:00 Beijing. */
let now: string;

async function cli(command: typeof stats, dir: string, args: string[], options: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) {
  const c = capture(dir, { ...sandboxEnv(sb, path.join(dir, '.cache')), GZH_NOW: now, ...env });
  try {
    return { code: await command(args, options, c.ctx), out: c.out(), err: c.err(), error: undefined as (Error & { code?: string; hint?: string; exitCode?: number }) | undefined };
  } catch (error) {
    return { code: -1, out: c.out(), err: c.err(), error: error as Error & { code?: string; hint?: string; exitCode?: number } };
  }
}

/** Datacube requests answered (a token the month-long clock jump expired is refused once, 42001, and refetched: not counted). */
const datacubeCalls = (from = 0) => sb.log.slice(from).filter((e) => e.endpoint.startsWith('/cgi-bin/datacube/') && e.errcode !== 42001);

/** The sandbox's own totals of one article over days. */
function expected(msgid: string, sentAt: number, days: string[], sent = sendDay) {
  let reads = 0;
  let followers = 0;
  let shares = 0;
  for (const d of days) {
    const n = articleDayNumbers(msgid, sentAt, d);
    reads += n.int_page_read_count;
    shares += n.share_count;
    // WeChat details the sources for the send day and 6 more
    if (daysBetween(sent, d).length <= 7) followers += n.int_page_from_session_read_count;
  }
  return { reads, shares, followers };
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'gzh-stats-'));
  sb = await startSandbox({ appId: APP_ID, appSecret: SECRET, publishPolls: 0, publishMs: 0 });
  project = await makeProject([
    { name: 'a1.md', title: '春日山行记', images: 1 },
    { name: '文章.md', title: '城市夜跑笔记', images: 1 },
    { name: 'a3.md', title: '一碗面的讲究', images: 1 },
  ], tmp);
  other = await makeProject([{ name: 'x.md', title: '别的仓库的文章', images: 1 }], tmp);
  now = new Date(Date.now()).toISOString();
  const p1 = await cli(publish as typeof stats, project.dir, ['content'], { submit: true });
  expect(p1.code, p1.err + String(p1.error)).toBe(0);
  const p2 = await cli(publish as typeof stats, other.dir, ['content'], { submit: true });
  expect(p2.code, p2.err + String(p2.error)).toBe(0);
  sendDay = beijingDay(sb.state.publishes[0]!.create_time * 1000);
  // a month later, 10:00 in Beijing
  now = `${addDays(sendDay, 30)}T02:00:00.000Z`;
  sb.clock.set(now);
}, 60_000);

afterAll(async () => {
  await sb?.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('gzh stats against the sandbox', () => {
  it("30 days: the sandbox's own numbers per article, exactly the planned requests, the other repo's article apart", async () => {
    const from = sb.log.length;
    const r = await cli(stats, project.dir, [], { since: sendDay, json: true });
    expect(r.code, r.err + String(r.error)).toBe(0);
    const json = JSON.parse(r.out);
    const days = daysBetween(sendDay, addDays(sendDay, 29));
    expect(json.days).toEqual(days);
    // 30 getarticlesummary (1 day each) + 1 getarticletotal (the one send day) + 5 + 5 follower requests (7 days each)
    expect(json.requests).toBe(41);
    // a long fetch shows its progress (on stderr: stdout stays JSON)
    expect(r.err).toContain('Fetching analytics 41/41');
    const calls = datacubeCalls(from);
    expect(calls).toHaveLength(41);
    expect(calls.filter((c) => c.endpoint.endsWith('/getarticlesummary'))).toHaveLength(30);
    expect(calls.filter((c) => c.endpoint.endsWith('/getusersummary'))).toHaveLength(5);
    expect(calls.every((c) => c.errcode === 0)).toBe(true);

    const mine = sb.state.publishes[0]!;
    // one draft of the content folder, in file order
    const files = ['content/a1.md', 'content/a3.md', 'content/文章.md'];
    for (const [i, file] of files.entries()) {
      const msgid = `${mine.msg_data_id}_${i + 1}`;
      const want = expected(msgid, mine.create_time * 1000, days);
      const got = json.articles.find((a: { file: string }) => a.file === file);
      expect(got, file).toMatchObject({ msgid, reads: want.reads, shares: want.shares, readsFromFollowers: want.followers });
      expect(want.reads).toBeGreaterThan(0);
    }
    expect(json.totals.reads).toBe(json.articles.reduce((s: number, a: { reads: number }) => s + a.reads, 0));
    const theirs = sb.state.publishes[1]!;
    expect(json.notFromRepo).toEqual([expect.objectContaining({ msgid: `${theirs.msg_data_id}_1`, title: '别的仓库的文章', file: '' })]);
    expect(json.followers.newFollowers).toBeGreaterThan(json.followers.cancelledFollowers);
    expect(json.followers.cumulative).toBeGreaterThan(1000);
  });

  it('the table: one line per article with a sparkline, totals, followers, and "not from this repo"', async () => {
    const r = await cli(stats, project.dir, [], { since: sendDay, until: addDays(sendDay, 9) });
    expect(r.code, r.err + String(r.error)).toBe(0);
    const lines = r.out.split('\n');
    const article = lines.find((l) => l.includes('content/文章.md'))!;
    expect(article).toMatch(/城市夜跑笔记/);
    // reads decay day by day: the sparkline starts at its top block
    expect(article).toMatch(/█▅▃▂▁/);
    expect(r.out).toMatch(/^total\s+3 articles/m);
    expect(r.out).toMatch(/Followers: \+\d+ new, −\d+ cancelled/);
    expect(r.out).toMatch(/Not from this repo[^\n]*\n\s+别的仓库的文章/);
  });

  it('--csv: one row per article per day with reads, one follower row per day, the documented columns', async () => {
    const until = addDays(sendDay, 9);
    const r = await cli(stats, project.dir, [], { since: sendDay, until, csv: 'out/统计.csv' });
    expect(r.code, String(r.error)).toBe(0);
    const { parse } = await import('csv-parse/sync');
    const records = parse(await readFile(path.join(project.dir, 'out', '统计.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    const followerRows = records.filter((x) => x.msgid === '');
    expect(followerRows.map((x) => x.date)).toEqual(daysBetween(sendDay, until));
    const mine = sb.state.publishes[0]!;
    const a1 = records.filter((x) => x.file === 'content/a1.md');
    // the article is read every day of these 10 (its reads decay but stay above zero)
    expect(a1).toHaveLength(10);
    expect(a1.map((x) => Number(x.reads))).toEqual(daysBetween(sendDay, until).map((d) => articleDayNumbers(`${mine.msg_data_id}_1`, mine.create_time * 1000, d).int_page_read_count));
    expect(records.find((x) => x.file === '' && x.msgid !== '')?.title).toBe('别的仓库的文章');
  });

  it('paths choose articles (a Chinese file name, a flag before the path)', async () => {
    const r = await cli(stats, project.dir, ['content/文章.md'], { since: sendDay, json: true });
    const json = JSON.parse(r.out);
    expect(json.articles.map((a: { file: string }) => a.file)).toEqual(['content/文章.md']);
    expect(json.notFromRepo).toEqual([]);
  });

  it('stats.store: the rerun asks only for the new days, totals still over the whole period; nothing new → no request', async () => {
    const dir = project.dir;
    await writeFile(path.join(dir, 'gzh.config.yaml'), 'stats:\n  store: true\n');
    try {
      const until = addDays(sendDay, 29);
      const first = await cli(stats, dir, [], { since: sendDay, until, json: true });
      expect(first.code, first.err + String(first.error)).toBe(0);
      expect(JSON.parse(first.out).requests).toBe(41);
      const csv = await readFile(path.join(dir, 'stats', 'default.csv'), 'utf8');
      expect(csv.split('\n')[0]).toBe('date,msgid,file,title,reads,readers,reads_from_followers,reads_from_shares,shares,sharers,favourites,new_followers,cancelled_followers,cumulative_followers');

      // three days later
      now = `${addDays(sendDay, 33)}T02:00:00.000Z`;
      sb.clock.set(now);
      const from = sb.log.length;
      const again = await cli(stats, dir, [], { since: sendDay, json: true });
      expect(again.code, again.err + String(again.error)).toBe(0);
      const json = JSON.parse(again.out);
      const calls = datacubeCalls(from);
      // 3 summaries + 1 + 1 follower requests; the send day's details are stored already
      expect(calls.map((c) => c.endpoint.replace('/cgi-bin/datacube/', '')).sort()).toEqual(['getarticlesummary', 'getarticlesummary', 'getarticlesummary', 'getusercumulate', 'getusersummary']);
      expect(json.requests).toBe(5);
      const mine = sb.state.publishes[0]!;
      const days = daysBetween(sendDay, addDays(sendDay, 32));
      const want = expected(`${mine.msg_data_id}_1`, mine.create_time * 1000, days);
      expect(json.articles.find((a: { file: string }) => a.file === 'content/a1.md')).toMatchObject({ reads: want.reads, readsFromFollowers: want.followers });

      const from2 = sb.log.length;
      const third = await cli(stats, dir, [], { since: sendDay, json: true });
      expect(JSON.parse(third.out).requests).toBe(0);
      expect(sb.log.length).toBe(from2);
      expect(JSON.parse(third.out).totals).toEqual(json.totals);
    } finally {
      await rm(path.join(dir, 'gzh.config.yaml'));
      now = `${addDays(sendDay, 30)}T02:00:00.000Z`;
      sb.clock.set(now);
    }
  });

  it('--account NAME: that account\'s credentials and history file; unset (or empty) credentials are an error', async () => {
    const empty = { WECHAT_APP_ID_SHOP: '', WECHAT_APP_SECRET_SHOP: ' ' };
    const from = sb.log.length;
    const missing = await cli(stats, project.dir, [], { account: 'shop' }, empty);
    expect(missing.error).toMatchObject({ exitCode: 2, message: '--account shop: WECHAT_APP_ID_SHOP and WECHAT_APP_SECRET_SHOP not set' });
    expect(sb.log.length).toBe(from);
    const r = await cli(stats, project.dir, [], { account: 'shop', since: sendDay, json: true }, { WECHAT_APP_ID: 'wrong', WECHAT_APP_ID_SHOP: APP_ID, WECHAT_APP_SECRET_SHOP: SECRET });
    expect(r.code, String(r.error)).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ account: 'shop', articles: [expect.anything(), expect.anything(), expect.anything()] });
  });

  it.each([
    ['--until today', { until: 'today' }, /up to yesterday/],
    ['a future day', { since: addDaysLater(40), until: addDaysLater(41) }, /not over yet/],
    ['a reversed period', { since: '2026-11-05', until: '2026-11-01' }, /after --until/],
    ['a day that does not exist', { since: '2026-02-30' }, /is not a date/],
    ['more than a year back', { since: '2020-01-01' }, /older than WeChat keeps/],
  ])('%s: a usage error (exit 2) and no request reaches the server', async (_name, options, message) => {
    const from = sb.log.length;
    const r = await cli(stats, project.dir, [], options);
    expect(r.error).toMatchObject({ exitCode: 2, message: expect.stringMatching(message) });
    expect(sb.log.length).toBe(from);
  });

  it("the sandbox keeps WeChat's span and date rules itself (61501 / 61500)", async () => {
    const client = createWechatClient({ appId: APP_ID, appSecret: SECRET, apiBase: sb.apiBase, tokenCacheDir: false, env: {}, retry: { retries: 0 } });
    try {
      const today = beijingDay(Date.parse(now));
      await expect(client.datacube('getarticlesummary', addDays(today, -3), addDays(today, -2))).rejects.toMatchObject({ errcode: 61501 });
      await expect(client.datacube('getusersummary', addDays(today, -8), addDays(today, -1))).rejects.toMatchObject({ errcode: 61501 });
      await expect(client.datacube('getusersummary', addDays(today, -7), today)).rejects.toMatchObject({ errcode: 61501 });
      await expect(client.datacube('getusersummary', '2026/11/01', '2026/11/02')).rejects.toMatchObject({ errcode: 61500 });
      expect(await client.datacube('getusersummary', addDays(today, -7), addDays(today, -1))).toHaveLength(14);
    } finally {
      await client.close();
    }
  });

  it('48001 (no analytics permission): one clear error, nothing more sent', async () => {
    // an account without the permission: every datacube endpoint answers 48001
    sb.setFaults({ errcode: { errcode: 48001, count: 50 }, endpoints: ['getarticlesummary', 'getarticletotal', 'getusersummary', 'getusercumulate'].map((e) => `datacube/${e}`) });
    const from = sb.log.length;
    try {
      const r = await cli(stats, project.dir, [], { since: sendDay });
      expect(r.error).toMatchObject({ code: 'stats/unauthorized', message: 'This account may not read analytics (WeChat error 48001 on datacube)', hint: expect.stringContaining('接口权限') });
      // the first request answers 48001, and nothing is sent after it
      expect(datacubeCalls(from)).toEqual([expect.objectContaining({ endpoint: '/cgi-bin/datacube/getusersummary', errcode: 48001 })]);
    } finally {
      sb.setFaults({ errcode: null, endpoints: null });
    }
  });

  it('Ctrl-C during a long fetch (stats.store): stops, keeps the finished days; the rerun asks only for the rest', async () => {
    const dir = project.dir;
    await writeFile(path.join(dir, 'gzh.config.yaml'), 'stats:\n  store: true\n');
    await rm(path.join(dir, 'stats'), { recursive: true, force: true });
    const env = { ...sandboxEnv(sb, path.join(dir, '.cache')), GZH_NOW: now };
    try {
      const stop = new AbortController();
      const until = addDays(sendDay, 29);
      const cut = collectStats(await loadProject(dir, { env }), { since: sendDay, until, signal: stop.signal, onProgress: (done) => done === 12 && stop.abort() });
      await expect(cut).rejects.toMatchObject({ code: 'interrupted', exitCode: 130 });
      const csv = await readFile(path.join(dir, 'stats', 'default.csv'), 'utf8');
      const kept = new Set(csv.split('\n').slice(1).filter(Boolean).map((l) => l.slice(0, 10)));
      // week 1: 2 follower requests, 1 getarticletotal, then 7 summaries; week 2: 2 follower requests → 7 days
      expect([...kept].sort()).toEqual(daysBetween(sendDay, addDays(sendDay, 6)));
      const from = sb.log.length;
      const rest = await collectStats(await loadProject(dir, { env }), { since: sendDay, until });
      expect(datacubeCalls(from).filter((c) => c.endpoint.endsWith('/getarticlesummary'))).toHaveLength(23);
      const full = await cli(stats, dir, [], { since: sendDay, until, json: true });
      expect(rest.report.totals).toEqual(JSON.parse(full.out).totals);
    } finally {
      await rm(path.join(dir, 'gzh.config.yaml'));
      await rm(path.join(dir, 'stats'), { recursive: true, force: true });
    }
  });

  it('the minute quota (45011) is waited out like publish does, and the numbers are the same', async () => {
    const since = addDays(sendDay, 20);
    const env = { ...sandboxEnv(sb, path.join(project.dir, '.cache')), GZH_NOW: now };
    const before = await collectStats(await loadProject(project.dir, { env }), { since });
    sb.setFaults({ minuteQuota: 1, endpoints: ['datacube/getusersummary'] });
    const from = sb.log.length;
    try {
      const waits: number[] = [];
      const after = await collectStats(await loadProject(project.dir, { env }), { since, retry: { minuteQuotaWaitMs: 30 }, log: (e) => e.type === 'retry' && waits.push(e.delayMs) });
      // one wait, the minute-quota wait capped at 30 ms (or the retry backoff when longer), not a minute
      expect(waits).toHaveLength(1);
      expect(waits[0]).toBeLessThan(5000);
      expect(sb.log.slice(from).filter((e) => e.errcode === 45011)).toHaveLength(1);
      expect(after.requests).toHaveLength(10 + 2 + 2);
      expect(after.report).toEqual(before.report);
    } finally {
      sb.setFaults({ minuteQuota: 0, endpoints: null });
    }
  });
});

function addDaysLater(n: number): string {
  return addDays(beijingDay(Date.now()), n);
}

describe('a fetch cut short by the daily quota (stats.store)', () => {
  it('keeps the days fetched; each next day the rerun asks only for the rest, and the totals come out complete', async () => {
    const small = await startSandbox({ appId: APP_ID, appSecret: SECRET, publishPolls: 0, publishMs: 0, quotas: { 'datacube/getarticlesummary': 10 } });
    const dir = (await makeProject([{ name: 'q.md', title: '配额测试', images: 1 }], tmp)).dir;
    const env = (t: string) => ({ ...sandboxEnv(small, path.join(dir, '.cache')), GZH_NOW: t });
    const run = async (t: string, options: Record<string, unknown>) => {
      const c = capture(dir, env(t));
      try {
        return { code: await stats([], options, c.ctx), out: c.out(), error: undefined as (Error & { code?: string }) | undefined };
      } catch (error) {
        return { code: -1, out: c.out(), error: error as Error & { code?: string } };
      }
    };
    try {
      const c = capture(dir, env(new Date().toISOString()));
      expect(await publish(['content'], { submit: true }, c.ctx), c.err()).toBe(0);
      await writeFile(path.join(dir, 'gzh.config.yaml'), 'stats:\n  store: true\n');
      const day0 = beijingDay(small.state.publishes[0]!.create_time * 1000);
      let t = `${addDays(day0, 30)}T02:00:00.000Z`;
      small.clock.set(t);
      const first = await run(t, { since: day0, until: addDays(day0, 29) });
      expect(first.error).toMatchObject({ code: 'stats/quota', message: expect.stringContaining('getarticlesummary') });
      // 10 summaries allowed: those 10 days are complete and stored
      const csv = await readFile(path.join(dir, 'stats', 'default.csv'), 'utf8');
      const stored = new Set(csv.split('\n').slice(1).filter(Boolean).map((l) => l.slice(0, 10)));
      expect([...stored].sort()).toEqual(daysBetween(day0, addDays(day0, 9)));

      // each next Beijing day the quota is fresh: 10 more days, then the last 10
      const asked: string[] = [];
      for (let i = 1; i <= 3; i++) {
        t = `${addDays(day0, 30 + i)}T02:00:00.000Z`;
        small.clock.set(t);
        const from = small.log.length;
        const r = await run(t, { since: day0, until: addDays(day0, 29), json: true });
        asked.push(...small.log.slice(from).filter((e) => e.endpoint.endsWith('/getarticlesummary') && e.errcode === 0).map(() => 'x'));
        if (r.code === 0) {
          const json = JSON.parse(r.out);
          const mine = small.state.publishes[0]!;
          const want = expected(`${mine.msg_data_id}_1`, mine.create_time * 1000, daysBetween(day0, addDays(day0, 29)), day0);
          expect(json.articles[0]).toMatchObject({ reads: want.reads, readsFromFollowers: want.followers });
          break;
        }
        expect(r.error).toMatchObject({ code: 'stats/quota' });
      }
      // each day's summary asked for once in all (10 stored by the first run + 20 after)
      expect(asked).toHaveLength(20);
    } finally {
      await small.close();
    }
  }, 60_000);
});
