/**
 * The publish workflow `gzh init` writes, run for real: its `run:` steps under bash in a temp git repo whose
 * `origin` is a local bare repo, against the sandbox, through the pushes a project sees. One project and one
 * sandbox go through the scenarios in order (each test checks only what its pushes changed).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initProject } from '../../src/index.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { ensureDist, makeImage, writeRequests } from '../publish/helpers.js';
import { git, makeOriginAndClone, runJob, type RunOptions, type Step } from './run-workflow.js';

let sb: Sandbox;
let origin: string;
/** The developer's clone. */
let dev: string;
let workflow: string;
const temp: string[] = [];

async function article(name: string, title: string, body = '正文第一段。'): Promise<void> {
  const base = name.replace(/\.md$/, '');
  await mkdir(path.join(dev, 'content', 'img'), { recursive: true });
  writeFileSync(path.join(dev, 'content', 'img', `${base}.png`), await makeImage());
  writeFileSync(path.join(dev, 'content', name), `---\ntitle: ${title}\nauthor: 测试\n---\n\n${body}\n\n![图](./img/${base}.png)\n`);
}

function commitAndPush(message: string): string {
  git(dev, 'add', '-A');
  git(dev, 'commit', '--quiet', '-m', message);
  if (git(dev, 'ls-remote', 'origin', 'main')) git(dev, 'pull', '--quiet', '--rebase', 'origin', 'main');
  git(dev, 'push', '--quiet', 'origin', 'HEAD:main');
  return git(dev, 'rev-parse', 'HEAD');
}

async function run(sha: string, extra: Partial<RunOptions> = {}) {
  const secrets = { WECHAT_APP_ID: sb.appId, WECHAT_APP_SECRET: sb.appSecret, WECHAT_API_BASE: sb.apiBase };
  const result = await runJob(workflow, 'publish', { origin, sha, secrets, ...extra });
  temp.push(path.dirname(result.workspace));
  const failed = result.steps.filter((s) => s.status === 'ran' && s.code !== 0);
  if (failed.length) throw new Error(`steps failed:\n${failed.map((s) => `${s.name} (exit ${s.code})\n${s.stdout}\n${s.stderr}`).join('\n')}`);
  return result;
}

/** Drafts in the sandbox per title. */
function draftsByTitle(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const d of sb.state.drafts) for (const a of d.articles) counts[a.title] = (counts[a.title] ?? 0) + 1;
  return counts;
}

function lockOnOrigin(): { accounts: Record<string, { drafts: Record<string, { articles: { path: string }[] }> }> } {
  return JSON.parse(git(origin, 'show', 'main:gzh.lock')) as ReturnType<typeof lockOnOrigin>;
}

function lockedPaths(): string[] {
  return Object.values(lockOnOrigin().accounts).flatMap((a) => Object.values(a.drafts).flatMap((d) => d.articles.map((x) => x.path))).sort();
}

beforeAll(async () => {
  ensureDist();
  sb = await startSandbox();
  const repo = makeOriginAndClone('gzh-ci-');
  temp.push(repo.root);
  ({ origin, dev } = repo);
  await initProject(dev);
  // the example article is replaced by the scenarios' own
  rmSync(path.join(dev, 'content', 'hello.md'));
  workflow = readFileSync(path.join(dev, '.github/workflows/publish.yml'), 'utf8');
}, 120_000);

afterAll(async () => {
  await sb?.close();
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});

