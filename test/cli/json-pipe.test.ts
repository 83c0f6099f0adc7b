/**
 * A large `--json` answer reaches a pipe whole: stdout to a pipe is asynchronous in Node, and exiting at once
 * cut `gzh build --json` of a few hundred articles at 64 KB (the pipe's buffer), with exit 1 and no error.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';

const bin = path.resolve(import.meta.dirname, '../../bin/gzh.js');
const dir = mkdtempSync(path.join(os.tmpdir(), 'gzh-json-pipe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('gzh build --json of 250 articles (exit 1: missing images) is complete, parseable JSON', async () => {
  mkdirSync(path.join(dir, 'content'));
  // a missing image each: exit 1, and a message per article makes the answer well over 64 KB
  for (let i = 1; i <= 250; i++) writeFileSync(path.join(dir, 'content', `文章${i}.md`), `---\ntitle: 第${i}篇的标题\n---\n\n正文 ![图](./missing-${i}.png)\n`);
  const child = spawn(process.execPath, [bin, 'build', 'content', '--json', '--no-cache'], { cwd: dir, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'ignore'] });
  const chunks: Buffer[] = [];
  // a slow reader: the writer must wait for it rather than exit
  child.stdout.on('data', (c: Buffer) => {
    chunks.push(c);
    child.stdout.pause();
    setTimeout(() => child.stdout.resume(), 2);
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const out = Buffer.concat(chunks).toString('utf8');
  expect(code).toBe(1);
  expect(out.length).toBeGreaterThan(65_536);
  const json = JSON.parse(out);
  expect(JSON.stringify(json)).toContain('文章250.md');
}, 60_000);
