/**
 * Several accounts (config `accounts:`): one `gzh publish` (the CLI command's run) to two sandbox accounts over
 * real HTTP, each on its own server with its own app id. Each gets its own uploads, draft and state file
 * (gzh.lock.d/<name>.json) and its overrides (author, footer); a failure injected on one leaves the other
 * complete and both state files consistent; a rerun sends nothing; front matter `accounts:` and --account pick.
 */
import { existsSync, renameSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/commands/publish.js';
import { run as runBuild } from '../../src/cli/commands/build.js';
import { run as runDoctor } from '../../src/cli/commands/doctor.js';
import { run as runLint } from '../../src/cli/commands/lint.js';
import { run as runPreview } from '../../src/cli/commands/preview.js';
import { run as runStats } from '../../src/cli/commands/stats.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { captureContext } from '../helpers/cli.js';
import { capture, ensureDist, makeProject, readLock, spawnCli, writeRequests, type Project } from './helpers.js';

let tmp: string;
let cacheDir: string;
const sandboxes: Sandbox[] = [];
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'gzh-accounts-'));
  cacheDir = path.join(tmp, 'cache');
});
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((sb) => sb.close()));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

async function twoAccounts(): Promise<{ main: Sandbox; tech: Sandbox; env: NodeJS.ProcessEnv }> {
  const main = await startSandbox({ appId: 'wxaccountsmain00001', appSecret: 'main-secret-1', publishMs: 0 });
  const tech = await startSandbox({ appId: 'wxaccountstech00002', appSecret: 'tech-secret-2', publishMs: 0 });
  sandboxes.push(main, tech);
  const env = {
    WECHAT_APP_ID_MAIN: main.appId,
    WECHAT_APP_SECRET_MAIN: main.appSecret,
    WECHAT_API_BASE_MAIN: main.apiBase,
    TECH_ID: tech.appId,
    TECH_SECRET: tech.appSecret,
    WECHAT_API_BASE_TECH: tech.apiBase,
    XDG_CACHE_HOME: cacheDir,
  };
  return { main, tech, env };
}

const CONFIG = {
  accounts: {
    main: { author: '主号编辑', footer: '关注主号，每周一篇。' },
    tech: { appIdEnv: 'TECH_ID', appSecretEnv: 'TECH_SECRET', author: '技术号', footer: '技术号的页脚。', type: 'service' },
  },
};

async function project(config: unknown = CONFIG): Promise<Project> {
  const p = await makeProject(
    [
      { name: 'a.md', title: '春天的第一篇', images: 2 },
      { name: 'b.md', title: '夏天的第二篇', images: 1 },
    ],
    tmp,
  );
  // the articles' own `author: 测试` would hide the accounts' authors
  for (const f of p.files) await writeFile(f, (await readFile(f, 'utf8')).replace('author: 测试\n', ''));
  await writeFile(path.join(p.dir, 'gzh.config.json'), JSON.stringify(config));
  return p;
}

async function publish(p: Project, env: NodeJS.ProcessEnv, args: string[], options: Record<string, unknown> = {}) {
  const c = capture(p.dir, env);
  const code = await run(args, { each: true, ...options }, c.ctx);
  return { code, out: c.out(), err: c.err() };
}

const drafts = (sb: Sandbox) => Object.values(sb.state.drafts);
const lockOf = (p: Project, name: string) => readLock(path.join(p.dir, 'gzh.lock.d', `${name}.json`));

