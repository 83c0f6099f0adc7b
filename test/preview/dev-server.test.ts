/** The dev server over real HTTP on 127.0.0.1: security checks, ports, live updates through the event stream. */
import { spawn } from 'node:child_process';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../src/cli/context.js';
import type { Output } from '../../src/cli/output.js';
import { run as runDev } from '../../src/cli/commands/dev.js';
import { startDevServer, type DevServer } from '../../src/preview/index.js';
import { ARTICLE, EventReader, makeProject, rawRequest, type TestProject } from './project.js';

let project: TestProject;
let server: DevServer;
const logs: string[] = [];
const readers: EventReader[] = [];

async function reader(): Promise<EventReader> {
  const r = new EventReader(server.port);
  readers.push(r);
  await r.open();
  await r.next('state');
  return r;
}

beforeAll(async () => {
  project = await makeProject();
  server = await startDevServer({ root: project.root, config: project.config, paths: [], port: 0, cwd: project.root, log: (l) => logs.push(l) });
});
afterEach(() => {
  for (const r of readers.splice(0)) r.close();
});
afterAll(async () => {
  await server?.close();
  project?.cleanup();
});

describe('HTTP surface', () => {
  it('serves the page only on 127.0.0.1 and names it in the URL', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    const res = await rawRequest(server.port, '/');
    expect(res.status).toBe(200);
    expect(res.body).toContain('<script src="/__gzh/client.js"');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('rejects requests whose Host is not localhost (DNS rebinding) with 403', async () => {
    for (const host of ['evil.example', 'evil.example:80', '127.0.0.1.evil.example', `localhost.evil.example:${server.port}`]) {
      const res = await rawRequest(server.port, '/', { host });
      expect(res.status, host).toBe(403);
    }
    for (const host of [`localhost:${server.port}`, `127.0.0.1:${server.port}`, 'LOCALHOST']) {
      expect((await rawRequest(server.port, '/', { host })).status, host).toBe(200);
    }
    expect((await rawRequest(server.port, '/@fs/content/images/pic.png', { host: 'evil.example' })).status).toBe(403);
  });

  it('serves the images of the project, with their type', async () => {
    const res = await rawRequest(server.port, '/@fs/content/images/pic.png');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
  });

  it('refuses path traversal, plain or percent-encoded, and files no article uses', async () => {
    const attempts = [
      '/@fs/../outside.png',
      '/@fs/content/../../outside.png',
      '/@fs/%2e%2e/outside.png',
      '/@fs/%2E%2E/%2e%2e/etc/passwd',
      '/@fs/content/..%2f..%2foutside.png',
      '/@fs/..%5coutside.png',
      '/@fs/content/images/%00pic.png',
    ];
    for (const attempt of attempts) {
      const res = await rawRequest(server.port, attempt);
      expect(res.status, attempt).toBe(403);
      expect(res.headers['content-type']).not.toBe('image/png');
    }
    // not an image any article uses: as if it were not there
    expect((await rawRequest(server.port, '/@fs/secret.txt')).status).toBe(404);
    expect((await rawRequest(server.port, '/@fs/content/images/missing.png')).status).toBe(404);
    expect((await rawRequest(server.port, '/@fs/%E0%A4%A')).status).toBe(400);
  });

  it('takes the next free port when the asked one is busy', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const busy = (blocker.address() as { port: number }).port;
    const second = await startDevServer({ root: project.root, config: project.config, paths: [], port: busy, cwd: project.root });
    try {
      expect(second.port).toBeGreaterThan(busy);
      expect(second.url).toBe(`http://127.0.0.1:${second.port}/`);
      expect((await rawRequest(second.port, '/')).status).toBe(200);
    } finally {
      await second.close();
      blocker.close();
    }
  });

  it('only lets same-origin JSON requests switch the theme', async () => {
    const asForm = await rawRequest(server.port, '/__gzh/theme', { 'content-type': 'text/plain' }, 'POST', '{"theme":"mono"}');
    expect(asForm.status).toBe(403);
    const crossSite = await rawRequest(server.port, '/__gzh/theme', { 'content-type': 'application/json', origin: 'http://evil.example' }, 'POST', '{"theme":"mono"}');
    expect(crossSite.status).toBe(403);
    const unknown = await rawRequest(server.port, '/__gzh/theme', { 'content-type': 'application/json' }, 'POST', '{"theme":"nope"}');
    expect(unknown.status).toBe(400);
  });
});

