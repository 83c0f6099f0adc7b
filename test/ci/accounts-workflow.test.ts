/**
 * `gzh init --accounts main,tech`: the publish workflow as a matrix, run for real (bash, a local bare origin,
 * the built CLI) with both jobs at the same time against two sandbox accounts. Each job publishes to its own
 * account and commits only gzh.lock.d/<account>.json, so their racing pushes never conflict; a failing job
 * leaves the other's state committed; a rerun of both sends nothing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initProject } from '../../src/index.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { ensureDist, makeImage, writeRequests } from '../publish/helpers.js';
import { git, makeOriginAndClone, runJob } from './run-workflow.js';

let main: Sandbox;
let tech: Sandbox;
let origin: string;
let dev: string;
let workflow: string;
let config: string;
const temp: string[] = [];

beforeAll(async () => {
  ensureDist();
  main = await startSandbox({ appId: 'wxmatrixmain0000001', appSecret: 'matrix-main-secret' });
  tech = await startSandbox({ appId: 'wxmatrixtech0000002', appSecret: 'matrix-tech-secret' });
  const repo = makeOriginAndClone('gzh-matrix-');
  temp.push(repo.root);
  ({ origin, dev } = repo);
  await initProject(dev, { accounts: ['main', 'tech'] });
  rmSync(path.join(dev, 'content', 'hello.md'));
  workflow = readFileSync(path.join(dev, '.github/workflows/publish.yml'), 'utf8');
  config = readFileSync(path.join(dev, 'gzh.config.yaml'), 'utf8');
  for (const [name, title] of [['a.md', '两个号的第一篇'], ['b.md', '两个号的第二篇']] as const) {
    await mkdir(path.join(dev, 'content', 'img'), { recursive: true });
    writeFileSync(path.join(dev, 'content', 'img', `${name}.png`), await makeImage());
    writeFileSync(path.join(dev, 'content', name), `---\ntitle: ${title}\nauthor: 测试\n---\n\n正文。\n\n![图](./img/${name}.png)\n`);
  }
  git(dev, 'add', '-A');
  git(dev, 'commit', '--quiet', '-m', 'two articles, two accounts');
  git(dev, 'push', '--quiet', 'origin', 'HEAD:main');
}, 120_000);

afterAll(async () => {
  await Promise.all([main?.close(), tech?.close()]);
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});

const secrets = () => ({
  WECHAT_APP_ID_MAIN: main.appId,
  WECHAT_APP_SECRET_MAIN: main.appSecret,
  WECHAT_API_BASE_MAIN: main.apiBase,
  WECHAT_APP_ID_TECH: tech.appId,
  WECHAT_APP_SECRET_TECH: tech.appSecret,
  WECHAT_API_BASE_TECH: tech.apiBase,
});

/** Both matrix jobs at once, as GitHub starts them. */
async function runBoth() {
  const sha = git(origin, 'rev-parse', 'main');
  const jobs = await Promise.all(['main', 'tech'].map((account) => runJob(workflow, 'publish', { origin, sha, secrets: secrets(), matrix: { account } })));
  for (const j of jobs) temp.push(path.dirname(j.workspace));
  return jobs;
}

const lockOnOrigin = (name: string) => JSON.parse(git(origin, 'show', `main:gzh.lock.d/${name}.json`)) as { accounts: Record<string, { drafts: Record<string, unknown> }> };

