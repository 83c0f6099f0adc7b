/**
 * `gzh publish` as a real process (node bin/gzh.js, compiled dist/): killed mid-upload and right after draft/add,
 * two at once in one project, beside a running `gzh sandbox`, and the README quick start.
 */
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { APP_ID, REPO, SECRET, countEndpoints, ensureDist, makeProject, readLock, sandboxEnv, spawnCli, spreadImages, storedUploads, writeRequests, type Child } from './helpers.js';

let tmp: string;
let cacheDir: string;
beforeAll(async () => {
  ensureDist();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'gzh-publish-proc-'));
  cacheDir = path.join(tmp, 'cache');
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

async function withSandbox(name: string, test: (sb: Sandbox) => Promise<void>): Promise<void> {
  const sb = await startSandbox({ appId: APP_ID, appSecret: SECRET, dataDir: path.join(tmp, name) });
  try {
    await test(sb);
  } finally {
    await sb.close();
  }
}

const UPLOADS = ['media/uploadimg', 'material/add_material'];

/** Poll `value` until `done` says so while `child` runs; fails at once (with its stderr) if it exits. */
async function waitWhileRunning<T>(child: Child, value: () => T | Promise<T>, done: (v: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await value();
    if (done(v)) return v;
    if (child.proc.exitCode !== null || child.proc.signalCode !== null) throw new Error(`gzh exited (${child.proc.exitCode}) before ${what}:\n${child.err()}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(v)}):\n${child.err()}`);
    await sleep(20);
  }
}

describe('a killed publish, rerun', () => {
  it('killed mid-upload: the rerun uploads only what is missing (each image once in total) and makes one draft', () =>
    withSandbox('sb-upload', async (sb) => {
      const project = await makeProject(spreadImages(4, 16, 'k'), tmp);
      const env = sandboxEnv(sb, cacheDir);
      const lockFile = path.join(project.dir, 'gzh.lock');
      const account = `${APP_ID}@${sb.apiBase}`;
      const stored = () => storedUploads(sb, 'media/uploadimg') + storedUploads(sb, 'material/add_material');

      sb.setFaults({ delayMs: 250, endpoints: UPLOADS });
      const first = spawnCli(['publish', 'content'], project.dir, env);
      await waitWhileRunning(first, stored, (n) => n >= 5, '5 uploads');
      // From now on uploads never reach the handler (connection reset first): the ones in flight get their
      // (slow) answers, the client records them in gzh.lock, and everything after them waits in retries.
      sb.setFaults({ dropConnections: 10_000 });
      const ledgered = async () => Object.keys((await readLock(lockFile).catch(() => undefined))?.accounts[account]?.media ?? {}).length;
      await waitWhileRunning(first, () => sb.log.filter((e) => UPLOADS.includes(e.endpoint.slice(9)) && e.errcode === 0 && e.status === 0).length, (n) => n === 0, 'the slow answers', 5_000);
      await waitWhileRunning(first, ledgered, (n) => n === stored(), 'gzh.lock to record every answered upload', 5_000);
      expect(first.proc.exitCode).toBeNull();
      first.proc.kill('SIGKILL');
      expect(await first.done).toEqual({ code: null, signal: 'SIGKILL' });
      const before = stored();
      expect(before).toBeLessThan(20);
      expect(sb.state.drafts).toHaveLength(0);

      sb.setFaults({ delayMs: 0, dropConnections: 0, endpoints: null });
      const from = sb.log.length;
      const second = spawnCli(['publish', 'content'], project.dir, env);
      expect(await second.done, second.err()).toEqual({ code: 0, signal: null });
      expect(second.out()).toContain(': created');
      // every image exactly once across both runs: 16 in the body, 4 covers
      expect(storedUploads(sb, 'media/uploadimg')).toBe(16);
      expect(storedUploads(sb, 'material/add_material')).toBe(4);
      expect(writeRequests(sb, from).filter((e) => UPLOADS.includes(e.slice(9)))).toHaveLength(20 - before);
      expect(sb.state.drafts).toHaveLength(1);
      expect(sb.state.drafts[0]!.articles).toHaveLength(4);
    }));

  it('killed right after draft/add: the rerun adopts that draft (one draft in total, no upload, no second add)', () =>
    withSandbox('sb-add', async (sb) => {
      const project = await makeProject(spreadImages(2, 3, 'x'), tmp);
      const env = sandboxEnv(sb, cacheDir);
      sb.setFaults({ delayMs: 20_000, delayCount: 1, endpoints: ['draft/add'] });
      const first = spawnCli(['publish', 'content'], project.dir, env);
      // the draft is saved; its answer is still on the way when the process dies
      await waitWhileRunning(first, () => sb.state.drafts.length, (n) => n === 1, 'draft/add');
      const journal = (await readLock(path.join(project.dir, 'gzh.lock'))).accounts[`${APP_ID}@${sb.apiBase}`]!.journal;
      // journaled before it was sent
      expect(Object.entries(journal).map(([id, intent]) => [id, intent.op])).toEqual([['draft:content/x1.md\ncontent/x2.md', 'draft/add']]);
      first.proc.kill('SIGKILL');
      await first.done;

      sb.setFaults({ delayMs: 0, delayCount: null, endpoints: null });
      const from = sb.log.length;
      const second = spawnCli(['publish', 'content', '--json'], project.dir, env);
      expect(await second.done, second.err()).toEqual({ code: 0, signal: null });
      expect(writeRequests(sb, from)).toEqual([]);
      expect(countEndpoints(sb, from)['draft/batchget']).toBe(1);
      expect(sb.state.drafts).toHaveLength(1);
      const result = JSON.parse(second.out()) as { media_id: string; articles: { status: string }[] };
      expect(result.media_id).toBe(sb.state.drafts[0]!.media_id);
      const account = (await readLock(path.join(project.dir, 'gzh.lock'))).accounts[`${APP_ID}@${sb.apiBase}`]!;
      expect(account.journal).toEqual({});
      expect(account.drafts['content/x1.md\ncontent/x2.md']!.media_id).toBe(result.media_id);
    }));
});

