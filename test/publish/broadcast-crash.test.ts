/**
 * `gzh publish --broadcast` killed with SIGKILL around the push (between sendall and the gzh.lock write, before
 * sendall left, while polling mass/get), then a rerun: exactly one push, adopted through 45065 when WeChat made it.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/index.js';
import { APP_ID, SECRET, ensureDist, makeProject, spawnCli, type Child } from './helpers.js';
import { startProxy, type KillMode } from './kill-proxy.js';

let tmp: string;
beforeAll(async () => {
  ensureDist();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'gzh-broadcast-crash-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

async function scenario(name: string, kill?: { endpoint: string; mode: KillMode }) {
  const sb = await startSandbox({ appId: APP_ID, appSecret: SECRET, massPolls: 1 });
  const proxy = await startProxy(sb.url);
  try {
    const project = await makeProject([{ name: 'a.md', title: `被中断的群发（${name}）`, images: 1 }], tmp);
    // status checks 0.1 s apart, not 2 s: the kill points and the recovery are the same, the waiting shorter
    await writeFile(path.join(project.dir, 'gzh.config.yaml'), 'wechat:\n  pollMs: 100\n');
    const env = { WECHAT_APP_ID: APP_ID, WECHAT_APP_SECRET: SECRET, WECHAT_API_BASE: proxy.url, XDG_CACHE_HOME: path.join(project.dir, '.cache') };
    let child: Child | undefined;
    // the requests before the push are those of a draft publish: arm at the first request of that endpoint
    if (kill) proxy.arm(kill.endpoint === 'message/mass/sendall' ? SENDALL_AT : SENDALL_AT + 1, kill.mode, () => child);
    child = spawnCli(['publish', 'content/a.md', '--broadcast'], project.dir, env);
    const first = await child.done;
    // a rerun a minute later or more (the same clientmsgid within a minute is 45066, and gzh would wait)
    sb.clock.advance(61_000);
    const from = sb.log.length;
    const rerun = spawnCli(['publish', 'content/a.md', '--broadcast'], project.dir, env);
    const second = await rerun.done;
    const lock = JSON.parse(await readFile(path.join(project.dir, 'gzh.lock'), 'utf8')) as { accounts: Record<string, { journal: object; pushes: Record<string, { status: string }> }> };
    const account = Object.values(lock.accounts)[0]!;
    return {
      first,
      second,
      out: rerun.out(),
      err: rerun.err(),
      seen: proxy.seen,
      masses: sb.state.masses.map((m) => ({ msg_id: String(m.msg_id), status: m.status })),
      rerunSendalls: sb.log.slice(from).filter((e) => e.endpoint === '/cgi-bin/message/mass/sendall').map((e) => e.errcode),
      journal: account.journal,
      pushes: Object.entries(account.pushes).map(([msg_id, p]) => ({ msg_id, status: p.status })),
    };
  } finally {
    await proxy.close();
    await sb.close();
  }
}

let SENDALL_AT = -1;

describe('kill -9 around the push of `gzh publish --broadcast`, then a rerun', () => {
  it('pushes exactly once, whatever the moment', { timeout: 120_000 }, async () => {
    const clean = await scenario('clean');
    expect(clean.first).toEqual({ code: 0, signal: null });
    SENDALL_AT = clean.seen.indexOf('message/mass/sendall');
    expect(clean.seen.slice(SENDALL_AT)).toEqual(['message/mass/sendall', 'message/mass/get', 'message/mass/get', ...clean.seen.slice(SENDALL_AT + 3)]);
    // the clean rerun sent no push at all
    expect(clean.rerunSendalls).toEqual([]);
    expect(clean.masses).toHaveLength(1);

    // the three kills are independent (a sandbox, proxy and project each): run them at once
    const [lost, before, polling] = await Promise.all([
      scenario('answer lost', { endpoint: 'message/mass/sendall', mode: 'answer-lost' }),
      scenario('before sending', { endpoint: 'message/mass/sendall', mode: 'before-sending' }),
      scenario('polling', { endpoint: 'message/mass/get', mode: 'answer-lost' }),
    ]);

    // killed after WeChat made the push, before gzh heard back (so before gzh.lock recorded it)
    expect(lost.first.signal).toBe('SIGKILL');
    expect(lost.second, lost.err).toEqual({ code: 0, signal: null });
    expect(lost.rerunSendalls).toEqual([45065]);
    expect(lost.out).toMatch(/an interrupted run had pushed it: adopted/);
    expect(lost.masses).toEqual([{ msg_id: lost.pushes[0]!.msg_id, status: 'SEND_SUCCESS' }]);
    expect(lost.pushes).toEqual([{ msg_id: lost.masses[0]!.msg_id, status: 'SEND_SUCCESS' }]);
    expect(lost.journal).toEqual({});

    // killed before sendall left: the rerun sends it (the same clientmsgid, unknown to WeChat): one push
    expect(before.second, before.err).toEqual({ code: 0, signal: null });
    expect(before.rerunSendalls).toEqual([0]);
    expect(before.masses).toHaveLength(1);
    expect(before.pushes).toEqual([{ msg_id: before.masses[0]!.msg_id, status: 'SEND_SUCCESS' }]);

    // killed while polling mass/get (recorded as SENDING): the rerun waits for that push, sends none
    expect(polling.second, polling.err).toEqual({ code: 0, signal: null });
    expect(polling.rerunSendalls).toEqual([]);
    expect(polling.masses).toHaveLength(1);
    expect(polling.pushes).toEqual([{ msg_id: polling.masses[0]!.msg_id, status: 'SEND_SUCCESS' }]);
    expect(polling.journal).toEqual({});
  });
});