describe('the generated publish workflow, run step by step against the sandbox', () => {
  it('first push with two articles: both published (the root commit counts)', async () => {
    await article('a.md', '第一篇');
    await article('b.md', '第二篇');
    const sha = commitAndPush('two articles');
    const { steps } = await run(sha);
    expect(steps.filter((s) => s.status === 'ran').map((s) => s.name)).toEqual(expect.arrayContaining([expect.stringMatching(/^Publish changed/), expect.stringMatching(/^Commit gzh\.lock/)]));
    expect(draftsByTitle()).toEqual({ 第一篇: 1, 第二篇: 1 });
    expect(lockedPaths()).toEqual(['content/a.md', 'content/b.md']);
  }, 120_000);

  it('an article named 震惊.md is published', async () => {
    await article('震惊.md', '震惊的标题');
    await run(commitAndPush('a Chinese file name'));
    expect(draftsByTitle()).toEqual({ 第一篇: 1, 第二篇: 1, 震惊的标题: 1 });
    expect(lockedPaths()).toContain('content/震惊.md');
  }, 120_000);

  it('a push of 3 commits publishes every article they changed, the others untouched', async () => {
    const from = sb.log.length;
    await article('c.md', '第三篇');
    git(dev, 'add', '-A');
    git(dev, 'commit', '--quiet', '-m', 'c');
    writeFileSync(path.join(dev, 'content', 'a.md'), readFileSync(path.join(dev, 'content', 'a.md'), 'utf8').replace('正文第一段。', '正文改过了。'));
    git(dev, 'commit', '--quiet', '-am', 'edit a');
    await article('d.md', '第四篇');
    const sha = commitAndPush('d');
    await run(sha);
    expect(draftsByTitle()).toEqual({ 第一篇: 1, 第二篇: 1, 震惊的标题: 1, 第三篇: 1, 第四篇: 1 });
    const edited = sb.state.drafts.find((d) => d.articles[0]!.title === '第一篇')!;
    expect(edited.articles[0]!.content).toContain('正文改过了');
    // one draft write for each of c, d (add) and a (update); none for b or 震惊
    const drafts = writeRequests(sb, from).filter((e) => e.includes('draft'));
    expect(drafts.sort()).toEqual(['/cgi-bin/draft/add', '/cgi-bin/draft/add', '/cgi-bin/draft/update']);
  }, 120_000);

  it('a run skipped (cancelled while pending), then a newer push: every article still published once', async () => {
    await article('e.md', '第五篇');
    commitAndPush('e, whose run is cancelled'); // no run for this push
    await article('f.md', '第六篇');
    await run(commitAndPush('f'));
    expect(draftsByTitle()).toEqual({ 第一篇: 1, 第二篇: 1, 震惊的标题: 1, 第三篇: 1, 第四篇: 1, 第五篇: 1, 第六篇: 1 });
    expect(lockedPaths()).toEqual(['content/a.md', 'content/b.md', 'content/c.md', 'content/d.md', 'content/e.md', 'content/f.md', 'content/震惊.md']);
  }, 120_000);

  it('a rerun of a run (same pushed commit, whose lock commit came after it) uploads nothing and writes no draft', async () => {
    await article('g.md', '第七篇');
    const sha = commitAndPush('g');
    await run(sha);
    const from = sb.log.length;
    const drafts = sb.state.drafts.length;
    const lockCommits = git(origin, 'rev-list', '--count', 'main');
    await run(sha); // "Re-run jobs": github.sha is still the push, not the lock commit
    expect(writeRequests(sb, from)).toEqual([]);
    expect(sb.state.drafts.length).toBe(drafts);
    // nothing to commit either: no empty lock commit
    expect(git(origin, 'rev-list', '--count', 'main')).toBe(lockCommits);
  }, 120_000);

  it('the lock push racing a concurrent commit: rebase and retry, both end up on origin/main', async () => {
    await article('h.md', '第八篇');
    const sha = commitAndPush('h');
    const other = mkdtempSync(path.join(os.tmpdir(), 'gzh-other-'));
    temp.push(other);
    git(other, 'clone', '--quiet', origin, 'clone');
    const clone = path.join(other, 'clone');
    // between the publish and the lock push, someone pushes a commit to main
    const beforeStep = (step: Step) => {
      if (!step.name?.startsWith('Commit gzh.lock')) return;
      writeFileSync(path.join(clone, 'NOTES.md'), '并发的提交\n');
      git(clone, 'add', '-A');
      git(clone, 'commit', '--quiet', '-m', 'concurrent');
      git(clone, 'push', '--quiet', 'origin', 'HEAD:main');
    };
    const { steps } = await run(sha, { beforeStep });
    const commit = steps.find((s) => s.name.startsWith('Commit gzh.lock'))!;
    expect(commit.stderr).toMatch(/rejected|fetch first|non-fast-forward/);
    expect(git(origin, 'show', 'main:NOTES.md')).toBe('并发的提交');
    expect(lockedPaths()).toContain('content/h.md');
    expect(git(origin, 'log', '-1', '--format=%s', 'main')).toContain('gzh.lock');
    // the next run (the concurrent push's) finds nothing to publish
    const from = sb.log.length;
    git(dev, 'pull', '--quiet', '--rebase', 'origin', 'main');
    await run(git(dev, 'rev-parse', 'HEAD'));
    expect(writeRequests(sb, from)).toEqual([]);
    expect(draftsByTitle()['第八篇']).toBe(1);
  }, 120_000);

  it("a fresh runner restores gzh's cache: the next run compiles only the article that changed", async () => {
    const store = mkdtempSync(path.join(os.tmpdir(), 'gzh-actions-cache-'));
    temp.push(store);
    await article('g.md', '第七篇');
    await run(commitAndPush('g'), { cacheStore: store });
    const entries = () => new Map(readdirSync(path.join(store, '.gzh/cache/compile'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => [path.join(e.parentPath, e.name), statSync(path.join(e.parentPath, e.name)).mtimeMs]));
    const first = entries();
    // every article of the repo was compiled on that first, empty runner
    expect(first.size).toBeGreaterThanOrEqual(8);
    writeFileSync(path.join(dev, 'content', 'g.md'), readFileSync(path.join(dev, 'content', 'g.md'), 'utf8').replace('正文第一段。', '正文又改了。'));
    await run(commitAndPush('edit g'), { cacheStore: store });
    expect(draftsByTitle()['第七篇']).toBe(1);
    const second = entries();
    // no entry was written again (each unchanged article was served from the restored cache); g.md's new text is new
    for (const [file, mtime] of first) expect(second.get(file), file).toBe(mtime);
    expect(second.size).toBeGreaterThan(first.size);
  }, 120_000);
});