describe('gzh publish to several accounts', () => {
  it('publishes the same articles to both accounts, each with its own uploads, drafts, overrides and state file; a rerun sends nothing', async () => {
    const { main, tech, env } = await twoAccounts();
    const p = await project();
    const r = await publish(p, env, ['content'], { account: 'main,tech' });
    expect(r.err).not.toMatch(/error/);
    expect(r.code).toBe(0);
    for (const sb of [main, tech]) {
      // 3 images (2 + 1) uploaded to each account: WeChat URLs are per account
      expect(writeRequests(sb).filter((e) => e === '/cgi-bin/media/uploadimg')).toHaveLength(3);
      expect(drafts(sb)).toHaveLength(2);
    }
    const [mainArticle] = drafts(main).flatMap((d) => d.articles);
    const [techArticle] = drafts(tech).flatMap((d) => d.articles);
    expect(mainArticle!.author).toBe('主号编辑');
    expect(mainArticle!.content).toContain('关注主号，每周一篇。');
    expect(mainArticle!.content).not.toContain('技术号的页脚');
    expect(techArticle!.author).toBe('技术号');
    expect(techArticle!.content).toContain('技术号的页脚。');
    // an image URL of one account never appears in the other's content
    const mainUrls = drafts(main).flatMap((d) => d.articles.map((a) => a.content.match(/src="([^"]+)"/)?.[1]));
    expect(drafts(tech).some((d) => d.articles.some((a) => mainUrls.some((u) => u && a.content.includes(u))))).toBe(false);

    // one state file per account, each knowing only its own account; no shared gzh.lock
    const mainLock = await lockOf(p, 'main');
    const techLock = await lockOf(p, 'tech');
    expect(Object.keys(mainLock.accounts)).toEqual([`${main.appId}@${main.apiBase}`]);
    expect(Object.keys(techLock.accounts)).toEqual([`${tech.appId}@${tech.apiBase}`]);
    expect(existsSync(path.join(p.dir, 'gzh.lock'))).toBe(false);
    // the summary: one row per account × article
    expect(r.out).toMatch(/Accounts: 2 of 2 done/);
    expect(r.out.split('\n').filter((l) => /^(main|tech)\s+content\/[ab]\.md\s+created/.test(l))).toHaveLength(4);

    const before = [main.log.length, tech.log.length];
    const again = await publish(p, env, ['content'], { account: 'all' });
    expect(again.code).toBe(0);
    expect(writeRequests(main, before[0])).toEqual([]);
    expect(writeRequests(tech, before[1])).toEqual([]);
  });

  it('a failure on one account leaves the other complete and both state files consistent; the rerun finishes only what failed', async () => {
    const { main, tech, env } = await twoAccounts();
    const p = await project();
    // tech refuses every draft/add (an unverified account's 48001): its uploads go through, its drafts don't
    tech.setFaults({ errcode: { errcode: 48001, count: 100 }, endpoints: ['draft/add'] });
    const r = await publish(p, env, ['content'], { account: 'main,tech' });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/Accounts: 1 of 2 done; failed: tech/);
    expect(r.err).toMatch(/\[tech\].*48001/);
    expect(drafts(main)).toHaveLength(2);
    expect(drafts(tech)).toHaveLength(0);
    const mainLock = await lockOf(p, 'main');
    const mainState = Object.values(mainLock.accounts)[0]!;
    expect(Object.keys(mainState.drafts)).toHaveLength(2);
    expect(Object.keys(mainState.journal)).toEqual([]);
    // tech recorded what it uploaded (so the rerun doesn't upload again) and no draft
    const techState = Object.values((await lockOf(p, 'tech')).accounts)[0]!;
    expect(Object.keys(techState.media)).toHaveLength(3);
    expect(Object.keys(techState.drafts)).toHaveLength(0);

    tech.setFaults({ errcode: null, endpoints: null });
    const before = [main.log.length, tech.log.length];
    const again = await publish(p, env, ['content'], { account: 'main,tech' });
    expect(again.code).toBe(0);
    expect(writeRequests(main, before[0])).toEqual([]);
    // the drafts, and only the uploads the first run did not get to (48001 stops the account at its first draft):
    // in all, tech uploaded exactly what main did, nothing twice
    expect(writeRequests(tech, before[1]).filter((e) => e === '/cgi-bin/draft/add')).toHaveLength(2);
    const uploads = (sb: Sandbox) => writeRequests(sb).filter((e) => !e.includes('draft')).sort();
    expect(uploads(tech)).toEqual(uploads(main));
    expect(drafts(tech)).toHaveLength(2);
    const last = [main.log.length, tech.log.length];
    await publish(p, env, ['content'], { account: 'all' });
    expect(writeRequests(main, last[0])).toEqual([]);
    expect(writeRequests(tech, last[1])).toEqual([]);
  });

  it('front matter `accounts:` sends an article to those accounts only; --account narrows the run; an unknown name is an error with file:line in lint too', async () => {
    const { main, tech, env } = await twoAccounts();
    const p = await project();
    const [a, b] = p.files as [string, string];
    await writeFile(a, (await readFile(a, 'utf8')).replace('---\n\n', 'accounts: [tech]\n---\n\n'));
    await writeFile(b, (await readFile(b, 'utf8')).replace('---\n\n', 'accounts: main\n---\n\n'));
    const r = await publish(p, env, ['content']);
    expect(r.code).toBe(0);
    expect(drafts(main).map((d) => d.articles[0]!.title)).toEqual(['夏天的第二篇']);
    expect(drafts(tech).map((d) => d.articles[0]!.title)).toEqual(['春天的第一篇']);

    // --account tech (a CI matrix job): main's article is left for main's job
    const before = [main.log.length, tech.log.length];
    const narrowed = await publish(p, env, ['content'], { account: 'tech', dryRun: true });
    expect(narrowed.code).toBe(0);
    expect(narrowed.err).toMatch(/content\/b\.md: for main only: not in this run/);
    expect(main.log.length).toBe(before[0]);
    expect(tech.log.length).toBe(before[1]);

    await writeFile(b, (await readFile(b, 'utf8')).replace('accounts: main', 'accounts: [mian]'));
    const wrong = await publish(p, env, ['content']);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/content\/b\.md:\d+:1\s+error\s+`accounts:` names `mian`, which gzh.config does not have \(did you mean `main`\?\)\s+front-matter\/accounts/);
    const lint = capture(p.dir, env);
    expect(await runLint(['content/b.md'], {}, lint.ctx)).toBe(1);
    expect(lint.out() + lint.err()).toMatch(/b\.md:\d+:1.*did you mean `main`.*front-matter\/accounts/);
  });

  it('refuses before anything is compiled or sent: an unknown --account, missing credentials of one account, several accounts and no choice', async () => {
    const { main, tech, env } = await twoAccounts();
    const p = await project();
    await expect(publish(p, env, ['content'], { account: 'mian' })).rejects.toThrow(/No account `mian` in gzh.config \(did you mean `main`\?\)/);
    await expect(publish(p, env, ['content'], { account: ' , ' })).rejects.toThrow(/--account needs an account name/);
    const { TECH_SECRET: _, ...noTech } = env;
    await expect(publish(p, { ...noTech, TECH_SECRET: '' }, ['content'], { account: 'all' })).rejects.toThrow(/credentials of account tech: TECH_SECRET not set/);
    // every account's missing secrets at once
    const { WECHAT_APP_SECRET_MAIN: _m, ...neither } = noTech;
    await expect(publish(p, neither, ['content'], { account: 'all' })).rejects.toThrow(/2 accounts can't publish:\n {2}Missing WeChat credentials of account main: WECHAT_APP_SECRET_MAIN not set\n {2}Missing WeChat credentials of account tech: TECH_SECRET not set/);
    const none = await publish(p, env, ['content']);
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/Which accounts\? gzh.config has 2 \(main, tech\)/);
    expect(main.log).toHaveLength(0);
    expect(tech.log).toHaveLength(0);
    // no `accounts:` in the config: --account has nothing to pick from
    const plain = await project({});
    await expect(publish(plain, env, ['content'], { account: 'main' })).rejects.toThrow(/gzh.config has no `accounts:`/);
    // an account name is a file name (gzh.lock.d/<name>.json) and an env var suffix: refused with its place
    const bad = await project({ accounts: { 'Main/../x': {} } });
    await expect(publish(bad, env, ['content'], { account: 'all' })).rejects.toThrow(/`Main\/\.\.\/x` is not an account name: use lower-case letters, digits, - and _/s);
  });

  it('moves the unnamed account\'s state out of gzh.lock when the account gets a name: nothing is uploaded or created again', async () => {
    const { main, env } = await twoAccounts();
    const p = await project({});
    const plainEnv = { WECHAT_APP_ID: main.appId, WECHAT_APP_SECRET: main.appSecret, WECHAT_API_BASE: main.apiBase, XDG_CACHE_HOME: cacheDir };
    expect((await publish(p, plainEnv, ['content'])).code).toBe(0);
    expect(Object.keys((await readLock(path.join(p.dir, 'gzh.lock'))).accounts)).toHaveLength(1);
    await writeFile(path.join(p.dir, 'gzh.config.json'), JSON.stringify({ accounts: { main: {} } }));
    const before = main.log.length;
    const r = await publish(p, env, ['content']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/Moved this account's state from gzh.lock to gzh.lock.d\/main.json/);
    expect(writeRequests(main, before)).toEqual([]);
    expect((await readLock(path.join(p.dir, 'gzh.lock'))).accounts).toEqual({});
    expect(Object.keys(Object.values((await lockOf(p, 'main')).accounts)[0]!.drafts)).toHaveLength(2);
  });

  it('--sandbox gives each account a sandbox of its own; --json answers one object with a row per account × article', async () => {
    const p = await project();
    const c = capture(p.dir, { XDG_CACHE_HOME: cacheDir });
    const code = await run(['content'], { each: true, sandbox: true, account: 'all', json: true }, c.ctx);
    expect(code).toBe(0);
    const answer = JSON.parse(c.out()) as { ok: boolean; accounts: { account: string; code: number; rows: { file: string; status: string }[] }[] };
    expect(answer.ok).toBe(true);
    expect(answer.accounts.map((a) => [a.account, a.code, a.rows.length])).toEqual([
      ['main', 0, 2],
      ['tech', 0, 2],
    ]);
    for (const name of ['main', 'tech']) expect(existsSync(path.join(p.dir, '.gzh', 'sandbox', name, 'gzh.lock'))).toBe(true);
  });

  it('gzh doctor checks every account with its own credentials, API base and profile; --account picks; one failing fails the run', async () => {
    const { main, tech, env } = await twoAccounts();
    const p = await project();
    const c = capture(p.dir, env);
    expect(await runDoctor([], {}, c.ctx)).toBe(0);
    const out = c.out();
    expect(out).toMatch(/account main:\n(  ✓ .*\n)+account tech:\n/);
    expect(out).toMatch(/account tech:[\s\S]*✓ service account \(服务号\)/);
    expect(out).toContain(`✓ TECH_ID ${tech.appId} and TECH_SECRET are set`);
    expect(out).toContain(`✓ WECHAT_APP_ID_MAIN ${main.appId} and WECHAT_APP_SECRET_MAIN are set`);
    expect(out).not.toContain(tech.appSecret);
    // both servers were asked: each account's token came from its own API base
    expect(main.log.some((e) => e.endpoint.includes('token'))).toBe(true);
    expect(tech.log.some((e) => e.endpoint.includes('token'))).toBe(true);

    const j = capture(p.dir, { ...env, TECH_SECRET: '' });
    expect(await runDoctor([], { json: true }, j.ctx)).toBe(1);
    const checks = (JSON.parse(j.out()) as { checks: { id: string; status: string; account?: string; detail: string }[] }).checks;
    expect(checks.filter((x) => x.status === 'fail').map((x) => [x.account, x.id, x.detail])).toEqual([['tech', 'credentials', 'TECH_SECRET not set']]);
    const only = capture(p.dir, { ...env, TECH_SECRET: '' });
    expect(await runDoctor([], { account: 'main' }, only.ctx)).toBe(0);
    expect(only.out()).not.toContain('account tech');
  });

  it('gzh stats --account reads that account\'s state file with its credentials; with several and no --account it asks which', async () => {
    const { main, tech, env } = await twoAccounts();
    const p = await project();
    expect((await publish(p, env, ['content'], { account: 'tech' })).code).toBe(0);
    const before = tech.log.length;
    const s = capture(p.dir, env);
    expect(await runStats([], { account: 'tech', json: true }, s.ctx)).toBe(0);
    // asked tech's server, for tech's account
    expect(tech.log.slice(before).some((e) => e.endpoint.includes('/datacube/'))).toBe(true);
    expect(main.log.some((e) => e.endpoint.includes('/datacube/'))).toBe(false);
    await expect(runStats([], {}, capture(p.dir, env).ctx)).rejects.toThrow(/Which account\? gzh.config has 2: main, tech/);
  });

  it('--due with a moved clock publishes the due articles to each account from its own state; a rerun sends nothing', async () => {
    const { main, tech, env } = await twoAccounts();
    const p = await project();
    const [a, b] = p.files as [string, string];
    await writeFile(a, (await readFile(a, 'utf8')).replace('---\n\n', 'publish_at: 2026-12-24T08:00+08:00\n---\n\n'));
    await writeFile(b, (await readFile(b, 'utf8')).replace('---\n\n', 'publish_at: 2026-12-25T08:00+08:00\n---\n\n'));
    const due = (now: string) => publish(p, { ...env, GZH_NOW: now }, [], { each: false, due: true, account: 'all' });
    const first = await due('2026-12-24T09:00+08:00');
    expect(first.code).toBe(0);
    expect(first.err).toMatch(/\[main\] → content\/a\.md: due since/);
    expect(first.err).toMatch(/\[tech\] · content\/b\.md: due in 23 h/);
    for (const sb of [main, tech]) expect(sb.state.publishes.map((x) => x.articles[0]!.title)).toEqual(['春天的第一篇']);
    const before = [main.log.length, tech.log.length];
    expect((await due('2026-12-24T10:00+08:00')).code).toBe(0);
    expect(writeRequests(main, before[0])).toEqual([]);
    expect(writeRequests(tech, before[1])).toEqual([]);
  });

  it('gzh build --account NAME builds the articles as that account publishes them; a list is refused', async () => {
    const p = await project();
    const b = capture(p.dir, {});
    expect(await runBuild(['content/a.md'], { account: 'tech' }, b.ctx)).toBe(0);
    const html = await readFile(path.join(p.dir, 'dist', 'a.html'), 'utf8');
    expect(html).toContain('技术号的页脚。');
    expect(html).not.toContain('关注主号');
    await expect(runBuild(['content/a.md'], { account: 'main,tech' }, capture(p.dir, {}).ctx)).rejects.toThrow(/--account takes one account here/);
  });

  it('gzh lint warns about a push: true article by the quota of each account it goes to, from that account\'s state', async () => {
    const { env } = await twoAccounts();
    const p = await project();
    const [a, b] = p.files as [string, string];
    // tech pushed today: a subscription account has no second push today; main has not pushed
    await writeFile(path.join(p.dir, 'gzh.config.json'), JSON.stringify({ accounts: { main: {}, tech: { appIdEnv: 'TECH_ID', appSecretEnv: 'TECH_SECRET' } } }));
    await writeFile(a, (await readFile(a, 'utf8')).replace('---\n\n', 'accounts: [tech]\n---\n\n'));
    const pushed = await publish(p, env, ['content/a.md'], { each: false, broadcast: true });
    expect(pushed.code, pushed.err).toBe(0);
    await writeFile(b, (await readFile(b, 'utf8')).replace('---\n\n', 'push: true\n---\n\n'));
    const lint = capture(p.dir, env);
    await runLint(['content/b.md'], { format: 'json' }, lint.ctx);
    const messages = (JSON.parse(lint.out()) as { messages: { ruleId: string; message: string }[] }[])[0]!.messages.filter((m) => m.ruleId.startsWith('push/'));
    expect(messages.map((m) => [m.ruleId, m.message.slice(0, 40)])).toEqual([['push/quota', expect.stringMatching(/^tech: push: true, but/)]]);
  });

  it('gzh sandbox --account NAME serves that account\'s sandbox state: publish --sandbox --account NAME goes through it', async () => {
    ensureDist();
    const p = await project();
    const sandbox = spawnCli(['sandbox', '--port', '0', '--account', 'tech'], p.dir, { XDG_CACHE_HOME: cacheDir });
    try {
      await expect.poll(() => sandbox.out(), { timeout: 15_000 }).toContain('WECHAT_APP_ID=wxsandbox_tech');
      expect(sandbox.out()).toContain(`state:     ${path.join('.gzh', 'sandbox', 'tech')}`);
      const r = await publish(p, { XDG_CACHE_HOME: cacheDir }, ['content/a.md'], { each: false, sandbox: true, account: 'tech' });
      expect(r.code, r.err).toBe(0);
      expect(r.err).toMatch(/Publishing through the running gzh sandbox/);
      // main's sandbox is another one: started for the run, not the running tech one
      const m = await publish(p, { XDG_CACHE_HOME: cacheDir }, ['content/a.md'], { each: false, sandbox: true, account: 'main' });
      expect(m.err).not.toMatch(/running gzh sandbox/);
      expect(m.out).toMatch(/run `npx gzh sandbox --account main` to browse it/);
    } finally {
      sandbox.proc.kill('SIGINT');
      await sandbox.done;
    }
  });

  it('Ctrl-C stops every account at a safe point (exit 130, the rows so far); the rerun finishes both without a duplicate', async () => {
    const { main, tech, env } = await twoAccounts();
    const p = await project();
    // every draft/add of both accounts takes 1.5 s: the interrupt comes while they wait
    for (const sb of [main, tech]) sb.setFaults({ delayMs: 1500, delayCount: null, endpoints: ['draft/add'] });
    const stop = new AbortController();
    const c = captureContext(p.dir, env, stop.signal, { ci: false });
    const running = run(['content'], { each: true, account: 'all' }, c.ctx);
    await expect.poll(() => main.log.some((e) => e.endpoint === '/cgi-bin/draft/add') && tech.log.some((e) => e.endpoint === '/cgi-bin/draft/add'), { timeout: 10_000 }).toBe(true);
    stop.abort();
    expect(await running).toBe(130);
    for (const sb of [main, tech]) sb.setFaults({ delayMs: 0, endpoints: null });
    const again = await publish(p, env, ['content'], { account: 'all' });
    expect(again.code, again.err).toBe(0);
    // one draft per article per account, whatever the interrupt cut short
    for (const sb of [main, tech]) {
      expect(drafts(sb)).toHaveLength(2);
      expect(sb.log.filter((e) => e.endpoint === '/cgi-bin/media/uploadimg' && e.errcode === 0)).toHaveLength(3);
    }
  });

  it('gzh preview sends each account\'s draft to that account\'s reviewers (accounts.<name>.reviewers, else reviewers)', async () => {
    const { main, tech, env } = await twoAccounts();
    const p = await project({ reviewers: ['editor_wang'], accounts: { main: {}, tech: { appIdEnv: 'TECH_ID', appSecretEnv: 'TECH_SECRET', reviewers: ['tech_li', 'tech_zhao'] } } });
    const c = capture(p.dir, env);
    expect(await runPreview(['content/a.md'], { account: 'all' }, c.ctx), c.err()).toBe(0);
    expect(main.state.previews.map((x) => x.to)).toEqual(['editor_wang']);
    expect(tech.state.previews.map((x) => x.to)).toEqual(['tech_li', 'tech_zhao']);
    // --to wins over both
    const to = capture(p.dir, env);
    expect(await runPreview(['content/a.md'], { account: 'tech', to: ['chief_sun'] }, to.ctx)).toBe(0);
    expect(tech.state.previews.map((x) => x.to)).toEqual(['tech_li', 'tech_zhao', 'chief_sun']);
  });

  it('an article named in Chinese goes to both accounts; a dry run needs no credentials and no network (env vars set to "")', async () => {
    const { main, tech, env } = await twoAccounts();
    const p = await project();
    renameSync(p.files[0]!, path.join(p.dir, 'content', '春天.md'));
    const r = await publish(p, env, ['content/春天.md'], { each: false, account: 'all' });
    expect(r.code, r.err).toBe(0);
    expect(r.out.split('\n').filter((l) => /^(main|tech)\s+content\/春天\.md\s+created$/.test(l))).toHaveLength(2);
    for (const name of ['main', 'tech']) {
      const state = Object.values((await lockOf(p, name)).accounts)[0]!;
      expect(Object.values(state.drafts).flatMap((d) => d.articles.map((a) => a.path))).toEqual(['content/春天.md']);
    }
    const before = [main.log.length, tech.log.length];
    // the secrets empty (as an unset CI secret arrives), the API bases kept: they name the accounts gzh.lock.d knows
    const blank = { WECHAT_APP_ID_MAIN: '', WECHAT_APP_SECRET_MAIN: '', TECH_ID: '', TECH_SECRET: '', WECHAT_API_BASE_MAIN: env.WECHAT_API_BASE_MAIN, WECHAT_API_BASE_TECH: env.WECHAT_API_BASE_TECH, XDG_CACHE_HOME: cacheDir };
    const dry = await publish(p, blank, ['content'], { account: 'all', dryRun: true });
    expect(dry.code, dry.err).toBe(0);
    expect(dry.out).toMatch(/main\s+content\/春天\.md\s+plan: unchanged/);
    expect(dry.out).toMatch(/tech\s+content\/b\.md\s+plan: create/);
    expect([main.log.length, tech.log.length]).toEqual(before);
  });
});
