/**
 * Publishing through the relay with the library's publish API, from clients that have no AppSecret: the
 * happy path, a token WeChat invalidates mid-run, answers lost or late (the client's recovery must work through
 * the relay, which never repeats a request), 100 clients at once, and a client that hangs up mid-upload.
 */
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lockfile, applyPlan, checkDraft, loadProject, planPublish, resolvePublishInputs, type WechatClient } from '../../src/index.js';
import { makeImage, makeProject, spreadImages, type Project } from '../publish/helpers.js';
import { APP_ID, SECRET, currentAccessToken, startPair, startRecorder, type Pair } from './helpers.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'gzh-relay-publish-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

/** One publish as `gzh publish` does it, with `client` (a relay client: no secret). */
async function publishProject(project: Project, client: WechatClient, apiBase: string, submit = false) {
  const p = await loadProject(project.dir, { env: {} });
  const lockfile = Lockfile.read(path.join(project.dir, 'gzh.lock'));
  const draft = await checkDraft(p, resolvePublishInputs(['content'], p.config, project.dir));
  const plan = await planPublish(p, [draft], { lockfile, account: { appId: APP_ID, apiBase }, submit });
  return (await applyPlan(plan, [draft], { project: p, client, lockfile, pollIntervalMs: 20 })).drafts[0]!;
}

const count = (pair: Pair, endpoint: string, from = 0) => pair.sandbox.log.slice(from).filter((e) => e.endpoint === `/cgi-bin/${endpoint}`).length;

