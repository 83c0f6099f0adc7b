/**
 * State that lies: a damaged gzh.lock, a disk that fills up mid-run, a client that gives up before the server
 * answers, an API base with credentials in it, a server.json pointing somewhere else. Each: a clear error or
 * the right recovery, and never silent re-uploads.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/commands/publish.js';
import { Lockfile, applyPlan, checkDraft, createWechatClient, loadProject, planPublish, resolvePublishInputs, startSandbox, type Sandbox } from '../../src/index.js';
import { APP_ID, SECRET, capture, ensureDist, makeProject, sandboxEnv, spawnCli, spreadImages, storedUploads, type Project } from './helpers.js';

let tmp: string;
const sandboxes: Sandbox[] = [];
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'gzh-lock-state-'));
});
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((sb) => sb.close()));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

async function sandbox(options: Parameters<typeof startSandbox>[0] = {}) {
  const sb = await startSandbox({ appId: APP_ID, appSecret: SECRET, ...options });
  sandboxes.push(sb);
  return sb;
}

async function publishCli(project: Project, env: NodeJS.ProcessEnv, args: string[] = ['content'], options: Record<string, unknown> = {}) {
  const c = capture(project.dir, env);
  try {
    return { code: await run(args, options, c.ctx), out: c.out(), err: c.err(), error: undefined as (Error & { hint?: string; code?: string }) | undefined };
  } catch (error) {
    return { code: -1, out: c.out(), err: c.err(), error: error as Error & { hint?: string; code?: string } };
  }
}

describe('a damaged gzh.lock', () => {
  const account = `${APP_ID}@http://127.0.0.1:1`;
  const cases: [string, unknown, RegExp][] = [
    ['top-level null', null, /damaged at the top level/],
    ['accounts: null', { version: 1, accounts: null }, /damaged at `accounts`.*found null/],
    ['accounts: [] (a list)', { version: 1, accounts: [] }, /damaged at `accounts`.*found a list/],
    ['an account null', { version: 1, accounts: { [account]: null } }, /damaged at `accounts\..*`.*found null/],
    ['media: "oops"', { version: 1, accounts: { [account]: { media: 'oops' } } }, /`accounts\..*\.media`.*found a string/],
    ['drafts.articles a string', { version: 1, accounts: { [account]: { drafts: { 'content/a1.md': { media_id: 'm', articles: 'x', created: 't', updated: 't' } } } } }, /`accounts\..*\.drafts\.content\/a1\.md\.articles`.*found a string/],
  ];
  it.each(cases)('%s: an error naming the field and how to recover, and nothing is sent', async (_name, data, message) => {
    const sb = await sandbox();
    const project = await makeProject(spreadImages(1, 1, 'l'), tmp);
    await writeFile(path.join(project.dir, 'gzh.lock'), JSON.stringify(data));
    const r = await publishCli(project, sandboxEnv(sb, path.join(project.dir, '.cache')));
    expect(r.error).toMatchObject({ code: 'lockfile/invalid', message: expect.stringMatching(message), hint: expect.stringContaining('git checkout -- gzh.lock') });
    expect(sb.log).toEqual([]);
    expect(await readFile(path.join(project.dir, 'gzh.lock'), 'utf8')).toBe(JSON.stringify(data));
  });
});

describe('the disk fills up during a publish', () => {
  it('stops at once when gzh.lock cannot be written; the rerun uploads only what the failed run could not record', async () => {
    const sb = await sandbox();
    const project = await makeProject(spreadImages(3, 12, 'f'), tmp);
    const p = await loadProject(project.dir, { env: {} });
    const file = path.join(project.dir, 'gzh.lock');
    const client = createWechatClient({ appId: APP_ID, appSecret: SECRET, apiBase: sb.apiBase, tokenCacheDir: false, env: {} });
    try {
      let writes = 0;
      const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      const lockfile = Lockfile.read(file, 'gzh.lock', { write: async (f, text) => (++writes > 5 ? Promise.reject(full) : writeFileAtomic(f, text)) });
      const draft = await checkDraft(p, resolvePublishInputs(['content'], p.config, project.dir));
      const plan = await planPublish(p, [draft], { lockfile, account: { appId: APP_ID, apiBase: sb.apiBase } });
      await expect(applyPlan(plan, [draft], { project: p, client, lockfile })).rejects.toMatchObject({ code: 'lockfile/write', message: expect.stringContaining('ENOSPC'), hint: expect.stringContaining('Free some disk space') });
      const storedThen = storedUploads(sb, 'media/uploadimg') + storedUploads(sb, 'material/add_material');
      // nothing was started after the failed write: what is stored is what was recorded, plus the uploads in flight
      expect(storedThen).toBeLessThanOrEqual(5 + p.config.images.uploadConcurrency);
      expect(sb.state.drafts).toHaveLength(0);

      const again = Lockfile.read(file, 'gzh.lock');
      const draft2 = await checkDraft(p, resolvePublishInputs(['content'], p.config, project.dir));
      const plan2 = await planPublish(p, [draft2], { lockfile: again, account: { appId: APP_ID, apiBase: sb.apiBase } });
      const result = await applyPlan(plan2, [draft2], { project: p, client, lockfile: again });
      expect(result.drafts[0]!.draft).toBe('created');
      // 12 in the body + 3 covers in all: covers are never repeated (journaled, found by name), in-article images
      // at most by the ones whose record was lost
      expect(storedUploads(sb, 'material/add_material')).toBe(3);
      expect(storedUploads(sb, 'media/uploadimg')).toBeLessThanOrEqual(12 + p.config.images.uploadConcurrency);
      expect(storedUploads(sb, 'media/uploadimg') + storedUploads(sb, 'material/add_material')).toBeLessThan(2 * 15);
    } finally {
      await client.close();
    }
  });
});

describe('a client that gives up before the server answers', () => {
  it('a 0.8 s timeout against 1 s answers: each cover uploaded once, each in-article image at most twice', async () => {
    const sb = await sandbox();
    const project = await makeProject(spreadImages(2, 4, 't'), tmp);
    // the sandbox does the upload at once and answers late: every upload times out, whatever the machine's load
    await writeFile(path.join(project.dir, 'gzh.config.yaml'), 'wechat:\n  timeoutMs: 800\n');
    sb.setFaults({ delayMs: 1000, endpoints: ['media/uploadimg', 'material/add_material'] });
    const r = await publishCli(project, sandboxEnv(sb, path.join(project.dir, '.cache')));
    expect(r.code, r.err).toBe(0);
    expect(storedUploads(sb, 'material/add_material')).toBe(2);
    expect(storedUploads(sb, 'media/uploadimg')).toBeLessThanOrEqual(8);
    expect(r.err).toContain('looked for what it saved: found, using it');
  }, 60_000);
});

describe('credentials in the API base', () => {
  it('are sent as basic auth, and never written to gzh.lock or printed', async () => {
    const sb = await sandbox();
    let auth: string | undefined;
    // a relay that wants basic auth, forwarding to the sandbox
    const relay = http.createServer((req, res) => {
      auth = req.headers.authorization;
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const upstream = http.request(`${sb.url}${req.url}`, { method: req.method, headers: { ...req.headers, host: new URL(sb.url).host } }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        upstream.end(Buffer.concat(chunks));
      });
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    try {
      const port = (relay.address() as { port: number }).port;
      const project = await makeProject(spreadImages(1, 1, 'k'), tmp);
      const env = { WECHAT_APP_ID: APP_ID, WECHAT_APP_SECRET: SECRET, XDG_CACHE_HOME: path.join(project.dir, '.cache') };
      const r = await publishCli(project, env, ['content'], { apiBase: `http://relayuser:S3cr3tPass@127.0.0.1:${port}` });
      expect(r.code, `${r.err}${r.error?.message ?? ''}`).toBe(0);
      expect(auth).toBe(`Basic ${Buffer.from('relayuser:S3cr3tPass').toString('base64')}`);
      const lock = await readFile(path.join(project.dir, 'gzh.lock'), 'utf8');
      for (const secret of ['S3cr3tPass', 'relayuser']) {
        expect(lock).not.toContain(secret);
        expect(r.out + r.err).not.toContain(secret);
      }
      expect(Object.keys((JSON.parse(lock) as { accounts: object }).accounts)).toEqual([`${APP_ID}@http://127.0.0.1:${port}`]);
    } finally {
      relay.closeAllConnections();
      relay.close();
    }
  });
});

describe('a server.json that is not this project\'s sandbox', () => {
  it('is not trusted: publish --sandbox starts its own and sends nothing to the address it names', async () => {
    const asked: string[] = [];
    // answers everything with 200 {}: a server that would take the sandbox's place, and its secret
    const impostor = http.createServer((req, res) => {
      asked.push(new URL(req.url!, 'http://x').pathname);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => impostor.listen(0, '127.0.0.1', resolve));
    try {
      const project = await makeProject(spreadImages(1, 1, 's'), tmp);
      const dataDir = path.join(project.dir, '.gzh', 'sandbox');
      mkdirSync(dataDir, { recursive: true });
      // a live pid (this test process) and a loopback URL: only the server's own answer can tell
      writeFileSync(path.join(dataDir, 'server.json'), JSON.stringify({ pid: process.pid, url: `http://127.0.0.1:${(impostor.address() as { port: number }).port}`, appId: 'wxevil', appSecret: 'x', dataDir }));
      // a real process: the pid in server.json (this test's) is alive and not its own
      ensureDist();
      const child = spawnCli(['publish', 'content', '--sandbox'], project.dir, {});
      expect(await child.done, child.err()).toEqual({ code: 0, signal: null });
      expect(child.err()).not.toContain('Publishing through the running gzh sandbox');
      expect(child.out()).toContain('Sandbox draft page');
      // asked who it is (and its answer did not fit), never sent an API call or credentials
      expect(asked.length).toBeGreaterThan(0);
      expect(asked.every((p) => p === '/__sandbox/whoami')).toBe(true);
    } finally {
      impostor.close();
    }
  });
});
