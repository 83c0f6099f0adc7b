import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TokenFileCache, WechatApiError, WechatNetworkError, type DraftArticle } from '../../src/wechat/index.js';
import { minuteQuotaDelay, resolveRetry } from '../../src/wechat/retry-policy.js';
import { APP_ID, SECRET, jpeg, png, setup, type Harness } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function coverId(harness: Harness): Promise<string> {
  return (await harness.client.addMaterial(await jpeg(), 'cover.jpg', 'image')).media_id;
}

function article(title: string, thumb: string, content = '<p>正文内容</p>'): DraftArticle {
  return { title, author: '作者', content, thumb_media_id: thumb };
}

describe('endpoints', () => {
  it('uploads images and manages materials', async () => {
    h = await setup();
    const { client, sandbox } = h;
    const img = await client.uploadImage(await png(), 'figure.png');
    expect(img.url).toMatch(new RegExp(`^${sandbox.url}/mmbiz/[\\w-]+\\.png$`));
    const served = await fetch(img.url);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');

    const image = await client.addMaterial(await png(), 'cover.png', 'image');
    expect(image.media_id).toMatch(/^[\w-]{20,}$/);
    expect(image.url).toMatch(/\/mmbiz\//);
    const thumb = await client.addMaterial(await jpeg(20, 20), 'thumb.jpg', 'thumb');
    expect(thumb.media_id).toMatch(/^[\w-]{20,}$/);

    expect((await client.getMaterialCount()).image_count).toBe(2);
    const page = await client.batchGetMaterial({ type: 'image', offset: 0, count: 20 });
    expect(page.total_count).toBe(2);
    expect(page.item.map((i) => i.media_id).sort()).toEqual([image.media_id, thumb.media_id].sort());
    await client.deleteMaterial(image.media_id);
    expect((await client.getMaterialCount()).image_count).toBe(1);
    await expect(client.deleteMaterial(image.media_id)).rejects.toMatchObject({ errcode: 40007, code: 'wechat/40007' });
  });

  it('creates, reads, updates, lists, publishes and deletes drafts', async () => {
    h = await setup({ publishPolls: 1 });
    const { client, sandbox } = h;
    const thumb = await coverId(h);
    const { media_id } = await client.addDraft([article('第一篇', thumb), article('第二篇', thumb, '<p>second</p>')]);
    expect((await client.countDrafts()).total_count).toBe(1);

    await client.updateDraft(media_id, 1, article('第二篇（改）', thumb, '<p>changed</p>'));
    const draft = await client.getDraft(media_id);
    expect(draft.news_item.map((a) => a.title)).toEqual(['第一篇', '第二篇（改）']);
    expect(draft.news_item[1]!.content).toBe('<p>changed</p>');
    expect(draft.news_item[0]!.url).toContain(sandbox.url);

    const list = await client.batchGetDrafts({ offset: 0, count: 20, no_content: true });
    expect(list.item[0]!.media_id).toBe(media_id);
    expect(list.item[0]!.content.news_item[0]!.content).toBeUndefined();

    const { publish_id, msg_data_id } = await client.submitPublish(media_id);
    expect(publish_id).toMatch(/^\d+$/);
    expect(msg_data_id).toMatch(/^\d+$/);
    expect((await client.getPublishStatus(publish_id)).publish_status).toBe(1);
    const done = await client.getPublishStatus(publish_id);
    expect(done.publish_status).toBe(0);
    expect(done.article_detail!.item.map((i) => i.idx)).toEqual([1, 2]);
    const page = await fetch(done.article_detail!.item[0]!.article_url);
    expect(await page.text()).toContain('第一篇');

    const published = await client.getPublishedArticle(done.article_id!);
    expect(published.news_item.map((a) => a.title)).toEqual(['第一篇', '第二篇（改）']);
    const all = await client.batchGetPublished({ offset: 0, count: 10 });
    expect(all.item[0]!.article_id).toBe(done.article_id);
    // Published drafts leave the draft box.
    expect((await client.countDrafts()).total_count).toBe(0);

    const other = await client.addDraft([article('删除我', thumb)]);
    await client.deleteDraft(other.media_id);
    await expect(client.getDraft(other.media_id)).rejects.toMatchObject({ errcode: 40007 });
  });

  it('reports a failed publish with its status and fail_idx', async () => {
    h = await setup({ publishPolls: 0, faults: { publishFinalStatus: 4 } });
    const thumb = await coverId(h);
    const { media_id } = await h.client.addDraft([article('审核失败', thumb)]);
    const status = await h.client.getPublishStatus((await h.client.submitPublish(media_id)).publish_id);
    expect(status).toMatchObject({ publish_status: 4, fail_idx: [1] });
    expect(status.article_id).toBeUndefined();
  });

  it('sends CJK text as UTF-8, not \\u escapes (a 32-character Chinese title passes)', async () => {
    h = await setup();
    const thumb = await coverId(h);
    const title = '一二三四五六七八九十'.repeat(3) + '甲乙';
    const { media_id } = await h.client.addDraft([article(title, thumb)]);
    expect((await h.client.getDraft(media_id)).news_item[0]!.title).toBe(title);
  });
});

describe('tokens', () => {
  it('fetches a stable token once for concurrent calls and caches it in a private file', async () => {
    h = await setup();
    await Promise.all([h.client.countDrafts(), h.client.countDrafts(), h.client.getMaterialCount()]);
    expect(h.endpoints().filter((e) => e.startsWith('stable_token'))).toHaveLength(1);
    const files = await readdir(h.cacheDir);
    expect(files).toHaveLength(1);
    const file = path.join(h.cacheDir, files[0]!);
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    // A second client (next gzh run) reuses the cached token: no token call.
    h.sandbox.clearLog();
    await h.makeClient().countDrafts();
    expect(h.endpoints()).toEqual(['draft/count 0']);
  });

  it('uses /token in classic mode', async () => {
    h = await setup({}, { tokenMode: 'classic', tokenCacheDir: false });
    await h.client.countDrafts();
    expect(h.sandbox.log.map((e) => `${e.method} ${e.endpoint}`)).toEqual(['GET /cgi-bin/token', 'GET /cgi-bin/draft/count']);
  });

  it('token invalidated mid-run: exactly one refetch and one retry', async () => {
    h = await setup();
    await h.client.countDrafts();
    h.sandbox.clearLog();
    h.sandbox.setFaults({ invalidateTokenAfter: 1 });
    await h.client.countDrafts(); // succeeds, then every token is invalidated
    await h.client.countDrafts(); // 40001 → refetch → retry
    expect(h.endpoints()).toEqual(['draft/count 0', 'draft/count 40001', 'stable_token 0', 'draft/count 0']);
  });

  it('tokens rejected again and again are an error, not a loop', async () => {
    // A server that rejects every token: one refetch per refused token, two at most, then the 40001 error
    // (two: a stale cached token and a token revoked mid-call are two different refusals).
    const { createServer } = await import('node:http');
    const seen: string[] = [];
    const server = createServer((req, res) => {
      const name = new URL(req.url!, 'http://x').pathname.replace('/cgi-bin/', '');
      seen.push(name);
      res.setHeader('content-type', 'application/json');
      if (name === 'stable_token') res.end(JSON.stringify({ access_token: `tok${seen.length}`, expires_in: 7200 }));
      else res.end(JSON.stringify({ errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest rid: 1-2-3' }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    h = await setup();
    try {
      const client = h.makeClient({ apiBase: `http://127.0.0.1:${(server.address() as { port: number }).port}`, tokenCacheDir: false });
      await expect(client.countDrafts()).rejects.toMatchObject({ errcode: 40001, code: 'wechat/40001' });
      expect(seen).toEqual(['stable_token', 'draft/count', 'stable_token', 'draft/count', 'stable_token', 'draft/count']);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('refetches a stale token from the cache file on 40001 and 42001', async () => {
    h = await setup({ tokenTtlSeconds: 1 });
    const cache = new TokenFileCache(h.cacheDir, { apiBase: h.sandbox.apiBase, appId: APP_ID, mode: 'stable' }, SECRET);
    await cache.write({ token: 'not-a-token-the-sandbox-knows', refreshAt: Date.now() + 3600_000 });
    const client = h.makeClient();
    await client.countDrafts();
    expect(h.endpoints()).toEqual(['draft/count 40001', 'stable_token 0', 'draft/count 0']);

    // An expired token (server side) that the cache still believes in → 42001 → refetch.
    const token = await client.getAccessToken();
    await new Promise((r) => setTimeout(r, 1100));
    await cache.write({ token, refreshAt: Date.now() + 3600_000 });
    h.sandbox.clearLog();
    await h.makeClient().countDrafts();
    expect(h.endpoints()).toEqual(['draft/count 42001', 'stable_token 0', 'draft/count 0']);
  });

  it('refreshes a token before it expires', async () => {
    h = await setup({ tokenTtlSeconds: 2 }, { tokenCacheDir: false });
    await h.client.countDrafts();
    await new Promise((r) => setTimeout(r, 1100));
    await h.client.countDrafts();
    expect(h.endpoints()).toEqual(['stable_token 0', 'draft/count 0', 'stable_token 0', 'draft/count 0']);
  });

  it('wrong app id and secret are clear errors without retries', async () => {
    h = await setup();
    const badId = h.makeClient({ appId: 'wx0000000000000000', tokenCacheDir: false });
    await expect(badId.countDrafts()).rejects.toMatchObject({ errcode: 40013, endpoint: 'stable_token', hint: expect.stringContaining('WECHAT_APP_ID') });
    const badSecret = h.makeClient({ appSecret: 'wrong-secret-value', tokenCacheDir: false, tokenMode: 'classic' });
    const error = await badSecret.countDrafts().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WechatApiError);
    expect(error).toMatchObject({ errcode: 40125 });
    expect(String((error as Error).message)).not.toContain('wrong-secret-value');
    expect(h.endpoints()).toEqual(['stable_token 40013', 'token 40125']);
  });
});

describe('retries and faults', () => {
  it('45011 waits into the next minute (the quota resets then), within the configured cap', () => {
    const policy = resolveRetry();
    const at45s = Date.UTC(2026, 11, 2, 3, 0, 45);
    const wait = minuteQuotaDelay(policy, at45s, () => 0.5);
    expect(wait).toBe(15_000 + 500 + 500);
    expect(minuteQuotaDelay(policy, Date.UTC(2026, 11, 2, 3, 0, 0), () => 1)).toBe(61_000);
    expect(minuteQuotaDelay(resolveRetry({ minuteQuotaWaitMs: 20 }), at45s)).toBe(20);
  });

  it('45011 minute quota: backs off, then succeeds', async () => {
    h = await setup();
    await h.client.countDrafts();
    h.sandbox.clearLog();
    h.sandbox.setFaults({ minuteQuota: 2 });
    expect((await h.client.countDrafts()).total_count).toBe(0);
    expect(h.endpoints()).toEqual(['draft/count 45011', 'draft/count 45011', 'draft/count 0']);
    const retries = h.events.filter((e) => e.type === 'retry');
    expect(retries.map((e) => e.type === 'retry' && e.reason)).toEqual(['errcode 45011', 'errcode 45011']);
    expect(retries.every((e) => e.type === 'retry' && e.delayMs > 0)).toBe(true);
  });

  it('45009 daily quota: a clear error, no retry', async () => {
    h = await setup();
    await h.client.countDrafts();
    h.sandbox.clearLog();
    h.sandbox.setFaults({ dailyQuota: true });
    const error = await h.client.countDrafts().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WechatApiError);
    expect(error).toMatchObject({ errcode: 45009, code: 'wechat/45009', endpoint: 'draft/count', hint: expect.stringContaining('daily') });
    expect((error as WechatApiError).rid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/);
    expect(h.endpoints()).toEqual(['draft/count 45009']);
  });

  it('-1 system error every other call is retried', async () => {
    h = await setup();
    await h.client.countDrafts();
    h.sandbox.clearLog();
    h.sandbox.setFaults({ systemErrorEvery: 2 });
    for (let i = 0; i < 3; i++) await h.client.countDrafts();
    expect(h.endpoints()).toEqual(['draft/count 0', 'draft/count -1', 'draft/count 0', 'draft/count -1', 'draft/count 0']);
  });

  it('HTTP 500 and reset connections are retried and succeed', async () => {
    h = await setup();
    await h.client.countDrafts();
    h.sandbox.clearLog();
    h.sandbox.setFaults({ http500: 1, dropConnections: 2 });
    const img = await h.client.uploadImage(await png(), 'a.png');
    expect(img.url).toContain('/mmbiz/');
    expect(h.endpoints()).toEqual(['media/uploadimg 0', 'media/uploadimg 0', 'media/uploadimg 500', 'media/uploadimg 0']);
    expect(h.sandbox.state.images).toHaveLength(1);
    const reasons = h.events.flatMap((e) => (e.type === 'retry' ? [e.reason] : []));
    expect(reasons).toEqual(['reset', 'reset', 'HTTP 500']);
  });

  it('timeouts are retried', async () => {
    h = await setup({}, { timeoutMs: 150 });
    await h.client.countDrafts();
    h.sandbox.clearLog();
    h.sandbox.setFaults({ delayMs: 600, delayCount: 1 });
    expect((await h.client.countDrafts()).total_count).toBe(0);
    expect(h.events.some((e) => e.type === 'retry' && e.reason === 'timeout')).toBe(true);
  });

  it('gives up after the retry budget with a network error', async () => {
    h = await setup({}, { retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 2 } });
    await h.client.countDrafts();
    h.sandbox.clearLog();
    h.sandbox.setFaults({ http500: 10 });
    const error = await h.client.countDrafts().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WechatNetworkError);
    expect(error).toMatchObject({ reason: 'http', status: 500, attempts: 3 });
    expect(h.sandbox.log).toHaveLength(3);
  });

  it('draft/add whose answer was lost is not added twice (dropped response)', async () => {
    h = await setup();
    const thumb = await coverId(h);
    h.sandbox.clearLog();
    h.sandbox.setFaults({ dropResponses: 1, endpoints: ['draft/add'] });
    const articles = [article('只加一次', thumb), article('第二篇', thumb, '<p>b</p>')];
    const { media_id } = await h.client.addDraft(articles);
    expect(h.sandbox.state.drafts).toHaveLength(1);
    expect(h.sandbox.state.drafts[0]!.media_id).toBe(media_id);
    expect(h.endpoints()).toEqual(['draft/add 0', 'draft/batchget 0']);
  });

  it('draft/add that timed out but went through is not added twice', async () => {
    h = await setup({}, { timeoutMs: 200 });
    const thumb = await coverId(h);
    h.sandbox.setFaults({ delayMs: 500, delayCount: 1, endpoints: ['draft/add'] });
    const { media_id } = await h.client.addDraft([article('超时', thumb)]);
    await new Promise((r) => setTimeout(r, 400)); // let the slow add finish server side if it had not
    expect(h.sandbox.state.drafts.map((d) => d.media_id)).toEqual([media_id]);
    expect(h.events.some((e) => e.type === 'duplicate-check' && e.found)).toBe(true);
  });

  it('draft/add whose only attempt went through but lost its answer finds that draft instead of failing', async () => {
    h = await setup({}, { retry: { retries: 0, baseDelayMs: 5, maxDelayMs: 20 } });
    const thumb = await coverId(h);
    h.sandbox.setFaults({ dropResponses: 1, endpoints: ['draft/add'] });
    const { media_id } = await h.client.addDraft([article('最后一次', thumb)]);
    expect(h.sandbox.state.drafts.map((d) => d.media_id)).toEqual([media_id]);
    expect(h.events.some((e) => e.type === 'duplicate-check' && e.found)).toBe(true);
  });

  it('recognises its draft even when WeChat stored much less content than was sent', async () => {
    h = await setup();
    const thumb = await coverId(h);
    h.sandbox.setFaults({ dropResponses: 1, endpoints: ['draft/add'] });
    // most of this is removed by WeChat's clean-up: the stored content is a fraction of what was sent
    const content = `<p>留下的正文</p>${'<script>var x = 1;</script>'.repeat(150)}`;
    const { media_id } = await h.client.addDraft([article('内容被清理', thumb, content)]);
    expect(h.sandbox.state.drafts.map((d) => d.media_id)).toEqual([media_id]);
    expect(h.sandbox.state.drafts[0]!.articles[0]!.content.length).toBeLessThan(content.length / 10);
  });

  it('draft/add retried after a connection dropped before handling creates the draft once', async () => {
    h = await setup();
    const thumb = await coverId(h);
    h.sandbox.setFaults({ dropConnections: 1, endpoints: ['draft/add'] });
    await h.client.addDraft([article('重试', thumb)]);
    expect(h.sandbox.state.drafts).toHaveLength(1);
    expect(h.events.some((e) => e.type === 'duplicate-check' && !e.found)).toBe(true);
  });

  it('40164: names the IP and where to whitelist it, no retry', async () => {
    h = await setup({ faults: { ipNotWhitelisted: '203.0.113.7' } }, { tokenCacheDir: false });
    const error = await h.client.countDrafts().catch((e: unknown) => e);
    expect(error).toMatchObject({ errcode: 40164, code: 'wechat/40164' });
    expect((error as WechatApiError).hint).toContain('203.0.113.7');
    expect((error as WechatApiError).hint).toContain('IP白名单');
    expect((error as WechatApiError).hint).toContain('--api-base');
    expect(h.sandbox.log).toHaveLength(1);
  });
});

describe('secrets', () => {
  it('never appear in log events, errors or the token cache file', async () => {
    h = await setup({}, { tokenMode: 'classic' });
    const outputs: string[] = [];
    const record = (e: unknown) => outputs.push(e instanceof Error ? `${e.message} ${(e as { hint?: string }).hint ?? ''} ${e.stack}` : JSON.stringify(e));
    await h.client.countDrafts();
    const token = await h.client.getAccessToken();
    h.sandbox.setFaults({ dailyQuota: true });
    await h.client.countDrafts().catch(record);
    h.sandbox.setFaults({ dailyQuota: false, http500: 20 });
    await h.client.getMaterialCount().catch(record);
    h.sandbox.setFaults({ http500: 0, dropConnections: 20 });
    const fresh = h.makeClient({ tokenCacheDir: false, tokenMode: 'classic', retry: { retries: 1, baseDelayMs: 1 } });
    await fresh.countDrafts().catch(record); // fails on /token, whose URL carries the secret
    h.sandbox.setFaults({ dropConnections: 0, ipNotWhitelisted: '198.51.100.1' });
    await fresh.countDrafts().catch(record);
    expect(outputs).toHaveLength(4);
    for (const e of h.events) outputs.push(JSON.stringify(e));
    for (const file of await readdir(h.cacheDir)) outputs.push(await readFile(path.join(h.cacheDir, file), 'utf8'));
    outputs.push(JSON.stringify(h.sandbox.log));
    const all = outputs.join('\n');
    expect(all).toContain('errcode 45009'); // the errors are there ...
    expect(all).not.toContain(SECRET); // ... but not the secret
    expect(all).not.toContain(token);
    expect(all).not.toMatch(/access_token=/);
  });
});

describe('configuration', () => {
  it('takes the api base from WECHAT_API_BASE', async () => {
    h = await setup();
    const client = h.makeClient({ apiBase: undefined, env: { WECHAT_API_BASE: h.sandbox.url + '/' } });
    expect(client.apiBase).toBe(h.sandbox.url);
    expect((await client.countDrafts()).total_count).toBe(0);
  });

  it('goes through HTTP_PROXY when set, and not for NO_PROXY hosts', async () => {
    h = await setup();
    const { createServer } = await import('node:http');
    const net = await import('node:net');
    const tunnelled: string[] = [];
    const proxy = createServer((_req, res) => res.writeHead(502).end());
    proxy.on('connect', (req, socket, head) => {
      tunnelled.push(String(req.url));
      const [host, port] = String(req.url).split(':');
      const upstream = net.connect(Number(port), host!, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
    try {
      const viaProxy = h.makeClient({ tokenCacheDir: false, env: { HTTP_PROXY: proxyUrl } });
      await viaProxy.countDrafts();
      expect(tunnelled.length).toBeGreaterThan(0);
      expect(tunnelled[0]).toBe(new URL(h.sandbox.url).host);
      await viaProxy.close();
      tunnelled.length = 0;
      const bypass = h.makeClient({ tokenCacheDir: false, env: { HTTP_PROXY: proxyUrl, NO_PROXY: '127.0.0.1' } });
      await bypass.countDrafts();
      expect(tunnelled).toEqual([]);
    } finally {
      proxy.closeAllConnections();
      await new Promise((r) => proxy.close(r));
    }
  });

  it('reports request events without secrets for verbose output', async () => {
    h = await setup();
    await h.client.countDrafts();
    const requests = h.events.filter((e) => e.type === 'request');
    expect(requests.map((e) => e.type === 'request' && `${e.endpoint} ${e.attempt} ${e.status}`)).toEqual(['stable_token 1 200', 'draft/count 1 200']);
    expect(requests.every((e) => e.type === 'request' && typeof e.ms === 'number')).toBe(true);
    // the token cache file exists and is JSON without the secret
    const [file] = await readdir(h.cacheDir);
    const text = await readFile(path.join(h.cacheDir, file!), 'utf8');
    expect(JSON.parse(text)).toMatchObject({ appId: APP_ID, apiBase: h.sandbox.apiBase });
    await writeFile(path.join(h.cacheDir, file!), 'garbage');
    expect((await h.makeClient().countDrafts()).total_count).toBe(0); // a corrupt cache is ignored
  });
});
