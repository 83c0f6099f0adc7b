/** `push: true` articles: `gzh lint` and `gzh dev` show what the push guard will say (cadence, quota) from gzh.lock. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run as lint } from '../../src/cli/commands/lint.js';
import { startDevServer, type DevServer } from '../../src/preview/index.js';
import { loadProject } from '../../src/index.js';
import { captureContext, makeProject } from '../helpers/cli.js';
import { EventReader } from '../preview/project.js';

const ACCOUNT = 'wxreal00000000001@https://api.weixin.qq.com';

/** gzh.lock with one push `hoursAgo` hours ago on a real account (and a newer one on the sandbox, never counted). */
function lockWithPush(hoursAgo: number): string {
  const push = (h: number) => ({ draft: 'content/old.md', media_id: 'm1', clientmsgid: 'gzh-x', content: 'c', status: 'SEND_SUCCESS', time: new Date(Date.now() - h * 3600_000).toISOString(), audience: 'all followers', articles: [{ path: 'content/old.md', title: '上一篇' }] });
  return JSON.stringify({ version: 1, accounts: { [ACCOUNT]: { pushes: { '1001': push(hoursAgo) } }, 'wxsandbox@sandbox': { pushes: { '2002': push(0.1) } } } });
}

const article = (push: boolean) => `---\ntitle: 明天推送的文章\nauthor: 作者\n${push ? 'push: true\n' : ''}---\n\n正文。\n`;

let servers: DevServer[] = [];
afterEach(async () => {
  for (const s of servers) await s.close();
  servers = [];
});

describe('push: true in lint and dev', () => {
  it('gzh lint warns about the cadence at the push line; none without push: true; cadence.strict makes it an error', async () => {
    const dir = makeProject({ 'gzh.lock': lockWithPush(6), 'content/a.md': article(true), 'content/b.md': article(false), 'gzh.config.yaml': 'account: { type: service }\n' });
    const c = captureContext(dir, { WECHAT_APP_ID: '' });
    await lint([], { format: 'json' }, c.ctx);
    const results = JSON.parse(c.out()) as { file: string; messages: { ruleId: string; severity: string; line: number; message: string }[] }[];
    const of = (name: string) => results.find((r) => r.file.endsWith(name))!.messages.filter((m) => m.ruleId.startsWith('push/'));
    expect(of('a.md')).toEqual([expect.objectContaining({ ruleId: 'push/cadence', line: 4, message: expect.stringMatching(/last push was 6 h ago .*《上一篇》.*cadence\.minHours is 120/) })]);
    expect(of('b.md')).toEqual([]);

    writeFileSync(path.join(dir, 'gzh.config.yaml'), 'account: { type: service }\ncadence: { minHours: 24, strict: true }\n');
    const strict = captureContext(dir, {});
    await lint(['content/a.md'], {}, strict.ctx);
    expect(strict.out()).toMatch(/error +push: true: The last push was 6 h ago.*push\/cadence/);
  });

  it('gzh lint: a subscription account whose push of today is spent says when the next slot opens', async () => {
    // a push a minute ago is on the same Beijing day (unless this runs in the minute after Beijing midnight)
    const dir = makeProject({ 'gzh.lock': lockWithPush(1 / 60), 'content/a.md': article(true) });
    const c = captureContext(dir, {});
    await lint([], {}, c.ctx);
    expect(c.out()).toMatch(/push: true, but a subscription account \(订阅号\) may push 1 time a day.*The next slot opens \d{4}-\d\d-\d\d 00:00 \(UTC\+8\).*push\/quota/s);
  });

  it('gzh dev shows the cadence warning in the article payload', async () => {
    const dir = makeProject({ 'gzh.lock': lockWithPush(2), 'content/a.md': article(true), 'gzh.config.yaml': 'account: { type: service }\n' });
    const project = await loadProject(dir, { env: {} });
    const server = await startDevServer({ root: dir, config: project.config, paths: [], port: 0, cwd: dir, log: () => {} });
    servers.push(server);
    const r = new EventReader(server.port);
    await r.open();
    await r.next('state');
    const p = await r.view('content/a.md');
    r.close();
    expect(p.messages.filter((m: { ruleId: string }) => m.ruleId === 'push/cadence')).toEqual([expect.objectContaining({ severity: 'warn', line: 4 })]);
  });
});