describe('two publishes at once in one project', () => {
  it('the second waits for the first (or fails clearly); gzh.lock stays whole; one draft, no duplicate upload', async () => {
    const project = await makeProject(spreadImages(3, 6, 'c'), tmp);
    // --sandbox: both processes also share the sandbox state in .gzh/sandbox
    const runs = [spawnCli(['publish', 'content', '--sandbox'], project.dir, {}), spawnCli(['publish', 'content', '--sandbox'], project.dir, {})];
    const results = await Promise.all(runs.map((r) => r.done));
    const outcomes = runs.map((r, i) => ({ code: results[i]!.code, out: r.out(), err: r.err() }));
    for (const o of outcomes) {
      if (o.code !== 0) {
        expect(o.code).toBe(1);
        expect(o.err).toContain('Another gzh publish is running');
      }
    }
    expect(outcomes.filter((o) => o.code === 0).length).toBeGreaterThanOrEqual(1);
    expect(outcomes.filter((o) => /: created$/m.test(o.out))).toHaveLength(1);

    const lock = await readLock(path.join(project.dir, '.gzh', 'sandbox', 'gzh.lock'));
    const accounts = Object.values(lock.accounts);
    expect(accounts).toHaveLength(1);
    expect(Object.keys(accounts[0]!.drafts)).toHaveLength(1);
    expect(accounts[0]!.journal).toEqual({});
    const state = JSON.parse(await readFile(path.join(project.dir, '.gzh', 'sandbox', 'state.json'), 'utf8')) as { drafts: { media_id: string }[]; images: unknown[]; materials: unknown[] };
    expect(state.drafts.map((d) => d.media_id)).toEqual([Object.values(accounts[0]!.drafts)[0]!.media_id]);
    expect(state.images).toHaveLength(6);
    expect(state.materials).toHaveLength(3);
  });
});

describe('README quick start', () => {
  it('`gzh publish content/hello.md --sandbox` in a copy of content/ works and prints a working draft page', async () => {
    const dir = await mkdtemp(path.join(tmp, 'quick-'));
    await cp(path.join(REPO, 'content'), path.join(dir, 'content'), { recursive: true });
    const run = spawnCli(['publish', 'content/hello.md', '--sandbox'], dir, {});
    expect(await run.done, run.err()).toEqual({ code: 0, signal: null });
    const page = /Sandbox draft page: (http:\/\/127\.0\.0\.1:\d+)(\/draft\/\S+)/.exec(run.out());
    expect(page, run.out()).not.toBeNull();

    // the sandbox stopped with the command; the same state served again shows the printed page
    const sb = await startSandbox({ dataDir: path.join(dir, '.gzh', 'sandbox') });
    try {
      const res = await fetch(`${sb.url}${page![2]}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('用 Markdown 写公众号：gzh 快速上手');
    } finally {
      await sb.close();
    }
  });
});

describe('gzh sandbox and gzh publish --sandbox at the same time', () => {
  it('publishes through the running sandbox instead of a second one that would overwrite its state', async () => {
    const dir = await mkdtemp(path.join(tmp, 'both-'));
    await cp(path.join(REPO, 'content'), path.join(dir, 'content'), { recursive: true });
    const server = spawnCli(['sandbox', '--port', '0'], dir, {});
    try {
      await waitFor(() => /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(server.out()), () => server.out() + server.err());
      const url = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(server.out())![1]!;
      const run = spawnCli(['publish', 'content/hello.md', '--sandbox'], dir, {});
      expect(await run.done, run.err()).toEqual({ code: 0, signal: null });
      expect(run.err()).toContain(`Publishing through the running gzh sandbox at ${url}`);
      expect(run.out()).toContain(`Sandbox draft page: ${url}/draft/`);
      // the running sandbox has the draft, and keeps it
      const state = (await (await fetch(`${url}/__sandbox/state`)).json()) as { drafts: unknown[] };
      expect(state.drafts).toHaveLength(1);
      // a second `gzh sandbox` on the same folder refuses, and says which one to use
      const second = spawnCli(['sandbox', '--port', '0'], dir, {});
      expect((await second.done).code).toBe(2);
      expect(second.err()).toMatch(/Another gzh sandbox \(pid \d+, http:\/\/127\.0\.0\.1:\d+\) already serves/);
      expect(((await (await fetch(`${url}/__sandbox/state`)).json()) as { drafts: unknown[] }).drafts).toHaveLength(1);
    } finally {
      server.proc.kill('SIGINT');
      await server.done;
    }
    // stopped cleanly: the folder is free again and the draft is on disk
    const state = JSON.parse(await readFile(path.join(dir, '.gzh', 'sandbox', 'state.json'), 'utf8')) as { drafts: unknown[] };
    expect(state.drafts).toHaveLength(1);
    expect(existsSync(path.join(dir, '.gzh', 'sandbox', 'server.json'))).toBe(false);
  });
});

async function waitFor<T>(probe: () => T | null | undefined, explain: () => string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting; output so far:\n${explain()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
