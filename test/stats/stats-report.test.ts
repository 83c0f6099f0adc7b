/**
 * The HTML report in real Chromium: `gzh stats --html` over HTTP against the sandbox, then the page opened from
 * disk with the network cut off: every chart is there as SVG with one series per article / source / kind.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as publish } from '../../src/cli/commands/publish.js';
import { run as stats } from '../../src/cli/commands/stats.js';
import { loadProject, startSandbox, type Sandbox } from '../../src/index.js';
import { startDevServer } from '../../src/preview/index.js';
import { addDays, beijingDay } from '../../src/stats/dates.js';
import { APP_ID, SECRET, capture, ensureDist, makeProject, sandboxEnv, spawnCli, type Project } from '../publish/helpers.js';

let tmp: string;
let sb: Sandbox;
let project: Project;
let browser: Browser;
let now = new Date().toISOString();

async function cli(command: typeof stats, args: string[], options: Record<string, unknown>) {
  const c = capture(project.dir, { ...sandboxEnv(sb, path.join(project.dir, '.cache')), GZH_NOW: now });
  return { code: await command(args, options, c.ctx), out: c.out(), err: c.err() };
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'gzh-stats-report-'));
  sb = await startSandbox({ appId: APP_ID, appSecret: SECRET, publishPolls: 0, publishMs: 0 });
  project = await makeProject([
    { name: 'a1.md', title: '春日山行记', images: 1 },
    { name: 'a2.md', title: '城市夜跑笔记', images: 1 },
    { name: 'a3.md', title: '一碗面的讲究', images: 1 },
    { name: 'a4.md', title: '旧书店的下午', images: 1 },
  ], tmp);
  expect((await cli(publish as typeof stats, ['content'], { submit: true })).code).toBe(0);
  now = `${addDays(beijingDay(Date.now()), 14)}T02:00:00.000Z`;
  sb.clock.set(now);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking'] });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await sb?.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('gzh stats --html', () => {
  it('renders in Chromium with its charts, offline: a line per article, three sources, new and cancelled followers', async () => {
    const since = beijingDay(Date.now());
    const r = await cli(stats, [], { since, html: 'dist/stats.html' });
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/wrote dist[/\\]stats\.html/);
    const file = path.join(project.dir, 'dist', 'stats.html');
    expect(existsSync(file)).toBe(true);

    const context = await browser.newContext({ viewport: { width: 1000, height: 900 }, offline: true });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (req) => requests.push(req.url()));
    await page.goto(pathToFileURL(file).href);
    const charts = await page.$$eval('figure[data-chart]', (figures) =>
      figures.map((f) => {
        const svg = Array.from(f.querySelectorAll('svg')).at(-1)!;
        const box = svg.getBoundingClientRect();
        return {
          id: (f as HTMLElement).dataset.chart,
          series: Number((f as HTMLElement).dataset.series),
          lines: svg.querySelectorAll('g[aria-label="line"] path').length,
          bars: svg.querySelectorAll('g[aria-label="bar"] rect').length,
          fills: new Set(Array.from(svg.querySelectorAll('g[aria-label="bar"] rect')).map((b) => b.getAttribute('fill'))).size,
          legend: f.querySelectorAll('[class$="-swatch"]').length,
          width: box.width,
          height: box.height,
        };
      }),
    );
    const byId = Object.fromEntries(charts.map((c) => [c.id, c]));
    expect(Object.keys(byId)).toEqual(['reads-per-day', 'read-sources', 'top-articles', 'follower-growth', 'followers']);
    expect(byId['reads-per-day']).toMatchObject({ series: 4, lines: 4, legend: 4 });
    expect(byId['read-sources']).toMatchObject({ series: 3, bars: 4 * 3, fills: 3, legend: 3 });
    expect(byId['top-articles']).toMatchObject({ series: 1, bars: 4 });
    expect(byId['follower-growth']).toMatchObject({ series: 2, bars: 14 * 2, fills: 2, legend: 2 });
    expect(byId.followers).toMatchObject({ series: 1, lines: 1 });
    for (const c of charts) expect(c.width * c.height, c.id).toBeGreaterThan(200 * 100);
    // the page alone: nothing fetched at view time
    expect(requests).toEqual([pathToFileURL(file).href]);
    const shot = await page.screenshot({ fullPage: true });
    expect(shot.length).toBeGreaterThan(20_000);
    await context.close();
  }, 60_000);

  it('gzh dev links to <outDir>/stats.html once it exists and serves it with a no-script CSP', async () => {
    const p = await loadProject(project.dir, { env: {} });
    const server = await startDevServer({ root: p.root, config: p.config, paths: [], port: 0, cwd: p.root });
    try {
      await rm(path.join(project.dir, 'dist', 'stats.html'), { force: true });
      expect(await (await fetch(server.url)).text()).not.toContain('/stats.html');
      expect((await fetch(`${server.url}stats.html`)).status).toBe(404);
      expect((await cli(stats, [], { since: beijingDay(Date.now()), html: 'dist/stats.html' })).code).toBe(0);
      expect(await (await fetch(server.url)).text()).toContain('href="/stats.html"');
      const res = await fetch(`${server.url}stats.html`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
      expect(await res.text()).toContain('data-chart="reads-per-day"');
    } finally {
      await server.close();
    }
  }, 60_000);

  it('the gzh bin (the bundle, the chart library loaded lazily): a report and a table; 48001 is one error line, no stack', async () => {
    ensureDist();
    const env = { ...sandboxEnv(sb, path.join(project.dir, '.cache')), GZH_NOW: now };
    const since = beijingDay(Date.now());
    const child = spawnCli(['stats', '--html', 'dist/bin-stats.html', '--since', since], project.dir, env);
    expect((await child.done).code, child.err()).toBe(0);
    expect(child.out()).toMatch(/^total\s+4 articles/m);
    const html = await readFile(path.join(project.dir, 'dist', 'bin-stats.html'), 'utf8');
    expect(html.match(/<figure class="chart"/g)).toHaveLength(5);

    sb.setFaults({ errcode: { errcode: 48001, count: 50 }, endpoints: ['getarticlesummary', 'getarticletotal', 'getusersummary', 'getusercumulate'].map((e) => `datacube/${e}`) });
    try {
      const denied = spawnCli(['stats', '--since', since], project.dir, env);
      expect((await denied.done).code).toBe(1);
      const lines = denied.err().trim().split('\n');
      expect(lines[0]).toMatch(/This account may not read analytics \(WeChat error 48001 on datacube\)/);
      expect(lines.length).toBeLessThanOrEqual(2);
      expect(denied.err()).not.toMatch(/\n\s+at /);
    } finally {
      sb.setFaults({ errcode: null, endpoints: null });
    }
  }, 60_000);
});
