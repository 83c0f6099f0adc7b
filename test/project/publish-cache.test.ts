/**
 * `gzh publish --each` with .gzh/cache/publish (src/publish/check-cache.ts): with one article changed since the
 * last publish, the dry run compiles and checks only that one, plans requests only for it, and prints the plan a
 * run without any cache prints; an image edited in an otherwise unchanged article is planned as an upload; a
 * garbled entry is ignored. In process against the sandbox on 127.0.0.1.
 */
import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
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
