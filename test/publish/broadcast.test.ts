/**
 * `gzh publish --broadcast` against the sandbox over HTTP: one push, never twice (rerun, changed content), the
 * quota guard before any request (subscription: one a Beijing day; service: four a month; 45028 from WeChat
 * remembered), an unverified account, a follower tag, and the dry run's plan.
 */
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { run as doctor } from '../../src/cli/commands/doctor.js';
import { run } from '../../src/cli/commands/publish.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.js';
import { APP_ID, SECRET, capture, countEndpoints, makeProject, readLock, sandboxEnv, type Project } from './helpers.js';

let tmp: string;
const sandboxes: Sandbox[] = [];
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'gzh-broadcast-'));
});
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((sb) => sb.close()));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

/** A sandbox whose clock reads `at`; gzh gets the same time through GZH_NOW. */
async function sandbox(at: string, options: SandboxOptions = {}): Promise<Sandbox> {
  const sb = await startSandbox({ appId: APP_ID, appSecret: SECRET, tokenTtlSeconds: 90 * 86_400, massPolls: 0, ...options });
  sb.clock.set(at);
  sandboxes.push(sb);
  return sb;
}

async function project(config: string, specs = [{ name: 'a.md', title: '今天的群发', images: 1 }]): Promise<Project> {
  const p = await makeProject(specs, tmp);
  await writeFile(path.join(p.dir, 'gzh.config.yaml'), config);
  return p;
}

async function publish(p: Project, sb: Sandbox, args: string[], options: Record<string, unknown> = {}) {
  const env = { ...sandboxEnv(sb, path.join(p.dir, '.cache')), GZH_NOW: sb.clock.now().toISOString() };
  const c = capture(p.dir, env);
  try {
    const code = await run(args, options, c.ctx);
    return { code, out: c.out(), err: c.err(), error: undefined };
  } catch (error) {
    return { code: -1, out: c.out(), err: c.err(), error: error as Error & { code?: string; hint?: string } };
  }
}

const sendalls = (sb: Sandbox, from = 0) => countEndpoints(sb, from)['message/mass/sendall'] ?? 0;
const pushesOf = async (p: Project) => Object.values((await readLock(path.join(p.dir, 'gzh.lock'))).accounts)[0] as unknown as { pushes: Record<string, { status: string; msg_data_id?: string; articles: { title: string }[]; audience: string }>; journal: object; pushQuotaSpent?: { period: string } };

