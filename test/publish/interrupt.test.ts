/**
 * Ctrl-C during `gzh publish` (a real process, SIGINT): the first press stops at the next safe point, records
 * what was done and exits 130; a second press leaves at once. Either way the rerun finishes the job without
 * a second draft or image material (by the sandbox's own log).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { APP_ID, SECRET, ensureDist, makeProject, sandboxEnv, spawnCli, spreadImages, storedUploads, type Child } from './helpers.js';

let tmp: string;
beforeAll(async () => {
  ensureDist();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'gzh-interrupt-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

const UPLOADS = ['media/uploadimg', 'material/add_material'];
const stored = (sb: Sandbox) => storedUploads(sb, 'media/uploadimg') + storedUploads(sb, 'material/add_material');

async function waitFor(child: Child, done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!done()) {
    if (child.proc.exitCode !== null) throw new Error(`gzh exited before ${what}:\n${child.err()}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

async function interrupted(presses: 1 | 2) {
  const sb = await startSandbox({ appId: APP_ID, appSecret: SECRET });
  const project = await makeProject(spreadImages(4, 16, presses === 1 ? 'i' : 'j'), tmp);
  const env = sandboxEnv(sb, path.join(project.dir, '.cache'));
  try {
    // slow answers: the work is done at once, the answer comes 300 ms later
    sb.setFaults({ delayMs: 300, endpoints: UPLOADS });
    const child = spawnCli(['publish', 'content'], project.dir, env);
    await waitFor(child, () => stored(sb) >= 3, '3 uploads');
    const sent = Date.now();
    child.proc.kill('SIGINT');
    if (presses === 2) {
      await sleep(30);
      child.proc.kill('SIGINT');
    }
    const exit = await child.done;
    const ms = Date.now() - sent;
    // (absent when no answer arrived before the exit and nothing was journaled yet)
    const lockText = await readFile(path.join(project.dir, 'gzh.lock'), 'utf8').catch(() => undefined);
    sb.setFaults({ delayMs: 0, endpoints: null });
    const rerun = spawnCli(['publish', 'content'], project.dir, env);
    const again = await rerun.done;
    return { exit, ms, err: child.err(), lockText, again, rerunErr: rerun.err(), sb };
  } finally {
    await sb.close();
  }
}

describe('Ctrl-C during gzh publish', () => {
  it('one press: stops at a safe point, says what it did, exits 130; the rerun duplicates nothing', async () => {
    const r = await interrupted(1);
    expect(r.exit).toEqual({ code: 130, signal: null });
    // uploads in flight (300 ms answers) finish or are cut off: nothing waits for the rest of the run
    // measured here: 314–356 ms (the 300 ms answers in flight); the bound leaves room for a loaded CI machine
    expect(r.ms).toBeLessThan(1500);
    expect(r.err).toMatch(/stopped at a safe point\. \d+ uploads? .*recorded in gzh\.lock/);
    expect(r.err).toContain('Rerun the same command to finish');
    expect(() => JSON.parse(r.lockText!)).not.toThrow();
    expect(r.again, r.rerunErr).toEqual({ code: 0, signal: null });
    // every image exactly once in all (16 in the body, 4 covers), one draft
    expect(storedUploads(r.sb, 'media/uploadimg')).toBe(16);
    expect(storedUploads(r.sb, 'material/add_material')).toBe(4);
    expect(r.sb.state.drafts).toHaveLength(1);
  });

  it('two presses: leaves at once; the rerun makes no second draft or image material', async () => {
    const r = await interrupted(2);
    expect(r.exit.code).toBe(130);
    expect(r.ms).toBeLessThan(1000);
    // whatever it managed to write is whole
    if (r.lockText !== undefined) expect(() => JSON.parse(r.lockText!)).not.toThrow();
    expect(r.again, r.rerunErr).toEqual({ code: 0, signal: null });
    // a material whose answer the exit cut off is found again by its name, never uploaded twice
    expect(storedUploads(r.sb, 'material/add_material')).toBe(4);
    expect(r.sb.state.drafts).toHaveLength(1);
    // in-article images in flight at the second press may exist twice (WeChat lists none of them): at most the
    // upload concurrency (4), never the whole run again
    expect(storedUploads(r.sb, 'media/uploadimg')).toBeGreaterThanOrEqual(16);
    expect(storedUploads(r.sb, 'media/uploadimg')).toBeLessThanOrEqual(20);
  });
});