describe('an article payload', () => {
  it('has the light and dark HTML, preview image URLs, the cover, lint and account name', async () => {
    const r = await reader();
    const p = await r.view('content/post.md');
    expect(p.title).toBe('预览测试文章');
    expect(p.author).toBe('测试作者');
    expect(p.accountName).toBe('测试公众号');
    expect(p.html).toContain('第一段正文');
    expect(p.html).toMatch(/<img [^>]*src="\/@fs\/content\/images\/pic\.png\?v=0"/);
    expect(p.cover).toBe('/@fs/content/images/cover.png?v=0');
    expect(p.darkHtml).not.toBe(p.html);
    expect(p.darkHtml).toContain('#a3a3a3');
    expect(p.error).toBeUndefined();
    expect(Array.isArray(p.messages)).toBe(true);
  });

  it('points each <img> at its preview URL with the image pipeline\'s tag scanner: an alt saying src= is left alone', async () => {
    const r = await reader();
    project.write('content/alt.md', '# 替代文字\n\n<img alt="看 src=这里" src="./images/pic.png"> ![远程](https://example.com/a.png) ![没有](./images/gone.png)\n');
    await r.next('state', (s) => s.articles.some((a: { id: string }) => a.id === 'content/alt.md'));
    const p = await r.view('content/alt.md');
    expect(p.html).toContain('<img alt="看 src=这里" src="/@fs/content/images/pic.png?v=0"');
    expect(p.html).toContain('src="https://example.com/a.png"');
    expect(p.html).toContain('src="/@fs/content/images/gone.png?v=0"');
    expect(p.messages.filter((m: { ruleId: string }) => m.ruleId === 'preview/image-missing')).toEqual([expect.objectContaining({ line: 3, column: 78 })]);
    rmSync(path.join(project.root, 'content', 'alt.md'));
    await r.next('state', (s) => !s.articles.some((a: { id: string }) => a.id === 'content/alt.md'));
  });
});

