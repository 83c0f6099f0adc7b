import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';

const RID = / rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/;

const img = (format: 'png' | 'jpeg' | 'gif' | 'webp' | 'avif', width = 40, height = 30) =>
  sharp({ create: { width, height, channels: 3, background: '#4a8' } })[format]().toBuffer();
/** Random-pixel image: does not compress, so its size is controllable. */
const noisy = (format: 'png' | 'jpeg', side: number) =>
  sharp(Buffer.from(Array.from({ length: side * side * 3 }, () => Math.floor(Math.random() * 256))), { raw: { width: side, height: side, channels: 3 } })
    [format]()
    .toBuffer();

interface Answer {
  status: number;
  json: Record<string, unknown>;
}

function client(sb: Sandbox) {
  let token = '';
  const call = async (endpoint: string, init: { method?: string; body?: unknown; form?: FormData; query?: Record<string, string>; noToken?: boolean; raw?: string } = {}): Promise<Answer> => {
    const q = new URLSearchParams({ ...(init.noToken ? {} : { access_token: token }), ...init.query });
    const res = await fetch(`${sb.url}/cgi-bin/${endpoint}?${q}`, {
      method: init.method ?? (init.body !== undefined || init.form || init.raw !== undefined ? 'POST' : 'GET'),
      body: init.form ?? init.raw ?? (init.body !== undefined ? JSON.stringify(init.body) : undefined),
      headers: init.form ? undefined : { 'content-type': 'application/json' },
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  return {
    call,
    async login() {
      const r = await call('stable_token', { noToken: true, body: { grant_type: 'client_credential', appid: sb.appId, secret: sb.appSecret } });
      token = String(r.json.access_token);
      return token;
    },
    setToken: (t: string) => (token = t),
    upload(endpoint: string, bytes: Uint8Array | undefined, filename: string, query: Record<string, string> = {}, field = 'media') {
      const form = new FormData();
      if (bytes) form.append(field, new Blob([new Uint8Array(bytes)]), filename);
      else form.append('other', 'x');
      return call(endpoint, { form, query });
    },
  };
}

let sb: Sandbox;
let api: ReturnType<typeof client>;
let thumb: string;
let contentImage: string;

beforeAll(async () => {
  sb = await startSandbox({ quotas: { 'draft/get': 1000 } });
  api = client(sb);
  await api.login();
  thumb = String((await api.upload('material/add_material', await img('jpeg'), 'c.jpg', { type: 'image' })).json.media_id);
  contentImage = String((await api.upload('media/uploadimg', await img('png'), 'i.png')).json.url);
});
afterAll(() => sb.close());
afterEach(() => sb.setFaults({ dailyQuota: false, ipNotWhitelisted: null, endpoints: null, minuteQuota: 0, http500: 0, errcode: null }));

const news = (over: Record<string, unknown> = {}) => ({ title: '标题', author: '作者', content: '<p>正文</p>', thumb_media_id: thumb, ...over });

describe('error shape and codes', () => {
  type Case = [name: string, run: () => Promise<Answer>, errcode: number];
  const cases: Case[] = [
    ['token: wrong grant_type', () => api.call('token', { noToken: true, query: { grant_type: 'x', appid: sb.appId, secret: sb.appSecret } }), 40002],
    ['token: missing appid', () => api.call('token', { noToken: true, query: { grant_type: 'client_credential' } }), 41002],
    ['token: wrong appid', () => api.call('token', { noToken: true, query: { grant_type: 'client_credential', appid: 'wxnope', secret: sb.appSecret } }), 40013],
    ['token: wrong secret', () => api.call('token', { noToken: true, query: { grant_type: 'client_credential', appid: sb.appId, secret: 'nope' } }), 40125],
    ['stable_token: wrong secret', () => api.call('stable_token', { noToken: true, body: { grant_type: 'client_credential', appid: sb.appId, secret: 'nope' } }), 40125],
    ['stable_token: GET', () => api.call('stable_token', { noToken: true, method: 'GET' }), 43002],
    ['draft/add: GET requires POST', () => api.call('draft/add', { method: 'GET' }), 43002],
    ['missing access_token', () => api.call('draft/count', { noToken: true }), 41001],
    ['unknown access_token', () => api.call('draft/count', { query: { access_token: 'bogus' } }), 40001],
    ['uploadimg: webp', async () => api.upload('media/uploadimg', await img('webp'), 'a.webp'), 40005],
    ['uploadimg: webp bytes named .png', async () => api.upload('media/uploadimg', await img('webp'), 'a.png'), 40005],
    ['uploadimg: gif', async () => api.upload('media/uploadimg', await img('gif'), 'a.gif'), 40005],
    ['uploadimg: ≥ 1 MB', async () => api.upload('media/uploadimg', await noisy('png', 620), 'big.png'), 40009],
    ['uploadimg: no media part', async () => api.upload('media/uploadimg', undefined, ''), 41005],
    ['uploadimg: not multipart', () => api.call('media/uploadimg', { raw: 'hello' }), 41005],
    ['add_material: bad type', async () => api.upload('material/add_material', await img('png'), 'a.png', { type: 'voice' }), 40004],
    ['add_material: avif image', async () => api.upload('material/add_material', await img('avif'), 'a.avif', { type: 'image' }), 40005],
    ['add_material: svg image', async () => api.upload('material/add_material', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'a.svg', { type: 'image' }), 40005],
    ['add_material: png thumb', async () => api.upload('material/add_material', await img('png'), 'a.png', { type: 'thumb' }), 40005],
    ['add_material: thumb > 64 KB', async () => api.upload('material/add_material', await noisy('jpeg', 400), 't.jpg', { type: 'thumb' }), 40009],
    ['del_material: unknown', () => api.call('material/del_material', { body: { media_id: 'nope' } }), 40007],
    ['batchget_material: count 21', () => api.call('material/batchget_material', { body: { type: 'image', offset: 0, count: 21 } }), 40097],
    ['draft/add: no body', () => api.call('draft/add', { raw: '' }), 44002],
    ['draft/add: invalid JSON', () => api.call('draft/add', { raw: '{"articles":' }), 47001],
    ['draft/add: articles not an array', () => api.call('draft/add', { body: { articles: news() } }), 47001],
    ['draft/add: no articles', () => api.call('draft/add', { body: { articles: [] } }), 44003],
    ['draft/add: 9 articles', () => api.call('draft/add', { body: { articles: Array.from({ length: 9 }, () => news()) } }), 45008],
    ['draft/add: missing title', () => api.call('draft/add', { body: { articles: [news({ title: '' })] } }), 44003],
    ['draft/add: title 33 chars', () => api.call('draft/add', { body: { articles: [news({ title: '字'.repeat(33) })] } }), 45003],
    ['draft/add: \\u-escaped title stored literally', () => api.call('draft/add', { raw: JSON.stringify({ articles: [news({ title: 'X' })] }).replace('"X"', `"${'\\u5b57'.repeat(6)}"`) }), 45003],
    ['draft/add: author 17 chars', () => api.call('draft/add', { body: { articles: [news({ author: 'a'.repeat(17) })] } }), 45110],
    ['draft/add: digest 129 chars', () => api.call('draft/add', { body: { articles: [news({ digest: '摘'.repeat(129) })] } }), 45004],
    ['draft/add: empty content', () => api.call('draft/add', { body: { articles: [news({ content: '' })] } }), 44003],
    ['draft/add: content 20,000 chars', () => api.call('draft/add', { body: { articles: [news({ content: `<p>${'字'.repeat(19_993)}</p>` })] } }), 45002],
    ['draft/add: source url > 1 KB', () => api.call('draft/add', { body: { articles: [news({ content_source_url: `https://e.com/${'a'.repeat(1011)}` })] } }), 41039],
    ['draft/add: no thumb', () => api.call('draft/add', { body: { articles: [news({ thumb_media_id: undefined })] } }), 40007],
    ['draft/add: unknown thumb', () => api.call('draft/add', { body: { articles: [news({ thumb_media_id: 'nope' })] } }), 40007],
    ['draft/add: need_open_comment 2', () => api.call('draft/add', { body: { articles: [news({ need_open_comment: 2 })] } }), 40097],
    ['draft/add: bad crop', () => api.call('draft/add', { body: { articles: [news({ pic_crop_235_1: '0.5_0_0.2_1' })] } }), 40097],
    ['draft/add: crop with 7 decimals', () => api.call('draft/add', { body: { articles: [news({ pic_crop_1_1: '0.1234567_0_1_1' })] } }), 40097],
    ['draft/add: newspic without images', () => api.call('draft/add', { body: { articles: [news({ article_type: 'newspic', image_info: { image_list: [] } })] } }), 40097],
    ['draft/add: newspic with 21 images', () => api.call('draft/add', { body: { articles: [news({ article_type: 'newspic', image_info: { image_list: Array.from({ length: 21 }, () => ({ image_media_id: thumb })) } })] } }), 40097],
    ['draft/add: newspic picture that is a thumb material', async () => {
      const id = String((await api.upload('material/add_material', await img('jpeg'), 't.jpg', { type: 'thumb' })).json.media_id);
      return api.call('draft/add', { body: { articles: [news({ article_type: 'newspic', image_info: { image_list: [{ image_media_id: id }] } })] } });
    }, 40007],
    ['draft/add: newspic text 20,000 chars', () => api.call('draft/add', { body: { articles: [news({ article_type: 'newspic', content: '字'.repeat(20_000), image_info: { image_list: [{ image_media_id: thumb }] } })] } }), 45002],
    ['draft/update: unknown media_id', () => api.call('draft/update', { body: { media_id: 'nope', index: 0, articles: news() } }), 40007],
    ['draft/get: unknown media_id', () => api.call('draft/get', { body: { media_id: 'nope' } }), 40007],
    ['draft/delete: unknown media_id', () => api.call('draft/delete', { body: { media_id: 'nope' } }), 40007],
    ['draft/batchget: count 0', () => api.call('draft/batchget', { body: { offset: 0, count: 0 } }), 40097],
    ['freepublish/submit: unknown draft', () => api.call('freepublish/submit', { body: { media_id: 'nope' } }), 40007],
    ['freepublish/get: unknown publish', () => api.call('freepublish/get', { body: { publish_id: '1' } }), 40007],
    ['freepublish/getarticle: unknown article', () => api.call('freepublish/getarticle', { body: { article_id: 'nope' } }), 53600],
  ];

  it.each(cases.map(([name, run, code]) => [`${name} → ${code}`, run, code] as const))('%s', async (_name, run, errcode) => {
    const { status, json } = await run();
    expect(status).toBe(200);
    expect(json.errcode).toBe(errcode);
    expect(json.errmsg).toMatch(RID);
  });

  it('draft/update: array instead of object → 47001, bad index → 40114', async () => {
    const { json } = await api.call('draft/add', { body: { articles: [news(), news({ title: '二' })] } });
    const media_id = json.media_id;
    expect((await api.call('draft/update', { body: { media_id, index: 0, articles: [news()] } })).json.errcode).toBe(47001);
    for (const index of [2, -1, 'x', undefined]) {
      expect((await api.call('draft/update', { body: { media_id, index, articles: news() } })).json.errcode).toBe(40114);
    }
    expect((await api.call('draft/update', { body: { media_id, index: 1, articles: news({ title: '新' }) } })).json).toMatchObject({ errcode: 0 });
  });

  it('accepts the limits themselves: 32-char title, 16-char author, 128-char digest, 8 articles', async () => {
    const articles = [news({ title: '字'.repeat(32), author: '作'.repeat(16), digest: '摘'.repeat(128) }), ...Array.from({ length: 7 }, () => news())];
    expect((await api.call('draft/add', { body: { articles } })).json.media_id).toBeTypeOf('string');
  });

  it('content size is also limited in bytes (configurable limit)', async () => {
    const small = await startSandbox({ limits: { contentBytes: 1000 } });
    try {
      const c = client(small);
      await c.login();
      const t = (await c.upload('material/add_material', await img('jpeg'), 'c.jpg', { type: 'image' })).json.media_id;
      const r = await c.call('draft/add', { body: { articles: [news({ thumb_media_id: t, content: `<p>${'字'.repeat(400)}</p>` })] } });
      expect(r.json.errcode).toBe(45002);
    } finally {
      await small.close();
    }
  });

  it('daily quotas answer 45009 once used up', async () => {
    const q = await startSandbox({ quotas: { 'draft/count': 2 } });
    try {
      const c = client(q);
      await c.login();
      const codes = [];
      for (let i = 0; i < 3; i++) codes.push((await c.call('draft/count')).json.errcode ?? 0);
      expect(codes).toEqual([0, 0, 45009]);
    } finally {
      await q.close();
    }
  });

  it.each([
    [{ dailyQuota: true }, 45009],
    [{ minuteQuota: 1 }, 45011],
    [{ ipNotWhitelisted: '192.0.2.44' }, 40164],
    [{ errcode: { errcode: 48001, count: 1 } }, 48001],
  ] as const)('fault %j → %i', async (faults, errcode) => {
    sb.setFaults(faults);
    const { json } = await api.call('draft/count');
    expect(json.errcode).toBe(errcode);
    expect(json.errmsg).toMatch(RID);
    if (errcode === 40164) expect(json.errmsg).toContain('invalid ip 192.0.2.44');
  });

  it('faults can be set over HTTP and limited to endpoints; HTTP 500 has no JSON', async () => {
    const set = await fetch(`${sb.url}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ http500: 1, endpoints: ['draft/count'] }) });
    expect(await set.json()).toMatchObject({ http500: 1, endpoints: ['draft/count'] });
    expect((await api.call('material/get_materialcount')).json.image_count).toBeTypeOf('number');
    const res = await fetch(`${sb.url}/cgi-bin/draft/count?access_token=x`);
    expect(res.status).toBe(500);
    expect(sb.faults.http500).toBe(0);
  });
});

describe('tokens', () => {
  it('stable_token returns the same token while valid; force_refresh replaces it', async () => {
    const s = await startSandbox();
    try {
      const c = client(s);
      const first = await c.login();
      expect(await c.login()).toBe(first);
      const forced = await c.call('stable_token', { noToken: true, body: { grant_type: 'client_credential', appid: s.appId, secret: s.appSecret, force_refresh: true } });
      expect(forced.json.access_token).not.toBe(first);
      c.setToken(first);
      expect((await c.call('draft/count')).json.errcode).toBe(40001);
      // a second force within 30 s is refused
      const again = await c.call('stable_token', { noToken: true, body: { grant_type: 'client_credential', appid: s.appId, secret: s.appSecret, force_refresh: true } });
      expect(again.json.errcode).toBe(45011);
    } finally {
      await s.close();
    }
  });

  it('/token issues a new token each call; the old one keeps working for a grace period; tokens expire (42001)', async () => {
    const s = await startSandbox({ tokenTtlSeconds: 1 });
    try {
      const c = client(s);
      const get = async () => String((await c.call('token', { noToken: true, query: { grant_type: 'client_credential', appid: s.appId, secret: s.appSecret } })).json.access_token);
      const a = await get();
      const b = await get();
      expect(a).not.toBe(b);
      c.setToken(a);
      expect((await c.call('draft/count')).json.total_count).toBe(0);
      await new Promise((r) => setTimeout(r, 1050));
      expect((await c.call('draft/count')).json.errcode).toBe(42001);
    } finally {
      await s.close();
    }
  });

  it('token invalidation fault: after N calls every token answers 40001', async () => {
    const s = await startSandbox({ faults: { invalidateTokenAfter: 2 } });
    try {
      const c = client(s);
      await c.login();
      const codes = [];
      for (let i = 0; i < 3; i++) codes.push((await c.call('draft/count')).json.errcode ?? 0);
      expect(codes).toEqual([0, 0, 40001]);
    } finally {
      await s.close();
    }
  });
});

describe('what WeChat does to content', () => {
  it('removes scripts, handlers, classes, foreign images and non-WeChat links; keeps its own images', async () => {
    const content = [
      '<section class="x" id="y" onclick="steal()"><p style="color:red">文字<script>alert(1)</script></p>',
      `<img src="${contentImage}" alt="ok"><img src="https://example.com/x.png"><img src="data:image/png;base64,AAAA">`,
      '<a href="https://example.com/">外链</a> <a href="https://mp.weixin.qq.com/s/abc">内链</a> <a href="javascript:alert(1)">js</a>',
      '<style>p{color:red}</style><iframe src="https://e.com"></iframe></section>',
    ].join('');
    const { json } = await api.call('draft/add', { body: { articles: [news({ content })] } });
    const stored = (await api.call('draft/get', { body: { media_id: json.media_id } })).json.news_item as { content: string; digest: string }[];
    const html = stored[0]!.content;
    expect(html).not.toMatch(/script|onclick|class=|id=|<style|iframe|example\.com|data:|javascript:/);
    expect(html).toContain(`src="${contentImage}"`);
    expect(html).toContain('href="https://mp.weixin.qq.com/s/abc"');
    expect(html).toContain('style="color:red"');
    expect(html).toContain('外链');
    expect(stored[0]!.digest).toBe('文字外链 内链 js');
  });

  it('fills an empty digest with the first 54 characters; multi-article drafts have none', async () => {
    const body = '这是一段很长的正文。'.repeat(10);
    const one = (await api.call('draft/add', { body: { articles: [news({ content: `<p>${body}</p>` })] } })).json.media_id;
    const digest = ((await api.call('draft/get', { body: { media_id: one } })).json.news_item as { digest: string }[])[0]!.digest;
    expect(digest).toBe([...body].slice(0, 54).join(''));
    const two = (await api.call('draft/add', { body: { articles: [news({ digest: '有摘要' }), news()] } })).json.media_id;
    const items = (await api.call('draft/get', { body: { media_id: two } })).json.news_item as { digest: string }[];
    expect(items.map((i) => i.digest)).toEqual(['', '']);
  });
});

describe('publishing', () => {
  it('goes 1 → 0 over the configured polls, removes the draft, serves the article', async () => {
    const s = await startSandbox({ publishPolls: 2 });
    try {
      const c = client(s);
      await c.login();
      const t = (await c.upload('material/add_material', await img('jpeg'), 'c.jpg', { type: 'image' })).json.media_id;
      const media_id = (await c.call('draft/add', { body: { articles: [news({ thumb_media_id: t, title: '发布<测试>' })] } })).json.media_id;
      const submit = (await c.call('freepublish/submit', { body: { media_id } })).json;
      expect(submit).toMatchObject({ errcode: 0, errmsg: 'ok' });
      expect(submit.publish_id).toBeTypeOf('number');
      const statuses = [];
      let last: Record<string, unknown> = {};
      for (let i = 0; i < 3; i++) {
        last = (await c.call('freepublish/get', { body: { publish_id: submit.publish_id } })).json;
        statuses.push(last.publish_status);
      }
      expect(statuses).toEqual([1, 1, 0]);
      expect((await c.call('draft/count')).json.total_count).toBe(0);
      const url = (last.article_detail as { item: { article_url: string }[] }).item[0]!.article_url;
      expect(url.startsWith(`${s.url}/s/`)).toBe(true);
      const page = await (await fetch(url)).text();
      expect(page).toContain('发布&lt;测试&gt;');
      expect(page).not.toContain('发布<测试>');
    } finally {
      await s.close();
    }
  });

  it('final status 3 from the fault setting', async () => {
    const s = await startSandbox({ publishPolls: 0, faults: { publishFinalStatus: 3 } });
    try {
      const c = client(s);
      await c.login();
      const t = (await c.upload('material/add_material', await img('jpeg'), 'c.jpg', { type: 'image' })).json.media_id;
      const media_id = (await c.call('draft/add', { body: { articles: [news({ thumb_media_id: t })] } })).json.media_id;
      const { publish_id } = (await c.call('freepublish/submit', { body: { media_id } })).json;
      expect((await c.call('freepublish/get', { body: { publish_id } })).json).toMatchObject({ publish_status: 3, fail_idx: [] });
      expect((await c.call('draft/count')).json.total_count).toBe(1);
    } finally {
      await s.close();
    }
  });
});

describe('request log', () => {
  it('records method, endpoint, errcode and status, never the token; exposed over HTTP and resettable', async () => {
    sb.clearLog();
    const token = await api.login();
    await api.call('draft/count');
    await api.call('draft/add', { method: 'GET' });
    expect(sb.log.map((e) => [e.method, e.endpoint, e.errcode, e.status])).toEqual([
      ['POST', '/cgi-bin/stable_token', 0, 200],
      ['GET', '/cgi-bin/draft/count', 0, 200],
      ['GET', '/cgi-bin/draft/add', 43002, 200],
    ]);
    const overHttp = await (await fetch(`${sb.url}/__sandbox/log`)).text();
    expect(JSON.parse(overHttp)).toHaveLength(3);
    expect(overHttp).not.toContain(token);
    await fetch(`${sb.url}/__sandbox/log`, { method: 'DELETE' });
    expect(sb.log).toHaveLength(0);
  });
});

describe('persistence and web view', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'gzh-sandbox-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('keeps drafts, materials, images and tokens across a restart with a data dir', async () => {
    const first = await startSandbox({ dataDir: dir });
    const c = client(first);
    const token = await c.login();
    const material = (await c.upload('material/add_material', await img('jpeg'), 'cover.jpg', { type: 'image' })).json;
    const url = String((await c.upload('media/uploadimg', await img('png'), 'p.png')).json.url);
    const media_id = (await c.call('draft/add', { body: { articles: [news({ thumb_media_id: material.media_id, title: '重启之后', content: `<p>还在</p><img src="${url}">` })] } })).json.media_id;
    await first.close();
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const second = await startSandbox({ dataDir: dir });
    try {
      expect(second.state.drafts.map((d) => d.media_id)).toEqual([media_id]);
      expect(second.state.materials).toHaveLength(1);
      const c2 = client(second);
      c2.setToken(token);
      const draft = (await c2.call('draft/get', { body: { media_id } })).json.news_item as { title: string; content: string }[];
      expect(draft[0]!.title).toBe('重启之后');
      expect(draft[0]!.content).toContain('/mmbiz/');
      const file = new URL(url).pathname;
      const image = await fetch(`${second.url}${file}`);
      expect(image.status).toBe(200);
      expect(image.headers.get('content-type')).toBe('image/png');

      // Web view: the index lists the draft, the article page shows it like a phone would.
      const index = await (await fetch(`${second.url}/`)).text();
      expect(index).toContain('重启之后');
      expect(index).toContain(`/draft/${media_id}/1`);
      expect(index).toContain('cover.jpg');
      const article = await (await fetch(`${second.url}/draft/${media_id}/1`)).text();
      expect(article).toContain('<h1>重启之后</h1>');
      expect(article).toContain('作者');
      expect(article).toContain('<p>还在</p>');
      // images issued by the earlier run are served from this run
      expect(article).toContain(`src="${file}"`);
      expect(article).toMatch(/class="crop crop235" style="background-image:url\(&#39;\/mmbiz\//);
      expect((await fetch(`${second.url}/draft/nope/1`)).status).toBe(404);
    } finally {
      await second.close();
    }
  });

  it('shows an image post (newspic) with its pictures and its text', async () => {
    const c = client(sb);
    await c.login();
    const picture = (await c.upload('material/add_material', await img('png'), 'pic.png', { type: 'image' })).json;
    const media_id = (await c.call('draft/add', { body: { articles: [news({ article_type: 'newspic', title: '图片消息', content: '三张图的说明', image_info: { image_list: [{ image_media_id: picture.media_id }] } })] } })).json.media_id;
    const page = await (await fetch(`${sb.url}/draft/${media_id}/1`)).text();
    const file = sb.state.materials.find((m) => m.media_id === picture.media_id)!.file;
    expect(page).toContain(`<img src="/mmbiz/${file}"`);
    expect(page).toContain('<p>三张图的说明</p>');
  });

  it('refuses to start on a port in use', async () => {
    const s = await startSandbox();
    try {
      await expect(startSandbox({ port: Number(new URL(s.url).port) })).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await s.close();
    }
  });
});