describe('publishing through the relay', () => {
  it('publishes and submits a draft from a client with no secret; no secret or token in anything the client or the log sees', async () => {
    const pair = await startPair();
    const recorder = await startRecorder(pair.relay.url);
    try {
      const client = pair.client({ relay: { url: recorder.url, token: pair.token } });
      const project = await makeProject(spreadImages(2, 3, 'r'), tmp);
      const result = await publishProject(project, client, recorder.url, true);
      expect(result.draft).toBe('created');
      expect(result.publish).toMatchObject({ status: 0, urls: [expect.any(String), expect.any(String)] });
      // published drafts leave the draft box
      expect(pair.sandbox.state.drafts).toHaveLength(0);
      expect(pair.sandbox.state.publishes).toHaveLength(1);
      // one token for the whole run, fetched by the relay
      expect(count(pair, 'stable_token')).toBe(1);
      const forwarded = pair.sandbox.log.filter((e) => e.endpoint !== '/cgi-bin/stable_token').length;
      expect(pair.requests().filter((e) => e.status === 200 && e.endpoint !== 'gzh_relay/account')).toHaveLength(forwarded);

      const accessToken = await currentAccessToken(pair.sandbox);
      const seen = recorder.seen();
      expect(seen).toContain('"media_id"'); // the recorder did see the answers
      for (const secret of [SECRET, accessToken]) {
        expect(seen).not.toContain(secret);
        for (const line of pair.lines()) expect(line).not.toContain(secret);
      }
      for (const line of pair.lines()) expect(line).not.toContain(pair.token);
      expect(pair.lines().some((l) => /token=ci account=main method=POST endpoint=draft\/add status=200 errcode=0 ms=\d+$/.test(l))).toBe(true);
    } finally {
      await recorder.close();
      await pair.close();
    }
  });

  it('WeChat invalidates the token mid-run: the relay refetches once, the publish completes', async () => {
    const pair = await startPair();
    try {
      const client = pair.client();
      await client.getAccessToken(); // the relay has its token now
      const before = await currentAccessToken(pair.sandbox);
      pair.sandbox.setFaults({ invalidateTokenAfter: 3 });
      const fetchesBefore = count(pair, 'stable_token');
      const project = await makeProject(spreadImages(2, 4, 't'), tmp);
      const result = await publishProject(project, client, pair.relay.url);
      expect(result.draft).toBe('created');
      expect(pair.sandbox.state.drafts).toHaveLength(1);
      // uploads run 4 at a time: several were refused with the old token, one refetch served them all
      expect(count(pair, 'stable_token') - fetchesBefore).toBe(1);
      expect(pair.entries.filter((e) => e.type === 'token')).toHaveLength(2);
      const refused = pair.requests().filter((e) => e.errcode === 40001);
      expect(refused.length).toBeGreaterThanOrEqual(1);
      // every refused request was retried once by its client and went through: nothing stored twice
      expect(pair.sandbox.state.images).toHaveLength(project.imageCount);
      expect(pair.sandbox.state.materials).toHaveLength(2);
      const after = await currentAccessToken(pair.sandbox);
      expect(after).not.toBe(before);
      for (const line of pair.lines()) for (const t of [before, after, SECRET]) expect(line).not.toContain(t);
    } finally {
      await pair.close();
    }
  });

  it('a lost answer of draft/add is never repeated by the relay; the client finds the draft through it', async () => {
    const pair = await startPair();
    try {
      pair.sandbox.setFaults({ dropResponses: 1, endpoints: ['draft/add'] });
      const project = await makeProject([{ name: 'lost.md', title: '答复丢了的草稿', images: 1 }], tmp);
      const result = await publishProject(project, pair.client(), pair.relay.url);
      expect(result.draft).toBe('created');
      expect(count(pair, 'draft/add')).toBe(1);
      expect(pair.sandbox.state.drafts).toHaveLength(1);
      expect(result.media_id).toBe(pair.sandbox.state.drafts[0]!.media_id);
      expect(pair.requests().find((e) => e.endpoint === 'draft/add')).toMatchObject({ status: 502, errcode: null, reason: 'upstream-reset' });
    } finally {
      await pair.close();
    }
  });

  it('a late answer: the relay times out (504), or the client does (it hangs up); either way one draft', async () => {
    // the relay gives up first
    const pair = await startPair({ relay: { timeoutMs: 300 } });
    try {
      pair.sandbox.setFaults({ delayMs: 800, delayCount: 1, endpoints: ['draft/add'] });
      const project = await makeProject([{ name: 'slow.md', title: '很慢的草稿', images: 1 }], tmp);
      const result = await publishProject(project, pair.client(), pair.relay.url);
      expect(result.draft).toBe('created');
      expect(count(pair, 'draft/add')).toBe(1);
      expect(pair.sandbox.state.drafts).toHaveLength(1);
      expect(pair.requests().find((e) => e.endpoint === 'draft/add')).toMatchObject({ status: 504, reason: 'upstream-timeout' });
    } finally {
      await pair.close();
    }
    // the client gives up first
    const second = await startPair();
    try {
      second.sandbox.setFaults({ delayMs: 1200, delayCount: 1, endpoints: ['draft/add'] });
      const project = await makeProject([{ name: 'impatient.md', title: '等不及的草稿', images: 1 }], tmp);
      const result = await publishProject(project, second.client({ timeoutMs: 400 }), second.relay.url);
      expect(result.draft).toBe('created');
      expect(count(second, 'draft/add')).toBe(1);
      expect(second.sandbox.state.drafts).toHaveLength(1);
      // logged when the client went away, not when WeChat finally answered
      const entry = second.requests().find((e) => e.endpoint === 'draft/add');
      expect(entry).toMatchObject({ status: 499, reason: 'client-closed' });
      expect(entry!.ms).toBeLessThan(1100);
    } finally {
      await second.close();
    }
  });

  it('100 clients at once: all complete, each gets its own answers, one token fetch, no duplicate draft', async () => {
    const pair = await startPair({ relay: { perMinute: 0 } });
    try {
      const cover = await makeImage();
      const body = await makeImage(100, 80);
      const results = await Promise.all(
        Array.from({ length: 100 }, async (_, i) => {
          const client = pair.client({ timeoutMs: 20_000 });
          const [{ media_id: thumb }, { url }] = await Promise.all([client.addMaterial(cover, `c${i}.png`, 'image'), client.uploadImage(body, `b${i}.png`)]);
          const title = `并发客户端 ${i}`;
          const { media_id } = await client.addDraft([{ title, content: `<p>第 ${i} 篇</p><img src="${url}">`, thumb_media_id: thumb }]);
          const stored = await client.getDraft(media_id);
          return { title, got: stored.news_item[0]!.title, thumb, storedThumb: stored.news_item[0]!.thumb_media_id };
        }),
      );
      for (const r of results) expect({ title: r.got, thumb: r.storedThumb }).toEqual({ title: r.title, thumb: r.thumb });
      const titles = pair.sandbox.state.drafts.map((d) => d.articles[0]!.title);
      expect(titles).toHaveLength(100);
      expect(new Set(titles).size).toBe(100);
      expect(count(pair, 'draft/add')).toBe(100);
      expect(count(pair, 'stable_token')).toBe(1);
      expect(pair.requests().filter((e) => e.status !== 200)).toEqual([]);
    } finally {
      await pair.close();
    }
  });

  it('survives a client that hangs up mid-upload; nothing half-uploaded is stored; the next upload works', async () => {
    const pair = await startPair();
    try {
      const client = pair.client();
      await client.getAccessToken();
      const { hostname, port } = new URL(pair.relay.url);
      const boundary = 'gzhboundary';
      const head = `--${boundary}\r\nContent-Disposition: form-data; name="media"; filename="big.png"\r\nContent-Type: image/png\r\n\r\n`;
      const total = 600_000;
      await new Promise<void>((resolve) => {
        const req = http.request({ host: hostname, port, method: 'POST', path: '/cgi-bin/media/uploadimg', headers: { authorization: `Bearer ${pair.token}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(total) } });
        req.on('error', () => resolve());
        req.write(head);
        req.write(Buffer.alloc(100_000, 7), () => setTimeout(() => req.destroy(), 50));
        req.on('close', () => resolve());
      });
      await expect.poll(() => pair.requests().find((e) => e.endpoint === 'media/uploadimg')?.status, { timeout: 3000 }).toBe(499);
      expect(pair.sandbox.state.images).toHaveLength(0);
      const { url } = await client.uploadImage(await makeImage(), 'after.png');
      expect(url).toContain('/mmbiz/');
      expect(pair.sandbox.state.images).toHaveLength(1);
    } finally {
      await pair.close();
    }
  });

  it('an upload without a length that grows past the cap is cut off with 413; WeChat stores nothing', async () => {
    const pair = await startPair({ relay: { maxUploadBytes: 50_000 } });
    try {
      const { hostname, port } = new URL(pair.relay.url);
      const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = http.request({ host: hostname, port, method: 'POST', path: '/cgi-bin/material/add_material?type=image', headers: { authorization: `Bearer ${pair.token}`, 'content-type': 'multipart/form-data; boundary=b' } }, (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        });
        req.on('error', reject);
        // chunked, 10 KB at a time: the relay must count, not trust a header
        let sent = 0;
        const pump = () => {
          while (sent < 200_000) {
            sent += 10_000;
            if (!req.write(Buffer.alloc(10_000, 1))) return void req.once('drain', pump);
          }
          req.end();
        };
        pump();
      }).catch((error: Error) => ({ status: -1, text: error.message }));
      // either the 413 arrives, or the connection closes under the client before it has finished sending
      if (answer.status !== -1) {
        expect(answer.status).toBe(413);
        expect(JSON.parse(answer.text)).toMatchObject({ errcode: 99413 });
      }
      await expect.poll(() => pair.requests().find((e) => e.endpoint === 'material/add_material')?.status, { timeout: 3000 }).toBe(413);
      expect(pair.sandbox.state.materials).toHaveLength(0);
    } finally {
      await pair.close();
    }
  });
});

describe('`gzh publish` with GZH_RELAY (the command line, no AppSecret in the environment)', () => {
  it('publishes through the relay, keys gzh.lock by the relay\'s account and upstream, and a rerun sends nothing', async () => {
    const { run } = await import('../../src/cli/commands/publish.js');
    const { captureContext } = await import('../helpers/cli.js');
    const pair = await startPair();
    try {
      const project = await makeProject(spreadImages(1, 2, 'c'), tmp);
      const env = { GZH_RELAY: pair.relay.url, GZH_RELAY_TOKEN: pair.token, WECHAT_APP_SECRET: '', WECHAT_API_BASE: '' };
      const first = captureContext(project.dir, env);
      expect(await run(['content'], {}, first.ctx), first.err()).toBe(0);
      expect(first.err()).toContain(`Publishing through the relay at ${pair.relay.url}`);
      expect(pair.sandbox.state.drafts).toHaveLength(1);
      const lock = JSON.parse(readFileSync(path.join(project.dir, 'gzh.lock'), 'utf8')) as { accounts: Record<string, unknown> };
      // the same key a direct publish to that upstream uses: switching between the two uploads nothing again
      expect(Object.keys(lock.accounts)).toEqual([`${APP_ID}@${pair.sandbox.apiBase}`]);
      const from = pair.sandbox.log.length;
      const again = captureContext(project.dir, env);
      expect(await run(['content'], {}, again.ctx)).toBe(0);
      expect(pair.sandbox.log.slice(from).map((e) => e.endpoint)).toEqual(['/cgi-bin/draft/get']);
      // a wrong token: a usage error before anything is compiled or sent
      const wrong = captureContext(project.dir, { ...env, GZH_RELAY_TOKEN: 'x'.repeat(40) });
      await expect(run(['content'], {}, wrong.ctx)).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining("can't publish") });
    } finally {
      await pair.close();
    }
  });
});
