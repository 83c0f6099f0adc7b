/**
 * `gzh publish --submit` killed with SIGKILL at every request it makes (a CI job cancelled, a laptop closed), each
 * time followed by a rerun: exactly one publication, one draft, one cover material, and no image uploaded twice
 * except the one in-article image whose answer was lost (WeChat keeps no list of those: an invisible copy).
 *
 * A proxy between gzh and the sandbox decides where the process dies: at request k it either never forwards
 * the request (killed before it left) or forwards it, waits until the sandbox has done it, and kills gzh before
 * the answer arrives (the lost answer: the hard case).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { APP_ID, SECRET, ensureDist, makeProject, spawnCli, storedUploads, type Child } from './helpers.js';
import { startProxy, type KillMode } from './kill-proxy.js';

let tmp: string;
beforeAll(async () => {
  ensureDist();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'gzh-crash-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

async function scenario(name: string, k: number | undefined, mode: KillMode) {
  const sb: Sandbox = await startSandbox({ appId: APP_ID, appSecret: SECRET, publishPolls: 2 });
  const proxy = await startProxy(sb.url);
  try {
    const project = await makeProject([{ name: 'a.md', title: `被中断的发布（${name}）`, images: 1 }], tmp);
    // status checks 0.1 s apart, not 2 s: the kill points and the recovery are the same, the waiting shorter
    await writeFile(path.join(project.dir, 'gzh.config.yaml'), 'wechat:\n  pollMs: 100\n');
    const env = { WECHAT_APP_ID: APP_ID, WECHAT_APP_SECRET: SECRET, WECHAT_API_BASE: proxy.url, XDG_CACHE_HOME: path.join(project.dir, '.cache') };
    let child: Child | undefined;
    if (k !== undefined) proxy.arm(k, mode, () => child);
    child = spawnCli(['publish', 'content/a.md', '--submit'], project.dir, env);
    const first = await child.done;
    const rerun = spawnCli(['publish', 'content/a.md', '--submit'], project.dir, env);
    const second = await rerun.done;
    const lock = JSON.parse(await readFile(path.join(project.dir, 'gzh.lock'), 'utf8')) as { accounts: Record<string, { journal: object; publishes: Record<string, { status: string }> }> };
    const account = Object.values(lock.accounts)[0]!;
    return {
      first,
      second,
      err: rerun.err(),
      seen: proxy.seen,
      publishes: sb.state.publishes.length,
      published: sb.state.publishes.filter((p) => p.status === 0).length,
      draftsAdded: sb.log.filter((e) => e.endpoint === '/cgi-bin/draft/add' && e.errcode === 0).length,
      materials: storedUploads(sb, 'material/add_material'),
      bodyImages: storedUploads(sb, 'media/uploadimg'),
      journal: account.journal,
      lockPublishes: Object.values(account.publishes).map((p) => p.status),
    };
  } finally {
    await proxy.close();
    await sb.close();
  }
}

describe('kill -9 at every request of `gzh publish --submit`, then a rerun', () => {
  it('publishes once, with one draft and one cover, whatever the moment', { timeout: 240_000 }, async () => {
    // the requests of an uninterrupted run, in order
    const clean = await scenario('clean', undefined, 'answer-lost');
    expect(clean.first).toEqual({ code: 0, signal: null });
    // (the clean scenario's rerun adds its own requests after these)
    const requests = clean.seen.slice(0, clean.seen.lastIndexOf('freepublish/get') + 1);
    expect(requests).toEqual(expect.arrayContaining(['stable_token', 'media/uploadimg', 'material/add_material', 'draft/add', 'draft/get', 'freepublish/submit', 'freepublish/get']));

    const effectful = new Set(['media/uploadimg', 'material/add_material', 'draft/add', 'freepublish/submit']);
    const cases: [number, KillMode][] = [
      ...requests.map((_, k) => [k, 'answer-lost'] as [number, KillMode]),
      ...requests.flatMap((endpoint, k) => (effectful.has(endpoint) ? [[k, 'before-sending'] as [number, KillMode]] : [])),
    ];
    // each case has its own sandbox, proxy and project: run a few at once (most of a case is gzh waiting
    // between freepublish/get polls, 2 s then 3 s), asserting each as before
    const slot = pLimit(4);
    const results = await Promise.all(cases.map(([k, mode]) => slot(() => scenario(`${requests[k]} #${k} ${mode}`, k, mode))));
    for (const [i, [k, mode]] of cases.entries()) {
      const r = results[i]!;
      const what = `killed at ${requests[k]} (request ${k}, ${mode}):\n${r.err}`;
      expect(r.first.signal, what).toBe('SIGKILL');
      expect(r.second, what).toEqual({ code: 0, signal: null });
      expect(r.publishes, what).toBe(1);
      expect(r.published, what).toBe(1);
      expect(r.draftsAdded, what).toBe(1);
      expect(r.materials, what).toBe(1);
      // an in-article image in flight when the process died (its answer lost: killed at it, or at the cover
      // uploading beside it) is the only thing that may exist twice; once the images are done, nothing may
      const uploading = requests[k] === 'media/uploadimg' || requests[k] === 'material/add_material';
      expect(r.bodyImages, what).toBeLessThanOrEqual(uploading ? 2 : 1);
      expect(r.bodyImages, what).toBeGreaterThanOrEqual(1);
      expect(r.journal, what).toEqual({});
      expect(r.lockPublishes, what).toEqual(['published']);
    }
  });
});
