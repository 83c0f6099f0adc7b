/** The library API (no CLI): plan and apply, fast polling for --submit, and crash recovery cases a child process can't stage cheaply. */
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lockfile, applyPlan, checkDraft, checkDrafts, createWechatClient, loadProject, planPublish, resolveEachDraft, resolvePublishInputs, startSandbox, type PublishEvent, type Sandbox, type WechatClient } from '../../src/index.js';
import { accountKey } from '../../src/publish/lockfile.js';
import { APP_ID, SECRET, countEndpoints, makeProject, spreadImages, writeRequests, type Project } from './helpers.js';

let tmp: string;
let sb: Sandbox;
let client: WechatClient;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'gzh-publish-draft-'));
  sb = await startSandbox({ appId: APP_ID, appSecret: SECRET });
  client = makeClient();
});
afterAll(async () => {
  await client.close();
  await sb.close();
  await rm(tmp, { recursive: true, force: true });
});

function makeClient(retries = 3): WechatClient {
  return createWechatClient({ appId: APP_ID, appSecret: SECRET, apiBase: sb.apiBase, tokenCacheDir: false, retry: { retries, baseDelayMs: 5, maxDelayMs: 20 }, env: {} });
}

/** One publish as a fresh process would do it, through the public API: project, gzh.lock from disk, check, plan, apply. */
async function publishProject(project: Project, options: { client?: WechatClient; submit?: boolean; onEvent?: (e: PublishEvent) => void } = {}) {
  const p = await loadProject(project.dir, { env: {} });
  const lockfile = Lockfile.read(path.join(project.dir, 'gzh.lock'));
  const inputs = resolvePublishInputs(['content'], p.config, project.dir);
  const draft = await checkDraft(p, inputs);
  const plan = await planPublish(p, [draft], { lockfile, account: { appId: APP_ID, apiBase: sb.apiBase }, submit: options.submit });
  const applied = await applyPlan(plan, [draft], { project: p, client: options.client ?? client, lockfile, pollIntervalMs: 50, onEvent: options.onEvent });
  return { result: applied.drafts[0]!, plan, account: lockfile.account(accountKey(APP_ID, sb.apiBase)), key: inputs.draftKey };
}

describe('publishDraft', () => {
  it('--submit polls until the final status and records the published URLs', async () => {
    const project = await makeProject(spreadImages(2, 2, 'p'), tmp);
    const events: PublishEvent[] = [];
    const from = sb.log.length;
    const { result, account, key } = await publishProject(project, { submit: true, onEvent: (e) => events.push(e) });
    // the sandbox answers "publishing" twice, then success
    expect(countEndpoints(sb, from)['freepublish/get']).toBe(3);
    expect(events.filter((e) => e.type === 'step' && e.message.startsWith('Publishing…'))).toHaveLength(2);
    expect(result.publish).toMatchObject({ status: 0, urls: [expect.stringContaining('/s/'), expect.stringContaining('/s/')] });
    expect(account.publishes[result.publish!.publish_id]).toMatchObject({ media_id: result.media_id, urls: result.publish!.urls });
    expect(account.drafts[key]!.published).toBe(result.publish!.publish_id);

    // published and unchanged: the next publish sends nothing (it must never post it twice) ...
    const before = sb.log.length;
    const same = await publishProject(project);
    expect(same.plan.drafts[0]).toMatchObject({ action: 'published', publish: 'done', steps: [] });
    expect(same.result.draft).toBe('published');
    expect(sb.log.length).toBe(before);
    // ... and once an article changes, a new draft (published drafts leave the draft box)
    await appendFile(project.files[0]!, '\n发布之后又改了一句。\n');
    const next = await publishProject(project);
    expect(next.result.draft).toBe('created');
    expect(next.result.media_id).not.toBe(result.media_id);
  });

  it('a re-creation cut off right after draft/add is adopted on the rerun, even though gzh.lock still names the old draft', async () => {
    const project = await makeProject([{ name: 'g1.md', title: '重建草稿（上）', images: 1 }, { name: 'g2.md', title: '重建草稿（下）', images: 1 }], tmp);
    const first = await publishProject(project);
    const old = first.result.media_id!;
    // deleted on the platform, then an article changes: the update finds no draft and a new one is added ...
    await client.deleteDraft(old);
    await appendFile(project.files[0]!, '\n新的一段。\n');
    // ... and the answer of that draft/add never arrives, nor that of the look for it (the process dies;
    // here: network errors with no retry)
    sb.setFaults({ dropResponses: 2, endpoints: ['draft/add', 'draft/batchget'] });
    const crashing = makeClient(0);
    await expect(publishProject(project, { client: crashing })).rejects.toMatchObject({ name: 'WechatNetworkError' });
    await crashing.close();
    sb.setFaults({ endpoints: null });
    const added = sb.state.drafts.filter((d) => d.articles[0]!.title === '重建草稿（上）' && d.media_id !== old);
    expect(added).toHaveLength(1);

    const from = sb.log.length;
    const rerun = await publishProject(project);
    expect(rerun.result.media_id).toBe(added[0]!.media_id);
    expect(rerun.result.articles.map((a) => a.status)).toEqual(['unchanged', 'unchanged']);
    expect(writeRequests(sb, from)).toEqual([]);
    expect(sb.state.drafts.filter((d) => d.articles[0]!.title === '重建草稿（上）')).toHaveLength(1);
    expect(rerun.account.journal).toEqual({});
    expect(rerun.account.drafts[rerun.key]!.media_id).toBe(added[0]!.media_id);
  });
});

describe('checkDrafts: the drafts of a run, compiled ahead on worker threads', () => {
  it('checks --each drafts as checkDraft does one by one, a broken article at its place, and serves unchanged ones from the cache', async () => {
    const project = await makeProject([...spreadImages(6, 3, 'each'), { name: '坏的.md', title: '坏的', images: 0, extra: '' }], tmp);
    await appendFile(path.join(project.dir, 'content', '坏的.md'), '\n![](./img/没有这张.png)\n');
    const p = await loadProject(project.dir, { env: {} });
    const drafts = resolveEachDraft(['content'], p.config, p.cwd);
    expect(drafts).toHaveLength(7);
    const shown = (d: Awaited<ReturnType<typeof checkDraft>>) => ({ blocked: d.blocked, forceable: d.forceableErrors, other: d.otherErrors, articles: d.articles.map((a) => ({ file: a.article.file, html: a.article.html, fields: a.fields, messages: a.messages })) });
    const pooled = await checkDrafts(p, drafts);
    const fresh = await loadProject(project.dir, { env: {} });
    await rm(path.join(project.dir, '.gzh'), { recursive: true, force: true });
    const serial = [];
    for (const d of drafts) serial.push(shown(await checkDraft(fresh, d)));
    expect(pooled.map(shown)).toEqual(serial);
    const broken = serial.find((d) => d.articles[0]!.file.endsWith('坏的.md'))!;
    expect(broken.blocked).toBe(true);
    expect(broken.articles[0]!.messages.map((m) => m.ruleId)).toContain('image/not-found');
    expect(serial.filter((d) => !d.blocked).length).toBeGreaterThanOrEqual(2);
    // a third run: every draft that passed comes from .gzh/cache/publish with the same result
    const again = await checkDrafts(await loadProject(project.dir, { env: {} }), drafts);
    expect(again.map(shown)).toEqual(serial);
  }, 60_000);
});
