/**
 * The two local servers against the requests a hostile web page can make: the sandbox (foreign Host from
 * DNS rebinding, cross-origin requests, text/plain POSTs that need no preflight), over real HTTP with
 * undici and from a Chromium page on another 127.0.0.1 port; and gzh dev's project files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../src/preview/index.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { makeProject, type TestProject } from '../preview/project.js';
import { launchChromium } from './xss-browser.js';

let sb: Sandbox;
let port: number;

async function send(pathname: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  const res = await request(`${sb.url}${pathname}`, { method: (init.method ?? 'GET') as 'GET', headers: { host: `127.0.0.1:${port}`, ...init.headers }, body: init.body });
  return { status: res.statusCode, headers: res.headers, body: await res.body.text() };
}

async function token(): Promise<string> {
  const r = await send('/cgi-bin/stable_token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'client_credential', appid: sb.appId, secret: sb.appSecret }) });
  return String((JSON.parse(r.body) as { access_token: string }).access_token);
}

beforeAll(async () => {
  sb = await startSandbox();
  port = Number(new URL(sb.url).port);
});
afterAll(() => sb?.close());

describe('sandbox: Host header', () => {
  it('answers its own address and the loopback names with its port', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`]) {
      expect((await send('/', { headers: { host } })).status, host).toBe(200);
    }
  });
  it('refuses any other name, and the right name with another port, with a short 403', async () => {
    for (const host of ['evil.com', `evil.com:${port}`, `127.0.0.1.evil.com:${port}`, `localhost:${port + 1}`, '127.0.0.1', `sandbox.invalid:${port}`]) {
      for (const pathname of ['/', '/__sandbox/state', '/__sandbox/log', `/cgi-bin/draft/count?access_token=x`]) {
        const r = await send(pathname, { headers: { host } });
        expect(r.status, `${host} ${pathname}`).toBe(403);
        expect(r.body.length).toBeLessThan(200);
        expect(r.body).not.toContain('drafts');
      }
    }
  });
});

describe('sandbox: cross-origin requests', () => {
  const foreign = 'http://127.0.0.1:1';
  it('may read the web view', async () => {
    expect((await send('/', { headers: { origin: foreign } })).status).toBe(200);
  });
  it('may not read state or the log, nor call the API or the controls, even with JSON', async () => {
    for (const [method, pathname] of [['GET', '/__sandbox/state'], ['GET', '/__sandbox/log'], ['POST', '/__sandbox/faults'], ['POST', '/__sandbox/invalidate-tokens'], ['DELETE', '/__sandbox/log'], ['POST', '/cgi-bin/stable_token'], ['OPTIONS', '/__sandbox/faults']] as const) {
      for (const origin of [foreign, 'null', 'http://evil.com', `https://127.0.0.1:${port}`]) {
        const r = await send(pathname, { method, headers: { origin, 'content-type': 'application/json' }, body: method === 'POST' ? '{"http500":3}' : undefined });
        expect(r.status, `${method} ${pathname} from ${origin}`).toBe(403);
      }
    }
    expect(sb.faults.http500).toBe(0);
  });
  it('its own origin may use the controls', async () => {
    const r = await send('/__sandbox/faults', { method: 'POST', headers: { origin: `http://localhost:${port}`, 'content-type': 'application/json' }, body: '{"http500":0}' });
    expect(r.status).toBe(200);
  });
});

describe('sandbox: control POSTs take JSON only', () => {
  it('refuses text/plain, form and missing content types with 415 and changes nothing', async () => {
    const valid = await token();
    await send(`/cgi-bin/draft/count?access_token=${valid}`);
    const logged = sb.log.length;
    expect(logged).toBeGreaterThan(0);
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', undefined, 'application/jsonx']) {
      const headers: Record<string, string> = type ? { 'content-type': type } : {};
      for (const pathname of ['/__sandbox/faults', '/__sandbox/invalidate-tokens', '/__sandbox/log/clear']) {
        const r = await send(pathname, { method: 'POST', headers, body: '{"http500":3,"invalidateTokenAfter":0}' });
        expect(r.status, `${pathname} as ${type}`).toBe(415);
      }
    }
    expect(sb.faults.http500).toBe(0);
    expect(sb.log.length).toBeGreaterThanOrEqual(logged);
    const count = await send(`/cgi-bin/draft/count?access_token=${valid}`);
    expect(JSON.parse(count.body)).not.toHaveProperty('errcode', 40001);
  });
  it('takes application/json (with a charset too)', async () => {
    const r = await send('/__sandbox/faults', { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: '{"minuteQuota":0}' });
    expect(r.status).toBe(200);
  });
});

describe('sandbox: from a page on another origin in Chromium', () => {
  let browser: Browser;
  let attacker: http.Server;
  beforeAll(async () => {
    browser = await launchChromium();
    attacker = http.createServer((_req, res) => {
      const target = sb.url;
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><script>
        const T = ${JSON.stringify(target)};
        const results = {};
        const tries = [
          ['faults', fetch(T + '/__sandbox/faults', { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '{"http500":5}' })],
          ['tokens', fetch(T + '/__sandbox/invalidate-tokens', { method: 'POST', mode: 'no-cors', body: '{}' })],
          ['clear', fetch(T + '/__sandbox/log/clear', { method: 'POST', mode: 'no-cors' })],
          ['json', fetch(T + '/__sandbox/faults', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"http500":5}' })],
          ['state', fetch(T + '/__sandbox/state').then((r) => r.text())],
        ];
        Promise.all(tries.map(([name, p]) => p.then((v) => (results[name] = typeof v === 'string' ? v : 'sent'), (e) => (results[name] = 'blocked')))).then(() => {
          window.__results = results;
          const form = document.createElement('form');
          form.method = 'POST'; form.enctype = 'text/plain'; form.action = T + '/__sandbox/faults';
          const input = document.createElement('input'); input.name = '{"http500":5,"x":"'; input.value = '"}';
          form.append(input); document.body.append(form); form.submit();
        });
      </script>`);
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await browser?.close();
    attacker?.close();
  });

  it('changes nothing: no faults, tokens still valid, log kept, state unread', async () => {
    const valid = await token();
    await send(`/cgi-bin/draft/count?access_token=${valid}`);
    const logged = sb.log.length;
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`);
    await page.waitForURL(/__sandbox\/faults/, { timeout: 10_000 });
    const body = await page.textContent('body');
    expect(body).toMatch(/Forbidden|JSON/);
    await page.close();
    expect(sb.faults.http500).toBe(0);
    expect(sb.log.length).toBeGreaterThanOrEqual(logged);
    expect(JSON.parse((await send(`/cgi-bin/draft/count?access_token=${valid}`)).body)).not.toHaveProperty('errcode', 40001);
  });
});

describe('sandbox: small things', () => {
  it('answers /favicon.ico with 204', async () => {
    expect((await send('/favicon.ico')).status).toBe(204);
  });
});

describe('gzh dev: only the images the articles use', () => {
  let project: TestProject;
  let dev: DevServer;
  beforeAll(async () => {
    project = await makeProject();
    const png = Buffer.from('89504e470d0a1a0a', 'hex');
    for (const [file, bytes] of [['.env', 'WECHAT_APP_SECRET=TopSecret'], ['.git/config', '[core]'], ['node_modules/x/y.png', png], ['content/images/unused.png', png], ['.hidden/pic.png', png]] as const) {
      mkdirSync(path.dirname(path.join(project.root, file)), { recursive: true });
      writeFileSync(path.join(project.root, file), bytes);
    }
    dev = await startDevServer({ root: project.root, config: project.config, paths: [], port: 0, cwd: project.root });
  });
  afterAll(async () => {
    await dev?.close();
    project?.cleanup();
  });
  const get = async (pathname: string) => (await request(`http://127.0.0.1:${dev.port}${pathname}`)).statusCode;

  it('serves a referenced image and the cover', async () => {
    expect(await get('/@fs/content/images/pic.png')).toBe(200);
    expect(await get('/@fs/content/images/cover.png')).toBe(200);
  });
  it('404s everything else in the project', async () => {
    for (const file of ['.env', '.git/config', 'node_modules/x/y.png', 'content/images/unused.png', '.hidden/pic.png', 'content/post.md', 'gzh.config.json']) {
      expect(await get(`/@fs/${file}`), file).toBe(404);
    }
  });
  it('serves an image once an article starts using it', async () => {
    project.write('content/post.md', `${'![新图](./images/unused.png)\n\n'}正文`);
    await expect.poll(() => get('/@fs/content/images/unused.png'), { timeout: 10_000 }).toBe(200);
    expect(await get('/@fs/content/images/pic.png')).toBe(404);
  });
});