describe('watching', () => {
  it('pushes a recompiled article to the tab showing it', async () => {
    const r = await reader();
    await r.view('content/post.md');
    project.write('content/post.md', ARTICLE.replace('第一段正文', '改过的第一段'));
    const p = await r.next('article', (d) => d.html.includes('改过的第一段'));
    expect(p.timing.changedAt).toBeTypeOf('number');
    expect(p.timing.sentAt).toBeGreaterThanOrEqual(p.timing.readyAt);
  });

  it('shows the final text after two quick saves and after an atomic (rename) save', async () => {
    const r = await reader();
    await r.view('content/post.md');
    project.write('content/post.md', ARTICLE.replace('第一段正文', '第一次保存'));
    // 40 ms: after the first save was reported, inside chokidar's 50 ms window where a second change is dropped
    await new Promise((resolve) => setTimeout(resolve, 40));
    project.write('content/post.md', ARTICLE.replace('第一段正文', '第二次保存'));
    await r.next('article', (d) => d.html.includes('第二次保存'));

    const temp = path.join(project.root, 'content', '.post.md.swp');
    writeFileSync(temp, ARTICLE.replace('第一段正文', '原子保存的内容'));
    renameSync(temp, project.article);
    await r.next('article', (d) => d.html.includes('原子保存的内容'));
  });

  it('adds and removes articles as files appear and disappear', async () => {
    const r = await reader();
    project.write('content/new.md', '# 新文章\n\n内容');
    await r.next('state', (s) => s.articles.some((a: { id: string; title: string }) => a.id === 'content/new.md' && a.title === '新文章'));
    rmSync(path.join(project.root, 'content', 'new.md'));
    await r.next('state', (s) => !s.articles.some((a: { id: string }) => a.id === 'content/new.md'));
    expect(server.articles().map((a) => a.id)).toEqual(['content/post.md']);
  });

  it('shows the same lint problems as gzh lint: a body image is the cover, columns where the title is written', async () => {
    const r = await reader();
    project.write('content/nocover.md', '---\ntitle: "震惊！新版发布"\n---\n\n![图](./images/pic.png)\n');
    await r.next('state', (s) => s.articles.some((a: { id: string }) => a.id === 'content/nocover.md'));
    const p = await r.view('content/nocover.md');
    const ids = p.messages.map((m: { ruleId: string }) => m.ruleId);
    expect(ids).toContain('title/sensational');
    expect(ids).not.toContain('field/missing-cover');
    expect(p.messages.find((m: { ruleId: string }) => m.ruleId === 'title/sensational')).toMatchObject({ line: 2, column: 9 });
    rmSync(path.join(project.root, 'content', 'nocover.md'));
    await r.next('state', (s) => !s.articles.some((a: { id: string }) => a.id === 'content/nocover.md'));
  });

  it('reports bad front matter as an error and keeps the last good render; a fix clears it', async () => {
    const r = await reader();
    const good = await r.view('content/post.md');
    project.write('content/post.md', '---\ntitle: [unclosed\n---\n\n坏掉的文章');
    const broken = await r.next('article', (d) => d.error !== undefined);
    expect(broken.stale).toBe(true);
    expect(broken.html).toBe(good.html);
    expect(broken.error.file).toBe(path.join('content', 'post.md'));
    expect(broken.error.line).toBeGreaterThan(0);
    project.write('content/post.md', ARTICLE.replace('第一段正文', '修好了'));
    const fixed = await r.next('article', (d) => d.error === undefined);
    expect(fixed.html).toContain('修好了');
    expect(fixed.stale).toBe(false);
  });

  it('refreshes an image URL when the image changes', async () => {
    const r = await reader();
    await r.view('content/post.md');
    const png = path.join(project.root, 'content', 'images', 'pic.png');
    const { default: sharp } = await import('sharp');
    writeFileSync(png, await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).png().toBuffer());
    await r.next('article', (d) => /pic\.png\?v=[1-9]/.test(d.html));
  });

  it('recompiles with the theme picked in the page, and with a changed theme file', async () => {
    const r = await reader();
    await r.view('content/post.md');
    const res = await fetch(`${server.url}__gzh/theme`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ theme: 'mono' }) });
    expect(res.status).toBe(200);
    const mono = await r.next('article', (d) => d.theme === 'mono');
    expect(mono.html).toContain('#b00020');
    project.write('themes/mono.css', '/* name: mono */\n.article { color: #123456; }\n');
    await r.next('article', (d) => d.html.includes('#123456'));
    await fetch(`${server.url}__gzh/theme`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ theme: null }) });
    await r.next('article', (d) => d.theme === 'default');
  });

  it('shows a broken config file as a project-wide error and recovers when it is fixed', async () => {
    const r = await reader();
    project.write('gzh.config.json', '{ "theme": 42 }');
    const bad = await r.next('state', (s) => s.error !== undefined);
    expect(bad.error.message).toContain('theme');
    project.write('gzh.config.json', '{ "accountName": "新名字" }');
    const good = await r.next('state', (s) => s.error === undefined && s.accountName === '新名字');
    expect(good.accountName).toBe('新名字');
    rmSync(path.join(project.root, 'gzh.config.json'));
  });
});

describe('gzh dev command', () => {
  it('prints the URL and shuts down cleanly when the signal aborts (Ctrl-C)', async () => {
    const lines: string[] = [];
    const output = { color: false, interactive: false, out: (l: string) => lines.push(l), err: (l: string) => lines.push(l), progress: () => undefined, colors: (await import('picocolors')).default.createColors(false) } as unknown as Output;
    const controller = new AbortController();
    const ctx: CommandContext = { cwd: project.root, env: {}, output, signal: controller.signal };
    const running = runDev([], { port: 0 }, ctx);
    let url: string | undefined;
    for (let i = 0; i < 200 && !url; i++) {
      url = lines.map((l) => /http:\/\/127\.0\.0\.1:\d+\//.exec(l)?.[0]).find(Boolean);
      if (!url) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(url).toBeDefined();
    expect((await fetch(url!)).status).toBe(200);
    controller.abort();
    await expect(running).resolves.toBe(0);
    await expect(fetch(url!)).rejects.toThrow();
  });

  it('as the real command (node bin/gzh.js dev): serves, then exits 0 on SIGINT', async () => {
    const bin = path.resolve(import.meta.dirname, '../../bin/gzh.js');
    const child = spawn(process.execPath, [bin, 'dev', '--port', '0'], { cwd: project.root, env: { PATH: process.env.PATH, HOME: process.env.HOME, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    let url: string | undefined;
    for (let i = 0; i < 400 && !url; i++) {
      url = /http:\/\/127\.0\.0\.1:\d+\//.exec(out)?.[0];
      if (!url) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(url, out).toBeDefined();
    expect((await fetch(url!)).status).toBe(200);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(out).toContain('gzh dev stopped');
  }, 30_000);
});
