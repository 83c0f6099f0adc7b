/**
 * `gzh schedule`: the planned posts of the next 30 days beside Chinese holidays, festivals and solar terms, with
 * what gzh.lock says was published (by a real `gzh publish --due` against the sandbox), overdue posts, days with
 * two posts marked; `--json`; a bad publish_at is an error with file:line.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as runPublish } from '../../src/cli/commands/publish.js';
import { run } from '../../src/cli/commands/schedule.js';
import { describeDay } from '../../src/schedule/calendar-days.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { APP_ID, SECRET, capture, makeProject, sandboxEnv, type Project } from '../publish/helpers.js';

let tmp: string;
let sb: Sandbox;
let project: Project;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'gzh-schedule-'));
  sb = await startSandbox({ appId: APP_ID, appSecret: SECRET, publishMs: 0 });
  project = await makeProject(
    [
      { name: 'h-today.md', title: '今天早上', images: 1 },
      { name: 'a-dongzhi.md', title: '冬至吃饺子', images: 1 },
      { name: 'b-eve.md', title: '平安夜', images: 1 },
      { name: 'c-night.md', title: '平安夜晚上', images: 1 },
      { name: 'e-spring.md', title: '三月', images: 1 },
      { name: 'f-none.md', title: '没有定时', images: 1 },
    ],
    tmp,
  );
  await schedule('h-today.md', '2026-12-20T08:00+08:00');
  await schedule('a-dongzhi.md', '2026-12-22T08:00+08:00');
  await schedule('b-eve.md', '2026-12-24T08:00+08:00');
  await schedule('c-night.md', '2026-12-24T20:00+08:00');
  await schedule('e-spring.md', '2027-03-01T08:00+08:00');
  const published = capture(project.dir, { ...sandboxEnv(sb, path.join(tmp, 'cache')), GZH_NOW: '2026-12-20T09:00+08:00' });
  expect(await runPublish([], { due: true }, published.ctx)).toBe(0);
  // written after that run: due since yesterday, never published
  await writeFile(path.join(project.dir, 'content', 'i-late.md'), '---\ntitle: 迟到的文章\npublish_at: 2026-12-19T07:00+08:00\n---\n\n正文。\n');
});
afterAll(async () => {
  await sb?.close();
  await rm(tmp, { recursive: true, force: true });
});

async function schedule(name: string, at: string): Promise<void> {
  const file = path.join(project.dir, 'content', name);
  await writeFile(file, (await readFile(file, 'utf8')).replace('author: 测试', `author: 测试\npublish_at: ${at}`));
}

interface Json {
  ok: boolean;
  from: string;
  to: string;
  later: number;
  unscheduled: number;
  overdue: { titles: string[]; state: string }[];
  days: { date: string; lunar: string; events: { kind: string; name: string }[]; posts: { titles: string[]; time: string; state: string; push?: boolean }[]; conflicts: string[] }[];
}

async function scheduleJson(now = '2026-12-20T10:00+08:00', options: Record<string, unknown> = {}) {
  const c = capture(project.dir, { GZH_NOW: now });
  const code = await run([], { json: true, ...options }, c.ctx);
  return { code, json: JSON.parse(c.out()) as Json, err: c.err() };
}

describe('gzh schedule', () => {
  it('lays the next 30 days out with the posts, their state, and the day they fall on', async () => {
    const { code, json } = await scheduleJson();
    expect(code).toBe(0);
    expect(json).toMatchObject({ ok: true, from: '2026-12-20', to: '2027-01-18', later: 1, unscheduled: 1 });
    expect(json.days).toHaveLength(30);
    const day = (date: string) => json.days.find((d) => d.date === date)!;
    expect(day('2026-12-20').posts).toMatchObject([{ titles: ['今天早上'], time: '08:00', state: 'published' }]);
    expect(day('2026-12-22')).toMatchObject({ events: [{ kind: 'festival', name: '冬至节' }], posts: [{ titles: ['冬至吃饺子'], state: 'planned' }] });
    expect(day('2026-12-24').posts.map((p) => p.titles[0])).toEqual(['平安夜', '平安夜晚上']);
    expect(day('2026-12-24').conflicts[0]).toMatch(/2 posts on one day/);
    expect(day('2026-12-22').conflicts).toEqual([]);
    expect(day('2027-01-01').events).toContainEqual({ kind: 'festival', name: '元旦' });
    expect(day('2027-01-05').events).toContainEqual({ kind: 'term', name: '小寒' });
    expect(day('2027-01-15').events).toContainEqual({ kind: 'festival', name: '腊八节' });
    expect(json.overdue).toMatchObject([{ titles: ['迟到的文章'], state: 'due' }]);
  });

  it('prints a calendar: a line per day with its lunar date and events, posts under it, weeks apart', async () => {
    const c = capture(project.dir, { GZH_NOW: '2026-12-20T10:00+08:00' });
    expect(await run([], { days: 14 }, c.ctx)).toBe(0);
    const out = c.out();
    expect(out).toMatch(/^2026-12-20 → 2027-01-02 \(Beijing time\)$/m);
    expect(out).toMatch(/^! overdue since 2026-12-19 07:00: 迟到的文章 \(content\/i-late\.md\)/m);
    expect(out).toMatch(/^12-22 周二 十一月十四\s+冬至节$/m);
    expect(out).toMatch(/^ {4}✓ 08:00 今天早上 content\/h-today\.md \(published\)$/m);
    expect(out).toMatch(/^ {4}• 20:00 平安夜晚上 content\/c-night\.md$/m);
    expect(out).toMatch(/^ {4}! 2 posts on one day/m);
    expect(out).toMatch(/^01-01 周五 .*元旦$/m);
    // a rule before each Monday
    expect(out).toMatch(/─+\n12-21 周一/);
    expect(out).toMatch(/4 posts in these 14 days · 1 later · 1 article without publish_at/);
  });

  it('a bad publish_at: an error with file:line, exit 1, the rest still shown', async () => {
    await writeFile(path.join(project.dir, 'content', 'z-bad.md'), '---\ntitle: 坏日期\npublish_at: 2026-12-32T08:00+08:00\n---\n\n正文。\n');
    try {
      const { code, json, err } = await scheduleJson();
      expect(code).toBe(1);
      expect(json.ok).toBe(false);
      expect(err).toMatch(/content\/z-bad\.md:3:\d+.*`publish_at` must be a time/);
      expect(json.days.find((d) => d.date === '2026-12-24')!.posts).toHaveLength(2);
    } finally {
      await rm(path.join(project.dir, 'content', 'z-bad.md'));
    }
  });
});

describe('what a day is (tyme4ts)', () => {
  it.each([
    ['2026-10-01', [{ kind: 'holiday', name: '国庆节放假' }, { kind: 'festival', name: '国庆节' }]],
    ['2026-10-10', [{ kind: 'workday', name: '国庆节调休上班' }]],
    ['2026-09-25', [{ kind: 'holiday', name: '中秋节放假' }, { kind: 'festival', name: '中秋节' }]],
    ['2027-02-06', [{ kind: 'festival', name: '春节' }]],
    ['2026-06-19', [{ kind: 'holiday', name: '端午节放假' }, { kind: 'festival', name: '端午节' }]],
    ['2026-12-07', [{ kind: 'term', name: '大雪' }]],
    ['2026-12-08', []],
  ])('%s', (date, events) => {
    expect(describeDay(date).events).toEqual(events);
  });
});

describe('gzh schedule: pushes (push: true) against the quota and the cadence', () => {
  let dir: string;
  beforeAll(async () => {
    const p = await makeProject(
      [
        { name: 'p0-sent.md', title: '已经群发', images: 1 },
        { name: 'p1-tonight.md', title: '今晚再推', images: 0 },
        { name: 'p2-morning.md', title: '明早推送', images: 0 },
        { name: 'p3-evening.md', title: '明晚推送', images: 0 },
        { name: 'p4-dawn.md', title: '后天凌晨', images: 0 },
        { name: 'p5-quiet.md', title: '只发布不推送', images: 0 },
      ],
      tmp,
    );
    dir = p.dir;
    const at = async (name: string, when: string, push = true) => {
      const file = path.join(dir, 'content', name);
      await writeFile(file, (await readFile(file, 'utf8')).replace('author: 测试', `author: 测试\npublish_at: ${when}${push ? '\npush: true' : ''}`));
    };
    await at('p1-tonight.md', '2026-12-20T22:00+08:00');
    await at('p2-morning.md', '2026-12-21T08:00+08:00');
    await at('p3-evening.md', '2026-12-21T20:00+08:00');
    await at('p4-dawn.md', '2026-12-22T02:00+08:00');
    await at('p5-quiet.md', '2026-12-22T03:00+08:00', false);
    // one real push today (12-20 09:00, Beijing), recorded in gzh.lock
    const sent = capture(dir, { ...sandboxEnv(sb, path.join(tmp, 'cache-push')), GZH_NOW: '2026-12-20T09:00+08:00' });
    const code = await runPublish(['content/p0-sent.md'], { broadcast: true }, sent.ctx);
    expect(code, sent.err()).toBe(0);
  });

  it('marks the push over the day\'s quota, the one sooner than cadence.minHours, and nothing else', async () => {
    const c = capture(dir, { GZH_NOW: '2026-12-20T10:00+08:00' });
    expect(await run([], { json: true }, c.ctx)).toBe(0);
    const json = JSON.parse(c.out()) as Json;
    const day = (date: string) => json.days.find((d) => d.date === date)!;
    // today's push is in gzh.lock: a subscription account has no second one today
    expect(day('2026-12-20').conflicts).toEqual([expect.stringMatching(/push of 《今晚再推》 at 22:00 is over the quota: a subscription account pushes 1 time a day \(Beijing time\), 1 already in 2026-12-20/)]);
    // 12-21 08:00 is 23 h after the push of 12-20 09:00 (the refused 22:00 one doesn't count): fine; 20:00 the same day: over the quota
    expect(day('2026-12-21').conflicts).toEqual([expect.stringMatching(/2 posts on one day/), expect.stringMatching(/《明晚推送》 at 20:00 is over the quota/)]);
    // 02:00 next day: a new day, but only 18 h after 08:00 (cadence 20 h for subscription accounts)
    expect(day('2026-12-22').conflicts).toEqual([expect.stringMatching(/2 posts on one day/), expect.stringMatching(/push of 《后天凌晨》 at 02:00 comes 18 h after 《明早推送》; cadence.minHours is 20$/)]);
    expect(day('2026-12-22').posts.map((p) => p.push)).toEqual([true, false]);
  });

  it('prints pushes as [群发] with the conflicts under their day', async () => {
    const c = capture(dir, { GZH_NOW: '2026-12-20T10:00+08:00' });
    expect(await run([], { days: 3 }, c.ctx)).toBe(0);
    expect(c.out()).toMatch(/^ {4}• 22:00 今晚再推 \[群发\] content\/p1-tonight\.md$/m);
    expect(c.out()).toMatch(/^ {4}• 03:00 只发布不推送 content\/p5-quiet\.md$/m);
    expect(c.out()).toMatch(/^ {4}! the push of 《今晚再推》 at 22:00 is over the quota/m);
  });
});

describe('gzh schedule with several accounts (config accounts:)', () => {
  it('shows each account\'s posts under its name, checked against its own quota and state file; --account narrows', async () => {
    const p = await makeProject(
      [
        { name: 'm1-both.md', title: '两个号都发', images: 0 },
        { name: 'm2-tech.md', title: '只给技术号', images: 0 },
        { name: 'm3-tech-again.md', title: '技术号再推', images: 0 },
      ],
      tmp,
    );
    const at = async (name: string, extra: string) => {
      const file = path.join(p.dir, 'content', name);
      await writeFile(file, (await readFile(file, 'utf8')).replace('author: 测试', `author: 测试\n${extra}`));
    };
    await at('m1-both.md', 'publish_at: 2026-12-21T08:00+08:00\npush: true');
    await at('m2-tech.md', 'publish_at: 2026-12-21T12:00+08:00\npush: true\naccounts: [tech]');
    await at('m3-tech-again.md', 'publish_at: 2026-12-21T18:00+08:00\npush: true\naccounts: tech');
    // tech is a service account (4 pushes a month): three on one day are within its quota, but not its cadence
    await writeFile(path.join(p.dir, 'gzh.config.json'), JSON.stringify({ accounts: { main: {}, tech: { type: 'service' } } }));
    const c = capture(p.dir, { GZH_NOW: '2026-12-20T10:00+08:00' });
    expect(await run([], { json: true, days: 3 }, c.ctx)).toBe(0);
    const json = JSON.parse(c.out()) as { days: { date: string; posts: { account?: string; titles: string[] }[]; conflicts: string[] }[] };
    const day = json.days.find((d) => d.date === '2026-12-21')!;
    expect(day.posts.map((x) => [x.account, x.titles[0]])).toEqual([
      ['main', '两个号都发'],
      ['tech', '两个号都发'],
      ['tech', '只给技术号'],
      ['tech', '技术号再推'],
    ]);
    // main has one post: no conflict of its own; tech's second and third pushes come sooner than 120 h
    expect(day.conflicts.filter((x) => x.startsWith('main') || x.includes('for main'))).toEqual([]);
    expect(day.conflicts).toEqual(expect.arrayContaining([expect.stringMatching(/^3 posts on one day for tech/), expect.stringMatching(/^tech: the push of 《只给技术号》 at 12:00 comes 4 h after 《两个号都发》; cadence.minHours is 120$/)]));

    const only = capture(p.dir, { GZH_NOW: '2026-12-20T10:00+08:00' });
    expect(await run([], { days: 3, account: 'main' }, only.ctx)).toBe(0);
    expect(only.out()).toMatch(/^ {4}• 08:00 \[main\] 两个号都发 \[群发\] content\/m1-both\.md$/m);
    expect(only.out()).not.toContain('[tech]');
  });
});
