/**
 * The push when its answer is lost, through the library (applyPlan with a short resend wait): resent with the
 * same clientmsgid, WeChat answers 45066 within a minute, then 45065 with the push it made: adopted, one push.
 * And an interrupted push older than WeChat's 24 h memory is not guessed at.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Lockfile, applyPlan, checkDraft, createWechatClient, loadProject, planPublish, resolvePublishInputs, startSandbox, type PublishEvent, type Sandbox } from '../../src/index.js';
import { accountKey, pushIntentId } from '../../src/publish/lockfile.js';
import { APP_ID, SECRET, makeProject, type Project } from './helpers.js';

let tmp: string;
const sandboxes: Sandbox[] = [];
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'gzh-broadcast-retry-'));
});
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((sb) => sb.close()));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

async function push(sb: Sandbox, project: Project, onEvent: (e: PublishEvent) => void = () => {}) {
  const client = createWechatClient({ appId: APP_ID, appSecret: SECRET, apiBase: sb.apiBase, tokenCacheDir: false, retry: { retries: 1, baseDelayMs: 5, maxDelayMs: 10 }, env: {} });
  try {
    const p = await loadProject(project.dir, { env: {} });
    const lockfile = Lockfile.read(path.join(project.dir, 'gzh.lock'));
    const draft = await checkDraft(p, resolvePublishInputs(['content'], p.config, project.dir));
    const plan = await planPublish(p, [draft], { lockfile, account: { appId: APP_ID, apiBase: sb.apiBase }, broadcast: { all: true } });
    const result = await applyPlan(plan, [draft], { project: p, client, lockfile, pollIntervalMs: 20, pushRetryMs: 30, onEvent });
    return { plan, result: result.drafts[0]!, account: lockfile.account(accountKey(APP_ID, sb.apiBase)), key: draft.inputs.draftKey };
  } finally {
    await client.close();
  }
}

describe('a push whose answer was lost', () => {
  it('is resent with the same clientmsgid: 45066 within the minute, then 45065 adopts the push WeChat made', async () => {
    const sb = await startSandbox({ appId: APP_ID, appSecret: SECRET, massPolls: 0 });
    sandboxes.push(sb);
    const project = await makeProject([{ name: 'a.md', title: '答复丢失的群发', images: 1 }], tmp);
    sb.setFaults({ dropResponses: 1, endpoints: ['message/mass/sendall'] });
    const resends: string[] = [];
    const { result, account } = await push(sb, project, (e) => {
      if (e.type !== 'step' || !e.message.includes('resending the same push')) return;
      resends.push(e.message);
      // the first resend comes too soon (45066); a minute passes before the second
      if (resends.length === 2) sb.clock.advance(61_000);
    });
    expect(resends[0]).toMatch(/The answer to the push was lost/);
    expect(resends[1]).toMatch(/45066/);
    expect(sb.log.filter((e) => e.endpoint === '/cgi-bin/message/mass/sendall').map((e) => e.errcode)).toEqual([0, 45066, 45065]);
    expect(sb.state.masses).toHaveLength(1);
    expect(result.broadcast).toMatchObject({ adopted: true, status: 'SEND_SUCCESS', msg_id: String(sb.state.masses[0]!.msg_id) });
    expect(Object.keys(account.pushes)).toEqual([String(sb.state.masses[0]!.msg_id)]);
    expect(account.journal).toEqual({});
  });

  it('still 45066 at the last resend: stops, keeping the journal entry; the rerun a minute later adopts the push', async () => {
    const sb = await startSandbox({ appId: APP_ID, appSecret: SECRET, massPolls: 0 });
    sandboxes.push(sb);
    const project = await makeProject([{ name: 'a.md', title: '一分钟内重发', images: 1 }], tmp);
    sb.setFaults({ dropResponses: 1, endpoints: ['message/mass/sendall'] });
    const first = await push(sb, project).catch((error: unknown) => error as Error & { code: string; hint: string });
    expect(first).toMatchObject({ code: 'broadcast/retry-later', hint: expect.stringMatching(/Rerun the same command in a minute/) });
    const lock = Lockfile.read(path.join(project.dir, 'gzh.lock')).account(accountKey(APP_ID, sb.apiBase));
    expect(Object.values(lock.journal).map((i) => i.op)).toEqual(['message/mass/sendall']);
    sb.clock.advance(61_000);
    const again = await push(sb, project);
    expect(again.plan.drafts[0]!.push?.kind).toBe('resend');
    expect(again.result.broadcast).toMatchObject({ adopted: true, status: 'SEND_SUCCESS' });
    expect(sb.state.masses).toHaveLength(1);
  });

  it('an interrupted push older than 24 h is not resent: the user is told where to look', async () => {
    const sb = await startSandbox({ appId: APP_ID, appSecret: SECRET, massPolls: 0 });
    sandboxes.push(sb);
    const project = await makeProject([{ name: 'a.md', title: '昨天中断的群发', images: 1 }], tmp);
    // a first push attempt whose process died, 30 hours ago (the draft itself was saved)
    sb.setFaults({ errcode: { errcode: 45028, count: 1 }, endpoints: ['message/mass/sendall'] });
    await push(sb, project).catch(() => undefined);
    const file = path.join(project.dir, 'gzh.lock');
    const lockfile = Lockfile.read(file);
    const account = lockfile.account(accountKey(APP_ID, sb.apiBase));
    const draftKey = Object.keys(account.drafts)[0]!;
    delete account.pushQuotaSpent;
    account.journal[pushIntentId(draftKey)] = { op: 'message/mass/sendall', draft: draftKey, media_id: account.drafts[draftKey]!.media_id, clientmsgid: 'gzh-old', content: 'c', audience: 'all followers', articles: [], started: new Date(Date.now() - 30 * 3600_000).toISOString() };
    await lockfile.save();
    const from = sb.log.length;
    const error = await push(sb, project).catch((e: unknown) => e as Error & { code: string; hint: string });
    expect(error).toMatchObject({ code: 'broadcast/unknown', hint: expect.stringMatching(/群发记录.*delete the journal entry "push:/) });
    expect(sb.log.slice(from).filter((e) => e.endpoint === '/cgi-bin/message/mass/sendall')).toEqual([]);
  });
});
