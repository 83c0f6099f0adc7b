import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as runDoctor } from '../../src/cli/commands/doctor.js';
import { run as runSandbox } from '../../src/cli/commands/sandbox.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { createWechatClient } from '../../src/wechat/index.js';
import { captureContext } from '../helpers/cli.js';

function context(cwd: string, env: NodeJS.ProcessEnv, signal = new AbortController().signal) {
  return captureContext(cwd, env, signal, { ci: false });
}

let dir: string;
let sb: Sandbox;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'gzh-doctor-'));
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.close();
  await rm(dir, { recursive: true, force: true });
});

const env = () => ({ WECHAT_APP_ID: sb.appId, WECHAT_APP_SECRET: sb.appSecret, XDG_CACHE_HOME: path.join(dir, 'cache') });

describe('gzh doctor', () => {
  it('all checks pass against the sandbox', async () => {
    const { ctx, out } = context(dir, env());
    expect(await runDoctor([], { apiBase: sb.url }, ctx)).toBe(0);
    const lines = out().trim().split('\n');
    expect(lines).toHaveLength(7);
    expect(lines.every((l) => l.startsWith('✓ '))).toBe(true);
    // the account profile (defaults) and what it allows
    expect(lines[2]).toBe('✓ subscription account (订阅号), verified: push (群发) 1 a day (Beijing time), publish (发布), 100 previews a day');
    expect(out()).toContain('0 drafts');
    expect(out()).not.toContain(sb.appSecret);
  });

  it('names the IP to whitelist on 40164 and exits 1', async () => {
    sb.setFaults({ ipNotWhitelisted: '203.0.113.9' });
    try {
      const { ctx, out } = context(dir, { ...env(), WECHAT_API_BASE: sb.url });
      expect(await runDoctor([], { json: true }, ctx)).toBe(1);
      const result = JSON.parse(out()) as { ok: boolean; checks: { id: string; status: string; detail: string; fix?: string }[] };
      const token = result.checks.find((c) => c.id === 'token')!;
      expect(token.status).toBe('fail');
      expect(token.detail).toContain('203.0.113.9');
      expect(token.fix).toContain('IP白名单');
      expect(result.checks.filter((c) => c.status === 'skip').map((c) => c.id)).toEqual(['materials', 'drafts']);
    } finally {
      sb.setFaults({ ipNotWhitelisted: null });
    }
  });

  it('reports missing credentials and an invalid config', async () => {
    const bad = await mkdtemp(path.join(dir, 'proj-'));
    await writeFile(path.join(bad, 'gzh.config.json'), '{"theme": 3}');
    const { ctx, out } = context(bad, {});
    expect(await runDoctor([], {}, ctx)).toBe(1);
    expect(out()).toMatch(/✗ .*gzh\.config\.json/);
    expect(out()).toMatch(/✗ WECHAT_APP_ID and WECHAT_APP_SECRET not set → export/);
    expect(out()).toContain('- access token: skipped (no credentials)');
    expect(out()).toContain('- draft count: skipped (no credentials)');
  });
});

describe('gzh sandbox', () => {
  it('prints the url and credentials, serves until aborted, then closes', async () => {
    const controller = new AbortController();
    const { ctx, out } = context(dir, {}, controller.signal);
    const running = runSandbox([], { port: 0 }, ctx);
    await expect.poll(() => out(), { timeout: 5000 }).toContain('WECHAT_API_BASE=');
    const base = /WECHAT_API_BASE=(\S+)/.exec(out())![1]!;
    expect(out()).toContain('WECHAT_APP_ID=wxsandbox0000000000 WECHAT_APP_SECRET=sandbox-secret');
    expect((await fetch(`${base}/`)).status).toBe(200);
    controller.abort();
    expect(await running).toBe(0);
    await expect(fetch(`${base}/`)).rejects.toThrow();
  });

  it('enforces the project\'s configured limits (limits.title 40: a 36-character title is accepted)', async () => {
    const project = await mkdtemp(path.join(dir, 'limits-'));
    await writeFile(path.join(project, 'gzh.config.yaml'), 'limits:\n  title: 40\n');
    const controller = new AbortController();
    const { ctx, out } = context(project, {}, controller.signal);
    const running = runSandbox([], { port: 0, memory: true }, ctx);
    await expect.poll(() => out(), { timeout: 5000 }).toContain('WECHAT_API_BASE=');
    const base = /WECHAT_API_BASE=(\S+)/.exec(out())![1]!;
    const client = createWechatClient({ appId: 'wxsandbox0000000000', appSecret: 'sandbox-secret', apiBase: base, tokenCacheDir: false, env: {} });
    try {
      const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#0a0' } }).png().toBuffer();
      const { media_id: thumb } = await client.addMaterial(png, 'c.png', 'image');
      const title = '长'.repeat(36);
      await expect(client.addDraft([{ title, content: '<p>正文</p>', thumb_media_id: thumb }])).resolves.toMatchObject({ media_id: expect.any(String) });
      await expect(client.addDraft([{ title: '长'.repeat(41), content: '<p>正文</p>', thumb_media_id: thumb }])).rejects.toMatchObject({ errcode: 45003 });
    } finally {
      await client.close();
      controller.abort();
      await running;
    }
  });

  it('a port in use is a clear error', async () => {
    const { ctx } = context(dir, {});
    await expect(runSandbox([], { port: Number(new URL(sb.url).port) }, ctx)).rejects.toMatchObject({ code: 'sandbox/port-in-use', exitCode: 2, hint: expect.stringContaining('--port') });
  });
});
