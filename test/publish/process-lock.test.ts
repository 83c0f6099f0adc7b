/** The per-project publish lock: waits for a live owner, takes over from a dead one at once, survives its own updates. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquirePublishLock } from '../../src/publish/process-lock.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'gzh-lock-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function fakeLock(name: string, pid: number): Promise<string> {
  const file = path.join(dir, name, 'gzh.lock');
  await mkdir(`${file}.lock`, { recursive: true });
  await writeFile(path.join(`${file}.lock`, 'owner.json'), JSON.stringify({ pid, host: os.hostname() }));
  return file;
}

describe('acquirePublishLock', () => {
  it('holds across its mtime updates and removes its folder on release', async () => {
    const file = path.join(dir, 'a', 'gzh.lock');
    // stale 2 s → updates every ~0.7 s: a lock that broke its own mtime check would be "compromised" (throws)
    const release = await acquirePublishLock(file, 'gzh.lock', { staleMs: 2_000 });
    expect(existsSync(path.join(`${file}.lock`, 'owner.json'))).toBe(true);
    await sleep(1_600);
    await release();
    expect(existsSync(`${file}.lock`)).toBe(false);
  });

  it('a second caller waits for the first, then gets the lock', async () => {
    const file = path.join(dir, 'b', 'gzh.lock');
    const release = await acquirePublishLock(file, 'gzh.lock');
    let second = false;
    const waiting = acquirePublishLock(file, 'gzh.lock').then((r) => {
      second = true;
      return r;
    });
    await sleep(500);
    expect(second).toBe(false);
    await release();
    await (await waiting)();
    expect(second).toBe(true);
  });

  it('fails clearly when a live process keeps it', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)']);
    try {
      const file = await fakeLock('c', child.pid!);
      await expect(acquirePublishLock(file, 'gzh.lock', { waitMs: 600 })).rejects.toMatchObject({
        code: 'publish/locked',
        message: expect.stringContaining('Another gzh publish is running'),
      });
    } finally {
      child.kill();
    }
  });

  it('takes over a lock whose owner is unknown (another machine) once its mtime is stale', async () => {
    const file = path.join(dir, 'e', 'gzh.lock');
    await mkdir(`${file}.lock`, { recursive: true });
    await writeFile(path.join(`${file}.lock`, 'owner.json'), JSON.stringify({ pid: process.pid, host: 'another-machine' }));
    const old = new Date(Date.now() - 60_000);
    await utimes(`${file}.lock`, old, old);
    const release = await acquirePublishLock(file, 'gzh.lock', { waitMs: 0, staleMs: 15_000 });
    expect(JSON.parse(await readFile(path.join(`${file}.lock`, 'owner.json'), 'utf8'))).toMatchObject({ pid: process.pid, host: os.hostname() });
    await release();
  });

  it('takes over at once from a killed owner (no waiting for the mtime to go stale)', async () => {
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    const file = await fakeLock('d', gone);
    const release = await acquirePublishLock(file, 'gzh.lock', { waitMs: 0 });
    await release();
  });
});

describe('a publish whose lock was taken over while it was stopped', () => {
  it('is told (onCompromised) and ends cleanly, instead of dying of an uncaught ECOMPROMISED', async () => {
    const file = path.join(dir, 'taken', 'gzh.lock');
    const script = `
      const { acquirePublishLock } = await import(${JSON.stringify(new URL('../../dist/publish/process-lock.js', import.meta.url).href)});
      await acquirePublishLock(${JSON.stringify(file)}, 'gzh.lock', { staleMs: 2000, onCompromised: () => { console.log('lock lost: stopping'); process.exit(0); } });
      console.log('locked');
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const done = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    for (let i = 0; i < 200 && !out.includes('locked'); i++) await sleep(25);
    expect(out).toContain('locked');
    // stopped (Ctrl-Z, a suspended laptop) past the stale time: another publish takes the lock over
    child.kill('SIGSTOP');
    const release = await acquirePublishLock(file, 'gzh.lock', { staleMs: 2_000, waitMs: 10_000 });
    child.kill('SIGCONT');
    const code = await done;
    await release();
    expect(err).not.toMatch(/ECOMPROMISED|at .*proper-lockfile/);
    expect(out).toContain('lock lost: stopping');
    expect(code).toBe(0);
  }, 30_000);
});
