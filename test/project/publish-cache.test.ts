/**
 * `gzh publish --each` with .gzh/cache/publish (src/publish/check-cache.ts): with one article changed since the
 * last publish, the dry run compiles and checks only that one, plans requests only for it, and prints the plan a
 * run without any cache prints; an image edited in an otherwise unchanged article is planned as an upload; a
 * garbled entry is ignored; entries no run used for 30 days are removed. In process against the sandbox on 127.0.0.1.
 */
import { appendFile, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { run } from '../../src/cli/commands/publish.js';
import { publishCacheStats } from '../../src/publish/check-cache.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { APP_ID, SECRET, capture, makeProject, sandboxEnv, spreadImages, writeRequests } from '../publish/helpers.js';

let tmp: string;
const sandboxes: Sandbox[] = [];
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'gzh-publish-cache-'));
});
afterEach(async () => {
  await Promise.all(sandboxes.splice(0).map((sb) => sb.close()));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

async function publish(dir: string, sb: Sandbox, options: Record<string, unknown>) {
  const c = capture(dir, sandboxEnv(sb, path.join(tmp, 'token-cache')));
  for (const k of Object.keys(publishCacheStats) as (keyof typeof publishCacheStats)[]) publishCacheStats[k] = 0;
  const code = await run(['content'], { each: true, ...options }, c.ctx);
  // checked: compiled (or read from the compile cache) and checked; heavy: a served article's HTML was needed
  return { code, out: c.out(), err: c.err(), loaded: publishCacheStats.checked, compiled: publishCacheStats.heavy, plansServed: publishCacheStats.plansServed };
}

interface Plan {
  plan: { drafts: { draftKey: string; action: string; steps: { request: string }[] }[] };
}
const busy = (out: string) => (JSON.parse(out) as Plan).plan.drafts.filter((d) => d.steps.length > 0).map((d) => [d.draftKey, d.steps.map((s) => s.request)]);

describe('gzh publish --each --dry-run from the cache', () => {
  it('one article changed: only it is compiled, checked and planned; the plan is the one a run without the cache makes', async () => {
    const sb = await startSandbox({ appId: APP_ID, appSecret: SECRET });
    sandboxes.push(sb);
    const project = await makeProject(spreadImages(4, 4, 'c'), tmp);
    expect((await publish(project.dir, sb, {})).code).toBe(0);
    // unchanged: nothing loaded at all, no request planned
    const still = await publish(project.dir, sb, { dryRun: true, json: true });
    expect([still.loaded, still.compiled, still.plansServed]).toEqual([0, 0, 4]);
    expect(busy(still.out)).toEqual([]);

    await appendFile(project.files[2]!, '\n补一句。\n');
    const dry = await publish(project.dir, sb, { dryRun: true, json: true });
    expect(dry.code).toBe(0);
    expect([dry.loaded, dry.compiled]).toEqual([1, 0]);
    expect(busy(dry.out)).toEqual([['content/c3.md', ['draft/update', 'draft/get']]]);

    // the same plan from scratch
    await rm(path.join(project.dir, '.gzh', 'cache'), { recursive: true, force: true });
    const cold = await publish(project.dir, sb, { dryRun: true, json: true });
    expect(cold.loaded).toBe(4);
    expect(JSON.parse(cold.out)).toEqual(JSON.parse(dry.out));

    // and the real run does what the dry run said
    const from = sb.log.length;
    expect((await publish(project.dir, sb, {})).code).toBe(0);
    expect(writeRequests(sb, from)).toEqual(['/cgi-bin/draft/update']);
  });

  it("an image edited in an unchanged article is planned as an upload; a garbled entry is checked again", async () => {
    const sb = await startSandbox({ appId: APP_ID, appSecret: SECRET });
    sandboxes.push(sb);
    const project = await makeProject(spreadImages(3, 3, 'd'), tmp);
    expect((await publish(project.dir, sb, {})).code).toBe(0);
    await publish(project.dir, sb, { dryRun: true, json: true });

    const img = path.join(project.dir, 'content/img/d2-1.png');
    await writeFile(img, await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3a7' } }).png().toBuffer());
    const dry = await publish(project.dir, sb, { dryRun: true, json: true });
    expect(dry.loaded).toBe(1);
    const planned = busy(dry.out);
    expect(planned.map(([key]) => key)).toEqual(['content/d2.md']);
    expect(planned[0]![1]).toEqual(expect.arrayContaining(['media/uploadimg', 'draft/update']));

    // every entry garbled: each article checked again, the same plan
    const folder = path.join(project.dir, '.gzh/cache/publish');
    for (const e of await readdir(folder, { recursive: true, withFileTypes: true })) {
      if (!e.isFile()) continue;
      const file = path.join(e.parentPath, e.name);
      const text = await readFile(file, 'utf8');
      // half of them truncated, the others with a changed payload under the old checksum
      await writeFile(file, e.name < '8' ? text.slice(0, -20) : text.replace('测试', '别人'));
    }
    const again = await publish(project.dir, sb, { dryRun: true, json: true });
    expect(again.loaded).toBe(3);
    expect(JSON.parse(again.out)).toEqual(JSON.parse(dry.out));
  });
});

describe('.gzh/cache does not grow with every edit of a published repo', () => {
  const DAY = 24 * 60 * 60 * 1000;
  const entries = async (dir: string) =>
    (await readdir(path.join(dir, '.gzh/cache'), { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile() && /^(compile|publish)\//.test(path.relative(path.join(dir, '.gzh/cache'), path.join(e.parentPath, e.name))) && e.name.endsWith('.json'))
      .map((e) => path.join(e.parentPath, e.name))
      .sort();
  const isOld = async (file: string) => Date.now() - (await stat(file)).mtimeMs > DAY;

  it('a publish run keeps (and refreshes) the entries it uses and, once a day, removes the ones unused for 30 days', async () => {
    const sb = await startSandbox({ appId: APP_ID, appSecret: SECRET });
    sandboxes.push(sb);
    const project = await makeProject(spreadImages(2, 2, 't'), tmp);
    expect((await publish(project.dir, sb, {})).code).toBe(0);
    await appendFile(project.files[0]!, '\n补一句。\n');
    expect((await publish(project.dir, sb, { dryRun: true, json: true })).loaded).toBe(1);
    // compile, check and image-plan entries of t1 as published, t1 as edited, and t2
    const all = await entries(project.dir);
    expect(all).toHaveLength(9);
    const folder = path.dirname(all.find((f) => f.includes('/publish/'))!);
    const temp = path.join(folder, `${'0'.repeat(64)}.json.4242.tmp`);
    await writeFile(temp, '{');
    await writeFile(path.join(folder, 'notes.txt'), 'mine');
    const old = new Date(Date.now() - 40 * DAY);
    for (const file of [...all, temp, path.join(folder, 'notes.txt')]) await utimes(file, old, old);

    // a run the same day as the last tidy: nothing removed, what it used refreshed
    const first = await publish(project.dir, sb, { dryRun: true, json: true });
    expect([first.loaded, first.plansServed]).toEqual([0, 2]);
    expect(await entries(project.dir)).toEqual(all);
    const unused: string[] = [];
    for (const file of all) if (await isOld(file)) unused.push(file);
    // the edited t1's first version: its compile, its check and its image plan
    expect(unused).toHaveLength(3);
    expect(await readFile(unused.find((f) => f.includes('/compile/'))!, 'utf8')).not.toContain('补一句');

    // the next day's run: those three go, with the temp file; the user's file stays; still nothing checked again
    for (const sub of ['compile', 'publish']) await rm(path.join(project.dir, '.gzh/cache', sub, '.tidied'), { force: true });
    const next = await publish(project.dir, sb, { dryRun: true, json: true });
    expect([next.loaded, next.plansServed]).toEqual([0, 2]);
    expect(await entries(project.dir)).toEqual(all.filter((f) => !unused.includes(f)));
    expect(await readdir(folder)).toContain('notes.txt');
    expect(await readdir(folder)).not.toContain(path.basename(temp));
  });
});
