/**
 * gzh dev compiles on worker threads: while a long article compiles, the server answers everything else
 * (the state, another article's page). How fast is in bench/preview.bench.mjs; here only "before it ends".
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/schema.js';
import { startDevServer, type DevServer } from '../../src/preview/index.js';

/** Within the limits but seconds of work (16-deep quotes on 10,000 lines). */
const SLOW = `${'> '.repeat(16)}慢\n`.repeat(9_999);

let base: string;
let server: DevServer;
beforeAll(async () => {
  base = mkdtempSync(path.join(tmpdir(), 'gzh-dev-loop-'));
  mkdirSync(path.join(base, 'content'));
  writeFileSync(path.join(base, 'package.json'), '{}');
  writeFileSync(path.join(base, 'content', 'slow.md'), SLOW);
  writeFileSync(path.join(base, 'content', 'fast.md'), '# 快\n\n正文\n');
  // no compile cache: the recompile below must really take seconds
  server = await startDevServer({ root: base, config: defaultConfig(base), paths: [], port: 0, cwd: base, cache: false });
}, 120_000);
afterAll(async () => {
  await server?.close();
  rmSync(base, { recursive: true, force: true });
});

async function get(pathname: string): Promise<{ status: number; at: number; body: string }> {
  const res = await fetch(new URL(pathname, server.url));
  return { status: res.status, body: await res.text(), at: performance.now() };
}

it('answers the state and another article while a slow article compiles', async () => {
  // a theme choice makes every article outdated: the next request for one compiles it
  const chosen = await fetch(new URL('/__gzh/theme', server.url), { method: 'POST', headers: { 'content-type': 'application/json', origin: server.url.replace(/\/$/, '') }, body: JSON.stringify({ theme: 'default' }) });
  expect(chosen.status).toBe(200);
  const slow = get('/__gzh/article?id=content/slow.md');
  await new Promise((resolve) => setTimeout(resolve, 150)); // the slow compile is under way
  const [state, fast] = await Promise.all([get('/__gzh/state'), get('/__gzh/article?id=content/fast.md')]);
  const slowDone = await slow;
  expect(state.status).toBe(200);
  expect(JSON.parse(state.body).articles).toHaveLength(2);
  expect(fast.status).toBe(200);
  expect(JSON.parse(fast.body)).toMatchObject({ title: '快', theme: 'default' });
  expect(slowDone.status).toBe(200);
  expect(JSON.parse(slowDone.body)).toMatchObject({ file: path.join('content', 'slow.md'), theme: 'default' });
  expect(state.at).toBeLessThan(slowDone.at);
  expect(fast.at).toBeLessThan(slowDone.at);
}, 120_000);
