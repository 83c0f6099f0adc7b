/** The sandbox's 群发 endpoints over HTTP: quotas per account type, clientmsgid rules, 48001, previews, the web view. */
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';

const sandboxes: Sandbox[] = [];
afterEach(async () => {
  for (const sb of sandboxes.splice(0)) await sb.close();
});

/** A sandbox whose clock starts at `at`, a token, a cover, and helpers to add drafts and push them. */
async function open(options: Parameters<typeof startSandbox>[0] = {}, at?: string) {
  const sb = await startSandbox({ tokenTtlSeconds: 100 * 86_400, ...options });
  sandboxes.push(sb);
  if (at) sb.clock.set(at);
  const call = async (endpoint: string, body?: unknown, token?: string) => {
    const res = await fetch(`${sb.url}/cgi-bin/${endpoint}?access_token=${token ?? ''}`, { method: 'POST', body: JSON.stringify(body ?? {}), headers: { 'content-type': 'application/json' } });
    return (await res.json()) as Record<string, unknown>;
  };
  const token = String((await call('stable_token', { grant_type: 'client_credential', appid: sb.appId, secret: sb.appSecret })).access_token);
  const api = (endpoint: string, body?: unknown) => call(endpoint, body, token);
  const form = new FormData();
  form.append('media', new Blob([new Uint8Array(await sharp({ create: { width: 40, height: 30, channels: 3, background: '#4a8' } }).jpeg().toBuffer())]), 'c.jpg');
  const cover = (await (await fetch(`${sb.url}/cgi-bin/material/add_material?type=image&access_token=${token}`, { method: 'POST', body: form })).json()) as { media_id: string };
  const draft = async (title: string) => String((await api('draft/add', { articles: [{ title, content: '<p>正文</p>', thumb_media_id: cover.media_id }] })).media_id);
  const push = (media_id: string, clientmsgid?: string, filter: unknown = { is_to_all: true }) => api('message/mass/sendall', { filter, mpnews: { media_id }, msgtype: 'mpnews', send_ignore_reprint: 0, ...(clientmsgid ? { clientmsgid } : {}) });
  return { sb, api, draft, push };
}

describe('sandbox 群发', () => {
  it('subscription: one push per Beijing calendar day (45028), a new day opens a slot', async () => {
    // 23:30 Beijing time: the next push 40 minutes later is on another Beijing day (same UTC day)
    const { sb, draft, push, api } = await open({}, '2026-12-03T23:30:00+08:00');
    const first = await push(await draft('第一篇'), 'a');
    expect(first).toMatchObject({ errcode: 0, msg_id: expect.any(Number), msg_data_id: expect.any(Number) });
    expect((await push(await draft('第二篇'), 'b')).errcode).toBe(45028);
    sb.clock.advance(40 * 60_000);
    expect((await push(await draft('第三篇'), 'c')).errcode).toBe(0);
    // mass/get: SENDING once, then SEND_SUCCESS
    expect(await api('message/mass/get', { msg_id: first.msg_id })).toMatchObject({ msg_status: 'SENDING' });
    expect(await api('message/mass/get', { msg_id: first.msg_id })).toMatchObject({ msg_status: 'SEND_SUCCESS' });
    expect(sb.state.masses.map((m) => m.titles[0])).toEqual(['第一篇', '第三篇']);
  });

  it('service: four pushes per Beijing calendar month, the fifth is 45028', async () => {
    const { sb, draft, push } = await open({ account: { type: 'service' } }, '2026-11-30T10:00:00+08:00');
    expect((await push(await draft('十一月'), 'nov')).errcode).toBe(0);
    sb.clock.set('2026-12-01T00:10:00+08:00');
    for (let i = 0; i < 4; i++) expect((await push(await draft(`十二月 ${i}`), `dec-${i}`)).errcode).toBe(0);
    expect((await push(await draft('十二月 5'), 'dec-5')).errcode).toBe(45028);
    sb.clock.set('2027-01-01T00:00:00+08:00');
    expect((await push(await draft('一月'), 'jan')).errcode).toBe(0);
  });

  it('clientmsgid: again within a minute 45066, within 24 h 45065 with the msg_id, longer than 64 bytes 45067', async () => {
    const { sb, draft, push } = await open({ account: { type: 'service' } });
    const id = await draft('同一次群发');
    const first = await push(id, 'gzh-key-1');
    expect((await push(id, 'gzh-key-1')).errcode).toBe(45066);
    sb.clock.advance(61_000);
    expect(await push(id, 'gzh-key-1')).toMatchObject({ errcode: 45065, msg_id: first.msg_id });
    expect((await push(id, 'x'.repeat(65))).errcode).toBe(45067);
    expect(sb.state.masses).toHaveLength(1);
  });

  it('an unverified account: 48001 for sendall and preview, nothing recorded', async () => {
    const { sb, draft, push, api } = await open({ account: { verified: false } });
    const id = await draft('未认证');
    expect((await push(id, 'k')).errcode).toBe(48001);
    expect((await api('message/mass/preview', { towxname: 'editor', mpnews: { media_id: id }, msgtype: 'mpnews' })).errcode).toBe(48001);
    expect(sb.state.masses).toHaveLength(0);
    expect(sb.state.previews).toHaveLength(0);
  });

  it('a tag audience, an unknown tag 40050, an unknown draft 40007; mass/delete marks the push', async () => {
    const { sb, draft, push, api } = await open({ account: { type: 'service' } });
    const id = await draft('给读者');
    expect((await push(id, 't1', { is_to_all: false, tag_id: 999 })).errcode).toBe(40050);
    expect((await push('no-such-draft', 't2')).errcode).toBe(40007);
    const sent = await push(id, 't3', { is_to_all: false, tag_id: 100 });
    expect(sent.errcode).toBe(0);
    expect(sb.state.masses[0]!.audience).toEqual({ is_to_all: false, tag_id: 100, tag: '读者' });
    expect(await api('message/mass/delete', { msg_id: sent.msg_id, article_idx: 0 })).toMatchObject({ errcode: 0 });
    expect(await api('message/mass/get', { msg_id: sent.msg_id })).toMatchObject({ msg_status: 'DELETE' });
    expect((await api('tags/get')).tags).toEqual(expect.arrayContaining([{ id: 100, name: '读者', count: 3 }]));
  });

  it('previews: 100 a day (the 101st 45009), listed per reviewer in the web view', async () => {
    const { sb, draft, api } = await open();
    const id = await draft('<预览>');
    const preview = (to: string) => api('message/mass/preview', { towxname: to, mpnews: { media_id: id }, msgtype: 'mpnews' });
    expect((await preview('editor-a')).errcode).toBe(0);
    for (let i = 1; i < 100; i++) await preview('editor-b');
    expect((await preview('editor-c')).errcode).toBe(45009);
    expect(sb.state.previews).toHaveLength(100);
    await api('message/mass/sendall', { filter: { is_to_all: true }, mpnews: { media_id: id }, msgtype: 'mpnews', clientmsgid: 'view' });
    const html = await (await fetch(`${sb.url}/`)).text();
    expect(html).toContain('Pushes 群发 (1)');
    expect(html).toContain('all followers');
    expect(html).toContain('Previews (100)');
    expect(html).toContain('editor-a');
    // titles are escaped
    expect(html).toContain('&lt;预览&gt;');
    expect(html).not.toContain('<预览>');
  });
});