describe('gzh publish --broadcast', () => {
  it('pushes once; a rerun sends nothing; changed content is pushed again only with --broadcast', async () => {
    // one SENDING answer before SEND_SUCCESS: gzh polls until the final status
    const sb = await sandbox('2026-12-03T09:00:00+08:00', { account: { type: 'service' }, massPolls: 1 });
    const p = await project('account: { type: service }\ncadence: { minHours: 1 }\n');
    const first = await publish(p, sb, ['content/a.md'], { broadcast: true });
    expect(first.error).toBeUndefined();
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/pushed to all followers \(msg_id \d+, msg_data_id \d+\): SEND_SUCCESS/);
    expect(sendalls(sb)).toBe(1);
    expect(countEndpoints(sb)['message/mass/get']).toBe(2);
    const lock = await pushesOf(p);
    expect(Object.values(lock.pushes)).toEqual([expect.objectContaining({ status: 'SEND_SUCCESS', msg_data_id: expect.any(String), audience: 'all followers', articles: [expect.objectContaining({ title: '今天的群发' })] })]);
    expect(lock.journal).toEqual({});
    expect(Object.keys(lock.pushes)).toEqual([String(sb.state.masses[0]!.msg_id)]);

    // rerun, even with --broadcast: nothing is pushed again (no sendall in the sandbox log)
    const from = sb.log.length;
    const again = await publish(p, sb, ['content/a.md'], { broadcast: true });
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/already pushed on 2026-12-03 09:00 \(UTC\+8\)/);
    expect(sendalls(sb, from)).toBe(0);

    // changed, without --broadcast: the draft is updated, not pushed
    await appendFile(p.files[0]!, '\n推送之后补了一句。\n');
    sb.clock.advance(2 * 3600_000);
    const edited = await publish(p, sb, ['content/a.md']);
    expect(edited.code).toBe(0);
    expect(sendalls(sb, from)).toBe(0);
    // with --broadcast: a new push, and it says so
    const repush = await publish(p, sb, ['content/a.md'], { broadcast: true });
    expect(repush.error).toBeUndefined();
    expect(repush.out).toMatch(/a new push: the content changed since 2026-12-03 09:00/);
    expect(sendalls(sb, from)).toBe(1);
    expect(sb.state.masses).toHaveLength(2);
  });

  it('subscription: a second push the same Beijing day is refused before any request, naming the last push and the next slot', async () => {
    const sb = await sandbox('2026-12-03T21:00:00+08:00');
    const p = await project('account: { type: subscription }\n', [
      { name: 'a.md', title: '第一篇', images: 1 },
      { name: 'b.md', title: '第二篇', images: 1 },
    ]);
    expect((await publish(p, sb, ['content/a.md'], { broadcast: true })).code).toBe(0);
    const from = sb.log.length;
    const second = await publish(p, sb, ['content/b.md'], { broadcast: true });
    expect(second.error?.code).toBe('broadcast/quota');
    expect(second.error?.message).toMatch(/subscription account \(订阅号\) may push 1 time a day.*1 used in 2026-12-03.*2026-12-03 21:00 \(UTC\+8\) 《第一篇》/);
    expect(second.error?.hint).toMatch(/next slot opens 2026-12-04 00:00 \(UTC\+8\)/);
    // not one request: no token, no upload, no draft
    expect(sb.log.length).toBe(from);
    // the dry run says the same, with exit 1
    const dry = await publish(p, sb, ['content/b.md'], { broadcast: true, dryRun: true });
    expect(dry.code).toBe(1);
    expect(dry.out).toMatch(/quota: subscription account \(订阅号\), 1 a day: 1 used in 2026-12-03, this run 1 → refused/);
    // after Beijing midnight (16:00 UTC) the next one goes, with a cadence warning (3 h < 20 h)
    sb.clock.set('2026-12-04T00:05:00+08:00');
    const next = await publish(p, sb, ['content/b.md'], { broadcast: true });
    expect(next.error).toBeUndefined();
    expect(next.code).toBe(0);
    expect(next.err).toMatch(/last push was 3\.1 h ago.*cadence\.minHours is 20.*broadcast\/cadence/);
    expect(sb.state.masses).toHaveLength(2);
  });

  it('service: the 5th push in a calendar month is refused; cadence.strict refuses a push too soon', async () => {
    const sb = await sandbox('2026-12-01T08:00:00+08:00', { account: { type: 'service' } });
    const specs = Array.from({ length: 5 }, (_, i) => ({ name: `s${i + 1}.md`, title: `服务号第${i + 1}篇`, images: 1 }));
    const p = await project('account: { type: service }\ncadence: { minHours: 24 }\n', specs);
    for (let i = 0; i < 4; i++) {
      const r = await publish(p, sb, [`content/s${i + 1}.md`], { broadcast: true });
      expect(r.error, r.err).toBeUndefined();
      sb.clock.advance(2 * 86_400_000);
    }
    const from = sb.log.length;
    const fifth = await publish(p, sb, ['content/s5.md'], { broadcast: true });
    expect(fifth.error?.code).toBe('broadcast/quota');
    expect(fifth.error?.message).toMatch(/service account \(服务号\) may push 4 times a calendar month.*4 used in 2026-12/);
    expect(fifth.error?.hint).toMatch(/next slot opens 2027-01-01 00:00 \(UTC\+8\)/);
    expect(sb.log.length).toBe(from);

    await writeFile(path.join(p.dir, 'gzh.config.yaml'), 'account: { type: service }\ncadence: { minHours: 24, strict: true }\n');
    sb.clock.set('2027-01-01T09:00:00+08:00');
    expect((await publish(p, sb, ['content/s5.md'], { broadcast: true })).error).toBeUndefined();
    await appendFile(p.files[4]!, '\n再推一次。\n');
    sb.clock.advance(3600_000);
    const soon = await publish(p, sb, ['content/s5.md'], { broadcast: true });
    expect(soon.error?.code).toBe('broadcast/cadence');
    expect(soon.error?.hint).toMatch(/Push after 2027-01-02 09:00 \(UTC\+8\)/);
  });

  it('45028 from WeChat (a push made on the platform) is remembered: the rerun is refused before any request', async () => {
    const sb = await sandbox('2026-12-05T10:00:00+08:00');
    const p = await project('account: { type: subscription }\n');
    // someone pushed from the web platform today: gzh.lock doesn't know
    sb.setFaults({ errcode: { errcode: 45028, count: 1 }, endpoints: ['message/mass/sendall'] });
    const first = await publish(p, sb, ['content/a.md'], { broadcast: true });
    expect(first.error?.code).toBe('broadcast/quota');
    expect(first.error?.message).toMatch(/45028.*WeChat said so itself/);
    const lock = await pushesOf(p);
    expect(lock.pushQuotaSpent?.period).toBe('2026-12-05');
    expect(lock.journal).toEqual({});
    const from = sb.log.length;
    const again = await publish(p, sb, ['content/a.md'], { broadcast: true });
    expect(again.error?.code).toBe('broadcast/quota');
    expect(sb.log.length).toBe(from);
  });

  it('an unverified account: refused before any request when the config says so, 48001 explained when it does not', async () => {
    const sb = await sandbox('2026-12-06T10:00:00+08:00', { account: { verified: false } });
    const p = await project('account: { verified: false }\n');
    const refused = await publish(p, sb, ['content/a.md'], { broadcast: true });
    expect(refused.error?.code).toBe('broadcast/unverified');
    expect(refused.error?.hint).toMatch(/push it from mp\.weixin\.qq\.com/);
    expect(sb.log).toHaveLength(0);

    await writeFile(path.join(p.dir, 'gzh.config.yaml'), 'account: { verified: true }\n');
    const told = await publish(p, sb, ['content/a.md'], { broadcast: true });
    expect(told.error?.code).toBe('broadcast/unauthorized');
    expect(told.error?.message).toMatch(/48001.*can't push through the API: unverified\?/);
    expect(told.error?.hint).toMatch(/微信认证.*account: \{ verified: false \}/);
    // the draft was saved; nothing pushed, nothing left in the journal
    expect(sb.state.drafts).toHaveLength(1);
    expect(sb.state.masses).toHaveLength(0);
    expect((await pushesOf(p)).journal).toEqual({});
    // gzh doctor tells the profile contradicts what WeChat said
    const c = capture(p.dir, sandboxEnv(sb, path.join(p.dir, '.cache')));
    expect(await doctor([], {}, c.ctx)).toBe(1);
    expect(c.out()).toMatch(/✗ subscription account \(订阅号\), verified: .*but WeChat refused a push with 48001 at .*unverified\? → verify the account/);
  });

  it('--tag by name: tags/get, then a push to that tag; an unknown tag stops before any upload', async () => {
    const sb = await sandbox('2026-12-07T10:00:00+08:00');
    const p = await project('account: { type: subscription }\n');
    const unknown = await publish(p, sb, ['content/a.md'], { broadcast: true, tag: '不存在' });
    expect(unknown.error?.code).toBe('broadcast/unknown-tag');
    expect(unknown.error?.hint).toMatch(/读者 \(100, 3 followers\)/);
    expect(countEndpoints(sb)['media/uploadimg'] ?? 0).toBe(0);
    expect(countEndpoints(sb)['material/add_material'] ?? 0).toBe(0);

    const dry = await publish(p, sb, ['content/a.md'], { broadcast: true, tag: '读者', dryRun: true });
    expect(dry.code).toBe(0);
    expect(dry.out).toMatch(/Push \(群发\) to follower tag 读者/);
    expect(dry.out).toMatch(/requests: .*tags\/get.*message\/mass\/sendall, message\/mass\/get/);
    const tagged = await publish(p, sb, ['content/a.md'], { broadcast: true, tag: '读者' });
    expect(tagged.error).toBeUndefined();
    expect(sb.state.masses[0]!.audience).toEqual({ is_to_all: false, tag_id: 100, tag: '读者' });
    expect(tagged.out).toMatch(/pushed to tag 读者 \(100\)/);
  });

  it('--push-marked (what CI runs): pushes only a push: true article, once; an edit after its push is saved, not pushed', async () => {
    const sb = await sandbox('2026-12-10T10:00:00+08:00', { account: { type: 'service' } });
    const p = await project('account: { type: service }\ncadence: { minHours: 1 }\n', [
      { name: 'a.md', title: '要推送的', images: 1 },
      { name: 'b.md', title: '只存草稿', images: 1 },
    ]);
    await writeFile(p.files[0]!, (await readFile(p.files[0]!, 'utf8')).replace('author: 测试\n', 'author: 测试\npush: true\n'));
    expect((await publish(p, sb, ['content/b.md'], { pushMarked: true })).code).toBe(0);
    expect(sendalls(sb)).toBe(0);
    expect((await publish(p, sb, ['content/a.md'], { pushMarked: true })).code).toBe(0);
    expect(sendalls(sb)).toBe(1);
    await appendFile(p.files[0]!, '\n改个错字。\n');
    sb.clock.advance(3 * 3600_000);
    const edited = await publish(p, sb, ['content/a.md'], { pushMarked: true, verbose: true });
    expect(edited.code).toBe(0);
    expect(edited.err).toMatch(/pushed already on 2026-12-10.*not pushed again/);
    expect(sendalls(sb)).toBe(1);
  });

  it('flags: --tag without --broadcast, --broadcast with --submit are usage errors', async () => {
    const sb = await sandbox('2026-12-08T10:00:00+08:00');
    const p = await project('');
    expect((await publish(p, sb, ['content/a.md'], { tag: '读者' })).error?.message).toMatch(/--tag only goes with --broadcast/);
    expect((await publish(p, sb, ['content/a.md'], { broadcast: true, submit: true })).error?.message).toMatch(/--submit and --broadcast do not go together/);
    expect(sb.log).toHaveLength(0);
  });
});
