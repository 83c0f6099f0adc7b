/**
 * Ctrl-C during `gzh lint` of a repo (a real process, SIGINT, the compiles on the worker pool): exit 130 and
 * say so, never a "No problems" for the articles it did not get to.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, expect, it } from 'vitest';
import { makeArticle } from '../../bench/make-article.mjs';
import { ensureDist, spawnCli } from '../publish/helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'gzh-lint-interrupt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('an interrupted lint exits 130 with what it did not check, and prints no verdict', async () => {
  ensureDist();
  writeFileSync(path.join(dir, 'package.json'), '{"private":true}');
  mkdirSync(path.join(dir, 'content'));
  for (let i = 0; i < 60; i++) writeFileSync(path.join(dir, 'content', `文章${String(i).padStart(2, '0')}.md`), makeArticle(20, i + 1));
  const child = spawnCli(['lint', 'content'], dir, {});
  // once the first compiles are in the cache, lint is under way (60 long articles take seconds more)
  const entries = path.join(dir, '.gzh/cache/compile');
  const deadline = Date.now() + 30_000;
  while (!(existsSync(entries) && readdirSync(entries, { recursive: true }).filter((f) => String(f).endsWith('.json')).length >= 2)) {
    if (child.proc.exitCode !== null || Date.now() > deadline) throw new Error(`lint ended (or never started) before it was interrupted:\n${child.err()}`);
    await sleep(10);
  }
  child.proc.kill('SIGINT');
  expect(await child.done).toEqual({ code: 130, signal: null });
  expect(child.err()).toMatch(/Interrupted after \d+ of 60 articles/);
  expect(child.out()).not.toMatch(/No problems/);
}, 60_000);
