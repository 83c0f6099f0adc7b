/**
 * Ctrl-C during `gzh build` of a repo (a real process, SIGINT, compiles on the worker pool, pages written while
 * the next article compiles): exit 130 and say how far it got, and every page it wrote is whole: the same bytes
 * a build of just those articles writes, no temp file beside them. And for a library caller: when an aborted
 * buildArticles rejects, no page is still being written.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeArticle } from '../../bench/make-article.mjs';
import { buildArticles } from '../../src/project/build-articles.js';
import { loadProject } from '../../src/project/load-project.js';
import { BIN, ensureDist, spawnCli } from '../publish/helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'gzh-build-interrupt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => {
  ensureDist();
  writeFileSync(path.join(dir, 'package.json'), '{"private":true}');
  mkdirSync(path.join(dir, 'content'));
  for (let i = 0; i < 60; i++) writeFileSync(path.join(dir, 'content', `文章${String(i).padStart(2, '0')}.md`), makeArticle(20, i + 1));
});

it('an interrupted build exits 130, says how far it got, and leaves only whole pages', async () => {
  const child = spawnCli(['build', 'content', '--jobs', '2'], dir, {});
  const out = path.join(dir, 'dist');
  const pages = () => (existsSync(out) ? readdirSync(out).filter((f) => f.endsWith('.html') && !f.endsWith('.preview.html')) : []);
  const deadline = Date.now() + 30_000;
  while (pages().length < 3) {
    if (child.proc.exitCode !== null || Date.now() > deadline) throw new Error(`the build ended (or never started) before it was interrupted:\n${child.err()}`);
    await sleep(10);
  }
  child.proc.kill('SIGINT');
  expect(await child.done).toEqual({ code: 130, signal: null });
  const said = /Interrupted after (\d+) of 60 articles \(the ones written are complete\)/.exec(child.err());
  expect(said).not.toBeNull();
  expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);

  const written = pages().sort();
  expect(written.length).toBeGreaterThanOrEqual(3);
  expect(written.length).toBeLessThan(60);
  // the same articles built on their own, elsewhere: the interrupted build's pages are these bytes
  const sources = written.map((f) => path.join('content', f.replace(/\.html$/, '.md')));
  // (exit 1: these generated articles have no cover and their pictures are missing; the pages are written anyway)
  const whole = spawnSync(process.execPath, [BIN, 'build', ...sources, '--out', 'whole', '--no-cache', '--jobs', '1'], { cwd: dir, env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' }, encoding: 'utf8' });
  expect(whole.status, whole.stderr).toBe(1);
  for (const page of written) {
    expect(readFileSync(path.join(out, page), 'utf8'), page).toBe(readFileSync(path.join(dir, 'whole', page), 'utf8'));
    const preview = page.replace(/\.html$/, '.preview.html');
    expect(readFileSync(path.join(out, preview), 'utf8'), preview).toBe(readFileSync(path.join(dir, 'whole', preview), 'utf8'));
  }
}, 60_000);

it('an aborted buildArticles rejects only once the pages it started are written', async () => {
  const controller = new AbortController();
  const out = path.join(dir, 'aborted');
  const build = buildArticles(await loadProject(dir), ['content'], { jobs: 1, cache: false, outDir: out, signal: controller.signal, onProgress: (_label, done) => {
    if (done === 12) controller.abort();
  } });
  // (the article being built when the abort came is finished: 13)
  await expect(build).rejects.toMatchObject({ exitCode: 130, message: 'Interrupted after 13 of 60 articles (the ones written are complete)' });
  // at once: every page of the 13 is there in full (its preview beside it), and nothing half-done
  const files = readdirSync(out).filter((f) => f.endsWith('.html')).sort();
  expect(files.filter((f) => !f.endsWith('.preview.html'))).toHaveLength(13);
  expect(files).toHaveLength(26);
  expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  // the same 13 built without an abort
  const first = files.filter((f) => !f.endsWith('.preview.html')).map((f) => path.join('content', f.replace(/\.html$/, '.md')));
  const ref = path.join(dir, 'reference');
  await buildArticles(await loadProject(dir), first, { jobs: 1, cache: false, outDir: ref });
  for (const f of files) expect(readFileSync(path.join(out, f), 'utf8'), f).toBe(readFileSync(path.join(ref, f), 'utf8'));
});