describe('gzh init --accounts: the publish workflow as a matrix over the accounts', () => {
  it('writes a matrix over the accounts and a config naming them, with each account\'s secrets', () => {
    const parsed = parseYaml(workflow) as { jobs: { publish: { strategy: { 'fail-fast': boolean; matrix: { account: string[] } }; steps: { run?: string; env?: Record<string, string> }[] } } };
    expect(parsed.jobs.publish.strategy).toEqual({ 'fail-fast': false, matrix: { account: ['main', 'tech'] } });
    const runs = parsed.jobs.publish.steps.map((s) => s.run ?? '');
    expect(runs.filter((r) => /npx gzh publish/.test(r)).every((r) => r.includes('--account ${{ matrix.account }}'))).toBe(true);
    expect(runs.filter((r) => /npx gzh publish/.test(r))).toHaveLength(2);
    const envs = parsed.jobs.publish.steps.filter((s) => s.env).map((s) => Object.keys(s.env!).sort());
    for (const keys of envs) expect(keys).toEqual(['WECHAT_API_BASE_MAIN', 'WECHAT_API_BASE_TECH', 'WECHAT_APP_ID_MAIN', 'WECHAT_APP_ID_TECH', 'WECHAT_APP_SECRET_MAIN', 'WECHAT_APP_SECRET_TECH']);
    expect(workflow).not.toMatch(/git add gzh\.lock$/m);
    // each account's job restores and saves its own compile cache (its overrides compile differently)
    const cache = (parsed.jobs.publish.steps as { uses?: string; with?: Record<string, string> }[]).find((s) => s.uses?.startsWith('actions/cache@'));
    expect(cache?.with).toMatchObject({ path: '.gzh/cache', 'restore-keys': 'gzh-publish-${{ matrix.account }}-' });
    expect(cache?.with?.key).toMatch(/^gzh-publish-\$\{\{ matrix\.account \}\}-\$\{\{ hashFiles\('content\/\*\*'/);
    expect(parseYaml(config)).toMatchObject({ accounts: { main: { type: 'subscription' }, tech: { type: 'subscription' } } });
    expect(readFileSync(path.join(dev, '.gitignore'), 'utf8')).toContain('gzh.lock.d/*.lock/');
  });

  it('both jobs at once: each account gets its drafts, each commits its own state file, no conflict; a rerun sends nothing', async () => {
    const jobs = await runBoth();
    for (const j of jobs) expect(j.steps.filter((s) => s.status === 'ran' && s.code !== 0).map((s) => `${s.name}: ${s.stderr}`)).toEqual([]);
    expect(main.state.drafts).toHaveLength(2);
    expect(tech.state.drafts).toHaveLength(2);
    expect(Object.keys(Object.values(lockOnOrigin('main').accounts)[0]!.drafts)).toHaveLength(2);
    expect(Object.keys(Object.values(lockOnOrigin('tech').accounts)[0]!.drafts)).toHaveLength(2);
    expect(git(origin, 'log', '--format=%s', 'main').split('\n').filter((s) => s.startsWith('gzh.lock.d/')).sort()).toEqual([
      'gzh.lock.d/main.json: record published drafts [skip ci]',
      'gzh.lock.d/tech.json: record published drafts [skip ci]',
    ]);
    const before = [main.log.length, tech.log.length];
    await runBoth();
    expect(writeRequests(main, before[0])).toEqual([]);
    expect(writeRequests(tech, before[1])).toEqual([]);
  }, 180_000);

  it('a job that fails (its account refuses drafts) still commits what it uploaded; the other account is untouched', async () => {
    writeFileSync(path.join(dev, 'content', 'c.md'), '---\ntitle: 第三篇\nauthor: 测试\n---\n\n正文。\n\n![图](./img/a.md.png)\n');
    git(dev, 'pull', '--quiet', '--rebase', 'origin', 'main');
    git(dev, 'add', '-A');
    git(dev, 'commit', '--quiet', '-m', 'a third');
    git(dev, 'push', '--quiet', 'origin', 'HEAD:main');
    tech.setFaults({ errcode: { errcode: 45009, count: 100 }, endpoints: ['draft/add'] });
    try {
      const [mainJob, techJob] = await runBoth();
      expect(mainJob!.steps.every((s) => s.status === 'skipped' || s.code === 0)).toBe(true);
      const failed = techJob!.steps.filter((s) => s.status === 'ran' && s.code !== 0);
      expect(failed.map((s) => s.name)).toEqual([expect.stringMatching(/^Publish changed/)]);
      expect(techJob!.steps.find((s) => s.name.startsWith('Commit'))?.code).toBe(0);
    } finally {
      tech.setFaults({ errcode: null, endpoints: null });
    }
    expect(main.state.drafts).toHaveLength(3);
    expect(tech.state.drafts).toHaveLength(2);
    expect(Object.keys(Object.values(lockOnOrigin('main').accounts)[0]!.drafts)).toHaveLength(3);
    expect(Object.keys(Object.values(lockOnOrigin('tech').accounts)[0]!.drafts)).toHaveLength(2);
  }, 180_000);

  it('an existing config\'s env var names go into the workflow; an account it lacks is a note; a bad name is refused', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gzh-init-accounts-'));
    temp.push(dir);
    writeFileSync(path.join(dir, 'gzh.config.yaml'), 'accounts:\n  main:\n    appIdEnv: MAIN_ID\n    appSecretEnv: MAIN_SECRET\n');
    const result = await initProject(dir, { accounts: ['main', 'tech'] });
    expect(result.notes).toEqual([expect.stringMatching(/gzh\.config\.yaml has no account `tech`: add it under `accounts:`/)]);
    const written = readFileSync(path.join(dir, '.github/workflows/publish.yml'), 'utf8');
    expect(written).toContain('MAIN_ID: ${{ secrets.MAIN_ID }}');
    expect(written).toContain('WECHAT_APP_ID_TECH: ${{ secrets.WECHAT_APP_ID_TECH }}');
    expect(written).not.toContain('WECHAT_APP_ID_MAIN');
    await expect(initProject(dir, { accounts: ['Tech Team'] })).rejects.toThrow(/`Tech Team` is not an account name/);
  });
});
