/**
 * Scheduled publishing: `gzh publish --due` (the CLI command's run) against the sandbox over real HTTP, with the
 * clock moved by GZH_NOW: exactly the articles whose publish_at has come are published, the others skipped with
 * "due in 3 h"; a rerun sends nothing; a bad publish_at is an error with file:line that stops only its own article.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/commands/publish.js';
import { run as runLint } from '../../src/cli/commands/lint.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { APP_ID, SECRET, capture, ensureDist, makeProject, sandboxEnv, spawnCli, writeRequests, type Project } from './helpers.js';

let tmp: string;
let cacheDir: string;
const sandboxes: Sandbox[] = [];
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'gzh-due-'));
  cacheDir = path.join(tmp, 'cache');
});
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((sb) => sb.close()));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

async function sandbox(): Promise<Sandbox> {
  // publishing completes at once: the test is about which drafts are sent, not about waiting
  const sb = await startSandbox({ appId: APP_ID, appSecret: SECRET, publishMs: 0 });
  sandboxes.push(sb);
  return sb;
}

async function due(project: Project, sb: Sandbox, now: string, options: Record<string, unknown> = {}, args: string[] = []) {
  // the sandbox's clock too: its push quota counts Beijing days of its own time
  sb.clock.set(now);
  const c = capture(project.dir, { ...sandboxEnv(sb, cacheDir), GZH_NOW: now });
  const code = await run(args, { due: true, ...options }, c.ctx);
  return { code, out: c.out(), err: c.err() };
}

async function schedule(project: Project, name: string, publishAt: string): Promise<void> {
  const file = path.join(project.dir, 'content', name);
  await writeFile(file, (await readFile(file, 'utf8')).replace('author: 测试', `author: 测试\npublish_at: ${publishAt}`));
}

const submits = (sb: Sandbox, from = 0) => sb.log.slice(from).filter((e) => e.endpoint === '/cgi-bin/freepublish/submit').length;
const publishedTitles = (sb: Sandbox) => sb.state.publishes.map((p) => p.articles[0]!.title);

describe('gzh publish --due', () => {
  it('publishes exactly the due articles, says when the others are due, and sends nothing on a rerun', async () => {
    const sb = await sandbox();
    const project = await makeProject(
      [
        { name: 'a-morning.md', title: '圣诞节早上', images: 1 },
        { name: 'b-noon.md', title: '圣诞节中午', images: 1 },
        { name: 'c-plain.md', title: '没有定时', images: 1 },
        { name: 'd-utc.md', title: '世界时间', images: 1 },
      ],
      tmp,
    );
    await schedule(project, 'a-morning.md', '2026-12-24T08:00+08:00');
    await schedule(project, 'b-noon.md', '2026-12-24T12:00+08:00');
    // 00:30 UTC is 08:30 Beijing time: due at 09:00 Beijing
    await schedule(project, 'd-utc.md', '2026-12-24T00:30Z');

    const first = await due(project, sb, '2026-12-24T09:00+08:00');
    expect(first.code).toBe(0);
    expect(first.err).toMatch(/content\/b-noon\.md: due in 3 h, 2026-12-24 12:00 \(UTC\+8\): skipped/);
    expect(first.err).toMatch(/content\/a-morning\.md: due since 2026-12-24 08:00 \(UTC\+8\): publishing/);
    expect(first.err).not.toMatch(/c-plain/);
    expect(publishedTitles(sb).sort()).toEqual(['世界时间', '圣诞节早上']);
    // published drafts leave the draft box; the unscheduled and the later one were never drafted
    expect(sb.state.drafts).toHaveLength(0);

    // the same moment again: nothing at all is written or submitted
    let from = sb.log.length;
    const again = await due(project, sb, '2026-12-24T09:05+08:00');
    expect(again.code).toBe(0);
    expect(writeRequests(sb, from)).toEqual([]);
    expect(submits(sb, from)).toBe(0);
    expect(again.err).toMatch(/content\/a-morning\.md: published 2026-12-\d\d \d\d:\d\d \(UTC\+8\): nothing to send/);
    expect(again.out).toMatch(/Nothing is due/);

    // three hours later the noon one goes, and only it
    from = sb.log.length;
    const noon = await due(project, sb, '2026-12-24T12:00+08:00');
    expect(noon.code).toBe(0);
    expect(submits(sb, from)).toBe(1);
    expect(publishedTitles(sb).sort()).toEqual(['世界时间', '圣诞节中午', '圣诞节早上']);

    // an edit after publishing never publishes it a second time
    await writeFile(path.join(project.dir, 'content', 'a-morning.md'), (await readFile(path.join(project.dir, 'content', 'a-morning.md'), 'utf8')) + '\n补充一段。\n');
    from = sb.log.length;
    const edited = await due(project, sb, '2026-12-25T09:00+08:00');
    expect(edited.code).toBe(0);
    expect(writeRequests(sb, from)).toEqual([]);
    expect(submits(sb, from)).toBe(0);
    // the plain article was never touched
    expect(sb.state.drafts).toHaveLength(0);
    expect(publishedTitles(sb)).not.toContain('没有定时');
  });

  it('a publication WeChat refused is not submitted again every 15 minutes, and says what to do', async () => {
    const sb = await sandbox();
    sb.setFaults({ publishFinalStatus: 3 });
    const project = await makeProject([{ name: 'refused.md', title: '被拒的文章', images: 1 }], tmp);
    await schedule(project, 'refused.md', '2026-12-24T08:00+08:00');
    const first = await due(project, sb, '2026-12-24T08:15+08:00');
    expect(first.code).toBe(1);
    expect(submits(sb)).toBe(1);
    const from = sb.log.length;
    const again = await due(project, sb, '2026-12-24T08:30+08:00');
    expect(again.code).toBe(0);
    expect(submits(sb, from)).toBe(0);
    expect(writeRequests(sb, from)).toEqual([]);
    expect(again.err).toMatch(/content\/refused\.md: publishing failed \(failed\) .*: --due does not submit it again; fix it, then `gzh publish content\/refused\.md --submit`/);
  });

  it('a draft the push workflow saved earlier is only submitted when due: no upload, no new draft; --dry-run and --json say so first', async () => {
    const sb = await sandbox();
    const project = await makeProject([{ name: 'drafted.md', title: '先存草稿', images: 2 }], tmp);
    await schedule(project, 'drafted.md', '2026-12-24T08:00+08:00');
    // the push: a draft, not published (publish without --due ignores publish_at)
    const c = capture(project.dir, { ...sandboxEnv(sb, cacheDir), GZH_NOW: '2026-12-20T10:00+08:00' });
    expect(await run(['content/drafted.md'], {}, c.ctx)).toBe(0);
    expect(submits(sb)).toBe(0);

    const dry = await due(project, sb, '2026-12-24T08:15+08:00', { dryRun: true, json: true });
    expect(dry.code).toBe(0);
    const plan = (JSON.parse(dry.out) as { plan: { submit: boolean; drafts: { steps: { request: string }[] }[] } }).plan;
    expect(plan.submit).toBe(true);
    expect(plan.drafts[0]!.steps.map((st) => st.request)).toEqual(['draft/get', 'freepublish/submit', 'freepublish/get']);
    expect(submits(sb)).toBe(0);

    const from = sb.log.length;
    const r = await due(project, sb, '2026-12-24T08:15+08:00', { json: true });
    expect(r.code).toBe(0);
    expect(writeRequests(sb, from)).toEqual([]);
    expect(submits(sb, from)).toBe(1);
    const json = JSON.parse(r.out) as { ok: boolean; publish: { status: number }; schedule: { files: string[]; state: string }[] };
    expect(json).toMatchObject({ ok: true, publish: { status: 0 }, schedule: [{ files: ['content/drafted.md'], state: 'due' }] });
  });

  it('--json lists the schedule; nothing due sends nothing at all', async () => {
    const sb = await sandbox();
    const project = await makeProject([{ name: '元旦.md', title: '元旦', images: 1 }], tmp);
    await schedule(project, '元旦.md', '2027-01-01T00:00+08:00');
    const r = await due(project, sb, '2026-12-31T20:30+08:00', { json: true });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { ok: boolean; due: number; schedule: { files: string[]; state: string; note: string }[] };
    expect(json).toMatchObject({ ok: true, due: 0, schedule: [{ files: ['content/元旦.md'], state: 'later', note: 'due in 4 h, 2027-01-01 00:00 (UTC+8)' }] });
    expect(sb.log).toEqual([]);
  });

  it('a bad publish_at is an error at its line (publish, lint), and the other due articles still go', async () => {
    const sb = await sandbox();
    const project = await makeProject(
      [
        { name: 'bad.md', title: '不存在的日子', images: 1 },
        { name: 'good.md', title: '正常的日子', images: 1 },
      ],
      tmp,
    );
    await schedule(project, 'bad.md', '2026-02-30T08:00+08:00');
    await schedule(project, 'good.md', '2026-02-01T08:00+08:00');
    const r = await due(project, sb, '2026-03-01T08:00+08:00');
    // line 4: after ---, title, author
    expect(r.err).toMatch(/content\/bad\.md:4:\d+.*`publish_at` must be a time such as 2026-12-24T08:00\+08:00/);
    expect(r.code).toBe(1);
    expect(publishedTitles(sb)).toEqual(['正常的日子']);

    const c = capture(project.dir, {});
    expect(await runLint(['content/bad.md'], {}, c.ctx)).toBe(1);
    expect(c.out() + c.err()).toMatch(/bad\.md:4:\d+.*publish_at/s);
  });

  it('as the real command (node bin/gzh.js publish content --due): an empty GZH_NOW is the real clock', async () => {
    ensureDist();
    const sb = await sandbox();
    const project = await makeProject(
      [
        { name: 'past.md', title: '过去的文章', images: 1 },
        { name: 'future.md', title: '未来的文章', images: 1 },
      ],
      tmp,
    );
    const now = Date.now();
    await schedule(project, 'past.md', new Date(now - 3600_000).toISOString().slice(0, 16) + 'Z');
    await schedule(project, 'future.md', new Date(now + 50 * 3600_000).toISOString().slice(0, 16) + 'Z');
    const child = spawnCli(['publish', 'content', '--due'], project.dir, { ...sandboxEnv(sb, cacheDir), GZH_NOW: '' });
    const { code } = await child.done;
    expect(child.err()).toMatch(/content\/future\.md: due in 2 days, .*: skipped/);
    expect(code).toBe(0);
    expect(publishedTitles(sb)).toEqual(['过去的文章']);
  });

  it('--due pushes (群发) the due articles that say push: true instead of publishing them, publishes the others, once', async () => {
    const sb = await sandbox();
    const project = await makeProject(
      [
        { name: '推送.md', title: '推送', images: 1 },
        { name: '发布.md', title: '只发布', images: 1 },
        { name: '明天.md', title: '明天推送', images: 1 },
      ],
      tmp,
    );
    await schedule(project, '推送.md', '2026-12-24T08:00+08:00');
    await schedule(project, '发布.md', '2026-12-24T08:00+08:00');
    await schedule(project, '明天.md', '2026-12-25T08:00+08:00');
    for (const name of ['推送.md', '明天.md']) {
      const file = path.join(project.dir, 'content', name);
      await writeFile(file, (await readFile(file, 'utf8')).replace('author: 测试', 'author: 测试\npush: true'));
    }
    const sendalls = (from = 0) => sb.log.slice(from).filter((e) => e.endpoint === '/cgi-bin/message/mass/sendall');
    const first = await due(project, sb, '2026-12-24T09:00+08:00');
    expect(first.code, first.err).toBe(0);
    expect(sendalls().map((e) => e.status)).toEqual([200]);
    expect(sb.state.masses.map((m) => m.titles)).toEqual([['推送']]);
    // the pushed one is not also submitted (a push publishes); the unmarked one is
    expect(publishedTitles(sb)).toEqual(['只发布']);
    expect(submits(sb)).toBe(1);

    // the cron's next runs: nothing sent (the push is in gzh.lock), and the same later in the day
    let from = sb.log.length;
    const again = await due(project, sb, '2026-12-24T09:15+08:00');
    expect(again.code, again.err).toBe(0);
    expect(writeRequests(sb, from)).toEqual([]);
    expect(sendalls(from)).toEqual([]);
    expect(again.err).toMatch(/content\/推送\.md: pushed 2026-12-24 \d\d:\d\d \(UTC\+8\): nothing to send/);

    // the next day's marked article: pushed at its time (a new Beijing day, 23 h after the last push)
    from = sb.log.length;
    const next = await due(project, sb, '2026-12-25T08:10+08:00');
    expect(next.code, next.err).toBe(0);
    expect(sendalls(from)).toHaveLength(1);
    expect(sb.state.masses.map((m) => m.titles[0])).toEqual(['推送', '明天推送']);
  });

  it('--due with --broadcast is refused before any request; --due with --push-marked is --due', async () => {
    const sb = await sandbox();
    const project = await makeProject([{ name: '推送.md', title: '推送', images: 1 }], tmp);
    await schedule(project, '推送.md', '2026-12-24T08:00+08:00');
    const from = sb.log.length;
    await expect(due(project, sb, '2026-12-24T09:00+08:00', { broadcast: true })).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('--due and --broadcast') });
    expect(sb.log.length - from).toBe(0);
    const marked = await due(project, sb, '2026-12-24T09:00+08:00', { pushMarked: true });
    expect(marked.code, marked.err).toBe(0);
    // not marked push: true: published, not pushed
    expect(publishedTitles(sb)).toEqual(['推送']);
    expect(sb.log.filter((e) => e.endpoint === '/cgi-bin/message/mass/sendall')).toEqual([]);
  });

  it('--push-marked never pushes a push: true article before its publish_at, and pushes it once it has come', async () => {
    const sb = await sandbox();
    const project = await makeProject([{ name: '推送.md', title: '推送', images: 1 }], tmp);
    await schedule(project, '推送.md', '2026-12-24T08:00+08:00');
    const file = path.join(project.dir, 'content', '推送.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('author: 测试', 'author: 测试\npush: true'));
    const sendalls = () => sb.log.filter((e) => e.endpoint === '/cgi-bin/message/mass/sendall').length;
    const early = await due(project, sb, '2026-12-24T07:00+08:00', { due: false, each: true, pushMarked: true, timeout: 30 }, ['content']);
    expect(early.code, early.err).toBe(0);
    expect(sb.state.drafts).toHaveLength(1);
    expect(sendalls()).toBe(0);
    const onTime = await due(project, sb, '2026-12-24T08:05+08:00', { due: false, each: true, pushMarked: true, timeout: 30 }, ['content']);
    expect(onTime.code, onTime.err).toBe(0);
    expect(sendalls()).toBe(1);
  });
});
